/**
 * Each household's latest visit (`household_visits`, migrations/0016), brought up to date from the
 * change log (server/desk/latest-visits.ts), from which the district report counts the households
 * visited and not visited lately. Brought up to date, it must say what the records say. After
 * every kind of write that touches it, it is checked against what is worked out here, in
 * JavaScript, from the visits and households themselves: visits pushed out of order and with other
 * offsets, a visit pushed with its new household, a care tag given and taken, a household deleted,
 * a household moved to another grid (its visits rewritten with it), a household and its visits put
 * in another community by another writer. A change a page, and all at once from nothing; and by a
 * server with a district key as it starts.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';
import { bringLatestVisitsUpToDate } from '../../server/desk/latest-visits.ts';
import { ApiClient, startServer, startServerProcess, type TestServer } from '../helpers/server.ts';
import {
  account,
  communityId,
  Device,
  household,
  householdsInBuilding,
  householdsInGrid,
  visitFields,
} from './support.ts';

interface Latest {
  last_visit_at: string;
  live: number;
  care: number;
}

/** What the table must hold, from the records: a row for each (community, household) with a live visit. */
async function fromRecords(server: TestServer): Promise<Map<string, Latest>> {
  const rows = await server.db
    .selectFrom('records')
    .select(['tbl', 'id', 'community_id', 'parent_id', 'deleted', 'data'])
    .where('tbl', 'in', ['visits', 'households'])
    .execute();
  const households = new Map(rows.filter((row) => row.tbl === 'households').map((row) => [row.id, row]));
  const latest = new Map<string, Latest>();
  for (const visit of rows) {
    if (visit.tbl !== 'visits' || visit.deleted !== 0 || !visit.community_id || !visit.parent_id) continue;
    const at = new Date(JSON.parse(visit.data).visitedAt).toISOString();
    const key = `${visit.community_id} ${visit.parent_id}`;
    const home = households.get(visit.parent_id);
    const live = home?.deleted === 0 && home.community_id === visit.community_id;
    const care = live && JSON.parse(home.data).tags.length > 0;
    const known = latest.get(key);
    if (!known || at > known.last_visit_at)
      latest.set(key, { last_visit_at: at, live: Number(live), care: Number(care) });
  }
  return latest;
}

async function stored(server: TestServer): Promise<Map<string, Latest>> {
  const rows = await server.db.selectFrom('household_visits').selectAll().execute();
  return new Map(
    rows.map((row) => [
      `${row.community_id} ${row.household_id}`,
      { last_visit_at: row.last_visit_at, live: Number(row.live), care: Number(row.care) },
    ]),
  );
}

