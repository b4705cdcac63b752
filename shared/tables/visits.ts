/** Door-to-door visits: append-only logs, written offline by grid workers. */
import * as z from 'zod/mini';
import { CARE_TAGS, NEED_KINDS, VISIT_PURPOSES } from '../domain.ts';
import { defineTable } from './define.ts';
import { isoDate, isoDateTime, list, optionalNullable, sha256Hex, text, uuid } from './fields.ts';

export const MAX_VISIT_PHOTOS = 9;

const need = z.strictObject({
  kind: z.enum(NEED_KINDS),
  text: text(500),
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
