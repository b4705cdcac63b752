/**
 * The micro-wish state machine (issue 18, 点亮微心愿): a grid worker records a resident's wish on
 * a visit (open); a party member or a co-building unit claims it (claimed: one claimant, the first
 * claim the server accepts); it is fulfilled with a note and a photo (fulfilled); the resident's
 * word, recorded by the grid worker, closes it (closed). A claimant may let go of a wish not yet
 * fulfilled (release), and a wish the resident says is not done goes back to its claimant (reopen).
 */
import { isSupervising, type Role } from './domain.ts';

export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'closed'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export const WISH_ACTIONS = ['claim', 'release', 'fulfil', 'confirm', 'reopen'] as const;
export type WishAction = (typeof WISH_ACTIONS)[number];

const TRANSITIONS: Record<WishAction, { from: readonly WishStatus[]; to: WishStatus }> = {
  claim: { from: ['open'], to: 'claimed' },
  release: { from: ['claimed'], to: 'open' },
  fulfil: { from: ['claimed'], to: 'fulfilled' },
  confirm: { from: ['fulfilled'], to: 'closed' },
  reopen: { from: ['fulfilled'], to: 'claimed' },
};

export type WishTransition = { ok: true; to: WishStatus } | { ok: false; message: string };

export function applyWishAction(from: WishStatus, action: WishAction): WishTransition {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) return { ok: false, message: `cannot ${action} a wish that is ${from}` };
  return { ok: true, to: rule.to };
}

export interface WishActor {
  role: Role;
  /** The user who recorded the claim now on the wish (for its claimant). */
  isClaimRecorder: boolean;
}

/**
 * Who may take an action: anyone who can see the wish claims it for a member or a unit; whoever
 * recorded the claim fulfils it or lets it go; the grid worker confirms it on the resident's word
 * or reopens it; supervisors may do everything.
 */
export function mayTakeWishAction(action: WishAction, actor: WishActor): boolean {
  if (isSupervising(actor.role)) return true;
  switch (action) {
    case 'claim':
      return true;
    case 'release':
    case 'fulfil':
      return actor.isClaimRecorder;
    case 'confirm':
    case 'reopen':
      return actor.role === 'grid_worker';
  }
}

/** The actions an actor may take on a wish in its current state: the buttons to show. */
export function wishActionsFor(status: WishStatus, actor: WishActor): WishAction[] {
  return WISH_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status) && mayTakeWishAction(action, actor));
}
