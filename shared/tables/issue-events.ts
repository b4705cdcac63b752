/**
 * What happened to an issue: actions on its lifecycle, assignments, due dates, comments.
 * Append-only. The issue's status, assignee and due date are the fold of its events in the order
 * the server accepted them (server/sync/issue-events.ts).
 */
import * as z from 'zod/mini';
import { ISSUE_ACTIONS } from '../issue-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDate, isoDateTime, optionalNullable, text, uuid } from './fields.ts';

export const ISSUE_EVENT_KINDS = ['action', 'comment', 'assign', 'due'] as const;
export type IssueEventKind = (typeof ISSUE_EVENT_KINDS)[number];

export const issueEvents = defineTable({
  name: 'issueEvents',
  content: z.strictObject({
    issueId: uuid,
    kind: z.enum(ISSUE_EVENT_KINDS),
    action: z.optional(z.enum(ISSUE_ACTIONS)),
    assigneeId: optionalNullable(uuid),
    /** For a `due` event: the date the issue should be done by (null clears it). */
    dueOn: optionalNullable(isoDate),
    note: z.optional(text(2000)),
    by: uuid,
    at: isoDateTime,
  }),
  parent: { table: 'issues', field: 'issueId' },
  author: 'by',
  appendOnly: true,
  personal: ['note'],
});
