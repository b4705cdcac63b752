/** Reads the changes a user's place covers, after a cursor, in server sequence order. */
import { type Kysely, sql } from 'kysely';
import { SYNC_TABLES, type SyncTable } from '../../shared/domain.ts';
import { hidesCareTagField, withoutUnservedTags } from '../../shared/masking.ts';
import { PLACE_ID_OF_LEVEL } from '../../shared/scope.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import { tableOf } from '../../shared/tables/index.ts';
import type { Database, RecordsTable } from '../db/schema.ts';
import { inOneSnapshot } from '../db/snapshot.ts';
import { getRecord } from './records.ts';

/** The places above the user's own (its community, compound). */
async function ancestorPlaceIds(db: Kysely<Database>, placeId: string): Promise<string[]> {
  const ids: string[] = [];
  let current = await getRecord(db, 'places', placeId);
  while (current && typeof current.data.parentId === 'string' && ids.length < 8) {
    ids.push(current.data.parentId);
    current = await getRecord(db, 'places', current.data.parentId);
  }
  return ids;
}

/** Rows of both logs carry the sequence they were written under; a page is read from both in order. */
type Ordered = { seq: number } & ({ row: PulledRow } | { departure: Departure });

type Departure = { seq: number; tbl: string; record_id: string; hlc: string };

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

/**
 * One change as JSON, spliced from the record's stored JSON rather than parsed and encoded
 * again: `{"seq", "table", "recordId", "record": {…content, "id", "updatedAt", place ids},
 * "deleted", "hlc"}`, the same text `JSON.stringify` of the change built as an object gives (a
 * test holds the two equal). A record the user's role may not see whole is masked first
 * (shared/masking.ts).
 */
function changeJson(row: PulledRow, user: SessionUser): string {
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

/** A record that left the user's place: the device drops it. */
function departureJson(row: Departure): string {
  return `{"seq":${Number(row.seq)},"table":${text(row.tbl)},"recordId":${text(row.record_id)},"record":null,"deleted":false,"left":true,"hlc":${text(row.hlc)}}`;
}

type PulledRow = Omit<RecordsTable, 'field_hlcs' | 'parent_id'>;

/**
 * One page of the changes the user's place covers, after `cursor`, in sequence order, as the
 * JSON text of a PullResponse (sent as is).
 */
export async function pullPage(
  db: Kysely<Database>,
  user: SessionUser,
  cursor: number,
  limit: number,
): Promise<string> {
  return inOneSnapshot(db, (trx) => readPage(trx, user, cursor, limit));
}

const PULLED_COLUMNS = [
  'tbl',
  'id',
  'data',
  'updated_at',
  'deleted',
  'seq',
  'community_id',
  'compound_id',
  'building_id',
  'grid_id',
] as const;

async function readPage(db: Kysely<Database>, user: SessionUser, cursor: number, limit: number): Promise<string> {
  const column = PLACE_ID_OF_LEVEL[user.place.level].column;
  const ancestors = await ancestorPlaceIds(db, user.place.id);
  // Each kind of row the user receives is read in its own query, in sequence order from an index,
  // at most a page plus one of each; the page is the first of their union. (One query with an OR
  // of the three makes SQLite gather every match after the cursor and sort it, on every page.)
  // Not the field stamps: a device never sees them.
  const after = db
    .selectFrom('records')
    .select(PULLED_COLUMNS)
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1);
  const reads = [
    after.where(column, '=', user.place.id).execute(),
    // The places above the user's own, their party organisations (the general branch and the
    // compound branch above a building's group) and their co-building units (a wish in a grid
    // is claimed for one of the community's units): names the device shows, not data.
    ...(ancestors.length > 0
      ? [
          after.where('tbl', '=', 'places').where('id', 'in', ancestors).execute(),
          after.where('tbl', 'in', ['partyOrgs', 'partners']).where('parent_id', 'in', ancestors).execute(),
        ]
      : []),
  ];
  const seen = new Set<number>();
  const records: PulledRow[] = [];
  for (const rows of await Promise.all(reads)) {
    for (const row of rows) {
      // A row two reads found (a compound branch in the user's own compound) is sent once.
      if (seen.has(Number(row.seq))) continue;
      seen.add(Number(row.seq));
      records.push(row);
    }
  }
  // Records that left the user's place since the cursor: the device drops them.
  const departures = await db
    .selectFrom('departures')
    .select(['seq', 'tbl', 'record_id', 'hlc'])
    .where('seq', '>', cursor)
    .where(column, '=', user.place.id)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const merged: Ordered[] = [
    ...records.map((row) => ({ seq: Number(row.seq), row })),
    ...departures.map((row) => ({ seq: Number(row.seq), departure: row })),
  ].sort((a, b) => a.seq - b.seq);
  const hasMore = merged.length > limit;
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = String(last ? last.seq : cursor);
  const changes = page.map((entry) => ('row' in entry ? changeJson(entry.row, user) : departureJson(entry.departure)));
  return `{"changes":[${changes.join(',')}],"cursor":${text(nextCursor)},"hasMore":${hasMore}}`;
}

/** The current end of the sequence: lets tests and tools check "nothing newer". */
export async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ value: string }>`select value from meta where key = 'seq'`.execute(db);
  return Number(row.rows[0]?.value ?? 0);
}
