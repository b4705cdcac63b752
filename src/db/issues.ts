/** Issue reports from buildings, and their events (append-only): what everyone does with an issue. */
import { applyIssueAction, ISSUE_STATUSES, type IssueAction, type IssueStatus } from '../../shared/issue-lifecycle.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import type { PlaceRecord } from './places.ts';
import { localDay } from './round.ts';
import { createRecord, type Device, deviceNow } from './write.ts';

export type IssueRecord = LocalRecord<'issues'>;
export type IssueEventRecord = LocalRecord<'issueEvents'>;
export type IssueInput = Pick<ContentOf<'issues'>, 'category' | 'title' | 'description'> &
  Partial<Pick<ContentOf<'issues'>, 'householdId' | 'visitId' | 'needId' | 'photoHashes'>>;

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

type EventInput = Omit<ContentOf<'issueEvents'>, 'issueId' | 'by' | 'at'>;

function recordEvent(device: Device, issue: IssueRecord, by: string, event: EventInput) {
  const content: ContentOf<'issueEvents'> = {
    ...event,
    issueId: issue.id,
    by,
    at: new Date(deviceNow(device)).toISOString(),
  };
  return createRecord(device, 'issueEvents', content);
}

/** Records an action on an issue as an event; the server checks it against the state machine. */
export function recordIssueAction(device: Device, issue: IssueRecord, by: string, action: IssueAction, note?: string) {
  return recordEvent(device, issue, by, { kind: 'action', action, ...(note?.trim() ? { note } : {}) });
}

export function commentOnIssue(device: Device, issue: IssueRecord, by: string, note: string) {
  return recordEvent(device, issue, by, { kind: 'comment', note });
}

export function assignIssue(device: Device, issue: IssueRecord, by: string, assigneeId: string, note?: string) {
  return recordEvent(device, issue, by, { kind: 'assign', assigneeId, ...(note?.trim() ? { note } : {}) });
}

export function setIssueDue(device: Device, issue: IssueRecord, by: string, dueOn: string | null) {
  return recordEvent(device, issue, by, { kind: 'due', dueOn });
}

export function issueById(device: Device, id: string): Promise<IssueRecord | undefined> {
  return device.db.issues.get(id);
}

/** An issue's events, newest first. */
export async function eventsOfIssue(device: Device, issueId: string): Promise<IssueEventRecord[]> {
  const events = await device.db.issueEvents.where('issueId').equals(issueId).toArray();
  return events.sort((a, b) => b.at.localeCompare(a.at) || b.updatedAt.localeCompare(a.updatedAt));
}

/** An issue as it stands once this device's waiting events take effect (the server will check them). */
export interface IssueView {
  issue: IssueRecord;
  status: IssueStatus;
  assigneeId: string | null;
  dueOn: string | null;
  /** Whether this device has events for it that the server has not answered yet. */
  pending: boolean;
  overdue: boolean;
}

/** Folds the device's waiting events over the issue as the server last sent it. Pure. */
export function viewOfIssue(issue: IssueRecord, events: readonly IssueEventRecord[], today: string): IssueView {
  let status = issue.status as IssueStatus;
  let assigneeId = issue.assigneeId ?? null;
  let dueOn = issue.dueOn ?? null;
  const waiting = events.filter((event) => event.syncState === 'pending').sort((a, b) => a.at.localeCompare(b.at));
  for (const event of waiting) {
    if (event.kind === 'action' && event.action) {
      const outcome = applyIssueAction(status, event.action);
      if (outcome.ok) status = outcome.to;
    } else if (event.kind === 'assign') assigneeId = event.assigneeId ?? null;
    else if (event.kind === 'due') dueOn = event.dueOn ?? null;
  }
  const done = status === 'resolved' || status === 'closed';
  return { issue, status, assigneeId, dueOn, pending: waiting.length > 0, overdue: !done && !!dueOn && dueOn < today };
}

async function viewsOf(device: Device, issues: readonly IssueRecord[]): Promise<IssueView[]> {
  const today = localDay(deviceNow(device));
  const ids = issues.map((issue) => issue.id);
  const events = ids.length > 0 ? await device.db.issueEvents.where('issueId').anyOf(ids).toArray() : [];
  const byIssue = new Map<string, IssueEventRecord[]>();
  for (const event of events) byIssue.set(event.issueId, [...(byIssue.get(event.issueId) ?? []), event]);
  return issues.map((issue) => viewOfIssue(issue, byIssue.get(issue.id) ?? [], today));
}

/** By state in lifecycle order, overdue first within a state, then newest first. Pure. */
export function compareIssueViews(a: IssueView, b: IssueView): number {
  const state = ISSUE_STATUSES.indexOf(a.status) - ISSUE_STATUSES.indexOf(b.status);
  if (state !== 0) return state;
  const overdue = Number(b.overdue) - Number(a.overdue);
  return overdue !== 0 ? overdue : b.issue.reportedAt.localeCompare(a.issue.reportedAt);
}

export async function issueView(device: Device, id: string): Promise<IssueView | undefined> {
  const issue = await issueById(device, id);
  return issue && !issue.deleted ? (await viewsOf(device, [issue]))[0] : undefined;
}

/**
 * The issues a user works with: what they reported and what is assigned to them; a grid worker
 * also every report from their grid, a supervisor every issue of their place.
 */
export async function issuesForUser(device: Device, user: SessionUser): Promise<IssueView[]> {
  const all = (await device.db.issues.toArray()).filter((issue) => !issue.deleted);
  const wholePlace = user.role !== 'building_lead';
  const mine = wholePlace ? all : all.filter((issue) => issue.reporterId === user.id || issue.assigneeId === user.id);
  return (await viewsOf(device, mine)).sort(compareIssueViews);
}

export async function openIssuesOfBuilding(device: Device, buildingId: string): Promise<IssueView[]> {
  const issues = await device.db.issues.where('buildingId').equals(buildingId).toArray();
  const views = await viewsOf(
    device,
    issues.filter((issue) => !issue.deleted),
  );
  return views.filter((view) => view.status !== 'closed').sort(compareIssueViews);
}

/** Issues reported from a household's visits, by the need they came from. */
export async function issuesByNeed(device: Device, householdId: string): Promise<Map<string, IssueRecord>> {
  const issues = await device.db.issues.filter((issue) => issue.householdId === householdId).toArray();
  return new Map(issues.filter((issue) => issue.needId).map((issue) => [issue.needId as string, issue]));
}
