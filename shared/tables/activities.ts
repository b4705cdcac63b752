/**
 * Co-building activities (共建活动): talks, free clinics, performances, clean-ups, with the units
 * taking part and the residents served. The party members taking part log their hours as
 * volunteer logs naming the activity, in the same action.
 */
import * as z from 'zod/mini';
import { ACTIVITY_KINDS } from '../domain.ts';
import { defineTable } from './define.ts';
import { isoDate, list, requiredText, text, uuid } from './fields.ts';

export const activities = defineTable({
  name: 'activities',
  content: z.strictObject({
    placeId: uuid,
    title: requiredText(100),
    kind: z.enum(ACTIVITY_KINDS),
    /** The day it took place (China Standard Time). */
    date: isoDate,
    venue: requiredText(100),
    partnerIds: list(uuid, 30),
    residentsServed: z.number().check(z.int(), z.minimum(0), z.maximum(100000)),
    note: z.optional(text(2000)),
    recordedBy: uuid,
  }),
  parent: { table: 'places', field: 'placeId' },
  author: 'recordedBy',
  sets: ['partnerIds'],
});
