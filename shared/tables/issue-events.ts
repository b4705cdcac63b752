/** What happened to an issue: actions on its lifecycle, assignments, comments. Append-only. */
import * as z from 'zod/mini';
import { ISSUE_ACTIONS } from '../issue-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDateTime, optionalNullable, text, uuid } from './fields.ts';

export const issueEvents = defineTable({
  name: 'issueEvents',
  content: z.strictObject({
    issueId: uuid,
    kind: z.enum(['action', 'comment', 'assign']),
    action: z.optional(z.enum(ISSUE_ACTIONS)),
    assigneeId: optionalNullable(uuid),
    note: z.optional(text(2000)),
    by: uuid,
    at: isoDateTime,
  }),
  parent: { table: 'issues', field: 'issueId' },
  author: 'by',
  appendOnly: true,
  personal: ['note'],
});
