/**
 * When to sync, seen from the page. Where Background Sync exists (Chromium) the page asks the
 * service worker to sync (registration.sync.register), and the browser runs it, even after the
 * tab is closed, when connectivity returns. Elsewhere the page syncs itself, in a worker, on
 * start, `online`, `visibilitychange` and a backoff timer with jitter.
 *
 * After a failed sync, Chromium retries the registration on its own backoff, minutes long, and
 * registering the same tag again does not bring it forward. So from a failure until the next
 * success the page also syncs itself on each of those occasions, and when the user asks: a tap on
 * "sync now" with the server back is answered at once.
 */
import * as Comlink from 'comlink';
import { onSyncMessage, SYNC_TAG, type SyncMessage } from './messages.ts';
import type { SyncWorkerApi } from './sync-worker.ts';
// Built as an entry of the app's bundle (scripts/worker-chunk-plugin.ts): the worker shares the
// page's chunks (Dexie, the data layer) instead of downloading its own copy.
import syncWorkerUrl from './sync-worker.ts?worker-chunk';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

const BASE_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

async function backgroundSyncManager(): Promise<SyncManagerLike | null> {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return null;
  const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync?: SyncManagerLike };
  return registration.sync ?? null;
}

export interface SyncScheduler {
  /** Ask for a sync soon (after a local write, or the user's "sync now"). */
  request(): void;
  /** Which path this browser uses, for the status bar and the tests. */
  path(): 'background-sync' | 'page' | 'unknown';
  stop(): void;
}

export function startSyncScheduler(): SyncScheduler {
  let worker: Comlink.Remote<SyncWorkerApi> | null = null;
  let path: 'background-sync' | 'page' | 'unknown' = 'unknown';
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Since the last failure, until a sync succeeds: the browser's registration may be put off. */
  let putOff = false;

  const pageSync = async () => {
    worker ??= Comlink.wrap<SyncWorkerApi>(new Worker(syncWorkerUrl, { type: 'module', name: 'sync' }));
    await worker.sync();
  };

  const run = async () => {
    const manager = await backgroundSyncManager().catch(() => null);
    if (manager) {
      path = 'background-sync';
      // Coalesces with a pending registration; fires at once when the browser is online, unless a
      // failure has put it off. Then the page syncs too (one at a time per device: lock.ts).
      const registered = await manager.register(SYNC_TAG).then(
        () => true,
        () => false,
      );
      if (!registered || putOff) await pageSync();
    } else {
      path = 'page';
      await pageSync();
    }
  };

  const scheduleRetry = () => {
    clearTimeout(retryTimer);
    const ceiling = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** Math.min(failures, 10));
    // Full jitter: devices that lost the network together do not come back together.
    retryTimer = setTimeout(() => void run(), ceiling / 2 + Math.random() * (ceiling / 2));
  };

  const stopListening = onSyncMessage((message: SyncMessage) => {
    if (message.type === 'sync-finished') {
      failures = 0;
      putOff = false;
      clearTimeout(retryTimer);
    } else if (message.type === 'sync-failed' && message.reason !== 'busy' && message.reason !== 'unauthenticated') {
      failures += 1;
      putOff = true;
      scheduleRetry();
    }
  });

  const request = () => void run();
  const onVisible = () => {
    if (document.visibilityState === 'visible') request();
  };
  window.addEventListener('online', request);
  document.addEventListener('visibilitychange', onVisible);
  request();

  return {
    request,
    path: () => path,
    stop() {
      stopListening();
      clearTimeout(retryTimer);
      window.removeEventListener('online', request);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