const worker = account('worker01');
const grid = worker.place.id;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe("each household's latest visit", () => {
  let server: TestServer;
  const phone = new Device();
  const client = () => new ApiClient(server.url);
  let workerClient: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    workerClient = client();
    await workerClient.login('worker01');
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function push(as: ApiClient, mutations: unknown[]) {
    const { status, body } = await phone.push(as, mutations);
    expect(status).toBe(200);
    expect(body.results.map((result: { status: string }) => result.status)).toEqual(mutations.map(() => 'accepted'));
  }

  /** Brought up to date a sequence number a transaction unless told: each change a page of its own. */
  async function expectAsRecords(page = 1) {
    await bringLatestVisitsUpToDate(server.db, server.databaseKind, page);
    const expected = await fromRecords(server);
    expect(await stored(server)).toEqual(expected);
    return expected;
  }

  it('says what the records say after each kind of write', async () => {
    // The demo's own visits, written by the seed.
    expect((await expectAsRecords(1_000_000)).size).toBeGreaterThan(0);

    const [first, second, third, fourth] = householdsInGrid(grid) as [string, string, string, string];
    const key = (householdId: string) => `${communityId} ${householdId}`;
    const visit = (householdId: string, visitedAt: string) =>
      phone.put('visits', uuidv7(), visitFields(householdId, worker.id, { visitedAt }));

    // A later visit, then an earlier one pushed after it: the later stays the latest. The same
    // instant written with China's offset compares as the instant.
    const later = daysAgo(3);
    await push(workerClient, [visit(first, later.toISOString())]);
    await push(workerClient, [visit(first, daysAgo(9).toISOString())]);
    expect((await expectAsRecords()).get(key(first))?.last_visit_at).toBe(later.toISOString());
    const inChina = new Date(later.getTime() + 60_000);
    const chinaText = `${new Date(inChina.getTime() + 8 * 3600_000).toISOString().slice(0, 23)}+08:00`;
    await push(workerClient, [visit(first, chinaText)]);
    expect((await expectAsRecords()).get(key(first))?.last_visit_at).toBe(inChina.toISOString());

    // A new household and its first visit in one push.
    const newHousehold = (id: string, roomNo: string, tags: string[]) =>
      phone.put('households', id, {
        buildingId: household(first).buildingId,
        unitId: null,
        roomNo,
        address: '新登记',
        headName: '新住户',
        memberCount: 2,
        tags,
      });
    const newcomer = uuidv7();
    await push(workerClient, [newHousehold(newcomer, '新101', []), visit(newcomer, daysAgo(1).toISOString())]);
    expect((await expectAsRecords()).get(key(newcomer))).toMatchObject({ live: 1, care: 0 });
    // And one whose first visit comes later, on its own.
    const laterComer = uuidv7();
    await push(workerClient, [newHousehold(laterComer, '新102', ['disabled'])]);
    expect((await expectAsRecords()).has(key(laterComer))).toBe(false);
    await push(workerClient, [visit(laterComer, daysAgo(1).toISOString())]);
    expect((await expectAsRecords()).get(key(laterComer))).toMatchObject({ live: 1, care: 1 });

    // A care tag given to a household already visited, and taken away from another.
    await push(workerClient, [
      visit(second, daysAgo(2).toISOString()),
      visit(second, daysAgo(6).toISOString()),
      visit(third, daysAgo(2).toISOString()),
    ]);
    await push(workerClient, [
      phone.put('households', second, { tags: ['elderly_alone'] }),
      phone.put('households', third, { tags: [] }),
    ]);
    expect((await expectAsRecords()).get(key(second))).toMatchObject({ live: 1, care: 1 });

    // A household deleted: its row stays, no longer live.
    const supervisor = client();
    await supervisor.login('supervisor');
    await push(workerClient, [visit(fourth, daysAgo(4).toISOString())]);
    await push(supervisor, [phone.delete('households', fourth)]);
    expect((await expectAsRecords()).get(key(fourth))).toMatchObject({ live: 0 });

    // A household moved to another grid: its visits are rewritten with it, and keep their latest.
    const otherGrid = account('worker02').place.id;
    const [elsewhere] = householdsInBuilding(
      household(householdsInGrid(otherGrid)[0] as string).buildingId as string,
    ) as [string];
    const before = (await stored(server)).get(key(first));
    await push(supervisor, [
      phone.put('households', first, { buildingId: household(elsewhere).buildingId, unitId: null }),
    ]);
    const visitsMoved = await server.db
      .selectFrom('records')
      .select('grid_id')
      .where('tbl', '=', 'visits')
      .where('parent_id', '=', first)
      .execute();
    expect(new Set(visitsMoved.map((row) => row.grid_id))).toEqual(new Set([otherGrid]));
    expect((await expectAsRecords()).get(key(first))).toEqual(before);

    // A household and its visits put in another community by another writer of the change log
    // (an import, another tool): each row rewritten under a new sequence number.
    const rewritten = [
      { tbl: 'households', id: second },
      ...(
        await server.db
          .selectFrom('records')
          .select('id')
          .where('tbl', '=', 'visits')
          .where('parent_id', '=', second)
          .execute()
      ).map((row) => ({ tbl: 'visits', id: row.id })),
    ];
    expect(rewritten.length).toBeGreaterThan(2);
    let seq = Number(
      (await server.db.selectFrom('meta').select('value').where('key', '=', 'seq').executeTakeFirstOrThrow()).value,
    );
    for (const row of rewritten) {
      await server.db
        .updateTable('records')
        .set({ community_id: 'another-community', seq: ++seq })
        .where('tbl', '=', row.tbl)
        .where('id', '=', row.id)
        .execute();
    }
    await server.db
      .updateTable('meta')
      .set({ value: String(seq) })
      .where('key', '=', 'seq')
      .execute();
    const moved = await expectAsRecords();
    expect(moved.has(key(second))).toBe(false);
    expect(moved.get(`another-community ${second}`)).toMatchObject({ live: 1, care: 1 });
  });

  it('is built whole from nothing, in one page or many, as it was kept', async () => {
    const kept = await expectAsRecords(1_000_000);
    for (const page of [1_000_000, 997]) {
      await server.db.deleteFrom('household_visits').execute();
      await server.db.updateTable('meta').set({ value: '0' }).where('key', '=', 'latest_visits_seq').execute();
      expect(await stored(server)).toEqual(new Map());
      expect(await expectAsRecords(page)).toEqual(kept);
    }
  });

  it('is brought up to date by a server with a district key as it starts, before any report', async () => {
    // A fresh demo database: visits written, none followed yet, as after the upgrade.
    const started = await startServerProcess({
      env: { DISTRICT_REPORT_TOKEN: 'district-key-0123456789-abcdefghijklmnop' },
    });
    const opened = await openDatabase(started.databaseUrl);
    try {
      const meta = async (key: string) =>
        Number(
          (await opened.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value,
        );
      const counter = await meta('seq');
      expect(counter).toBeGreaterThan(0);
      // Bounded: 20 s at most.
      for (let look = 0; look < 200 && (await meta('latest_visits_seq')) < counter; look++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await meta('latest_visits_seq')).toBe(counter);
      const rows = await opened.db
        .selectFrom('household_visits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBeGreaterThan(0);
    } finally {
      await opened.close();
      await started.stop();
    }
  });
});
