/** Households: the grid worker's list, search and coverage. */
import type { LocalRecord } from './database.ts';
import type { Device } from './write.ts';

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

export async function householdCount(device: Device): Promise<number> {
  return device.db.households.count();
}
