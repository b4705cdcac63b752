/** Household visits: append-only logs written offline by grid workers. */
import { v7 as uuidv7 } from 'uuid';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import type { HouseholdRecord } from './households.ts';
import { wishesOnVisit } from './wishes.ts';
import { type Device, deviceNow, type RecordChange, writeChanges } from './write.ts';

export type VisitRecord = LocalRecord<'visits'>;
export type VisitInput = Omit<ContentOf<'visits'>, 'householdId' | 'visitorId' | 'visitedAt'> & { visitedAt?: string };

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * Logs a visit to a household, saved on the device at once and synced later. The care tags the
 * worker confirmed on the visit become the household's tags, and the residents' wishes heard on
 * it become micro-wishes, in the SAME transaction: a tab killed between them would otherwise keep
 * the visit and lose the tag change or the wish.
 */
export async function logVisit(
  device: Device,
  household: HouseholdRecord,
  visitorId: string,
  input: VisitInput,
  options: {
    /** A refused visit this one records again: it leaves the device in the same transaction. */
    replaces?: VisitRecord | undefined;
    /** Micro-wishes (点亮微心愿) the resident told on this visit, one text each. */
    wishes?: readonly string[];
  } = {},
): Promise<VisitRecord> {
  const content: ContentOf<'visits'> = {
    ...input,
    householdId: household.id,
    visitorId,
    visitedAt: input.visitedAt ?? new Date(deviceNow(device)).toISOString(),
  };
  const id = uuidv7();
  const changes: RecordChange[] = [{ op: 'create', table: 'visits', id, content }];
  changes.push(...wishesOnVisit({ ...content, id }, options.wishes ?? []));
  const { replaces } = options;
  if (replaces) changes.push({ op: 'discard', table: 'visits', recordId: replaces.id });
  if (input.tags && !sameTags(input.tags, household.tags)) {
    changes.push({ op: 'update', table: 'households', recordId: household.id, fields: { tags: input.tags } });
  }
  const [visit] = await writeChanges(device, changes);
  return visit as VisitRecord;
}

/** A need raised on a visit that no later visit has seen resolved. */
export interface OpenNeed {
  need: VisitRecord['needs'][number] & { id: string };
  visit: VisitRecord;
}

/** The needs still open in these visits of one household, newest first. Pure. */
export function openNeedsOf(visits: readonly VisitRecord[]): OpenNeed[] {
  const resolved = new Set(visits.flatMap((visit) => visit.resolvedNeeds ?? []));
  return [...visits]
    .sort((a, b) => b.visitedAt.localeCompare(a.visitedAt))
    .flatMap((visit) =>
      visit.needs
        .filter((need): need is OpenNeed['need'] => !!need.id && !need.resolved && !resolved.has(need.id))
        .map((need) => ({ need, visit })),
    );
}

export function visitById(device: Device, id: string): Promise<VisitRecord | undefined> {
  return device.db.visits.get(id);
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

/** Every visit to the households of a building. */
export async function visitsOfBuilding(device: Device, buildingId: string): Promise<VisitRecord[]> {
  const households = await device.db.households.where('buildingId').equals(buildingId).primaryKeys();
  return households.length > 0 ? device.db.visits.where('householdId').anyOf(households).toArray() : [];
}
