/**
 * Co-building units (共建单位, the "N" of 1+1+N): offices, firms, schools and hospitals that build
 * the community with its party organisation, with their contact and their own party organisation.
 * Kept by supervisors; every device of the community reads them (a wish is claimed for one).
 */
import * as z from 'zod/mini';
import { PARTNER_KINDS } from '../domain.ts';
import { defineTable } from './define.ts';
import { optionalNullable, personName, phone, requiredText, text, uuid } from './fields.ts';

export const partners = defineTable({
  name: 'partners',
  content: z.strictObject({
    /** The community (or compound) the unit builds with. */
    placeId: uuid,
    name: requiredText(100),
    kind: z.enum(PARTNER_KINDS),
    /** The unit's own party organisation, as it is called. */
    partyOrgName: z.optional(text(100)),
    contactName: optionalNullable(personName),
    contactPhone: optionalNullable(phone),
    /** What the unit offers the community: services, rooms, volunteers, funds. */
    offers: z.optional(text(500)),
    /** No longer a co-building unit; kept for the figures of the quarters it took part in. */
    retired: z.optional(z.boolean()),
  }),
  parent: { table: 'places', field: 'placeId' },
  writers: ['supervisor', 'admin'],
  personal: ['contactName', 'contactPhone'],
});
