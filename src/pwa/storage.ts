/**
 * How the browser's storage stands for this app: whether it may evict our data, and how close to
 * the quota we are. A phone that runs out of space loses what it has not sent: the app warns well
 * before, and offers the outbox file as a last resort.
 */
import { useEffect, useState } from 'preact/hooks';

export interface StorageState {
  persisted: boolean | null;
  usage: number;
  quota: number;
}

/** Less than this left, or more than nine tenths used: warn. */
const LOW_BYTES = 50 * 1024 * 1024;

export async function storageState(): Promise<StorageState> {
  const [estimate, persisted] = await Promise.all([
    navigator.storage?.estimate?.().catch(() => undefined),
    navigator.storage?.persisted?.().catch(() => null),
  ]);
  return { persisted: persisted ?? null, usage: estimate?.usage ?? 0, quota: estimate?.quota ?? 0 };
}

export function storageRunningLow(state: StorageState): boolean {
  if (state.quota <= 0) return false;
  return state.quota - state.usage < LOW_BYTES || state.usage / state.quota > 0.9;
}

/** The storage state, looked at again every minute. */
export function useStorageState(): StorageState | null {
  const [state, setState] = useState<StorageState | null>(null);
  useEffect(() => {
    const look = () => void storageState().then(setState);
    look();
    const timer = setInterval(look, 60_000);
    return () => clearInterval(timer);
  }, []);
  return state;
}
