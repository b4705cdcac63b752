/**
 * SQL over the fields inside `records.data` (JSON text), for SQLite and PostgreSQL alike. Every
 * query that reads a field of a record's content goes through here, so that the two dialects'
 * spellings live in one file: SQLite's `json_extract(data, '$.field')`, PostgreSQL's
 * `(data::jsonb ->> 'field')`.
 */
import { type RawBuilder, sql } from 'kysely';

export type DatabaseKind = 'sqlite' | 'postgres';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function name(identifier: string): string {
  // Field and alias names come from our own code, never from a request; still, refuse anything odd.
  if (!NAME.test(identifier)) throw new Error(`not a plain name: ${identifier}`);
  return identifier;
}

export interface JsonFields {
  /** A content field as text (numbers and booleans as their text), null when absent. */
  text(alias: string, field: string): RawBuilder<string | null>;
  /** A numeric content field as a number. */
  number(alias: string, field: string): RawBuilder<number | null>;
  /** Whether a boolean field is true (absent is false). */
  isTrue(alias: string, field: string): RawBuilder<boolean>;
  /** Whether a list field holds the value (a care tag among `tags`). */
  listHas(alias: string, field: string, value: string): RawBuilder<boolean>;
  /**
   * A date-time field as UTC ISO text with milliseconds (`2026-11-29T08:00:00.000Z`), whatever
   * offset it was written with, so that it compares as text with `Date#toISOString()` bounds.
   */
  instant(alias: string, field: string): RawBuilder<string | null>;
  /** Hours from one date-time expression (ISO text) to another. */
  hoursBetween(from: RawBuilder<string | null>, to: RawBuilder<string | null>): RawBuilder<number | null>;
}

const sqlite: JsonFields = {
  text: (alias, field) => sql<string | null>`json_extract(${sql.ref(`${name(alias)}.data`)}, ${`$.${name(field)}`})`,
  number: (alias, field) => sql<number | null>`json_extract(${sql.ref(`${name(alias)}.data`)}, ${`$.${name(field)}`})`,
  isTrue: (alias, field) =>
    sql<boolean>`(coalesce(json_extract(${sql.ref(`${name(alias)}.data`)}, ${`$.${name(field)}`}), 0) = 1)`,
  listHas: (alias, field, value) =>
    sql<boolean>`exists (select 1 from json_each(${sql.ref(`${name(alias)}.data`)}, ${`$.${name(field)}`}) where json_each.value = ${value})`,
  instant: (alias, field) =>
    sql<
      string | null
    >`strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(${sql.ref(`${name(alias)}.data`)}, ${`$.${name(field)}`}))`,
  hoursBetween: (from, to) => sql<number | null>`((julianday(${to}) - julianday(${from})) * 24.0)`,
};

const postgres: JsonFields = {
  text: (alias, field) => sql<string | null>`(${sql.ref(`${name(alias)}.data`)}::jsonb ->> ${name(field)})`,
  number: (alias, field) =>
    sql<number | null>`((${sql.ref(`${name(alias)}.data`)}::jsonb ->> ${name(field)})::double precision)`,
  isTrue: (alias, field) =>
    sql<boolean>`coalesce((${sql.ref(`${name(alias)}.data`)}::jsonb ->> ${name(field)})::boolean, false)`,
  listHas: (alias, field, value) =>
    sql<boolean>`((${sql.ref(`${name(alias)}.data`)}::jsonb -> ${name(field)}) @> jsonb_build_array(${value}::text))`,
  instant: (alias, field) =>
    sql<
      string | null
    >`to_char(((${sql.ref(`${name(alias)}.data`)}::jsonb ->> ${name(field)})::timestamptz at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  hoursBetween: (from, to) =>
    sql<number | null>`(extract(epoch from ((${to})::timestamptz - (${from})::timestamptz)) / 3600.0)`,
};

export function jsonFields(kind: DatabaseKind): JsonFields {
  return kind === 'postgres' ? postgres : sqlite;
}
