import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import { GridworkDatabase, type OutboxEntry, SCHEMA_V1 } from '../../src/db/database.ts';
import { visitsOfHousehold } from '../../src/db/visits.ts';
import { updateRecord } from '../../src/db/write.ts';
import { DEVICE_ID, demoHousehold, T0, VISITOR_ID } from './demo-fixtures.ts';

const household = demoHousehold(0);
const neighbour = demoHousehold(1);

function stamp(offsetMs: number): string {
  return formatHlc({ millis: T0 + offsetMs, counter: 0, node: DEVICE_ID });
}

/** A visit as version 1 of the app saved it: `needs` could be left out. */
function visitV1(id: string, householdId: string, visitedAt: string, needs?: unknown[]) {
  return {
    id,
    householdId,
    purpose: 'sentiment',
    visitedAt,
    visitorId: VISITOR_ID,
    ...(needs ? { needs } : {}),
    ...household.placeIds,
    updatedAt: stamp(0),
    syncState: 'pending',
  };
}

const OLDEST = '018f0000-0000-7000-8000-000000000001';
const NEWEST = '018f0000-0000-7000-8000-000000000002';
const MIDDLE = '018f0000-0000-7000-8000-000000000003';
const NEIGHBOURS = '018f0000-0000-7000-8000-000000000004';

const outboxV1: OutboxEntry[] = [
  {
    id: '018f0000-0000-7000-8000-0000000000a1',
    table: 'households',
    recordId: household.id,
    op: 'put',
    fields: { phone: '13912345678' },
    hlc: stamp(1),
    createdAt: T0,
  },
  {
    id: '018f0000-0000-7000-8000-0000000000a2',
    table: 'visits',
    recordId: OLDEST,
    op: 'put',
    fields: { householdId: household.id, purpose: 'sentiment' },
    hlc: stamp(2),
    createdAt: T0,
  },
];

/** A device that last ran version 1 of the app, with unsynced work in its outbox. */
async function deviceAtVersion1(name: string): Promise<void> {
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_V1);
  await old.table('households').bulkPut([
    { ...household.content, ...household.placeIds, id: household.id, updatedAt: stamp(0), syncState: 'synced' },
    { ...neighbour.content, ...neighbour.placeIds, id: neighbour.id, updatedAt: stamp(0), syncState: 'synced' },
  ]);
  await old
    .table('visits')
    .bulkPut([
      visitV1(OLDEST, household.id, '2026-09-01T02:00:00.000Z'),
      visitV1(NEWEST, household.id, '2026-11-20T02:00:00.000Z', [{ kind: 'health', text: '需要上门体检' }]),
      visitV1(MIDDLE, household.id, '2026-10-15T02:00:00.000Z'),
      visitV1(NEIGHBOURS, neighbour.id, '2026-11-25T02:00:00.000Z'),
    ]);
  await old.table('outbox').bulkAdd(outboxV1);
  await old.table('syncMeta').bulkPut([
    { key: 'pullCursor', value: '1234' },
    { key: 'clock', value: stamp(2) },
  ]);
  old.close();
}

async function upgradedDevice() {
  const name = `test-${crypto.randomUUID()}`;
  await deviceAtVersion1(name);
  const db = new GridworkDatabase(name);
  await db.open();
  return { db, deviceId: DEVICE_ID, now: () => T0 };
}

