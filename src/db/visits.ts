/** Household visits: append-only logs written offline by grid workers. */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import type { HouseholdRecord } from './households.ts';
import { type Device, deviceNow, type RecordChange, writeChanges } from './write.ts';

export type VisitRecord = LocalRecord<'visits'>;
export type VisitInput = Omit<ContentOf<'visits'>, 'householdId' | 'visitorId' | 'visitedAt'> & { visitedAt?: string };

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * Logs a visit to a household, saved on the device at once and synced later. The care tags the
 * worker confirmed on the visit become the household's tags in the SAME transaction: a tab
 * killed between the two would otherwise keep the visit and lose the tag change.
 */
export async function logVisit(
  device: Device,
  household: HouseholdRecord,
  visitorId: string,
  input: VisitInput,
): Promise<VisitRecord> {
  const content: ContentOf<'visits'> = {
    ...input,
    householdId: household.id,
    visitorId,
    visitedAt: input.visitedAt ?? new Date(deviceNow(device)).toISOString(),
  };
  const changes: RecordChange[] = [{ op: 'create', table: 'visits', content }];
  if (input.tags && !sameTags(input.tags, household.tags)) {
    changes.push({ op: 'update', table: 'households', recordId: household.id, fields: { tags: input.tags } });
  }
  const [visit] = await writeChanges(device, changes);
  return visit as VisitRecord;
}

/** A household's visits, newest first. */
export async function visitsOfHousehold(device: Device, householdId: string): Promise<VisitRecord[]> {
  const rows = await device.db.visits
    .where('[householdId+visitedAt]')
    .between([householdId, ''], [householdId, '\uffff'])
    .reverse()
    .toArray();
  return rows.filter((row) => !row.deleted);
}

export async function recentVisits(device: Device, limit = 20): Promise<VisitRecord[]> {
  return device.db.visits.orderBy('visitedAt').reverse().limit(limit).toArray();
}

/** The last visit time of every household that has one. */
export async function lastVisitByHousehold(device: Device): Promise<Map<string, string>> {
  const last = new Map<string, string>();
  await device.db.visits.each((visit) => {
    const seen = last.get(visit.householdId);
    if (!seen || visit.visitedAt > seen) last.set(visit.householdId, visit.visitedAt);
  });
  return last;
}

/** How many distinct households were visited since the given time. */
export async function householdsVisitedSince(device: Device, since: Date): Promise<number> {
  const from = since.toISOString();
  const ids = new Set<string>();
  await device.db.visits
    .where('visitedAt')
    .aboveOrEqual(from)
    .each((visit) => ids.add(visit.householdId));
  return ids.size;
}
