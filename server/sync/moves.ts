/**
 * When a record's place changes (a household moved to another building, a building to another
 * grid), everything filed under it moves with it, in the same transaction: each descendant's place
 * ids are derived again from its parent and saved under a new sequence, so the new place's devices
 * pull them; and for each place a record left, a departure is written, so that place's devices
 * pull a "left" change and drop it (design.md, "Leaving a scope").
 */
import type { SyncTable } from '../../shared/domain.ts';
import { PLACE_ID_OF_LEVEL } from '../../shared/scope.ts';
import type { PlaceIds } from '../../shared/tables/index.ts';
import { derivePlaceIds } from './place-ids.ts';
import type { Db, RecordStore, SequenceAllocator, StoredRecord } from './records.ts';

/** Bounds one move: a building with 600 households and years of visits stays well inside it. */
const MAX_DESCENDANTS = 1_000_000;

export interface MoveContext {
  db: Db;
  records: RecordStore;
  seq: SequenceAllocator;
}

export function samePlace(a: PlaceIds, b: PlaceIds): boolean {
  return Object.values(PLACE_ID_OF_LEVEL).every(({ field }) => (a[field] ?? null) === (b[field] ?? null));
}

/** Records that a record left the places it no longer has (only the levels that changed). */
export async function recordDeparture(
  ctx: MoveContext,
  record: Pick<StoredRecord, 'table' | 'id' | 'updatedAt'>,
  from: PlaceIds,
  to: PlaceIds,
): Promise<void> {
  const left = (field: keyof PlaceIds) =>
    (from[field] ?? null) !== (to[field] ?? null) ? (from[field] ?? null) : null;
  const row = {
    community_id: left('communityId'),
    compound_id: left('compoundId'),
    building_id: left('buildingId'),
    grid_id: left('gridId'),
  };
  if (Object.values(row).every((id) => id === null)) return;
  await ctx.db
    .insertInto('departures')
    .values({ seq: await ctx.seq.take(), tbl: record.table, record_id: record.id, hlc: record.updatedAt, ...row })
    .execute();
}

/** Derives again the place ids of everything under `moved` (already saved with its new place). */
export async function refileDescendants(ctx: MoveContext, moved: StoredRecord): Promise<number> {
  const queue = [moved.id];
  let refiled = 0;
  for (let next = queue.shift(); next !== undefined && refiled < MAX_DESCENDANTS; next = queue.shift()) {
    for (const child of await ctx.records.children(next)) {
      const derived = await derivePlaceIds(ctx.records, child.table as SyncTable, child.id, child.data);
      // A child whose parent is gone keeps its place: it was filed before, and a delete is no move.
      if (!derived.ok || samePlace(derived.placeIds, child.placeIds)) continue;
      const refiledChild = { ...child, placeIds: derived.placeIds, seq: await ctx.seq.take() };
      await ctx.records.save(refiledChild);
      await recordDeparture(ctx, child, child.placeIds, derived.placeIds);
      queue.push(child.id);
      refiled++;
    }
  }
  return refiled;
}
