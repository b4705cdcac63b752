/** Reads the changes a user's place covers, after a cursor, in server sequence order. */
import { type Kysely, sql } from 'kysely';
import type { SyncTable } from '../../shared/domain.ts';
import { PLACE_ID_OF_LEVEL } from '../../shared/scope.ts';
import type { Change, PullResponse, SessionUser } from '../../shared/sync-messages.ts';
import type { Database } from '../db/schema.ts';
import { inOneSnapshot } from '../db/snapshot.ts';
import { fromRow, getRecord, toChange } from './records.ts';

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
type Ordered = { seq: number; change: Change };

/** One page of the changes the user's place covers, after `cursor`, in sequence order. */
export async function changesSince(
  db: Kysely<Database>,
  user: SessionUser,
  cursor: number,
  limit: number,
): Promise<PullResponse> {
  return inOneSnapshot(db, (trx) => readPage(trx, user, cursor, limit));
}

async function readPage(db: Kysely<Database>, user: SessionUser, cursor: number, limit: number): Promise<PullResponse> {
  const column = PLACE_ID_OF_LEVEL[user.place.level].column;
  const ancestors = await ancestorPlaceIds(db, user.place.id);
  const records = await db
    .selectFrom('records')
    .selectAll()
    .where('seq', '>', cursor)
    .where((eb) =>
      eb.or([
        eb(column, '=', user.place.id),
        // The places above the user's own, their party organisations (the general branch and the
        // compound branch above a building's group) and their co-building units (a wish in a grid
        // is claimed for one of the community's units): names the device shows, not data.
        ...(ancestors.length > 0
          ? [
              eb.and([eb('tbl', '=', 'places'), eb('id', 'in', ancestors)]),
              eb.and([eb('tbl', 'in', ['partyOrgs', 'partners']), eb('parent_id', 'in', ancestors)]),
            ]
          : []),
      ]),
    )
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  // Records that left the user's place since the cursor: the device drops them.
  const departures = await db
    .selectFrom('departures')
    .selectAll()
    .where('seq', '>', cursor)
    .where(column, '=', user.place.id)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const merged: Ordered[] = [
    ...records.map((row) => ({ seq: Number(row.seq), change: toChange(fromRow(row)) })),
    ...departures.map((row) => ({
      seq: Number(row.seq),
      change: {
        seq: Number(row.seq),
        table: row.tbl as SyncTable,
        recordId: row.record_id,
        record: null,
        deleted: false,
        left: true as const,
        hlc: row.hlc,
      },
    })),
  ].sort((a, b) => a.seq - b.seq);
  const hasMore = merged.length > limit;
  const changes = merged.slice(0, limit).map((entry) => entry.change);
  const last = changes.at(-1);
  return { changes, cursor: String(last ? last.seq : cursor), hasMore };
}

/** The current end of the sequence: lets tests and tools check "nothing newer". */
export async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ value: string }>`select value from meta where key = 'seq'`.execute(db);
  return Number(row.rows[0]?.value ?? 0);
}
