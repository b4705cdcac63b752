/** This device's identity and settings, kept in idb-keyval (small settings only, never records). */
import { get, set, update } from 'idb-keyval';
import type { SessionUser } from '../../shared/sync-messages.ts';
import { database } from './database.ts';
import type { Device } from './write.ts';

const DEVICE_ID = 'deviceId';
const SESSION = 'session';

function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let cachedDeviceId: Promise<string> | undefined;

/** 16 hex digits, made once per device (per browser profile) and kept. */
export function deviceId(): Promise<string> {
  cachedDeviceId ??= (async () => {
    // update() reads and writes in one IndexedDB transaction: two tabs opened together on first
    // launch agree on one id instead of each keeping its own.
    await update<string>(DEVICE_ID, (stored) => stored ?? randomDeviceId());
    return (await get<string>(DEVICE_ID)) as string;
  })();
  return cachedDeviceId;
}

let thisDevice: Promise<Device> | undefined;

/** This device: its database and id, one object per JavaScript context (page, worker, service worker). */
export function openDevice(): Promise<Device> {
  thisDevice ??= deviceId().then((id) => ({ db: database(), deviceId: id }));
  return thisDevice;
}

/** The signed-in user as last confirmed by the server; the app works offline on it. */
export function storedSession(): Promise<SessionUser | undefined> {
  return get<SessionUser>(SESSION);
}

export function storeSession(user: SessionUser | undefined): Promise<void> {
  return set(SESSION, user);
}

/** The user's preferences on this device, each key with its type, declared once. */
export interface Preferences {
  language: 'zh-CN' | 'en';
  /** A household is due a visit after this many days without one. */
  dueDays: number;
}

export function getPreference<K extends keyof Preferences>(key: K): Promise<Preferences[K] | undefined> {
  return get<Preferences[K]>(`pref:${key}`);
}

export function putPreference<K extends keyof Preferences>(key: K, value: Preferences[K]): Promise<void> {
  return set(`pref:${key}`, value);
}
