/**
 * The grid worker's round: who is due a visit, which follow-ups are due, and this month's
 * coverage. The rules are pure functions over records (tested on their own); the queries read
 * what they need from the device database in one go.
 */
import type { HouseholdRecord } from './households.ts';
import type { PlaceRecord } from './places.ts';
import type { VisitRecord } from './visits.ts';
import type { Device } from './write.ts';

export const DEFAULT_DUE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a household is, by name, and the order a round walks them in. */
export interface HouseholdPlace {
  compound: PlaceRecord | undefined;
  building: PlaceRecord | undefined;
  unit: PlaceRecord | undefined;
}

export interface DueHousehold {
  household: HouseholdRecord;
  where: HouseholdPlace;
  /** When it was last visited (ISO), or undefined if never. */
  lastVisit: string | undefined;
}

export interface FollowUp {
  visit: VisitRecord;
  household: HouseholdRecord;
  where: HouseholdPlace;
  /** Before today: it should have been done already. */
  overdue: boolean;
}

export interface Coverage {
  households: number;
  visited: number;
  byBuilding: { building: PlaceRecord; households: number; visited: number }[];
}

const byNumber = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/** Places in their set order, then by name with numbers read as numbers (2号楼 before 10号楼). */
export function comparePlaces(a: PlaceRecord | undefined, b: PlaceRecord | undefined): number {
  const sortA = a?.sort ?? Number.MAX_SAFE_INTEGER;
  const sortB = b?.sort ?? Number.MAX_SAFE_INTEGER;
  return sortA !== sortB ? sortA - sortB : byNumber(a?.name ?? '', b?.name ?? '');
}

/** Compound, building, then unit, then room: the order a worker walks a grid. */
export function compareByAddress(a: { household: HouseholdRecord; where: HouseholdPlace }, b: typeof a): number {
  for (const level of ['compound', 'building', 'unit'] as const) {
    const order = comparePlaces(a.where[level], b.where[level]);
    if (order !== 0) return order;
  }
  return byNumber(a.household.roomNo, b.household.roomNo);
}

/** The local calendar day of a time, as YYYY-MM-DD (what a follow-up date is compared with). */
export function localDay(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function startOfMonth(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), 1).getTime();
}

/**
 * Households not visited in `days` days (or never), special-care households first, then in the
 * order of the round. Pure.
 */
export function dueFromRecords(
  households: readonly HouseholdRecord[],
  lastVisits: ReadonlyMap<string, string>,
  whereOf: (household: HouseholdRecord) => HouseholdPlace,
  options: { days: number; now: number; tag?: string },
): DueHousehold[] {
  const cutoff = new Date(options.now - options.days * DAY_MS).toISOString();
  const due: DueHousehold[] = [];
  for (const household of households) {
    if (household.deleted) continue;
    if (options.tag && !household.tags.includes(options.tag as never)) continue;
    const lastVisit = lastVisits.get(household.id);
    if (lastVisit && lastVisit >= cutoff) continue;
    due.push({ household, where: whereOf(household), lastVisit });
  }
  return due.sort((a, b) => {
    const care = Number(b.household.tags.length > 0) - Number(a.household.tags.length > 0);
    return care !== 0 ? care : compareByAddress(a, b);
  });
}

/**
 * Follow-ups due today or earlier that no later visit has made: each household's latest visit
 * with a follow-up date, if nothing came after it. Pure.
 */
export function followUpsFromRecords(
  visits: readonly VisitRecord[],
  households: ReadonlyMap<string, HouseholdRecord>,
  whereOf: (household: HouseholdRecord) => HouseholdPlace,
  today: string,
): FollowUp[] {
  const latest = new Map<string, VisitRecord>();
  for (const visit of visits) {
    const seen = latest.get(visit.householdId);
    if (!seen || visit.visitedAt > seen.visitedAt) latest.set(visit.householdId, visit);
  }
  const due: FollowUp[] = [];
  for (const visit of latest.values()) {
    const household = households.get(visit.householdId);
    if (!visit.followUpOn || visit.followUpOn > today || !household || household.deleted) continue;
    due.push({ visit, household, where: whereOf(household), overdue: visit.followUpOn < today });
  }
  return due.sort((a, b) => byNumber(a.visit.followUpOn ?? '', b.visit.followUpOn ?? '') || compareByAddress(a, b));
}

/** Households visited at least once since `since`, for the grid and for each building. Pure. */
export function coverageFromRecords(
  households: readonly HouseholdRecord[],
  buildings: readonly PlaceRecord[],
  visits: readonly VisitRecord[],
  since: number,
): Coverage {
  const from = new Date(since).toISOString();
  const visited = new Set(visits.filter((visit) => visit.visitedAt >= from).map((visit) => visit.householdId));
  const live = households.filter((household) => !household.deleted);
  return {
    households: live.length,
    visited: live.filter((household) => visited.has(household.id)).length,
    byBuilding: buildings.map((building) => {
      const inBuilding = live.filter((household) => household.buildingId === building.id);
      return {
        building,
        households: inBuilding.length,
        visited: inBuilding.filter((household) => visited.has(household.id)).length,
      };
    }),
  };
}

/** The places of this device by id, to name where a household is. */
export async function placeLookup(device: Device): Promise<(household: HouseholdRecord) => HouseholdPlace> {
  const places = new Map((await device.db.places.toArray()).map((place) => [place.id, place]));
  return (household) => {
    const building = places.get(household.buildingId);
    return {
      building,
      unit: household.unitId ? places.get(household.unitId) : undefined,
      compound: building?.parentId ? places.get(building.parentId) : undefined,
    };
  };
}

/** The last visit time of each household that has one. Pure. */
export function lastVisitTimes(visits: readonly VisitRecord[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const visit of visits) {
    const seen = last.get(visit.householdId);
    if (!seen || visit.visitedAt > seen) last.set(visit.householdId, visit.visitedAt);
  }
  return last;
}

export async function dueHouseholds(
  device: Device,
  options: { days: number; now: number; tag?: string },
): Promise<DueHousehold[]> {
  const [households, visits, whereOf] = await Promise.all([
    device.db.households.toArray(),
    device.db.visits.toArray(),
    placeLookup(device),
  ]);
  return dueFromRecords(households, lastVisitTimes(visits), whereOf, options);
}

export async function followUpsDue(device: Device, now: number): Promise<FollowUp[]> {
  const [households, visits, whereOf] = await Promise.all([
    device.db.households.toArray(),
    device.db.visits.toArray(),
    placeLookup(device),
  ]);
  return followUpsFromRecords(visits, new Map(households.map((h) => [h.id, h])), whereOf, localDay(now));
}

export async function monthlyCoverage(device: Device, now: number): Promise<Coverage> {
  const since = startOfMonth(now);
  const [households, buildings, visits] = await Promise.all([
    device.db.households.toArray(),
    device.db.places.where('kind').equals('building').toArray(),
    device.db.visits.where('visitedAt').aboveOrEqual(new Date(since).toISOString()).toArray(),
  ]);
  const shown = buildings.filter((building) => !building.deleted).sort(comparePlaces);
  return coverageFromRecords(households, shown, visits, since);
}
