/** The place tree on the device: community → compounds → buildings → units, and grids. */
import type { PlaceKind, UserPlace } from '../../shared/domain.ts';
import { placeCovers } from '../../shared/scope.ts';
import type { LocalRecord } from './database.ts';
import { createRecord, type Device, deleteRecord, updateRecord } from './write.ts';

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

const KIND_ORDER: readonly PlaceKind[] = ['community', 'compound', 'grid', 'building'];

/**
 * The places a user may file a record at (a need, a project, an activity): their own place and
 * those under it, the wider ones first. Units are too small to file a community's work at.
 */
export async function placesWithin(device: Device, place: UserPlace): Promise<PlaceRecord[]> {
  const places = await device.db.places.toArray();
  return places
    .filter((p) => !p.deleted && p.kind !== 'unit' && placeCovers(place, p))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byName(a, b));
}

/**
 * Names of places by id, for lists that say where each record is filed: a building or grid with
 * its compound ("和平里小区 1号楼"), since every compound has a 1号楼.
 */
export async function placeNames(device: Device): Promise<Map<string, string>> {
  const places = await device.db.places.toArray();
  const byId = new Map(places.map((place) => [place.id, place]));
  return new Map(
    places.map((place) => {
      const parent = place.parentId ? byId.get(place.parentId) : undefined;
      return [place.id, parent?.kind === 'compound' ? `${parent.name} ${place.name}` : place.name];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The administrator's edits of the place tree: sync records like any other, through the outbox
// and push (the server lets only administrators write places, and re-derives descendants).
// ---------------------------------------------------------------------------------------------

/** Every live place this device holds, in tree order within each parent. */
export async function allPlaces(device: Device): Promise<PlaceRecord[]> {
  const places = await device.db.places.toArray();
  return places.filter((place) => !place.deleted).sort(byName);
}

export async function createPlace(
  device: Device,
  place: { kind: PlaceRecord['kind']; name: string; parentId: string; gridId?: string | null },
): Promise<PlaceRecord> {
  const siblings = (await device.db.places.where('parentId').equals(place.parentId).toArray()).filter(
    (p) => !p.deleted,
  );
  return createRecord(device, 'places', { ...place, sort: siblings.length });
}

export function renamePlace(device: Device, id: string, name: string): Promise<PlaceRecord> {
  return updateRecord(device, 'places', id, { name });
}

/** Files a place under another parent (and a building under another grid). */
export function movePlace(
  device: Device,
  id: string,
  to: { parentId?: string; gridId?: string | null },
): Promise<PlaceRecord> {
  return updateRecord(device, 'places', id, to);
}

/** Retires a place: a tombstone, pulled by every device like a change. */
export function retirePlace(device: Device, id: string): Promise<void> {
  return deleteRecord(device, 'places', id);
}
