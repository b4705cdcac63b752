/**
 * The issue state machine (design.md, "Issue lifecycle"):
 * reported → accepted → in_progress → resolved → closed; reopen from resolved/closed back to
 * in_progress; escalate from accepted/in_progress, and an escalated issue is taken back into
 * progress or resolved at the higher level.
 */
import { isSupervising, type Role } from './domain.ts';

export const ISSUE_STATUSES = ['reported', 'accepted', 'in_progress', 'escalated', 'resolved', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const ISSUE_ACTIONS = ['accept', 'start', 'escalate', 'resolve', 'close', 'reopen'] as const;
export type IssueAction = (typeof ISSUE_ACTIONS)[number];

const TRANSITIONS: Record<IssueAction, { from: readonly IssueStatus[]; to: IssueStatus }> = {
  accept: { from: ['reported'], to: 'accepted' },
  start: { from: ['accepted', 'escalated'], to: 'in_progress' },
  escalate: { from: ['accepted', 'in_progress'], to: 'escalated' },
  resolve: { from: ['in_progress', 'escalated'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'in_progress' },
};

export type TransitionResult = { ok: true; to: IssueStatus } | { ok: false; message: string };

export function applyIssueAction(from: IssueStatus, action: IssueAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) {
    return { ok: false, message: `cannot ${action} an issue that is ${from}` };
  }
  return { ok: true, to: rule.to };
}

export function allowedActions(from: IssueStatus): IssueAction[] {
  return ISSUE_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(from));
}

export interface Actor {
  role: Role;
  isReporter: boolean;
  isAssignee: boolean;
}

/** What the person an issue is assigned to may do with it: work it. */
const ASSIGNEE_ACTIONS: readonly IssueAction[] = ['start', 'resolve'];
/** What the reporter may do: confirm it is done, or say it is not. */
const REPORTER_ACTIONS: readonly IssueAction[] = ['close', 'reopen'];

/**
 * Who may take an action: supervisors accept, escalate and work an issue; the person it is
 * assigned to starts and resolves it; the reporter confirms it is done (close), or reopens it.
 */
export function mayTakeAction(action: IssueAction, actor: Actor): boolean {
  if (isSupervising(actor.role)) return true;
  if (actor.isAssignee && ASSIGNEE_ACTIONS.includes(action)) return true;
  return actor.isReporter && REPORTER_ACTIONS.includes(action);
}

/** The actions an actor may take on an issue in its current state: the buttons to show. */
export function actionsFor(status: IssueStatus, actor: Actor): IssueAction[] {
  return allowedActions(status).filter((action) => mayTakeAction(action, actor));
}
