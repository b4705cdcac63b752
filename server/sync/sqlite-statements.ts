/**
 * The push's hot statements on SQLite, prepared once and run directly on the connection: a push
 * of 500 visits runs a few statements per record, and building and compiling each one through
 * the query builder cost more than SQLite took to run it. Only the statements every mutation runs
 * are here; everything else goes through Kysely. They run inside the change transaction that
 * Kysely holds on the same connection (SQLite has one), so they see and write what it does.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { Database, MutationsTable, RecordsTable } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface HotStatements {
  record(table: string, id: string): RecordsTable | undefined;
  /** The records of one table among these ids, in one statement. */
  recordsIn(table: string, ids: readonly string[]): RecordsTable[];
  saveRecord(row: RecordsTable): void;
  /** Earlier answers of this user to any of these mutation ids. */
  answersIn(userId: string, ids: readonly string[]): { id: string; result: string }[];
  logMutation(row: MutationsTable): void;
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
  'user_id',
  'id',
  'device_id',
  'tbl',
  'record_id',
  'op',
  'hlc',
  'result',
  'received_at',
  'seq',
] as const;

const named = (columns: readonly string[]) => columns.map((column) => `@${column}`).join(', ');

function prepare(sqlite: SQLite.Database): HotStatements {
  const record = sqlite.prepare<[string, string], RecordsTable>('select * from records where tbl = ? and id = ?');
  const recordsIn = sqlite.prepare<[string, string], RecordsTable>(
    'select * from records where tbl = ? and id in (select value from json_each(?))',
  );
  const saveRecord = sqlite.prepare<RecordsTable>(
    `insert into records (${RECORD_COLUMNS.join(', ')}) values (${named(RECORD_COLUMNS)})
     on conflict (tbl, id) do update set ${RECORD_COLUMNS.filter((c) => c !== 'tbl' && c !== 'id')
       .map((column) => `${column} = excluded.${column}`)
       .join(', ')}`,
  );
  const answersIn = sqlite.prepare<[string, string], { id: string; result: string }>(
    'select id, result from mutations where user_id = ? and id in (select value from json_each(?))',
  );
  const logMutation = sqlite.prepare<MutationsTable>(
    `insert into mutations (${MUTATION_COLUMNS.join(', ')}) values (${named(MUTATION_COLUMNS)})`,
  );
  return {
    record: (table, id) => record.get(table, id),
    recordsIn: (table, ids) => recordsIn.all(table, JSON.stringify(ids)),
    saveRecord: (row) => void saveRecord.run(row),
    answersIn: (userId, ids) => answersIn.all(userId, JSON.stringify(ids)),
    logMutation: (row) => void logMutation.run(row),
  };
}

/** The SQLite connection behind each Kysely instance (and each of its change transactions). */
const databases = new WeakMap<object, SQLite.Database>();
const transactions = new WeakMap<object, SQLite.Database>();
const statements = new WeakMap<SQLite.Database, HotStatements>();

/** Called where the SQLite database is opened: its Kysely instance and the connection under it. */
export function rememberSqliteConnection(db: Db, sqlite: SQLite.Database): void {
  databases.set(db, sqlite);
}

/**
 * A transaction of `db` runs on the same connection, which it holds until it ends: only then may
 * statements run on the connection directly. (A push lets other requests in between its
 * mutations; one of them running a statement on the connection outside Kysely's turn would run
 * inside the push's open transaction.)
 */
export function sameConnection(db: Db, trx: Transaction<Database>): void {
  const sqlite = databases.get(db);
  if (sqlite) transactions.set(trx, sqlite);
}

/** The SQLite connection a transaction holds; null outside one, and on PostgreSQL. */
export function connectionOf(db: Db): SQLite.Database | null {
  return transactions.get(db) ?? null;
}

/** The hot statements for this transaction; null outside one, and on PostgreSQL (Kysely's path). */
export function hotStatements(db: Db): HotStatements | null {
  const sqlite = connectionOf(db);
  if (!sqlite) return null;
  let prepared = statements.get(sqlite);
  if (!prepared) {
    prepared = prepare(sqlite);
    statements.set(sqlite, prepared);
  }
  return prepared;
}
