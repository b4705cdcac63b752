/**
 * Many visits written straight into a server database file, for export and browse measurements:
 * rows shaped exactly as a push stores them (content, field stamps, place ids from the household,
 * fresh sequence numbers), without a million HTTP round trips.
 */
import SQLite from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { formatHlc } from '../../shared/hlc.ts';

const NEEDS = ['血压偏高，需要上门测量', '希望社区帮忙联系维修', '咨询低保申请材料', '孩子上学接送有困难'];
const PURPOSES = ['contact', 'sentiment', 'policy', 'employment', 'service'];

export function addBulkVisits(databasePath: string, count: number, options: { days?: number } = {}): void {
  const sqlite = new SQLite(databasePath);
  try {
    sqlite.pragma('journal_mode = WAL');
    const households = sqlite
      .prepare("select id, community_id, compound_id, building_id, grid_id from records where tbl = 'households'")
      .all() as { id: string; community_id: string; compound_id: string; building_id: string; grid_id: string }[];
    const workers = sqlite.prepare("select id, place_id from users where role = 'grid_worker'").all() as {
      id: string;
      place_id: string;
    }[];
    const workerOf = new Map(workers.map((worker) => [worker.place_id, worker.id]));
    const insert = sqlite.prepare(
      `insert into records (tbl, id, data, field_hlcs, updated_at, deleted, seq, community_id, compound_id, building_id, grid_id)
       values ('visits', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    );
    const days = options.days ?? 365;
    const now = Date.now();
    let seq = Number((sqlite.prepare("select value from meta where key = 'seq'").get() as { value: string }).value);
    const write = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const household = households[i % households.length] as (typeof households)[number];
        const millis = now - ((i * 7919) % (days * 24 * 60)) * 60_000;
        const hlc = formatHlc({ millis, counter: 0, node: 'b0b0b0b0b0b0b0b0' });
        const content = {
          householdId: household.id,
          purpose: PURPOSES[i % PURPOSES.length],
          visitedAt: new Date(millis).toISOString(),
          visitorId: workerOf.get(household.grid_id) ?? 'unknown',
          needs: i % 3 === 0 ? [{ kind: 'health', text: NEEDS[i % NEEDS.length] }] : [],
          note: '老人精神不错，已转告子女注意用药',
        };
        const stamps = Object.fromEntries(Object.keys(content).map((field) => [field, hlc]));
        seq += 1;
        insert.run(
          uuidv7(),
          JSON.stringify(content),
          JSON.stringify(stamps),
          hlc,
          seq,
          household.community_id,
          household.compound_id,
          household.building_id,
          household.grid_id,
        );
      }
    });
    for (let start = 0; start < count; start += 50_000) write(start, Math.min(count, start + 50_000));
    sqlite.prepare("update meta set value = ? where key = 'seq'").run(String(seq));
  } finally {
    sqlite.close();
  }
}
