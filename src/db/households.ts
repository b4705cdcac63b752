/** Households: the grid worker's list, search and coverage, and edits to a household. */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import { type Device, updateRecord } from './write.ts';

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

/** How many households this device holds (the whole of the user's place). */
export function householdCount(device: Device): Promise<number> {
  return device.db.households.filter((row) => !row.deleted).count();
}

/** Matches the head's name, the room number, the address or the name's pinyin initials. */
export function matchesHousehold(household: HouseholdRecord, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return (
    household.headName.includes(needle) ||
    household.roomNo.includes(needle) ||
    household.address.includes(needle) ||
    (household.headInitials ?? '').startsWith(needle)
  );
}

export async function searchHouseholds(device: Device, query: string, limit = 50): Promise<HouseholdRecord[]> {
  const rows = await device.db.households
    .filter((row) => !row.deleted && matchesHousehold(row, query))
    .limit(limit)
    .toArray();
  return rows.sort(byRoom);
}

/** Changes some of a household's fields (care tags, notes, phone…), synced later. */
export function updateHousehold(
  device: Device,
  id: string,
  fields: Partial<ContentOf<'households'>>,
): Promise<HouseholdRecord> {
  return updateRecord(device, 'households', id, fields);
}
