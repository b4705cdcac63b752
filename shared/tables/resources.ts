/**
 * The resources list (资源清单): what co-building units, in-service party members, volunteers and
 * venues offer the community, each with who offers it.
 */
import * as z from 'zod/mini';
import { RESOURCE_KINDS } from '../domain.ts';
import { defineTable } from './define.ts';
import { optionalNullable, requiredText, text, uuid } from './fields.ts';

export const resources = defineTable({
  name: 'resources',
  content: z.strictObject({
    placeId: uuid,
    kind: z.enum(RESOURCE_KINDS),
    /** Who or what offers it, as people call them. */
    name: requiredText(100),
    partnerId: optionalNullable(uuid),
    memberId: optionalNullable(uuid),
    offers: requiredText(500),
    contact: z.optional(text(100)),
    recordedBy: uuid,
    retired: z.optional(z.boolean()),
  }),
  parent: { table: 'places', field: 'placeId' },
  author: 'recordedBy',
  personal: ['contact'],
});
