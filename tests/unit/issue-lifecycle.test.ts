import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyIssueAction,
  ISSUE_ACTIONS,
  ISSUE_STATUSES,
  type IssueAction,
  type IssueStatus,
} from '../../shared/issue-lifecycle.ts';

/**
 * design.md, "Issue lifecycle": reported → accepted → in_progress → resolved → closed; reopen from
 * resolved/closed back to in_progress; escalate from accepted/in_progress. The way out of escalated
 * (taken back into progress, or resolved at the higher level) is the module's own documented rule.
 */
const LEGAL: readonly (readonly [IssueStatus, IssueAction, IssueStatus])[] = [
  ['reported', 'accept', 'accepted'],
  ['accepted', 'start', 'in_progress'],
  ['in_progress', 'resolve', 'resolved'],
  ['resolved', 'close', 'closed'],
  ['resolved', 'reopen', 'in_progress'],
  ['closed', 'reopen', 'in_progress'],
  ['accepted', 'escalate', 'escalated'],
  ['in_progress', 'escalate', 'escalated'],
  ['escalated', 'start', 'in_progress'],
  ['escalated', 'resolve', 'resolved'],
];

function isLegal(from: IssueStatus, action: IssueAction): boolean {
  return LEGAL.some(([legalFrom, legalAction]) => legalFrom === from && legalAction === action);
}

const REFUSED = ISSUE_STATUSES.flatMap((from) =>
  ISSUE_ACTIONS.filter((action) => !isLegal(from, action)).map((action) => [from, action] as const),
);

describe('the issue lifecycle', () => {
  it.each(LEGAL)('lets an issue that is %s be %sed into %s', (from, action, to) => {
    expect(applyIssueAction(from, action)).toEqual({ ok: true, to });
  });

  it('can bring a new report to every status, and nothing else', () => {
    const reached = new Set<IssueStatus>(['reported']);
    const queue: IssueStatus[] = ['reported'];
    for (let from = queue.shift(); from; from = queue.shift()) {
      for (const action of ISSUE_ACTIONS) {
        const result = applyIssueAction(from, action);
        if (result.ok && !reached.has(result.to)) {
          reached.add(result.to);
          queue.push(result.to);
        }
      }
    }
    expect([...reached].sort()).toEqual([...ISSUE_STATUSES].sort());
  });

  it.each(REFUSED)('refuses to let an issue that is %s be %s, and says why', (from, action) => {
    const result = applyIssueAction(from, action);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(action);
    expect(result.message).toContain(from);
  });

  it('walks a report from reported to closed, then reopened and closed again', () => {
    let status: IssueStatus = 'reported';
    for (const action of ['accept', 'start', 'escalate', 'resolve', 'close', 'reopen', 'resolve', 'close'] as const) {
      const result = applyIssueAction(status, action);
      if (!result.ok) throw new Error(result.message);
      status = result.to;
    }
    expect(status).toBe('closed');
  });

  it.each(ISSUE_STATUSES)('offers exactly the legal actions for an issue that is %s', (status) => {
    const expected = LEGAL.filter(([from]) => from === status).map(([, action]) => action);
    expect([...allowedActions(status)].sort()).toEqual([...expected].sort());
  });

  it('offers only accept on a new report and only reopen on a closed issue', () => {
    expect(allowedActions('reported')).toEqual(['accept']);
    expect(allowedActions('closed')).toEqual(['reopen']);
  });
});
