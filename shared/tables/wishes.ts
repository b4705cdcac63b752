/**
 * Micro-wishes (微心愿): a resident's small wish, recorded by the grid worker on a visit. Its state
 * and claimant move only through wish events (server/sync/wish-events.ts): two claims made offline
 * at once are decided by the order the server accepts them.
 */
import * as z from 'zod/mini';
import { CLAIMANT_KINDS } from '../domain.ts';
import { WISH_STATUSES } from '../wish-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDateTime, optionalNullable, requiredText, uuid } from './fields.ts';

export const wishes = defineTable({
  name: 'wishes',
  content: z.strictObject({
    householdId: uuid,
    /** The visit it was recorded on. */
    visitId: optionalNullable(uuid),
    text: requiredText(200),
    recordedBy: uuid,
    recordedAt: isoDateTime,
    status: z.enum(WISH_STATUSES),
    /** The party member or co-building unit that claimed it, and the user who recorded the claim. */
    claimantKind: optionalNullable(z.enum(CLAIMANT_KINDS)),
    claimantId: optionalNullable(uuid),
    claimedBy: optionalNullable(uuid),
    fulfilledAt: optionalNullable(isoDateTime),
    closedAt: optionalNullable(isoDateTime),
  }),
  parent: { table: 'households', field: 'householdId' },
  author: 'recordedBy',
  eventOwned: {
    status: 'open',
    claimantKind: null,
    claimantId: null,
    claimedBy: null,
    fulfilledAt: null,
    closedAt: null,
  },
  personal: ['text'],
});
