/**
 * The device's own state, kept beside the records in IndexedDB (so that the pull cursor and the
 * clock move in the same transactions as the records they describe). Every key and the type of
 * its value are declared here, once; nothing else reads the table.
 */
import type { PlaceLevel } from '../../shared/domain.ts';
import type { GridworkDatabase } from './database.ts';
import type { Device } from './write.ts';

/** Why the last sync failed, in a word the UI turns into a sentence. */
export type SyncFailure = 'offline' | 'unauthenticated' | 'clock_skew' | 'server' | 'busy';

/** Whose data this device holds: records of another user or place are never mixed in. */
export interface DeviceOwner {
  userId: string;
  placeLevel: PlaceLevel;
  placeId: string;
}

export interface DeviceState {
  /** The HLC last stamped here or seen from the server: later local stamps sort after it. */
  clock: string;
  /** Where the next pull starts; stored with the page it covers. */
  pullCursor: string;
  owner: DeviceOwner;
  /** When the last sync succeeded (ms since the epoch). */
  lastSyncAt: number;
  /** The last sync's failure, cleared by the next success. */
  lastFailure: { reason: SyncFailure; message: string; at: number } | null;
}

export type StateKey = keyof DeviceState;

export async function readState<K extends StateKey>(db: GridworkDatabase, key: K): Promise<DeviceState[K] | undefined> {
  const entry = await db.syncMeta.get(key);
  return entry?.value as DeviceState[K] | undefined;
}

export async function writeState<K extends StateKey>(
  db: GridworkDatabase,
  key: K,
  value: DeviceState[K],
): Promise<void> {
  await db.syncMeta.put({ key, value });
}

export async function clearState(db: GridworkDatabase, key: StateKey): Promise<void> {
  await db.syncMeta.delete(key);
}

/** What the sync bar shows: when the last sync succeeded, and why the last one failed. */
export async function syncStatus(
  device: Device,
): Promise<{ lastSyncAt: number | undefined; failure: DeviceState['lastFailure'] | undefined }> {
  const { db } = device;
  const [lastSyncAt, failure] = await Promise.all([readState(db, 'lastSyncAt'), readState(db, 'lastFailure')]);
  return { lastSyncAt, failure };
}

/** A sync finished: remember when, and forget the last failure. */
export async function recordSyncSuccess(device: Device, at: number): Promise<void> {
  await device.db.syncMeta.bulkPut([
    { key: 'lastSyncAt', value: at },
    { key: 'lastFailure', value: null },
  ]);
}

export async function recordSyncFailure(device: Device, failure: NonNullable<DeviceState['lastFailure']>) {
  await writeState(device.db, 'lastFailure', failure);
}
