/**
 * The signed-in user and this device: the context every signed-in screen reads, and the steps of
 * signing in and out on this device. The session is confirmed by the server when online and
 * trusted from storage when offline.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionUser } from '../shared/sync-messages.ts';
import { signOut } from './api.ts';
import { storeSession } from './db/device.ts';
import { unsyncedCount } from './db/outbox.ts';
import { adoptDevice } from './db/ownership.ts';
import type { Device } from './db/write.ts';
import { withSyncLock } from './sync/lock.ts';

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

export type SignInOutcome = { ok: true; persisted: boolean } | { ok: false; unsynced: number };

/**
 * After the server accepted a sign-in: makes the device's data the user's (waiting for a running
 * sync, so a page pulled for the former owner never lands after the clearing), remembers the
 * session for offline use, and asks the browser to keep our storage.
 */
export async function startSessionOnDevice(device: Device, user: SessionUser): Promise<SignInOutcome> {
  const adoption = (await withSyncLock(device, () => adoptDevice(device, user))) ?? 'ok';
  if (adoption === 'other-user-unsynced') {
    // Another user's changes wait on this phone: they must sign in and sync them first.
    await signOut();
    return { ok: false, unsynced: await unsyncedCount(device) };
  }
  await storeSession(user);
  // Ask the browser not to evict our data; a refusal is shown, never hidden.
  const persisted = (await navigator.storage?.persist?.().catch(() => false)) ?? false;
  return { ok: true, persisted };
}

/** Signs out on the server and forgets the session here; the outbox stays for the next sign-in. */
export async function endSessionOnDevice(): Promise<void> {
  await signOut();
  await storeSession(undefined);
}
