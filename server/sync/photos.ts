/**
 * Photos on the server (design.md, "Photos"): stored once by hash, checked against the hash,
 * readable only by callers who can see a record that names them.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PLACE_ID_OF_LEVEL } from '../../shared/scope.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import type { Database } from '../db/schema.ts';
import type { Db } from './records.ts';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/webp'] as const;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores a photo unless it is already there; answers whether it was new. */
export async function storePhoto(db: Kysely<Database>, hash: string, type: string, bytes: Uint8Array) {
  const result = await db
    .insertInto('blobs')
    .values({ hash, type, size: bytes.byteLength, bytes, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Notes which photos a record names (in the push's transaction). */
export async function notePhotoRefs(db: Db, table: string, recordId: string, hashes: unknown): Promise<void> {
  if (!Array.isArray(hashes)) return;
  for (const hash of hashes) {
    if (typeof hash !== 'string') continue;
    await db
      .insertInto('blob_refs')
      .values({ hash, tbl: table, record_id: recordId })
      .onConflict((oc) => oc.columns(['hash', 'tbl', 'record_id']).doNothing())
      .execute();
  }
}

/** The photo, if the caller can see a record that names it; null otherwise (as for no photo). */
export async function photoFor(
  db: Kysely<Database>,
  user: SessionUser,
  hash: string,
  withBytes: boolean,
): Promise<{ type: string; size: number; bytes?: Uint8Array } | null> {
  const column = PLACE_ID_OF_LEVEL[user.place.level].column;
  const visible = await db
    .selectFrom('blob_refs')
    .innerJoin('records', (join) =>
      join.onRef('records.tbl', '=', 'blob_refs.tbl').onRef('records.id', '=', 'blob_refs.record_id'),
    )
    .select('blob_refs.hash')
    .where('blob_refs.hash', '=', hash)
    .where(`records.${column}`, '=', user.place.id)
    .where('records.deleted', '=', 0)
    .executeTakeFirst();
  if (!visible) return null;
  const row = await db
    .selectFrom('blobs')
    .select(withBytes ? ['type', 'size', 'bytes'] : ['type', 'size'])
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row ? (row as { type: string; size: number; bytes?: Uint8Array }) : null;
}
