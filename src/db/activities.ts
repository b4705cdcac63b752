/**
 * Co-building activities (共建活动), with the party members who took part: recording one is ONE
 * action, the activity and each member's volunteer hours in one transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import type { VolunteerLogRecord } from './roster.ts';
import { type Device, type RecordChange, writeChanges } from './write.ts';

export type ActivityRecord = LocalRecord<'activities'>;
export type ActivityInput = Omit<ContentOf<'activities'>, 'recordedBy'>;

export async function activitiesList(device: Device): Promise<ActivityRecord[]> {
  const activities = (await device.db.activities.toArray()).filter((activity) => !activity.deleted);
  return activities.sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title, 'zh-CN'));
}

export function activityById(device: Device, id: string): Promise<ActivityRecord | undefined> {
  return device.db.activities.get(id);
}

/** The hours members gave at an activity (those this device holds: members of its place). */
export async function hoursAtActivity(device: Device, activityId: string): Promise<VolunteerLogRecord[]> {
  const logs = await device.db.volunteerLogs.where('activityId').equals(activityId).toArray();
  return logs.filter((log) => !log.deleted);
}

/** Records an activity and every taking part member's hours, in one transaction. */
export async function recordActivity(
  device: Device,
  input: ActivityInput,
  recordedBy: string,
  takingPart: readonly { memberId: string; hours: number }[],
): Promise<ActivityRecord> {
  const id = uuidv7();
  const changes: RecordChange[] = [
    { op: 'create', table: 'activities', id, content: { ...input, recordedBy } },
    ...takingPart.map(
      ({ memberId, hours }): RecordChange => ({
        op: 'create',
        table: 'volunteerLogs',
        content: { memberId, hours, date: input.date, activity: input.title, loggedBy: recordedBy, activityId: id },
      }),
    ),
  ];
  const [activity] = await writeChanges(device, changes);
  return activity as ActivityRecord;
}
