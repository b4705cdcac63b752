/**
 * Photos go up before the mutations that name them (design.md, "Photos"), so the server never
 * holds a record whose photo it cannot show. A photo the server can never take (too large, not a
 * photo, damaged) is taken out of the records that name it and the user is told, instead of
 * holding the outbox back for ever.
 */
import type { OutboxEntry } from '../db/database.ts';
import { dropUnsendablePhoto, markUploaded, photosToUpload } from '../db/photos.ts';
import type { Device } from '../db/write.ts';
import { ServerError, type Transport } from './transport.ts';

/** The photo hashes the entries' records name. */
function namedPhotos(entries: readonly OutboxEntry[]): string[] {
  const hashes = new Set<string>();
  for (const entry of entries) {
    const named = entry.fields?.photoHashes;
    if (Array.isArray(named)) for (const hash of named) if (typeof hash === 'string') hashes.add(hash);
  }
  return [...hashes];
}

/** Whether the server refused the photo for good (as opposed to: try again later). */
function refusedForGood(error: unknown): error is ServerError {
  return error instanceof ServerError && [413, 415, 422].includes(error.status);
}

/**
 * Uploads what these entries need; answers how many photos went up and how many had to be taken
 * out of the entries (which then changed). Offline and server errors propagate: the sync retries.
 */
export async function uploadPhotosFor(device: Device, transport: Transport, entries: readonly OutboxEntry[]) {
  const done = { sent: 0, dropped: 0 };
  if (!transport.putPhoto) return done;
  for (const photo of await photosToUpload(device, namedPhotos(entries))) {
    try {
      await transport.putPhoto(photo.hash, photo.blob);
      await markUploaded(device, photo.hash);
      done.sent++;
    } catch (error) {
      if (!refusedForGood(error)) throw error;
      await dropUnsendablePhoto(device, photo.hash, { code: error.code, message: error.message });
      done.dropped++;
    }
  }
  return done;
}
