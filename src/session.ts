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

const OWNER_KEY = 'owner';

/**
 * Makes the device's local data belong to the user who signs in. Another user's unsynced changes
 * are never dropped: that user has to sign in and sync first. Synced data of another user is
 * cleared, since this user's scope differs (and the pull starts from the beginning).
 */
export async function adoptDevice(device: Device, user: SessionUser): Promise<'ok' | 'other-user-unsynced'> {
  const { db } = device;
  const tables = SYNC_TABLES.map((table) => db.recordTable(table));
  return db.transaction('rw', [...tables, db.outbox, db.syncMeta, db.notices], async () => {
    const owner = (await db.syncMeta.get(OWNER_KEY))?.value;
    if (owner === user.id) return 'ok';
    if (owner !== undefined) {
      if ((await db.outbox.count()) > 0) return 'other-user-unsynced';
      for (const table of tables) await table.clear();
      await db.notices.clear();
      await db.syncMeta.delete(CURSOR_KEY);
    }
    await db.syncMeta.put({ key: OWNER_KEY, value: user.id });
    return 'ok';
  });
}
