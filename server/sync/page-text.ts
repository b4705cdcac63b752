/**
 * A pulled page as JSON text. Each change is spliced from the record's stored JSON rather than
 * parsed and encoded again: `{"seq", "table", "recordId", "record": {…content, "id",
 * "updatedAt", place ids}, "deleted", "hlc"}`, the same text `JSON.stringify` of the change built
 * as an object gives (a test holds the two equal). It is built in two places from the one
 * definition below: in JavaScript from a row, and, on SQLite, by SQLite itself in the query that
 * reads the row (`changeTextSql`).
 */
import { SYNC_TABLES, type SyncTable } from '../../shared/domain.ts';
import { hidesCareTagField, withoutUnservedTags } from '../../shared/masking.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import { tableOf } from '../../shared/tables/index.ts';
import type { RecordsTable } from '../db/schema.ts';

const text = JSON.stringify;

/** The envelope's fields, after the content's in a pulled record, and the row column of each. */
const ENVELOPE = [
  ['id', 'id'],
  ['updatedAt', 'updated_at'],
  ['communityId', 'community_id'],
  ['compoundId', 'compound_id'],
  ['buildingId', 'building_id'],
  ['gridId', 'grid_id'],
] as const;

/**
 * Per table, the envelope fields its content may name too (a household's `buildingId`, a
 * building's `gridId`). A record built as an object keeps such a field once, where the content
 * has it, with the place id the server derived from that very field (the same value); spliced
 * text must not repeat it. A key is in the stored text exactly when `"name":` is: inside a JSON
 * string every quote is escaped.
 */
const SHARED_WITH_CONTENT = new Map(
  SYNC_TABLES.map((table) => [table, ENVELOPE.filter(([field]) => field in tableOf(table).content.shape)]),
);

export type PulledRow = Omit<RecordsTable, 'field_hlcs' | 'parent_id'>;

/** A record that left the user's place: the device drops it. */
export type Departure = { seq: number; tbl: string; record_id: string; hlc: string };

/** The change of one row, masked first where the user's role may not see the record whole. */
export function changeJson(row: PulledRow, user: SessionUser): string {
  const head = `{"seq":${Number(row.seq)},"table":${text(row.tbl)},"recordId":${text(row.id)},`;
  if (row.deleted === 1) return `${head}"record":null,"deleted":true,"hlc":${text(row.updated_at)}}`;
  const table = row.tbl as SyncTable;
  const content = hidesCareTagField(user.role, table, 'tags')
    ? text(withoutUnservedTags(table, JSON.parse(row.data) as Record<string, unknown>, user.role))
    : row.data;
  const shared = SHARED_WITH_CONTENT.get(table) ?? [];
  let envelope = '';
  for (const [field, column] of ENVELOPE) {
    if (shared.length > 0 && shared.some(([name]) => name === field) && content.includes(`"${field}":`)) continue;
    envelope += `,"${field}":${text(row[column])}`;
  }
  const record = content.length > 2 ? `${content.slice(0, -1)}${envelope}}` : `{${envelope.slice(1)}}`;
  return `${head}"record":${record},"deleted":false,"hlc":${text(row.updated_at)}}`;
}

export function departureJson(row: Departure): string {
  return `{"seq":${Number(row.seq)},"table":${text(row.tbl)},"recordId":${text(row.record_id)},"record":null,"deleted":false,"left":true,"hlc":${text(row.hlc)}}`;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * The same text as `changeJson` for a role that sees every record whole, as an SQLite expression
 * over a row of `records`, cast to a BLOB: the bytes go to the response without ever becoming a
 * JavaScript string (decoding the stored UTF-8 and encoding it again was most of a pull's cost).
 * `json_quote` writes a string value as JSON and NULL as `null`, as `JSON.stringify` does.
 */
export function changeTextSql(): string {
  const envelope = ENVELOPE.map(([field, column]) => {
    const part = `',"${field}":' || json_quote(${column})`;
    const sharing = SYNC_TABLES.filter((table) => SHARED_WITH_CONTENT.get(table)?.some(([name]) => name === field));
    if (sharing.length === 0) return part;
    const tables = sharing.map(sqlString).join(', ');
    return `(case when tbl in (${tables}) and instr(data, '"${field}":') > 0 then '' else ${part} end)`;
  }).join(' || ');
  // length() counts characters as .length counts UTF-16 units: both say 2 only for `{}`.
  const record = `(case when length(data) > 2 then substr(data, 1, length(data) - 1) || ${envelope} || '}'
    else '{' || substr(${envelope}, 2) || '}' end)`;
  return `cast('{"seq":' || seq || ',"table":' || json_quote(tbl) || ',"recordId":' || json_quote(id) || ','
    || (case when deleted = 1 then '"record":null,"deleted":true' else '"record":' || ${record} || ',"deleted":false' end)
    || ',"hlc":' || json_quote(updated_at) || '}' as blob)`;
}

/**
 * The first page of what a pull read: the records of each read (a row two reads found, such as a
 * compound branch in the user's own compound, once) and the departures, in sequence order; and
 * whether more follow it.
 */
export function firstPage<T>(
  recordReads: readonly (readonly T[])[],
  departures: readonly T[],
  seqOf: (entry: T) => number,
  limit: number,
): { page: T[]; hasMore: boolean } {
  const seen = new Set<number>();
  const merged: T[] = [];
  for (const rows of recordReads) {
    for (const row of rows) {
      const seq = seqOf(row);
      if (seen.has(seq)) continue;
      seen.add(seq);
      merged.push(row);
    }
  }
  merged.push(...departures);
  merged.sort((a, b) => seqOf(a) - seqOf(b));
  return { page: merged.slice(0, limit), hasMore: merged.length > limit };
}

/** The PullResponse around a page's changes, each already JSON: what is sent as is. */
export function pageJson(changes: readonly (string | Buffer)[], cursor: number, hasMore: boolean): Buffer {
  const parts: Buffer[] = [Buffer.from('{"changes":[')];
  changes.forEach((change, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(typeof change === 'string' ? Buffer.from(change) : change);
  });
  parts.push(Buffer.from(`],"cursor":${text(String(cursor))},"hasMore":${hasMore}}`));
  return Buffer.concat(parts);
}

const COMMA = Buffer.from(',');
