/**
 * Many visits written straight into a server database, for export and browse measurements: rows
 * shaped exactly as a push stores them (content, field stamps, place ids and parent from the
 * household, fresh sequence numbers), without a million HTTP round trips. SQLite files are filled
 * through one prepared statement; PostgreSQL through multi-row inserts.
 */
import SQLite from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { databaseKindOf } from '../../server/db/dialect.ts';
import { openDatabase, sqlitePath } from '../../server/db/open.ts';
import { formatHlc } from '../../shared/hlc.ts';

const NEEDS = ['血压偏高，需要上门测量', '希望社区帮忙联系维修', '咨询低保申请材料', '孩子上学接送有困难'];
const PURPOSES = ['contact', 'sentiment', 'policy', 'employment', 'service'];

export interface HouseholdRow {
  id: string;
  community_id: string;
  compound_id: string | null;
  building_id: string | null;
  grid_id: string | null;
}

/** The i-th visit of a bulk load, as the records table stores it (also the district bench's). */
export function visitRow(
  i: number,
  household: HouseholdRow,
  visitorId: string,
  seq: number,
  days: number,
  now: number,
) {
  const millis = now - ((i * 7919) % (days * 24 * 60)) * 60_000;
  const hlc = formatHlc({ millis, counter: 0, node: 'b0b0b0b0b0b0b0b0' });
  const content = {
    householdId: household.id,
    purpose: PURPOSES[i % PURPOSES.length],
    visitedAt: new Date(millis).toISOString(),
    visitorId,
    needs: i % 3 === 0 ? [{ kind: 'health', text: NEEDS[i % NEEDS.length] }] : [],
    note: '老人精神不错，已转告子女注意用药',
  };
  const stamps = Object.fromEntries(Object.keys(content).map((field) => [field, hlc]));
  return {
    tbl: 'visits',
    id: uuidv7(),
    data: JSON.stringify(content),
    field_hlcs: JSON.stringify(stamps),
    updated_at: hlc,
    deleted: 0,
    seq,
    community_id: household.community_id,
    compound_id: household.compound_id,
    building_id: household.building_id,
    grid_id: household.grid_id,
    parent_id: household.id,
  };
}

export async function addBulkVisits(
  databaseUrl: string,
  count: number,
  options: { days?: number } = {},
): Promise<void> {
  const days = options.days ?? 365;
  const now = Date.now();
  if (databaseKindOf(databaseUrl) === 'sqlite') {
    const sqlite = new SQLite(sqlitePath(databaseUrl));
    try {
      sqlite.pragma('journal_mode = WAL');
      const households = sqlite
        .prepare("select id, community_id, compound_id, building_id, grid_id from records where tbl = 'households'")
        .all() as HouseholdRow[];
      const workers = sqlite.prepare("select id, place_id from users where role = 'grid_worker'").all() as {
        id: string;
        place_id: string;
      }[];
      const workerOf = new Map(workers.map((worker) => [worker.place_id, worker.id]));
      const insert = sqlite.prepare(
        `insert into records (tbl, id, data, field_hlcs, updated_at, deleted, seq, community_id, compound_id, building_id, grid_id, parent_id)
         values (@tbl, @id, @data, @field_hlcs, @updated_at, @deleted, @seq, @community_id, @compound_id, @building_id, @grid_id, @parent_id)`,
      );
      let seq = Number((sqlite.prepare("select value from meta where key = 'seq'").get() as { value: string }).value);
      const write = sqlite.transaction((from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const household = households[i % households.length] as HouseholdRow;
          seq += 1;
          insert.run(visitRow(i, household, workerOf.get(household.grid_id ?? '') ?? 'unknown', seq, days, now));
        }
      });
      for (let start = 0; start < count; start += 50_000) write(start, Math.min(count, start + 50_000));
      sqlite.prepare("update meta set value = ? where key = 'seq'").run(String(seq));
    } finally {
      sqlite.close();
    }
    return;
  }
  const database = await openDatabase(databaseUrl);
  try {
    const { db } = database;
    const households = (await db
      .selectFrom('records')
      .select(['id', 'community_id', 'compound_id', 'building_id', 'grid_id'])
      .where('tbl', '=', 'households')
      .execute()) as HouseholdRow[];
    const workers = await db.selectFrom('users').select(['id', 'place_id']).where('role', '=', 'grid_worker').execute();
    const workerOf = new Map(workers.map((worker) => [worker.place_id, worker.id]));
    let seq = Number(
      (await db.selectFrom('meta').select('value').where('key', '=', 'seq').executeTakeFirstOrThrow()).value,
    );
    for (let start = 0; start < count; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        const household = households[i % households.length] as HouseholdRow;
        seq += 1;
        rows.push(visitRow(i, household, workerOf.get(household.grid_id ?? '') ?? 'unknown', seq, days, now));
      }
      await db.insertInto('records').values(rows).execute();
    }
    await db
      .updateTable('meta')
      .set({ value: String(seq) })
      .where('key', '=', 'seq')
      .execute();
  } finally {
    await database.close();
  }
}
