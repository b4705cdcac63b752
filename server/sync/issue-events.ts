/**
 * The fold of issue events. An issue's status, assignee and due date change ONLY here, one event
 * at a time in the order the server accepts them, each checked on arrival against the lifecycle
 * and the actor's role: an event answered `accepted` always takes effect, whatever its stamp, and
 * no device can outrank an event by stamping a field (those fields are event-owned in the issues
 * descriptor, so a put may only repeat their current value).
 */

import type { PlaceLevel } from '../../shared/domain.ts';
import { isSupervising } from '../../shared/domain.ts';
import { applyIssueAction, type IssueAction, type IssueStatus, mayTakeAction } from '../../shared/issue-lifecycle.ts';
import { placeCovers } from '../../shared/scope.ts';
import type { IssueEvent } from '../../shared/tables/index.ts';
import { applyEventEffect, type FoldContext, type Refuse } from './event-effect.ts';
import type { Db, StoredRecord } from './records.ts';

/** Whether `userId` is someone who can see this issue, so that assigning it to them makes sense. */
async function canSee(db: Db, userId: string, issue: StoredRecord): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(['place_level', 'place_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return !!row && placeCovers({ level: row.place_level as PlaceLevel, id: row.place_id }, issue.placeIds);
}

/** What the event changes on its issue, or nothing (a comment); refuses an event that may not happen. */
async function effectOf(
  ctx: FoldContext,
  event: Pick<IssueEvent, 'kind' | 'action' | 'assigneeId' | 'dueOn'>,
  issue: StoredRecord,
  refuse: Refuse,
): Promise<Record<string, unknown>> {
  switch (event.kind) {
    case 'action': {
      if (!event.action) return refuse('incomplete', 'an action event names its action', 'fields.action');
      const actor = {
        role: ctx.user.role,
        isReporter: issue.data.reporterId === ctx.user.id,
        isAssignee: issue.data.assigneeId === ctx.user.id,
      };
      if (!mayTakeAction(event.action as IssueAction, actor)) {
        return refuse('forbidden', `you may not ${event.action} this issue`, 'fields.action');
      }
      const outcome = applyIssueAction(issue.data.status as IssueStatus, event.action as IssueAction);
      if (!outcome.ok) return refuse('illegal_transition', outcome.message, 'fields.action');
      return { status: outcome.to };
    }
    case 'assign': {
      if (!isSupervising(ctx.user.role)) return refuse('forbidden', 'only a supervisor assigns issues');
      const assigneeId = event.assigneeId ?? null;
      if (assigneeId && !(await canSee(ctx.db, assigneeId, issue))) {
        return refuse('unknown_assignee', 'the assignee is no user who can see this issue', 'fields.assigneeId');
      }
      return { assigneeId };
    }
    case 'due':
      if (!isSupervising(ctx.user.role)) return refuse('forbidden', 'only a supervisor sets a due date');
      return { dueOn: event.dueOn ?? null };
    default:
      return {};
  }
}

/** Applies a newly accepted event to its issue, in this transaction. */
export async function foldIssueEvent(
  ctx: FoldContext,
  event: Pick<IssueEvent, 'issueId' | 'kind' | 'action' | 'assigneeId' | 'dueOn'>,
  hlc: string,
  refuse: Refuse,
): Promise<void> {
  const issue = await ctx.records.get('issues', event.issueId);
  if (!issue || issue.deleted) return refuse('unknown_parent', 'the issue is unknown', 'fields.issueId');
  await applyEventEffect(ctx, issue, await effectOf(ctx, event, issue, refuse), hlc);
}
