/** Reads the changes a user's place covers, after a cursor, in server sequence order. */
import { type Kysely, sql } from 'kysely';
import { seesCareTags } from '../../shared/masking.ts';
import { PLACE_ID_OF_LEVEL } from '../../shared/scope.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import type { Database } from '../db/schema.ts';
import { inOneSnapshot } from '../db/snapshot.ts';
import { changeJson, type Departure, departureJson, firstPage, type PulledRow, pageJson } from './page-text.ts';
import { getRecord } from './records.ts';
import { sqlitePullPage } from './sqlite-pull.ts';
import { connectionOf, sameConnection } from './sqlite-statements.ts';

/** The places above the user's own (its community, compound). */
export async function ancestorPlaceIds(db: Kysely<Database>, placeId: string): Promise<string[]> {
  const ids: string[] = [];
  let current = await getRecord(db, 'places', placeId);
  while (current && typeof current.data.parentId === 'string' && ids.length < 8) {
    ids.push(current.data.parentId);
    current = await getRecord(db, 'places', current.data.parentId);
  }
  return ids;
}

/**
 * One page of the changes the user's place covers, after `cursor`, in sequence order, as the
 * bytes of a PullResponse (sent as is). On SQLite, for a role that sees every record whole,
 * SQLite writes each change's JSON itself (sqlite-pull.ts); otherwise the rows are read through
 * the query builder and spliced here. Both give the same bytes (a test holds them equal).
 */
export function pullPage(db: Kysely<Database>, user: SessionUser, cursor: number, limit: number): Promise<Buffer> {
  return inOneSnapshot(db, async (trx) => {
    sameConnection(db, trx);
    const ancestors = await ancestorPlaceIds(trx, user.place.id);
    const sqlite = seesCareTags(user.role) ? connectionOf(trx) : null;
    return sqlite
      ? sqlitePullPage(sqlite, user.place, ancestors, cursor, limit)
      : readPage(trx, user, ancestors, cursor, limit);
  });
}

/** The same page, always read through the query builder and spliced in JavaScript. */
export function pullPageThroughBuilder(
  db: Kysely<Database>,
  user: SessionUser,
  cursor: number,
  limit: number,
): Promise<Buffer> {
  return inOneSnapshot(db, async (trx) =>
    readPage(trx, user, await ancestorPlaceIds(trx, user.place.id), cursor, limit),
  );
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

async function readPage(
  db: Kysely<Database>,
  user: SessionUser,
  ancestors: readonly string[],
  cursor: number,
  limit: number,
): Promise<Buffer> {
  const column = PLACE_ID_OF_LEVEL[user.place.level].column;
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
  const reads = await Promise.all([
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
  ]);
  // Records that left the user's place since the cursor: the device drops them.
  const departures = await db
    .selectFrom('departures')
    .select(['seq', 'tbl', 'record_id', 'hlc'])
    .where('seq', '>', cursor)
    .where(column, '=', user.place.id)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const { page, hasMore } = firstPage<PulledRow | Departure>(reads, departures, (row) => Number(row.seq), limit);
  return pageJson(
    page.map((row) => ('record_id' in row ? departureJson(row) : changeJson(row, user))),
    Number(page.at(-1)?.seq ?? cursor),
    hasMore,
  );
}

/** The current end of the sequence: lets tests and tools check "nothing newer". */
export async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ value: string }>`select value from meta where key = 'seq'`.execute(db);
  return Number(row.rows[0]?.value ?? 0);
}
