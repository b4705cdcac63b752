/**
 * Whose data this device holds. Records of one user's place are never mixed with another's: a
 * sign-in by someone else (or by the same user moved to another place) clears the synced records
 * and pulls again from the beginning, and another user's unsynced changes are never dropped.
 */
import { SYNC_TABLES } from '../../shared/domain.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import { clearState, type DeviceOwner, readState, writeState } from './device-state.ts';
import type { Device } from './write.ts';

export type Adoption = 'ok' | 'other-user-unsynced';

function sameOwner(a: DeviceOwner, b: DeviceOwner): boolean {
  return a.userId === b.userId && a.placeLevel === b.placeLevel && a.placeId === b.placeId;
}

/**
 * Makes the device's local data belong to `user`, in one transaction. The caller holds the sync
 * lock, so a page pulled for the former owner can never land after the clearing.
 */
export function adoptDevice(device: Device, user: SessionUser): Promise<Adoption> {
  const { db } = device;
  const tables = SYNC_TABLES.map((table) => db.recordTable(table));
  return db.transaction('rw', [...tables, db.outbox, db.syncMeta, db.notices], async () => {
    const owner = await readState(db, 'owner');
    const next: DeviceOwner = { userId: user.id, placeLevel: user.place.level, placeId: user.place.id };
    if (owner && sameOwner(owner, next)) return 'ok';
    if (owner) {
      if (owner.userId !== next.userId && (await db.outbox.count()) > 0) return 'other-user-unsynced';
      for (const table of tables) await table.clear();
      if (owner.userId !== next.userId) await db.notices.clear();
      await clearState(db, 'pullCursor');
    }
    await writeState(db, 'owner', next);
    return 'ok';
  });
}

/** The user whose data this is, if anyone has signed in on this device. */
export function deviceOwner(device: Device): Promise<DeviceOwner | undefined> {
  return readState(device.db, 'owner');
}
