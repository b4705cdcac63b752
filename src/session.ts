/**
 * The signed-in user and this device, shared by every screen through one context. The session is
 * confirmed by the server when online and trusted from storage when offline.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { SYNC_TABLES } from '../shared/domain.ts';
import type { SessionUser } from '../shared/sync-messages.ts';
import type { Device } from './db/write.ts';
import { CURSOR_KEY } from './sync/apply-server-changes.ts';
import { type DeviceOwner, OWNER_KEY, withSyncLock } from './sync/sync-once.ts';

export interface AppContextValue {
  device: Device;
  user: SessionUser;
  requestSync(): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in screen');
  return value;
}

/**
 * Makes the device's local data belong to the user who signs in. Another user's unsynced changes
 * are never dropped: that user has to sign in and sync first. Synced data of another user, or of
 * this user's former place, is cleared, and the pull starts again from the beginning. Waits for
 * a running sync, so a page pulled for the former owner can never land after the clearing.
 */
export async function adoptDevice(device: Device, user: SessionUser): Promise<'ok' | 'other-user-unsynced'> {
  const { db } = device;
  const tables = SYNC_TABLES.map((table) => db.recordTable(table));
  const adopt = () =>
    db.transaction('rw', [...tables, db.outbox, db.syncMeta, db.notices], async () => {
      const owner = (await db.syncMeta.get(OWNER_KEY))?.value as DeviceOwner | undefined;
      const next: DeviceOwner = { userId: user.id, placeLevel: user.place.level, placeId: user.place.id };
      if (
        owner &&
        owner.userId === next.userId &&
        owner.placeLevel === next.placeLevel &&
        owner.placeId === next.placeId
      ) {
        return 'ok' as const;
      }
      if (owner) {
        if (owner.userId !== next.userId && (await db.outbox.count()) > 0) return 'other-user-unsynced' as const;
        for (const table of tables) await table.clear();
        if (owner.userId !== next.userId) await db.notices.clear();
        await db.syncMeta.delete(CURSOR_KEY);
      }
      await db.syncMeta.put({ key: OWNER_KEY, value: next });
      return 'ok' as const;
    });
  return (await withSyncLock(device, adopt)) ?? 'ok';
}
