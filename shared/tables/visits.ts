/** Door-to-door visits: append-only logs, written offline by grid workers. */
import * as z from 'zod/mini';
import { CARE_TAGS, NEED_KINDS, VISIT_PURPOSES } from '../domain.ts';
import { defineTable } from './define.ts';
import { isoDate, isoDateTime, list, optionalNullable, requiredText, sha256Hex, text, uuid } from './fields.ts';

export const MAX_VISIT_PHOTOS = 9;

/**
 * A need (诉求) raised on a visit. It stays open until a later visit names it in `resolvedNeeds`;
 * an issue reported from it names it in `needId`. The id is made on the device with the visit.
 */
const need = z.strictObject({
  id: z.optional(uuid),
  kind: z.enum(NEED_KINDS),
  text: requiredText(500),
  resolved: z.optional(z.boolean()),
});

export const visits = defineTable({
  name: 'visits',
  content: z.strictObject({
    householdId: uuid,
    purpose: z.enum(VISIT_PURPOSES),
    visitedAt: isoDateTime,
    visitorId: uuid,
    metWith: z.optional(text(100)),
    needs: list(need, 20),
    /** Needs raised on earlier visits of the household that this visit saw resolved. */
    resolvedNeeds: z.optional(list(uuid, 50)),
    tags: z.optional(list(z.enum(CARE_TAGS), CARE_TAGS.length)),
    followUpOn: optionalNullable(isoDate),
    note: z.optional(text(2000)),
    photoHashes: z.optional(list(sha256Hex, MAX_VISIT_PHOTOS)),
    location: optionalNullable(
      z.strictObject({
        lat: z.number().check(z.minimum(-90), z.maximum(90)),
        lng: z.number().check(z.minimum(-180), z.maximum(180)),
        accuracy: z.number().check(z.minimum(0)),
      }),
    ),
  }),
  parent: { table: 'households', field: 'householdId' },
  author: 'visitorId',
  appendOnly: true,
  personal: ['metWith', 'needs', 'tags', 'note', 'location'],
});
