/** Opens the database named by DATABASE_URL and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
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

export async function openDatabase(databaseUrl: string): Promise<OpenDatabase> {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    throw new Error('PostgreSQL is not supported by this build yet: use a file: DATABASE_URL (SQLite)');
  }
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be file:PATH (SQLite) or postgres://…, got "${databaseUrl}"`);
  }
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
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return { db, kind: 'sqlite', close: () => db.destroy() };
}
