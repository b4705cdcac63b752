/** What happened to a project: agreed, started, done. Append-only; folded in the server's order. */
import * as z from 'zod/mini';
import { PROJECT_ACTIONS } from '../project-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDateTime, text, uuid } from './fields.ts';

export const projectEvents = defineTable({
  name: 'projectEvents',
  content: z.strictObject({
    projectId: uuid,
    action: z.enum(PROJECT_ACTIONS),
    note: z.optional(text(2000)),
    by: uuid,
    at: isoDateTime,
  }),
  parent: { table: 'projects', field: 'projectId' },
  author: 'by',
  appendOnly: true,
});
