/** What a simulation checks at its end, against the oracle (shared by the simulation tests). */
import { expect } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';
import { generateDemoData } from '../../server/seed/generate.ts';
import { SYNC_TABLES, type SyncTable } from '../../shared/domain.ts';
import type { Change, MutationResult, PullResponse } from '../../shared/sync-messages.ts';
import type { LocalRecord } from '../../src/db/database.ts';
import type { ApiClient } from '../helpers/server.ts';
import { type LogEntry, Oracle } from './oracle.ts';
import type { SimDevice, World } from './world.ts';

const demo = generateDemoData();

/** What the server holds for a user's scope, pulled from the beginning in pages. */
async function serverView(client: ApiClient): Promise<Map<string, Change>> {
  const view = new Map<string, Change>();
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = cursor ? `?cursor=${cursor}&limit=5000` : '?limit=5000';
    const { body } = (await client.request('GET', `/api/sync/pull${query}`)) as { body: PullResponse };
    for (const change of body.changes) view.set(`${change.table}:${change.recordId}`, change);
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  return view;
}

async function deviceView(device: SimDevice): Promise<Map<string, LocalRecord<SyncTable>>> {
  const view = new Map<string, LocalRecord<SyncTable>>();
  for (const table of SYNC_TABLES) {
    for (const record of await device.db.recordTable(table).toArray()) view.set(`${table}:${record.id}`, record);
  }
  return view;
}

function withoutLocalState(record: Record<string, unknown>): Record<string, unknown> {
  const { syncState: _state, rejection: _rejection, ...rest } = record;
  return rest;
}

function sortedSets(table: string, data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  const sets = table === 'partyMembers' ? ['dutyShifts'] : ['tags'];
  for (const field of sets) if (Array.isArray(out[field])) out[field] = [...(out[field] as string[])].sort();
  return out;
}

export interface ServerRows {
  records: { tbl: string; id: string; data: string; field_hlcs: string; deleted: number }[];
  log: LogEntry[];
}

/** The server's records and its answers in the order it gave them, read from its database. */
export async function readServer(databaseUrl: string): Promise<ServerRows> {
  const database = await openDatabase(databaseUrl);
  try {
    const records = await database.db
      .selectFrom('records')
      .select(['tbl', 'id', 'data', 'field_hlcs', 'deleted'])
      .execute();
    const rows = await database.db
      .selectFrom('mutations')
      .select(['user_id', 'id', 'tbl', 'record_id', 'op', 'hlc', 'result'])
      .orderBy('seq')
      .execute();
    const log = rows.map(
      (row): LogEntry => ({
        userId: row.user_id,
        id: row.id,
        table: row.tbl,
        recordId: row.record_id,
        op: row.op,
        hlc: row.hlc,
        status: (JSON.parse(row.result) as MutationResult).status,
      }),
    );
    return { records: records.map((row) => ({ ...row, deleted: Number(row.deleted) })), log };
  } finally {
    await database.close();
  }
}

/**
 * The end of a run, every phone online and synced: the server and every phone hold what the
 * oracle says, nothing acknowledged is lost, nothing is applied twice, and every write sorts
 * after what its phone had seen.
 */
export async function expectWhatTheOracleSays(
  world: World,
  seeded: ServerRows['records'],
  options: { minimumCompared?: number } = {},
): Promise<void> {
  // 1. Every outbox drained: nothing waits on any device.
  for (const device of world.devices) expect(await device.db.outbox.count(), device.name).toBe(0);

  const { records, log } = await readServer(world.server.databaseUrl);

  // 2. Nothing acknowledged to a phone is missing from the server's answers as kept.
  const kept = new Map(log.map((entry) => [`${entry.userId}:${entry.id}`, entry.status]));
  for (const device of world.devices) {
    for (const id of device.acknowledged) {
      expect(kept.get(`${device.userId}:${id}`), `${device.name} was told ${id} was kept`).toMatch(/accepted|merged/);
    }
  }

  // 3. No mutation applied twice: every visit made on a phone is on the server once, but those
  //    that were only ever on a wiped phone (which may or may not have reached it before).
  // (The demo's own visits were seeded before the run, by no phone.)
  const seededIds = new Set(seeded.map((row) => row.id));
  const serverVisits = records.filter((row) => row.tbl === 'visits' && !seededIds.has(row.id)).map((row) => row.id);
  const created = new Set(world.devices.flatMap((device) => [...device.visitsCreated]));
  const lost = new Set(world.devices.flatMap((device) => [...device.visitsLost]));
  expect(new Set(serverVisits).size).toBe(serverVisits.length);
  expect(serverVisits.filter((id) => !created.has(id))).toEqual([]);
  expect([...created].filter((id) => !lost.has(id) && !serverVisits.includes(id))).toEqual([]);

  // 4. The oracle: who should have won every field and every issue's state.
  const roles = new Map(demo.users.map((user) => [user.id, user.role]));
  const oracle = new Oracle(roles);
  for (const row of seeded)
    oracle.seed(row.tbl, row.id, JSON.parse(row.data), JSON.parse(row.field_hlcs), row.deleted === 1);
  oracle.fold(log, world.sent);
  const wrongVerdicts = oracle.verdicts.filter((verdict) => verdict.expected !== verdict.server);
  expect(wrongVerdicts, 'issue events decided against the lifecycle').toEqual([]);
  expect(oracle.verdicts.filter((v) => v.expected === 'rejected').length).toBeGreaterThan(0);
  let compared = 0;
  for (const row of records) {
    const model = oracle.records.get(`${row.tbl}:${row.id}`);
    expect(model, `${row.tbl} ${row.id} on the server but never sent`).toBeDefined();
    if (!model) continue;
    expect(row.deleted === 1, `${row.tbl} ${row.id} deleted`).toBe(model.deleted);
    if (row.deleted === 1) continue;
    expect(sortedSets(row.tbl, JSON.parse(row.data)), `${row.tbl} ${row.id}`).toEqual(
      sortedSets(row.tbl, oracle.expected(model)),
    );
    compared++;
  }
  expect(compared).toBeGreaterThan(options.minimumCompared ?? 2000);

  // 5. Every write sorts after what its phone had seen when it was made.
  for (const device of world.devices) {
    for (const write of device.writes) {
      expect(write.hlc > write.seen, `${device.name}: ${write.what} at ${write.hlc} after seeing ${write.seen}`).toBe(
        true,
      );
    }
  }

  // 6. Every phone holds exactly what the server holds for its scope.
  for (const device of world.devices) {
    const [fromServer, onDevice] = await Promise.all([serverView(device.client), deviceView(device)]);
    for (const [key, change] of fromServer) {
      const local = onDevice.get(key);
      if (change.deleted || change.left) {
        expect(local, `${device.name} still has deleted ${key}`).toBeUndefined();
        continue;
      }
      expect(local, `${device.name} misses ${key}`).toBeDefined();
      expect(withoutLocalState(local as unknown as Record<string, unknown>), `${device.name} ${key}`).toEqual(
        change.record,
      );
      expect(local?.syncState).toBe('synced');
    }
    for (const [key, local] of onDevice) {
      // A change the server refused stays visible on its device, marked rejected, and nowhere else.
      if (!fromServer.has(key)) expect(local.syncState, `${device.name} has extra ${key}`).toBe('rejected');
    }
  }
}
