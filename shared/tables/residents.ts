/** The people of a household. */
import * as z from 'zod/mini';
import { CARE_TAGS } from '../domain.ts';
import { defineTable } from './define.ts';
import { isoDate, list, optionalNullable, personName, phone, requiredText, uuid } from './fields.ts';

export const residents = defineTable({
  name: 'residents',
  content: z.strictObject({
    householdId: uuid,
    name: personName,
    relation: requiredText(20),
    phone: optionalNullable(phone),
    birthYear: optionalNullable(z.number().check(z.int(), z.minimum(1900), z.maximum(2100))),
    tags: z.optional(list(z.enum(CARE_TAGS), CARE_TAGS.length)),
    /** The day the resident moved out; they stay on record, no longer counted as living there. */
    movedOutOn: optionalNullable(isoDate),
  }),
  parent: { table: 'households', field: 'householdId' },
  sets: ['tags'],
  personal: ['name', 'phone', 'birthYear', 'tags'],
});
