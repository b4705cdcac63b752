/** Issue reports from buildings. Status and assignee move only through issue events. */
import * as z from 'zod/mini';
import { ISSUE_CATEGORIES } from '../domain.ts';
import { ISSUE_STATUSES } from '../issue-lifecycle.ts';
import { defineTable } from './define.ts';
import { isoDate, isoDateTime, list, optionalNullable, requiredText, sha256Hex, text, uuid } from './fields.ts';
import { MAX_VISIT_PHOTOS } from './visits.ts';

export const issues = defineTable({
  name: 'issues',
  content: z.strictObject({
    buildingId: uuid,
    householdId: optionalNullable(uuid),
    visitId: optionalNullable(uuid),
    /** The need of that visit this issue was reported from (linked both ways). */
    needId: optionalNullable(uuid),
    category: z.enum(ISSUE_CATEGORIES),
    title: requiredText(100),
    description: text(4000),
    status: z.enum(ISSUE_STATUSES),
    reporterId: uuid,
    assigneeId: optionalNullable(uuid),
    /** When it should be done by; set by a supervisor's `due` event. */
    dueOn: optionalNullable(isoDate),
    reportedAt: isoDateTime,
    photoHashes: z.optional(list(sha256Hex, MAX_VISIT_PHOTOS)),
  }),
  parent: { table: 'places', field: 'buildingId', kind: 'building' },
  author: 'reporterId',
  eventOwned: { status: 'reported', assigneeId: null, dueOn: null },
  personal: ['description'],
});
