/**
 * The ceiling for a push of new visits on this machine: the rows a push writes today
 * (server/sync/push.ts applyPush → records.ts saveRecord, and the mutation's answer), written
 * with prepared better-sqlite3 statements, one transaction per batch of 500, no HTTP, no
 * validation, no merge, into a database made by our own migrations (the same indexes).
 *
 * Per batch: the sequence claim (UPDATE … RETURNING on meta), then per mutation the record's row
 * (all twelve columns, parent_id included, an upsert as saveRecord writes it, under its own
 * sequence number) and its answer in `mutations` (with the next sequence number), then the
 * counter stored. With `reads`, also the reads a push makes before writing: the batch's earlier
 * answers, its records and their parents, one IN query each.
 *
 * After a run, `compareWithPush` checks that the rows are the ones our server wrote for the same
 * mutations, column by column: a ceiling that writes less than a push would flatter the gap.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Mutation } from '../shared/sync-messages.ts';
import { SEEDED_TEMPLATE, tempDir } from '../tests/helpers/paths.ts';
import { perSecond } from './report.ts';

export interface CeilingRun {
  rps: number;
  databasePath: string;
  cleanup(): void;
}

interface PlaceRow {
  community_id: string;
  compound_id: string | null;
  building_id: string | null;
  grid_id: string | null;
}

const RECORD_COLUMNS = [
  'tbl',
  'id',
  'data',
  'field_hlcs',
  'updated_at',
  'deleted',
  'seq',
  'community_id',
  'compound_id',
  'building_id',
  'grid_id',
  'parent_id',
] as const;
const MUTATION_COLUMNS = [
  'id',
  'device_id',
  'user_id',
  'tbl',
  'record_id',
  'op',
  'hlc',
  'result',
  'received_at',
  'seq',
] as const;

/** The seeded demo database, copied: what the HTTP push starts from too. */
function seededCopy(): { path: string; dir: string } {
  const dir = tempDir('bench-ceiling');
  const path = join(dir, 'ceiling.db');
  copyFileSync(SEEDED_TEMPLATE, path);
  return { path, dir };
}

export function rawCeiling(
  mutations: readonly Mutation[],
  options: { deviceId: string; userId: string; batch: number; reads: boolean },
): CeilingRun {
  const { path, dir } = seededCopy();
  const db = new SQLite(path);
  // The server's own settings (server/db/open.ts): a push acknowledged survives a power cut.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const claim = db.prepare(`update meta set value = value where key = 'seq' returning value`);
  const store = db.prepare(`update meta set value = ? where key = 'seq'`);
  const upsert = db.prepare(
    `insert into records (${RECORD_COLUMNS.join(', ')}) values (${RECORD_COLUMNS.map(() => '?').join(', ')})
     on conflict (tbl, id) do update set data = excluded.data, field_hlcs = excluded.field_hlcs,
       updated_at = excluded.updated_at, deleted = excluded.deleted, seq = excluded.seq,
       community_id = excluded.community_id, compound_id = excluded.compound_id,
       building_id = excluded.building_id, grid_id = excluded.grid_id, parent_id = excluded.parent_id`,
  );
  const answer = db.prepare(
    `insert into mutations (${MUTATION_COLUMNS.join(', ')}) values (${MUTATION_COLUMNS.map(() => '?').join(', ')})`,
  );
  // The reads a push makes, as server/sync/sqlite-statements.ts words them: one query a table for
  // the batch's records and their parents, one for the batch's earlier answers.
  const recordsIn = db.prepare('select * from records where tbl = ? and id in (select value from json_each(?))');
  const answersIn = db.prepare(
    'select id, result from mutations where user_id = ? and id in (select value from json_each(?))',
  );
  // The place ids each visit takes from its household, known before the clock starts (with
  // `reads`, each batch reads its households again, as the push does).
  const households = new Map(
    (
      db
        .prepare("select id, community_id, compound_id, building_id, grid_id from records where tbl = 'households'")
        .all() as (PlaceRow & { id: string })[]
    ).map((row) => [row.id, row]),
  );

  const writeBatch = db.transaction((batch: readonly Mutation[]) => {
    const row = claim.get() as { value: string };
    let seq = Number(row.value);
    const now = new Date().toISOString();
    if (options.reads) {
      answersIn.all(options.userId, JSON.stringify(batch.map((m) => m.id)));
      recordsIn.all('visits', JSON.stringify(batch.map((m) => m.recordId)));
      const parents = new Set(batch.map((m) => m.fields?.householdId as string));
      recordsIn.all('households', JSON.stringify([...parents]));
    }
    for (const m of batch) {
      const fields = m.fields ?? {};
      const householdId = fields.householdId as string;
      const place = households.get(householdId) as PlaceRow;
      const stamps: Record<string, string> = {};
      for (const field of Object.keys(fields)) stamps[field] = m.hlc;
      upsert.run(
        m.table,
        m.recordId,
        JSON.stringify(fields),
        JSON.stringify(stamps),
        m.hlc,
        0,
        ++seq,
        place.community_id,
        place.compound_id,
        place.building_id,
        place.grid_id,
        householdId,
      );
      answer.run(
        m.id,
        options.deviceId,
        options.userId,
        m.table,
        m.recordId,
        m.op,
        m.hlc,
        JSON.stringify({ id: m.id, status: 'accepted' }),
        now,
        ++seq,
      );
    }
    store.run(String(seq));
  });

  const started = performance.now();
  for (let i = 0; i < mutations.length; i += options.batch) writeBatch(mutations.slice(i, i + options.batch));
  const elapsed = performance.now() - started;
  db.close();
  return {
    rps: perSecond(mutations.length, elapsed),
    databasePath: path,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Columns where the ceiling's rows differ from those our server wrote for the same visits, with
 * how many rows differ (empty when they are the same). The time an answer was received differs
 * by nature and is left out.
 */
export function compareWithPush(ceilingPath: string, pushedPath: string): string[] {
  const db = new SQLite(ceilingPath, { readonly: true });
  try {
    db.prepare('attach database ? as pushed').run(pushedPath);
    const differences: string[] = [];
    const compare = (table: string, key: string, columns: readonly string[], where: string) => {
      const missing = db
        .prepare(
          `select count(*) as n from main.${table} c where ${where} and not exists
             (select 1 from pushed.${table} p where ${key})`,
        )
        .get() as { n: number };
      if (missing.n > 0) differences.push(`${table}: ${missing.n} rows the push did not write`);
      for (const column of columns) {
        const differing = db
          .prepare(
            `select count(*) as n from main.${table} c join pushed.${table} p on ${key}
             where ${where} and c.${column} is not p.${column}`,
          )
          .get() as { n: number };
        if (differing.n > 0) differences.push(`${table}.${column} differs in ${differing.n} rows`);
      }
    };
    compare('records', 'p.tbl = c.tbl and p.id = c.id', RECORD_COLUMNS, "c.tbl = 'visits'");
    compare(
      'mutations',
      'p.user_id = c.user_id and p.id = c.id',
      MUTATION_COLUMNS.filter((column) => column !== 'received_at'),
      '1 = 1',
    );
    const [ceilingSeq, pushedSeq] = ['main', 'pushed'].map(
      (schema) => (db.prepare(`select value from ${schema}.meta where key = 'seq'`).get() as { value: string }).value,
    );
    if (ceilingSeq !== pushedSeq) differences.push(`the sequence ends at ${ceilingSeq}, the push's at ${pushedSeq}`);
    return differences;
  } finally {
    db.close();
  }
}
