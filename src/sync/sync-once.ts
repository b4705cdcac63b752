/**
 * One sync: push the outbox, then pull. One at a time per device: Web Locks across tabs, workers
 * and the service worker where the browser has them, a promise chain within one context always.
 */
import type { Device } from '../db/write.ts';
import { postSyncMessage, type SyncFailure } from './messages.ts';
import { pullChanges } from './pull-changes.ts';
import { pushOutbox } from './push-outbox.ts';
import { OfflineError, ServerError, type Transport } from './transport.ts';

export const LAST_SYNC_KEY = 'lastSyncAt';
export const LAST_FAILURE_KEY = 'lastFailure';
const LOCK_NAME = 'gridwork-sync';

export type SyncOutcome =
  | { ok: true; pushed: number; pulled: number }
  | { ok: false; reason: SyncFailure; message: string };

export interface SyncOptions {
  by?: 'service-worker' | 'page';
  /** Announce progress on the BroadcastChannel (off in simulations). */
  broadcast?: boolean;
}

function classify(error: unknown): { reason: SyncFailure; message: string } {
  if (error instanceof OfflineError) return { reason: 'offline', message: error.message };
  if (error instanceof ServerError) {
    if (error.status === 401) return { reason: 'unauthenticated', message: error.message };
    if (error.code === 'clock_skew') return { reason: 'clock_skew', message: error.message };
    return { reason: 'server', message: error.message };
  }
  return { reason: 'server', message: error instanceof Error ? error.message : String(error) };
}

async function runSync(device: Device, transport: Transport, options: SyncOptions): Promise<SyncOutcome> {
  const announce = options.broadcast ? postSyncMessage : () => {};
  announce({ type: 'sync-started', by: options.by ?? 'page' });
  try {
    const pushed = await pushOutbox(device, transport, (done) =>
      announce({ type: 'sync-progress', phase: 'push', done, hasMore: true }),
    );
    const pulled = await pullChanges(device, transport, (done, hasMore) =>
      announce({ type: 'sync-progress', phase: 'pull', done, hasMore }),
    );
    const at = Date.now();
    await device.db.syncMeta.bulkPut([
      { key: LAST_SYNC_KEY, value: at },
      { key: LAST_FAILURE_KEY, value: null },
    ]);
    announce({ type: 'sync-finished', pushed, pulled, at });
    return { ok: true, pushed, pulled };
  } catch (error) {
    const failure = classify(error);
    const at = Date.now();
    await device.db.syncMeta.put({ key: LAST_FAILURE_KEY, value: { ...failure, at } });
    announce({ type: 'sync-failed', ...failure, at });
    return { ok: false, ...failure };
  }
}

const chains = new WeakMap<Device['db'], Promise<unknown>>();

/** Runs one sync unless one is already running for this device, in which case it answers busy. */
export async function syncOnce(device: Device, transport: Transport, options: SyncOptions = {}): Promise<SyncOutcome> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    const outcome = await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) =>
      lock ? runSync(device, transport, options) : null,
    );
    return outcome ?? { ok: false, reason: 'busy', message: 'a sync is already running' };
  }
  const previous = chains.get(device.db) ?? Promise.resolve();
  const next = previous.then(() => runSync(device, transport, options));
  chains.set(
    device.db,
    next.catch(() => undefined),
  );
  return next;
}
