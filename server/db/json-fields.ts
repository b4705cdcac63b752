/**
 * SQL over the fields inside `records.data` (JSON text), for SQLite and PostgreSQL alike. Every
 * query that reads a field of a record's content goes through here, so that the two dialects'
 * spellings live in one file: SQLite's `json_extract(data, '$.field')`, PostgreSQL's
 * `(data::jsonb ->> 'field')`.
 *
 * Field names are written into the SQL as literals (they come from our code, and are checked to
 * be plain names), not as parameters: an expression index (migrations/0011) is used only by a
 * query whose expression is the index's, literal for literal.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

import type { DatabaseKind } from './dialect.ts';

export type { DatabaseKind };

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function name(identifier: string): string {
  // Field and alias names come from our own code, never from a request; still, refuse anything odd.
  if (!NAME.test(identifier)) throw new Error(`not a plain name: ${identifier}`);
  return identifier;
}

/** An ISO date-time written with any offset is within 14 hours of its UTC form (UTC−12 … UTC+14). */
const MAX_OFFSET_MS = 14 * 3600 * 1000;

export interface JsonFields {
  /** A content field as text (numbers and booleans as their JSON values), null when absent. */
  text(alias: string, field: string): RawBuilder<string | null>;
  /** A numeric content field as a number. */
  number(alias: string, field: string): RawBuilder<number | null>;
  /** Whether a boolean field is true (absent is false). */
  isTrue(alias: string, field: string): RawBuilder<boolean>;
  /**
   * Whether a list field holds the value (a care tag among `tags`), or the value of another
   * column (`sql.ref('p.id')`: a unit among an activity's `partnerIds`).
   */
  listHas(alias: string, field: string, value: string | RawBuilder<unknown>): RawBuilder<boolean>;
  /**
   * A date-time field as UTC ISO text with milliseconds (`2026-11-29T08:00:00.000Z`), whatever
   * offset it was written with, so that it compares as text with `Date#toISOString()` bounds.
   */
  instant(alias: string, field: string): RawBuilder<string | null>;
  /**
   * A date-time field within [from, to) (UTC ISO bounds). The text as written is first bounded
   * 14 hours wider, which an index on the field's text can answer; the exact instant is checked
   * on what remains.
   */
  instantBetween(alias: string, field: string, from?: string, to?: string): RawBuilder<boolean>;
  /** Hours from one date-time expression (ISO text) to another. */
  hoursBetween(from: RawBuilder<string | null>, to: RawBuilder<string | null>): RawBuilder<number | null>;
  /**
   * The China Standard Time day (YYYY-MM-DD) of an instant expression (UTC ISO text, as `instant`
   * gives it). Written with literals only, so that a query may group by it on PostgreSQL.
   */
  chinaDay(instant: RawBuilder<string | null>): RawBuilder<string | null>;
  /** The field's text for CREATE INDEX (unqualified `data`), the same expression `text` writes. */
  indexExpression(field: string): RawBuilder<unknown>;
  /** Whether a household has any care tag (its `tags` list is not empty); null for other records. */
  hasCareTag(alias: string): RawBuilder<boolean | null>;
}

function widened(at: string, by: number): string {
  return new Date(Date.parse(at) + by).toISOString();
}

function dialect(
  path: (alias: string | null, field: string) => RawBuilder<unknown>,
  forms: Pick<JsonFields, 'number' | 'isTrue' | 'listHas' | 'instant' | 'hoursBetween' | 'chinaDay'>,
): JsonFields {
  const fields: JsonFields = {
    ...forms,
    // '[]' is an empty list in both dialects' JSON text.
    hasCareTag: (alias) => sql<boolean | null>`(${fields.text(alias, 'tags')} <> '[]')`,
    text: (alias, field) => path(alias, field) as RawBuilder<string | null>,
    instantBetween(alias, field, from, to) {
      const text = fields.text(alias, field);
      const exact = fields.instant(alias, field);
      // What the index can answer: the text within the bounds widened by the largest offset.
      const near: RawBuilder<unknown>[] = [];
      // Text that far inside the bounds is inside them whatever its offset: the exact instant,
      // costly to work out from the JSON, is checked only on the rest (the edges of the range).
      const surely: RawBuilder<unknown>[] = [];
      const exactly: RawBuilder<unknown>[] = [];
      if (from) {
        near.push(sql`${text} >= ${widened(from, -MAX_OFFSET_MS)}`);
        surely.push(sql`${text} >= ${widened(from, MAX_OFFSET_MS)}`);
        exactly.push(sql`${exact} >= ${from}`);
      }
      if (to) {
        near.push(sql`${text} < ${widened(to, MAX_OFFSET_MS)}`);
        surely.push(sql`${text} < ${widened(to, -MAX_OFFSET_MS)}`);
        exactly.push(sql`${exact} < ${to}`);
      }
      if (near.length === 0) return sql<boolean>`(1 = 1)`;
      const all = (parts: RawBuilder<unknown>[]) => sql`(${sql.join(parts, sql` and `)})`;
      return sql<boolean>`(${all(near)} and (${all(surely)} or ${all(exactly)}))`;
    },
    indexExpression: (field) => path(null, field),
  };
  return fields;
}

