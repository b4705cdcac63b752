/** Party members, each in one organisation (usually their building's group). */
import * as z from 'zod/mini';
import { GROUP_ROLES, MEMBER_KINDS } from '../domain.ts';
import { defineTable } from './define.ts';
import { list, optionalNullable, personName, phone, text, uuid } from './fields.ts';

export const partyMembers = defineTable({
  name: 'partyMembers',
  content: z.strictObject({
    orgId: uuid,
    name: personName,
    phone: optionalNullable(phone),
    /** Where the member lives; the group they belong to is orgId. */
    homeBuildingId: optionalNullable(uuid),
    homeUnitId: optionalNullable(uuid),
    kind: z.enum(MEMBER_KINDS),
    groupRole: z.enum(GROUP_ROLES),
    pledge: z.optional(text(500)),
    dutyShifts: z.optional(list(text(50), 14)),
    volunteerHours: z.optional(z.number().check(z.minimum(0), z.maximum(100000))),
    retired: z.optional(z.boolean()),
    /** For an in-service member: the co-building unit they work at, whose figures count their hours. */
    employerId: optionalNullable(uuid),
  }),
  parent: { table: 'partyOrgs', field: 'orgId' },
  sets: ['dutyShifts'],
  personal: ['name', 'phone'],
});
