/**
 * What happened to a micro-wish: claimed (for a member or a unit), released, fulfilled (with a
 * note and a photo), confirmed on the resident's word, reopened. Append-only.
 */
import * as z from 'zod/mini';
import { CLAIMANT_KINDS } from '../domain.ts';
import { WISH_ACTIONS } from '../wish-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDateTime, list, sha256Hex, text, uuid } from './fields.ts';

export const MAX_WISH_PHOTOS = 3;

export const wishEvents = defineTable({
  name: 'wishEvents',
  content: z.strictObject({
    wishId: uuid,
    action: z.enum(WISH_ACTIONS),
    /** For a claim: who claims it. */
    claimantKind: z.optional(z.enum(CLAIMANT_KINDS)),
    claimantId: z.optional(uuid),
    /** For a fulfilment, what was done (required, with a photo); otherwise a word of explanation. */
    note: z.optional(text(1000)),
    photoHashes: z.optional(list(sha256Hex, MAX_WISH_PHOTOS)),
    by: uuid,
    at: isoDateTime,
  }),
  parent: { table: 'wishes', field: 'wishId' },
  author: 'by',
  appendOnly: true,
  personal: ['note'],
});
