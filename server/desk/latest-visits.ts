/**
 * Each household's latest visit (`household_visits`, migrations/0016), brought up to date from the
 * change log before the district report reads it: every record written gets a new sequence number,
 * in commit order (records.ts, SequenceAllocator), so the records with a number above the one kept
 * in `meta` under `latest_visits_seq` are exactly what changed since. Any writer is followed, the
 * server's pushes, moves and server writes as much as an import or the benchmark's generator.
 *
 * - A visit moves its household's latest visit forward. Visits are written once and never changed
 *   (`appendOnly`), so the latest only moves forward.
 * - A household changed (edited, deleted, moved) has its rows worked out again from its visits: a
 *   move rewrites its visits with it. One not yet visited has none to work out.
 * - A row holds its household's state: live (not deleted, and in that community), and whether it
 *   has a care tag. It is set when the row is made, and again when the household changes.
 *
 * A page of sequence numbers at a time, each in a transaction with the number it reached, so that
 * a crash loses nothing; on SQLite giving way to waiting requests between two (`TimeSlice`).
 * Between two reports a page or two; the first time, every visit.
 */
import { sql } from 'kysely';
import { type DatabaseKind, jsonFields } from '../db/json-fields.ts';
import { TimeSlice } from '../loop-turns.ts';
import type { Db } from '../sync/records.ts';

const KEY = 'latest_visits_seq';
/**
 * Sequence numbers a transaction, unless told (the tests' small pages). On SQLite a transaction
 * holds the one thread: 2,000 changes took about 40 ms here.
 */
const PAGE: Record<DatabaseKind, number> = { sqlite: 2_000, postgres: 20_000 };

export async function bringLatestVisitsUpToDate(db: Db, kind: DatabaseKind, page = PAGE[kind]): Promise<void> {
  const slice = new TimeSlice();
  // Bounded: each turn moves the kept number forward by a page, or ends.
  for (let turn = 0; turn < 10_000_000; turn++) {
    const reached = await db.transaction().execute(async (trx) => {
      // On PostgreSQL two servers bringing it up to date take turns at the kept number's row.
      const kept = await trx
        .selectFrom('meta')
        .select('value')
        .where('key', '=', KEY)
        .$if(kind === 'postgres', (query) => query.forUpdate())
        .executeTakeFirstOrThrow();
      // The counter as last committed: every change up to it is committed and visible.
      const counter = await trx.selectFrom('meta').select('value').where('key', '=', 'seq').executeTakeFirstOrThrow();
      const from = Number(kept.value);
      const last = Number(counter.value);
      if (from >= last) return true;
      const to = Math.min(last, from + page);
      await followChanges(trx, kind, from, to);
      await trx
        .updateTable('meta')
        .set({ value: String(to) })
        .where('key', '=', KEY)
        .execute();
      return to >= last;
    });
    if (reached) return;
    if (kind === 'sqlite') await slice.pause();
  }
}

async function followChanges(db: Db, kind: DatabaseKind, from: number, to: number): Promise<void> {
  const json = jsonFields(kind);
  // Records of a table, found otherwise than by the table: by their sequence numbers or their
  // parent. SQLite, without statistics, would rather read every visit by an index on the table
  // (the unary + keeps it from using one); PostgreSQL knows better.
  const tableIn = (alias: string, tables: string[]) =>
    sql<boolean>`${sql.raw(kind === 'sqlite' ? '+' : '')}${sql.ref(`${alias}.tbl`)} in (${sql.join(tables)})`;
  const households = (
    await db
      .selectFrom('records as c')
      .select('c.id')
      .where('c.seq', '>', from)
      .where('c.seq', '<=', to)
      .where(tableIn('c', ['households']))
      .execute()
  ).map((row) => row.id);

  const instant = json.instant('v', 'visitedAt');
  // Each (community, household)'s latest visit, and the household's state as it is now.
  const live = sql<number>`case when h.deleted = 0 and h.community_id = v.community_id then 1 else 0 end`;
  const latestVisits = db
    .selectFrom('records as v')
    .leftJoin('records as h', (join) => join.on('h.tbl', '=', 'households').onRef('h.id', '=', 'v.parent_id'))
    .select([
      'v.community_id',
      'v.parent_id',
      sql<string>`max(${instant})`.as('last_visit_at'),
      sql<number>`max(${live})`.as('live'),
      sql<number>`max(case when (${live}) = 1 and ${json.hasCareTag('h')} then 1 else 0 end)`.as('care'),
    ])
    .where(tableIn('v', ['visits']))
    .where('v.deleted', '=', 0)
    .where('v.community_id', 'is not', null)
    .where('v.parent_id', 'is not', null)
    .where(instant, 'is not', null)
    .groupBy(['v.community_id', 'v.parent_id']);
  const columns = ['community_id', 'household_id', 'last_visit_at', 'live', 'care'] as const;

  // Households changed that have rows: their rows again, from all their visits, with their state.
  // One without rows gets them from its visits below, as they come (all of them, when everything
  // is new).
  for (const some of chunks(households)) {
    const redone = (
      await db
        .selectFrom('household_visits')
        .select('household_id')
        .distinct()
        .where('household_id', 'in', some)
        .execute()
    ).map((row) => row.household_id);
    if (redone.length === 0) continue;
    await db.deleteFrom('household_visits').where('household_id', 'in', redone).execute();
    await db
      .insertInto('household_visits')
      .columns(columns)
      .expression(latestVisits.where('v.parent_id', 'in', redone))
      .execute();
  }

  // Visits written: the latest moves forward. A new row gets its household's state; a row's state
  // changes only with its household, above.
  await db
    .insertInto('household_visits')
    .columns(columns)
    .expression(latestVisits.where('v.seq', '>', from).where('v.seq', '<=', to))
    .onConflict((conflict) =>
      conflict
        .columns(['community_id', 'household_id'])
        .doUpdateSet({ last_visit_at: sql`excluded.last_visit_at` })
        .where(sql<boolean>`excluded.last_visit_at > household_visits.last_visit_at`),
    )
    .execute();
}

/** Ids in lists short enough for one statement's parameters. */
function chunks(ids: string[], size = 500): string[][] {
  const lists: string[][] = [];
  for (let at = 0; at < ids.length; at += size) lists.push(ids.slice(at, at + size));
  return lists;
}
