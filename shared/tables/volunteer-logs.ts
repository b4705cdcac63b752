/**
 * Volunteer hours a party member gave, one entry per activity: what, when, how long. An entry made
 * with a co-building activity names it (`activityId`): the member took part in it.
 */
import * as z from 'zod/mini';
import { defineTable } from './define.ts';
import { isoDate, optionalNullable, requiredText, uuid } from './fields.ts';

export const volunteerLogs = defineTable({
  name: 'volunteerLogs',
  content: z.strictObject({
    memberId: uuid,
    date: isoDate,
    hours: z.number().check(z.minimum(0.5), z.maximum(24)),
    activity: requiredText(100),
    loggedBy: uuid,
    activityId: optionalNullable(uuid),
  }),
  parent: { table: 'partyMembers', field: 'memberId' },
  author: 'loggedBy',
});
