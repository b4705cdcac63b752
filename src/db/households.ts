/** Households: the grid worker's list, search and coverage, and edits to a household. */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { SearchDoc } from '../search/household-search.ts';
import type { LocalRecord } from './database.ts';
import { compareByAddress, placeLookup } from './round.ts';
import { createRecord, type Device, updateRecord } from './write.ts';

export type HouseholdRecord = LocalRecord<'households'>;

function byRoom(a: HouseholdRecord, b: HouseholdRecord): number {
  return a.roomNo.localeCompare(b.roomNo, 'zh-CN', { numeric: true });
}

export async function householdsInBuilding(device: Device, buildingId: string): Promise<HouseholdRecord[]> {
  const rows = await device.db.households.where('buildingId').equals(buildingId).toArray();
  return rows.filter((row) => !row.deleted).sort(byRoom);
}

export function householdById(device: Device, id: string): Promise<HouseholdRecord | undefined> {
  return device.db.households.get(id);
}

export type ResidentRecord = LocalRecord<'residents'>;

/** The people of a household, head first, then by year of birth. */
export async function residentsOf(device: Device, householdId: string): Promise<ResidentRecord[]> {
  const residents = await device.db.residents.where('householdId').equals(householdId).toArray();
  const headFirst = (r: ResidentRecord) => (r.relation === '户主' ? 0 : 1);
  return residents
    .filter((resident) => !resident.deleted)
    .sort((a, b) => headFirst(a) - headFirst(b) || (a.birthYear ?? 0) - (b.birthYear ?? 0));
}

export function residentById(device: Device, id: string): Promise<ResidentRecord | undefined> {
  return device.db.residents.get(id);
}

export function addResident(device: Device, content: ContentOf<'residents'>): Promise<ResidentRecord> {
  return createRecord(device, 'residents', content);
}

export function editResident(
  device: Device,
  id: string,
  fields: Partial<ContentOf<'residents'>>,
): Promise<ResidentRecord> {
  return updateRecord(device, 'residents', id, fields);
}

/** These households, by id (for showing search results). */
export async function householdsById(device: Device, ids: readonly string[]): Promise<Map<string, HouseholdRecord>> {
  const rows = await device.db.households.bulkGet([...ids]);
  return new Map(rows.filter((row): row is HouseholdRecord => row !== undefined).map((row) => [row.id, row]));
}

/** What search needs to know of each household (names and where it is), in the order of the round. */
export async function householdSearchDocs(device: Device): Promise<Omit<SearchDoc, 'spellings'>[]> {
  const [households, residents, whereOf] = await Promise.all([
    device.db.households.toArray(),
    device.db.residents.toArray(),
    placeLookup(device),
  ]);
  const namesOf = new Map<string, string[]>();
  for (const resident of residents) {
    if (resident.deleted) continue;
    const names = namesOf.get(resident.householdId) ?? [];
    names.push(resident.name);
    namesOf.set(resident.householdId, names);
  }
  return households
    .filter((household) => !household.deleted)
    .map((household) => ({ household, where: whereOf(household) }))
    .sort(compareByAddress)
    .map(({ household, where }) => ({
      id: household.id,
      names: [...new Set([household.headName, ...(namesOf.get(household.id) ?? [])])],
      compound: where.compound?.name ?? '',
      building: where.building?.name ?? '',
      unit: where.unit?.name ?? '',
      roomNo: household.roomNo,
      address: household.address,
    }));
}

/** Changes some of a household's fields (care tags, notes, phone…), synced later. */
export function updateHousehold(
  device: Device,
  id: string,
  fields: Partial<ContentOf<'households'>>,
): Promise<HouseholdRecord> {
  return updateRecord(device, 'households', id, fields);
}
