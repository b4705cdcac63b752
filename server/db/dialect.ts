/**
 * What differs between the two databases the server runs on, kept in this one module: SQLite (the
 * embedded default) and PostgreSQL (for scale). Everything else is one query for both, through
 * Kysely; sync and route code asks here instead of testing the database kind itself.
 */
import { type CreateTableBuilder, type RawBuilder, sql } from 'kysely';

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

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * A top-level string field of a record's content as an SQL expression, for queries over
 * `records.data` (the record's JSON text), e.g. visits by `purpose`: `json_extract` on SQLite,
 * `->>` on PostgreSQL. NULL when the field is absent or null. Meant for string fields: a number or
 * a boolean comes back as SQLite's native value but as PostgreSQL's text of it.
 *
 * The field name is written into the SQL as a literal (after checking it is a plain name), so
 * that the same expression can back an expression index on either database.
 */
export function recordText(kind: DatabaseKind, field: string, table = 'records'): RawBuilder<string | null> {
  if (!FIELD_NAME.test(field)) throw new Error(`not a record field name: ${JSON.stringify(field)}`);
  const data = sql.ref(`${table}.data`);
  return kind === 'postgres'
    ? // json, not jsonb: one field is read from text parsed once, without building jsonb's binary form.
      sql<string | null>`(${data}::json ->> ${sql.lit(field)})`
    : sql<string | null>`json_extract(${data}, ${sql.lit(`$.${field}`)})`;
}
