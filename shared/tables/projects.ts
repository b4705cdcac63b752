/**
 * The projects list (项目清单): a project matches needs of the needs list to resources of the
 * resources list, with an owner and a due date. Its state moves only through project events
 * (server/sync/project-events.ts), like an issue's.
 */
import * as z from 'zod/mini';
import { PROJECT_STATUSES } from '../project-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDate, isoDateTime, list, optionalNullable, requiredText, text, uuid } from './fields.ts';

export const projects = defineTable({
  name: 'projects',
  content: z.strictObject({
    placeId: uuid,
    title: requiredText(100),
    description: z.optional(text(2000)),
    /** Entries of the needs list it answers, and of the resources list it draws on. */
    needIds: list(uuid, 50),
    resourceIds: list(uuid, 50),
    /** Who answers for it: a person or a unit, as people name them. */
    owner: requiredText(50),
    dueOn: optionalNullable(isoDate),
    status: z.enum(PROJECT_STATUSES),
    agreedAt: optionalNullable(isoDateTime),
    doneAt: optionalNullable(isoDateTime),
    proposedBy: uuid,
    proposedAt: isoDateTime,
  }),
  parent: { table: 'places', field: 'placeId' },
  author: 'proposedBy',
  eventOwned: { status: 'proposed', agreedAt: null, doneAt: null },
  sets: ['needIds', 'resourceIds'],
});