function column(alias: string | null): RawBuilder<unknown> {
  return alias ? sql.ref(`${name(alias)}.data`) : sql.raw('data');
}

const sqlite = dialect((alias, field) => sql`json_extract(${column(alias)}, ${sql.lit(`$.${name(field)}`)})`, {
  number: (alias, field) => sql<number | null>`json_extract(${column(alias)}, ${sql.lit(`$.${name(field)}`)})`,
  isTrue: (alias, field) =>
    sql<boolean>`(coalesce(json_extract(${column(alias)}, ${sql.lit(`$.${name(field)}`)}), 0) = 1)`,
  listHas: (alias, field, value) =>
    sql<boolean>`exists (select 1 from json_each(${column(alias)}, ${sql.lit(`$.${name(field)}`)}) where json_each.value = ${value})`,
  instant: (alias, field) =>
    sql<string | null>`strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(${column(alias)}, ${sql.lit(`$.${name(field)}`)}))`,
  hoursBetween: (from, to) => sql<number | null>`((julianday(${to}) - julianday(${from})) * 24.0)`,
  chinaDay: (instant) => sql<string | null>`strftime('%Y-%m-%d', ${instant}, '+8 hours')`,
});

/**
 * On PostgreSQL, content fields kept in a column of their own as well, computed by the database
 * from `data` (a stored generated column, migrations/0013): a query reads the column, which an
 * index holds, instead of parsing each row's JSON. PostgreSQL answers a query from an index alone
 * only when it names columns, never expressions over one (SQLite matches the expression itself).
 * Only visits have a `visitedAt`.
 */
const POSTGRES_FIELD_COLUMNS: Readonly<Record<string, string>> = { visitedAt: 'visited_at' };

function postgresJson(alias: string | null, field: string): RawBuilder<string | null> {
  return sql`(${column(alias)}::jsonb ->> ${sql.lit(name(field))})`;
}

function postgresText(alias: string | null, field: string): RawBuilder<string | null> {
  const stored = POSTGRES_FIELD_COLUMNS[field];
  if (stored) return alias ? sql.ref(`${name(alias)}.${stored}`) : sql.raw(stored);
  return postgresJson(alias, field);
}

const postgresFields = dialect(postgresText, {
  number: (alias, field) =>
    sql<number | null>`((${column(alias)}::jsonb ->> ${sql.lit(name(field))})::double precision)`,
  isTrue: (alias, field) =>
    sql<boolean>`coalesce((${column(alias)}::jsonb ->> ${sql.lit(name(field))})::boolean, false)`,
  listHas: (alias, field, value) =>
    sql<boolean>`((${column(alias)}::jsonb -> ${sql.lit(name(field))}) @> jsonb_build_array((${value})::text))`,
  instant: (alias, field) =>
    sql<
      string | null
    >`to_char(((${postgresText(alias, field)})::timestamptz at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  hoursBetween: (from, to) =>
    sql<number | null>`(extract(epoch from ((${to})::timestamptz - (${from})::timestamptz)) / 3600.0)`,
  chinaDay: (instant) =>
    sql<string | null>`to_char(((${instant})::timestamptz at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`,
});

// Indexes are made on the JSON itself (0011): the stored columns come later (0013).
const postgres: JsonFields = {
  ...postgresFields,
  indexExpression: (field) => postgresJson(null, field),
  // A stored generated column (migrations/0014), in the index of a community's records.
  hasCareTag: (alias) => sql.ref<boolean | null>(`${name(alias)}.care`),
};

export function jsonFields(kind: DatabaseKind): JsonFields {
  return kind === 'postgres' ? postgres : sqlite;
}

/** The dialect of a database handle (migrations are given no context but the handle). */
export function kindOf(db: Kysely<unknown>): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
