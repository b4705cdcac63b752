/** The place tree on the device: community → compounds → buildings → units, and grids. */
import type { PlaceIds } from '../../shared/records.ts';
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

export async function unitsOf(device: Device, buildingId: string): Promise<PlaceRecord[]> {
  const units = await device.db.places.where('parentId').equals(buildingId).toArray();
  return units.filter((place) => !place.deleted && place.kind === 'unit').sort(byName);
}

export function placeById(device: Device, id: string): Promise<PlaceRecord | undefined> {
  return device.db.places.get(id);
}

/**
 * The place ids a record filed under this one carries: a visit under its household, an issue
 * under its building (whose own envelope names itself as buildingId), an event under its issue.
 */
export function placeIdsOf(parent: PlaceIds): PlaceIds {
  return {
    communityId: parent.communityId,
    compoundId: parent.compoundId ?? null,
    buildingId: parent.buildingId ?? null,
    gridId: parent.gridId ?? null,
  };
}