describe('a device updated from version 1 of the app', () => {
  it('keeps every record and the pull cursor', async () => {
    const device = await upgradedDevice();
    expect(device.db.verno).toBe(5);
    expect(await device.db.households.get(household.id)).toMatchObject({ headName: household.content.headName });
    expect(await device.db.households.count()).toBe(2);
    expect(await device.db.visits.count()).toBe(4);
    expect(await device.db.syncMeta.get('pullCursor')).toEqual({ key: 'pullCursor', value: '1234' });
  });

  it('keeps its unsynced outbox intact, in order, and numbers new entries after it', async () => {
    const device = await upgradedDevice();
    const outbox = await device.db.outbox.orderBy('seq').toArray();
    expect(outbox.map(({ seq: _seq, ...entry }) => entry)).toEqual(outboxV1);

    await updateRecord(device, 'households', household.id, { notes: '升级后第一次修改' });
    const after = await device.db.outbox.orderBy('seq').toArray();
    expect(after).toHaveLength(3);
    expect(after[2]?.seq).toBeGreaterThan(after[1]?.seq ?? Number.POSITIVE_INFINITY);
    expect((after[2]?.hlc ?? '') > stamp(2)).toBe(true);
  });

  it('gives visits saved without needs an empty needs list and leaves recorded needs alone', async () => {
    const device = await upgradedDevice();
    expect((await device.db.visits.get(OLDEST))?.needs).toEqual([]);
    expect((await device.db.visits.get(MIDDLE))?.needs).toEqual([]);
    expect((await device.db.visits.get(NEWEST))?.needs).toEqual([{ kind: 'health', text: '需要上门体检' }]);
  });

  it("answers a household's visit history newest first from the new index", async () => {
    const device = await upgradedDevice();
    const history = await visitsOfHousehold(device, household.id);
    expect(history.map((visit) => visit.id)).toEqual([NEWEST, MIDDLE, OLDEST]);
    expect(
      await device.db.visits
        .where('[householdId+visitedAt]')
        .between([neighbour.id, ''], [neighbour.id, '\uffff'])
        .count(),
    ).toBe(1);
  });

  it('keeps only the visit indexes something reads, and still finds visits by household', async () => {
    const device = await upgradedDevice();
    const indexes = device.db.visits.schema.indexes.map((index) => index.name).sort();
    expect(indexes).toEqual(['[householdId+visitedAt]', 'followUpOn', 'visitedAt']);
    // By the first part of the compound index.
    const ids = await device.db.visits.where('householdId').equals(household.id).primaryKeys();
    expect(ids.sort()).toEqual([NEWEST, MIDDLE, OLDEST].sort());
    expect(await device.db.visits.where('householdId').anyOf([household.id, neighbour.id]).count()).toBe(4);
  });

  it('has the new notices table and the party members by home building index', async () => {
    const device = await upgradedDevice();
    expect(device.db.tables.map((table) => table.name)).toContain('notices');
    await device.db.notices.put({
      id: 'n1',
      kind: 'rejected',
      table: 'visits',
      recordId: OLDEST,
      createdAt: T0,
      seen: 0,
    });
    expect(await device.db.notices.orderBy('createdAt').count()).toBe(1);
    expect(
      await device.db.partyMembers
        .where('homeBuildingId')
        .equals(household.placeIds.buildingId ?? '')
        .count(),
    ).toBe(0);
  });
});

describe('a device updated to version 3', () => {
  it('has the photo, people and volunteer-hour tables, and finds follow-ups and issues by person', async () => {
    const device = await upgradedDevice();
    expect(device.db.tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['photos', 'people', 'volunteerLogs']),
    );
    await device.db.photos.put({ hash: 'a'.repeat(64), blob: new Blob(['x']), createdAt: T0, uploaded: 0 });
    expect(await device.db.photos.where('uploaded').equals(0).count()).toBe(1);
    await device.db.visits.update(NEWEST, { followUpOn: '2026-11-30' });
    expect(await device.db.visits.where('followUpOn').belowOrEqual('2026-12-01').count()).toBe(1);
    expect(await device.db.issues.where('assigneeId').equals(VISITOR_ID).count()).toBe(0);
    // Records from version 1 are all still there.
    expect(await device.db.visits.count()).toBe(4);
    expect(await device.db.outbox.count()).toBe(outboxV1.length);
  });
});

describe('a device updated to version 4', () => {
  it('has the community service tables, finds wishes by household and hours by activity, and keeps everything', async () => {
    const device = await upgradedDevice();
    expect(device.db.tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'partners',
        'serviceNeeds',
        'resources',
        'projects',
        'projectEvents',
        'wishes',
        'wishEvents',
        'activities',
      ]),
    );
    const wishId = '018f0000-0000-7000-8000-0000000000b1';
    await device.db.wishes.put({
      id: wishId,
      householdId: household.id,
      visitId: NEWEST,
      text: '想要一副老花镜',
      recordedBy: VISITOR_ID,
      recordedAt: '2026-11-20T02:00:00.000Z',
      status: 'open',
      ...household.placeIds,
      updatedAt: stamp(3),
      syncState: 'pending',
    });
    expect(await device.db.wishes.where('householdId').equals(household.id).count()).toBe(1);
    expect(await device.db.wishes.where('status').equals('open').primaryKeys()).toEqual([wishId]);
    expect(await device.db.volunteerLogs.where('activityId').equals(wishId).count()).toBe(0);
    // What version 1 left is all still there, the outbox in order.
    expect(await device.db.visits.count()).toBe(4);
    expect((await device.db.outbox.orderBy('seq').toArray()).map((entry) => entry.id)).toEqual(
      outboxV1.map((entry) => entry.id),
    );
  });
});
