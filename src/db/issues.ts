/** Issue reports from buildings, and their events (append-only). */
import type { IssueAction } from '../../shared/issue-lifecycle.ts';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import type { PlaceRecord } from './places.ts';
import { createRecord, type Device, deviceNow } from './write.ts';

export type IssueRecord = LocalRecord<'issues'>;
export type IssueInput = Pick<ContentOf<'issues'>, 'category' | 'title' | 'description'> &
  Partial<Pick<ContentOf<'issues'>, 'householdId' | 'visitId'>>;

export function reportIssue(
  device: Device,
  building: PlaceRecord,
  reporterId: string,
  input: IssueInput,
): Promise<IssueRecord> {
  const content: ContentOf<'issues'> = {
    ...input,
    buildingId: building.id,
    status: 'reported',
    reporterId,
    reportedAt: new Date(deviceNow(device)).toISOString(),
  };
  return createRecord(device, 'issues', content);
}

/** Records an action on an issue as an event; the server checks it against the state machine. */
export function recordIssueAction(device: Device, issue: IssueRecord, by: string, action: IssueAction, note?: string) {
  const content: ContentOf<'issueEvents'> = {
    issueId: issue.id,
    kind: 'action',
    action,
    by,
    at: new Date(deviceNow(device)).toISOString(),
    ...(note ? { note } : {}),
  };
  return createRecord(device, 'issueEvents', content);
}

export async function issuesNewestFirst(device: Device, limit = 50): Promise<IssueRecord[]> {
  const rows = await device.db.issues.toArray();
  return rows
    .filter((row) => !row.deleted)
    .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))
    .slice(0, limit);
}

/** Issues not yet closed, within what the device holds. */
export function openIssueCount(device: Device): Promise<number> {
  return device.db.issues.filter((issue) => !issue.deleted && issue.status !== 'closed').count();
}
