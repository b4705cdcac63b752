/**
 * Opens the database named by DATABASE_URL (an SQLite file, or PostgreSQL) and brings its schema
 * up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { rememberSqliteConnection } from '../sync/sqlite-statements.ts';
import { type DatabaseKind, databaseKindOf } from './dialect.ts';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export function sqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) throw new Error(`not a file: URL: ${databaseUrl}`);
  return resolve(databaseUrl.slice('file:'.length));
}

/** Prepared statements kept per SQL text, at most this many (IN lists of varying length differ). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query anew; preparing costs as much as running a small one. The same few
 * statements run for every mutation of a push, so they are prepared once and reused.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      if (statement) {
        // Map order is insertion order: re-inserting keeps recently used statements last.
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

function openSqlite(databaseUrl: string): Kysely<Database> {
  const path = sqlitePath(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL + synchronous=FULL: a push acknowledged to a device survives a crash or power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  // A write that cannot get the lock within 100 ms fails (503 busy, the device sends again) rather
  // than blocking: better-sqlite3 is synchronous, so a long wait would stall every request.
  sqlite.pragma('busy_timeout = 100');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  rememberSqliteConnection(db, sqlite);
  return db;
}

/**
 * PostgreSQL returns bigint (int8) columns and counts as strings, since they may exceed what a
 * JavaScript number holds exactly. Ours (sequence numbers, ids, counts) never come near 2^53:
 * they are read as numbers, like SQLite's, and one that did not fit would fail loudly.
 */
function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? parseBigint
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * How long a statement on PostgreSQL waits for a lock another transaction holds (most often the
 * change sequence a push claims first) before it fails as busy: 503, and the device sends again.
 * A waiting request holds one of the pool's connections, so waiting behind a stuck writer without
 * end would in time stall every request, as a locked SQLite file would (see its busy_timeout).
 * A push of 500 visits holds the sequence for well under a second.
 */
const POSTGRES_LOCK_WAIT_MS = 1000;

function openPostgres(databaseUrl: string, settings: Pick<pg.PoolConfig, 'max' | 'lock_timeout'>): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, types: postgresTypes, ...settings });
  // A pooled connection that breaks while idle (the database restarted) is dropped and replaced
  // by the pool; without a listener its error would end the process.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(db: Kysely<Database>, kind: DatabaseKind): Promise<void> {
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, kind);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

export async function openDatabase(
  databaseUrl: string,
  options: { postgresLockWaitMs?: number } = {},
): Promise<OpenDatabase> {
  const kind = databaseKindOf(databaseUrl);
  if (kind === 'sqlite') {
    const db = openSqlite(databaseUrl);
    await migrate(db, kind);
    return { db, kind, close: () => db.destroy() };
  }
  // Migrations get a connection of their own, without the lock timeout: they may have to wait for
  // another server starting at the same time to finish migrating (Kysely holds an advisory lock).
  const migrating = openPostgres(databaseUrl, { max: 1 });
  await migrate(migrating, kind);
  await migrating.destroy();
  const db = openPostgres(databaseUrl, { lock_timeout: options.postgresLockWaitMs ?? POSTGRES_LOCK_WAIT_MS });
  return { db, kind, close: () => db.destroy() };
}
