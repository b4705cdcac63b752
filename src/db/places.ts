/** The place tree on the device: community → compounds → buildings → units, and grids. */
import type { LocalRecord } from './database.ts';
import type { Device } from './write.ts';

export type PlaceRecord = LocalRecord<'places'>;

function byName(a: PlaceRecord, b: PlaceRecord): number {
  return (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh-CN', { numeric: true });
}

export async function buildingsOf(device: Device): Promise<PlaceRecord[]> {
  const buildings = await device.db.places.where('kind').equals('building').toArray();
  return buildings.filter((place) => !place.deleted).sort(byName);
}

/** Buildings with how many households each holds, for the grid worker's list. */
export async function buildingsWithHouseholdCounts(
  device: Device,
): Promise<{ building: PlaceRecord; households: number }[]> {
  const buildings = await buildingsOf(device);
  return Promise.all(
    buildings.map(async (building) => ({
      building,
      households: await device.db.households.where('buildingId').equals(building.id).count(),
    })),
  );
}

export async function unitsOf(device: Device, buildingId: string): Promise<PlaceRecord[]> {
  const units = await device.db.places.where('parentId').equals(buildingId).toArray();
  return units.filter((place) => !place.deleted && place.kind === 'unit').sort(byName);
}

export function placeById(device: Device, id: string): Promise<PlaceRecord | undefined> {
  return device.db.places.get(id);
}
