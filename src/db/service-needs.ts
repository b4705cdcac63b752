/**
 * The needs list (居民需求清单): needs heard on visits taken onto it, and residents' own requests.
 * A need is taken from a visit once: the list remembers which visit need it came from.
 */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import type { HouseholdRecord } from './households.ts';
import { type OpenNeed, openNeedsOf, type VisitRecord } from './visits.ts';
import { createRecord, type Device, deviceNow, updateRecord } from './write.ts';

export type ServiceNeedRecord = LocalRecord<'serviceNeeds'>;

/** Open needs first, newest first within each. */
export async function needsList(device: Device): Promise<ServiceNeedRecord[]> {
  const needs = (await device.db.serviceNeeds.toArray()).filter((need) => !need.deleted);
  return needs.sort(
    (a, b) => Number(a.closed ?? false) - Number(b.closed ?? false) || b.raisedAt.localeCompare(a.raisedAt),
  );
}

/** The visit needs of a household already on the list, by the visit need's id. */
export async function listedVisitNeeds(device: Device, householdId: string): Promise<Set<string>> {
  const needs = await device.db.serviceNeeds.where('householdId').equals(householdId).toArray();
  return new Set(needs.flatMap((need) => (need.visitNeedId && !need.deleted ? [need.visitNeedId] : [])));
}

/** Takes a need heard on a visit onto the list, filed at the household's building. */
export function listVisitNeed(
  device: Device,
  household: HouseholdRecord,
  { need, visit }: OpenNeed,
  recordedBy: string,
): Promise<ServiceNeedRecord> {
  return createRecord(device, 'serviceNeeds', {
    placeId: household.buildingId,
    source: 'visit',
    householdId: household.id,
    visitId: visit.id,
    visitNeedId: need.id,
    kind: need.kind,
    text: need.text,
    raisedAt: visit.visitedAt,
    recordedBy,
  });
}

export function recordRequest(
  device: Device,
  input: Pick<ContentOf<'serviceNeeds'>, 'placeId' | 'kind' | 'text'>,
  recordedBy: string,
): Promise<ServiceNeedRecord> {
  return createRecord(device, 'serviceNeeds', {
    ...input,
    source: 'request',
    raisedAt: new Date(deviceNow(device)).toISOString(),
    recordedBy,
  });
}

export function closeNeed(device: Device, id: string, closed = true): Promise<ServiceNeedRecord> {
  return updateRecord(device, 'serviceNeeds', id, { closed });
}

/**
 * Needs heard on visits that are still open and not on the list yet, newest first: what the
 * list is fed from (at most `limit`).
 */
export async function visitNeedsToList(
  device: Device,
  limit = 20,
): Promise<(OpenNeed & { household: HouseholdRecord })[]> {
  const withNeeds = await device.db.visits.filter((visit) => visit.needs.length > 0 && !visit.deleted).toArray();
  const listed = new Set(
    (await device.db.serviceNeeds.toArray()).flatMap((need) => (need.visitNeedId ? [need.visitNeedId] : [])),
  );
  const households = [...new Set(withNeeds.map((visit) => visit.householdId))];
  const found: (OpenNeed & { household: HouseholdRecord })[] = [];
  for (const householdId of households) {
    const household = await device.db.households.get(householdId);
    if (!household || household.deleted) continue;
    const visits: VisitRecord[] = await device.db.visits.where('householdId').equals(householdId).toArray();
    for (const open of openNeedsOf(visits)) if (!listed.has(open.need.id)) found.push({ ...open, household });
  }
  return found.sort((a, b) => b.visit.visitedAt.localeCompare(a.visit.visitedAt)).slice(0, limit);
}
