/**
 * Fixtures for the device tests, taken from the demo data generator (the same households the demo
 * and the screenshots show), plus a fresh device database per test.
 */

import { type DemoRecord, generateDemoData } from '../../server/seed/generate.ts';
import type { SyncTable } from '../../shared/domain.ts';
import type { ContentOf, PlaceIds, RecordOf } from '../../shared/records.ts';
import { GridworkDatabase } from '../../src/db/database.ts';
import type { HouseholdRecord } from '../../src/db/households.ts';
import { type Device, putRecord } from '../../src/db/write.ts';

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

/** A demo household written on the device through the write API (one pending outbox entry). */
export async function storeHousehold(device: Device, index = 0): Promise<HouseholdRecord> {
  const { id, content, placeIds } = demoHousehold(index);
  return putRecord(device, 'households', id, content, placeIds);
}
