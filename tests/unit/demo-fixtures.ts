/**
 * Fixtures for the device tests, taken from the demo data generator (the same households the demo
 * and the screenshots show), plus a fresh device database per test.
 */

import { type DemoRecord, generateDemoData } from '../../server/seed/generate.ts';
import type { SyncTable } from '../../shared/domain.ts';
import type { ContentOf, PlaceIds, RecordOf } from '../../shared/tables/index.ts';
import { derivePlaceIds, type ParentView } from '../../shared/tables/place-ids.ts';
import { GridworkDatabase, type LocalRecord } from '../../src/db/database.ts';
import type { HouseholdRecord } from '../../src/db/households.ts';
import { type Device, writeChanges } from '../../src/db/write.ts';

export const DEVICE_ID = '0123456789abcdef';
/** A fixed wall clock for tests that need one: 2026-11-27 08:30 UTC. */
export const T0 = Date.parse('2026-11-27T08:30:00.000Z');

const demo = generateDemoData();

function recordsOf<T extends SyncTable>(table: T): DemoRecord<T>[] {
  return demo.records.filter((record): record is DemoRecord<T> => record.table === table);
}

const places = new Map(recordsOf('places').map((place) => [place.id, place.content]));
const households = recordsOf('households');

/** The place ids the server would derive for a household: from its building up to the community. */
function placeIdsOfHousehold(content: ContentOf<'households'>): PlaceIds {
  const building = places.get(content.buildingId);
  const compound = building?.parentId ? places.get(building.parentId) : undefined;
  if (!building?.parentId || !compound?.parentId) throw new Error('demo data lost its place tree');
  return {
    communityId: compound.parentId,
    compoundId: building.parentId,
    buildingId: content.buildingId,
    gridId: building.gridId ?? null,
  };
}

export interface DemoHousehold {
  id: string;
  content: ContentOf<'households'>;
  placeIds: PlaceIds;
}

export function demoHousehold(index = 0): DemoHousehold {
  const household = households[index];
  if (!household) throw new Error(`the demo data has no household #${index}`);
  return { id: household.id, content: household.content, placeIds: placeIdsOfHousehold(household.content) };
}

/** The household as the server sends it in a pull: content, place ids and envelope. */
export function serverHousehold(index: number, hlc: string, changes: Partial<ContentOf<'households'>> = {}) {
  const { id, content, placeIds } = demoHousehold(index);
  return { ...placeIds, ...content, ...changes, id, updatedAt: hlc } satisfies RecordOf<'households'>;
}

/** A grid worker of the demo community, as the visitor of logged visits. */
export const VISITOR_ID = demo.users.find((user) => user.role === 'grid_worker')?.id ?? '';

export function newDevice(now?: () => number): Device {
  const db = new GridworkDatabase(`test-${crypto.randomUUID()}`);
  return now ? { db, deviceId: DEVICE_ID, now } : { db, deviceId: DEVICE_ID };
}

/** The demo place tree as a pull leaves it on a device: synced records with their place ids. */
async function demoPlaceRecords(): Promise<LocalRecord<'places'>[]> {
  const views = new Map<string, ParentView>();
  const stored: LocalRecord<'places'>[] = [];
  for (const place of recordsOf('places')) {
    const derived = await derivePlaceIds('places', place.id, place.content, async (_, id) => views.get(id));
    if (!derived.ok) throw new Error(`demo place ${place.id}: ${derived.message}`);
    views.set(place.id, { kind: place.content.kind, ids: derived.placeIds });
    stored.push({ ...place.content, ...derived.placeIds, id: place.id, updatedAt: '', syncState: 'synced' });
  }
  return stored;
}

const placeRecords = demoPlaceRecords();

/** Stores the demo community's places on the device, so records can be filed under them. */
export async function storePlaces(device: Device): Promise<void> {
  await device.db.places.bulkPut(await placeRecords);
}

/** A demo household created on the device through the write API (one pending outbox entry). */
export async function createHousehold(device: Device, index = 0): Promise<HouseholdRecord> {
  const { id, content } = demoHousehold(index);
  const [record] = await writeChanges(device, [{ op: 'create', table: 'households', id, content }]);
  return record as HouseholdRecord;
}

/** The demo places, then a demo household created through the write API. */
export async function storeHousehold(device: Device, index = 0): Promise<HouseholdRecord> {
  await storePlaces(device);
  return createHousehold(device, index);
}

/** Every demo record of one table as a pull leaves it on a device (synced). */
function pulledRecords<T extends SyncTable>(table: T, placeOf: (content: ContentOf<T>) => PlaceIds) {
  return recordsOf(table).map(
    (record) =>
      ({
        ...record.content,
        ...placeOf(record.content),
        id: record.id,
        updatedAt: '',
        syncState: 'synced',
      }) as LocalRecord<T>,
  );
}

/**
 * A grid worker's device after the first pull: the demo places, and the households and residents
 * of `gridId`.
 */
export async function storeGrid(device: Device, gridId: string): Promise<void> {
  // As the server scopes a grid worker: the grid and what is in it, and the names above it.
  const places = (await placeRecords).filter(
    (place) => place.gridId === gridId || place.kind === 'community' || place.kind === 'compound',
  );
  await device.db.places.bulkPut(places);
  const households = pulledRecords('households', placeIdsOfHousehold).filter((h) => h.gridId === gridId);
  const inGrid = new Map(households.map((h) => [h.id, h]));
  const residents = pulledRecords('residents', (content) => {
    const household = inGrid.get(content.householdId);
    return household ? placeIdsOfHousehold(household) : { communityId: '' };
  }).filter((r) => inGrid.has(r.householdId));
  await device.db.households.bulkPut(households);
  await device.db.residents.bulkPut(residents);
}

/** The demo grid workers' grids, in account order (worker01 first). */
export const DEMO_GRIDS = demo.users.filter((user) => user.role === 'grid_worker').map((user) => user.place.id);
