/**
 * The needs list (居民需求清单): a need raised on a visit taken onto the list, or a resident's own
 * request, filed at the place it concerns (a building, a compound, the community).
 */
import * as z from 'zod/mini';
import { NEED_KINDS, NEED_SOURCES } from '../domain.ts';
import { defineTable } from './define.ts';
import { isoDateTime, optionalNullable, requiredText, uuid } from './fields.ts';

export const serviceNeeds = defineTable({
  name: 'serviceNeeds',
  content: z.strictObject({
    placeId: uuid,
    source: z.enum(NEED_SOURCES),
    householdId: optionalNullable(uuid),
    /** For a need taken from a visit: the visit, and the need's id within it. */
    visitId: optionalNullable(uuid),
    visitNeedId: optionalNullable(uuid),
    kind: z.enum(NEED_KINDS),
    text: requiredText(500),
    raisedAt: isoDateTime,
    recordedBy: uuid,
    /** Met (or no longer wanted): off the open list, still counted where it was listed. */
    closed: z.optional(z.boolean()),
  }),
  parent: { table: 'places', field: 'placeId' },
  author: 'recordedBy',
  personal: ['text'],
});
