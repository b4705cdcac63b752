/** Households, filed under a building (and a unit of it). */
import * as z from 'zod/mini';
import { CARE_TAGS } from '../domain.ts';
import { defineTable } from './define.ts';
import { list, optionalNullable, personName, phone, requiredText, text, uuid } from './fields.ts';

export const households = defineTable({
  name: 'households',
  content: z.strictObject({
    buildingId: uuid,
    unitId: z.nullable(uuid),
    roomNo: requiredText(20),
    address: requiredText(200),
    headName: personName,
    /** Pinyin initials of the head's name, for search by initials. */
    headInitials: z.optional(text(20)),
    phone: optionalNullable(phone),
    memberCount: z.number().check(z.int(), z.minimum(0), z.maximum(50)),
    tags: list(z.enum(CARE_TAGS), CARE_TAGS.length),
    notes: z.optional(text(2000)),
  }),
  parent: { table: 'places', field: 'buildingId', kind: 'building' },
  sets: ['tags'],
  personal: ['headName', 'headInitials', 'phone', 'tags', 'notes'],
});
