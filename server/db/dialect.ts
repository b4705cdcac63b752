/**
 * What differs between the two databases the server runs on, kept in this one module: SQLite (the
 * embedded default) and PostgreSQL (for scale). Everything else is one query for both, through
 * Kysely; sync and route code asks here instead of testing the database kind itself.
 */
import type { CreateTableBuilder } from 'kysely';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Which database a DATABASE_URL names: `file:PATH` is SQLite, `postgres://…` PostgreSQL. */
export function databaseKindOf(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgres';
  throw new Error(
    `DATABASE_URL must be file:PATH (SQLite) or postgres://… (PostgreSQL), got "${describeDatabaseUrl(databaseUrl)}"`,
  );
}

/** The URL as logs may show it: a PostgreSQL password is replaced by "***". */
export function describeDatabaseUrl(databaseUrl: string): string {
  return databaseUrl.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/**
 * Adds an id column the database numbers on insert: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT
 * (never reuses a number), a bigint identity column on PostgreSQL (which has no AUTOINCREMENT).
 */
export function addAutoIncrementId<TB extends string, C extends string>(
  kind: DatabaseKind,
  table: CreateTableBuilder<TB, C>,
  column: string,
) {
  return kind === 'postgres'
    ? table.addColumn(column, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement());
}

/** The column type for bytes (a photo): SQLite's BLOB, PostgreSQL's BYTEA. */
export function bytesType(kind: DatabaseKind): 'blob' | 'bytea' {
  return kind === 'postgres' ? 'bytea' : 'blob';
}
