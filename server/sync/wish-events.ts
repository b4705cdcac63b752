/**
 * The fold of micro-wish events. A wish's state, claimant and dates change ONLY here, one event at
 * a time in the order the server accepts them. Two claims made offline at once both reach the
 * server; the first accepted takes the wish and the second is refused `already_claimed`, which
 * its phone says in words on the claim (an event answered `accepted` always takes effect).
 */
import type { ClaimantKind } from '../../shared/domain.ts';
import type { WishEvent } from '../../shared/tables/index.ts';
import { applyWishAction, mayTakeWishAction, type WishStatus } from '../../shared/wish-lifecycle.ts';
import { applyEventEffect, type FoldContext, type Refuse } from './event-effect.ts';
import type { StoredRecord } from './records.ts';

type Event = Pick<WishEvent, 'wishId' | 'action' | 'claimantKind' | 'claimantId' | 'note' | 'photoHashes' | 'at'>;

const CLAIMANT_TABLES = { member: 'partyMembers', partner: 'partners' } as const;

/** The member or unit exists, is not deleted or retired, and is of the wish's community. */
async function checkClaimant(ctx: FoldContext, kind: ClaimantKind, id: string, wish: StoredRecord, refuse: Refuse) {
  const claimant = await ctx.records.get(CLAIMANT_TABLES[kind], id);
  if (
    !claimant ||
    claimant.deleted ||
    claimant.data.retired === true ||
    claimant.placeIds.communityId !== wish.placeIds.communityId
  ) {
    refuse('unknown_claimant', `no ${kind} ${id} in this community`, 'fields.claimantId');
  }
}

async function effectOf(
  ctx: FoldContext,
  event: Event,
  wish: StoredRecord,
  refuse: Refuse,
): Promise<Record<string, unknown>> {
  const status = wish.data.status as WishStatus;
  // A claim that lost the race is told so, in its own words, before anything else.
  if (event.action === 'claim' && status !== 'open') {
    return refuse('already_claimed', 'another claim on this wish was accepted first', 'fields.action');
  }
  const actor = { role: ctx.user.role, isClaimRecorder: wish.data.claimedBy === ctx.user.id };
  if (!mayTakeWishAction(event.action, actor)) {
    return refuse('forbidden', `you may not ${event.action} this wish`, 'fields.action');
  }
  const outcome = applyWishAction(status, event.action);
  if (!outcome.ok) return refuse('illegal_transition', outcome.message, 'fields.action');
  switch (event.action) {
    case 'claim': {
      if (!event.claimantKind || !event.claimantId) {
        return refuse('incomplete', 'a claim names its claimant', 'fields.claimantId');
      }
      await checkClaimant(ctx, event.claimantKind, event.claimantId, wish, refuse);
      return {
        status: outcome.to,
        claimantKind: event.claimantKind,
        claimantId: event.claimantId,
        claimedBy: ctx.user.id,
      };
    }
    case 'release':
      return { status: outcome.to, claimantKind: null, claimantId: null, claimedBy: null };
    case 'fulfil':
      // Fulfilled "with a note and a photo": what was done, and the proof of it.
      if (!event.note?.trim()) return refuse('incomplete', 'a fulfilment says what was done', 'fields.note');
      if (!event.photoHashes?.length) {
        return refuse('incomplete', 'a fulfilment carries a photo', 'fields.photoHashes');
      }
      return { status: outcome.to, fulfilledAt: event.at };
    case 'confirm':
      return { status: outcome.to, closedAt: event.at };
    case 'reopen':
      return { status: outcome.to, fulfilledAt: null };
  }
}

/** Applies a newly accepted event to its wish, in this transaction. */
export async function foldWishEvent(ctx: FoldContext, event: Event, hlc: string, refuse: Refuse): Promise<void> {
  const wish = await ctx.records.get('wishes', event.wishId);
  if (!wish || wish.deleted) return refuse('unknown_parent', 'the wish is unknown', 'fields.wishId');
  await applyEventEffect(ctx, wish, await effectOf(ctx, event, wish, refuse), hlc);
}
