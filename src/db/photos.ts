/**
 * Photos on the device: Blobs keyed by the SHA-256 of their compressed bytes, kept until the
 * server has them (and afterwards, to show offline). Taking a photo never waits on the network.
 */
import type { SyncTable } from '../../shared/domain.ts';
import type { Reason } from '../../shared/refusals.ts';
import type { Photo } from './database.ts';
import type { Device } from './write.ts';

/** Tables whose records name photos. */
const PHOTO_TABLES: readonly SyncTable[] = ['visits', 'issues', 'wishEvents'];

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Keeps a compressed photo on the device and answers its hash (the name records use). */
export async function keepPhoto(device: Device, blob: Blob, hash?: string): Promise<string> {
  const name = hash ?? (await sha256Hex(blob));
  // A photo taken twice is one photo: its upload state is kept.
  const existing = await device.db.photos.get(name);
  if (!existing) await device.db.photos.put({ hash: name, blob, createdAt: Date.now(), uploaded: 0 });
  return name;
}

export async function photoBlob(device: Device, hash: string): Promise<Blob | undefined> {
  return (await device.db.photos.get(hash))?.blob;
}

/** Of these photos, the ones the server does not have yet. */
export async function photosToUpload(device: Device, hashes: readonly string[]): Promise<Photo[]> {
  const photos = await device.db.photos.bulkGet([...hashes]);
  return photos.filter((photo): photo is Photo => photo !== undefined && photo.uploaded === 0);
}

export async function markUploaded(device: Device, hash: string): Promise<void> {
  await device.db.photos.update(hash, { uploaded: 1 });
}

/** Photos taken here that have not reached the server, for the sync bar. */
export function photosWaiting(device: Device): Promise<number> {
  return device.db.photos.where('uploaded').equals(0).count();
}

/**
 * The server will never take this photo: it leaves the records and the outbox entries that name
 * it, in one transaction, and a notice tells the user which record lost a photo.
 */
export async function dropUnsendablePhoto(device: Device, hash: string, reason: Reason): Promise<void> {
  const { db } = device;
  const tables = PHOTO_TABLES.map((table) => db.recordTable(table));
  await db.transaction('rw', [...tables, db.outbox, db.photos, db.notices], async () => {
    const entries = await db.outbox.toArray();
    for (const entry of entries) {
      const named = entry.fields?.photoHashes;
      if (!Array.isArray(named) || !named.includes(hash)) continue;
      const photoHashes = named.filter((other) => other !== hash);
      await db.outbox.update(entry.seq as number, { fields: { ...entry.fields, photoHashes } });
      const records = db.recordTable(entry.table);
      const record = await records.get(entry.recordId);
      if (record) await records.update(entry.recordId, { photoHashes } as never);
      await db.notices.put({
        id: `${entry.id}:${hash}`,
        kind: 'rejected',
        table: entry.table,
        recordId: entry.recordId,
        createdAt: Date.now(),
        seen: 0,
        reason,
      });
    }
    await db.photos.delete(hash);
  });
}
