/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell so the app opens with no network after one visit,
 * and runs sync on Background Sync's `sync` event (Chromium), so records leave the device when
 * connectivity returns even with the app closed.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { openDevice } from '../src/db/device.ts';
import { SYNC_TAG } from '../src/sync/messages.ts';
import { syncOnce } from '../src/sync/sync-once.ts';
import { httpTransport } from '../src/sync/transport.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every in-app address opens the precached shell; the API is never answered from cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();

async function syncFromWorker(): Promise<void> {
  const outcome = await syncOnce(await openDevice(), httpTransport(''), { by: 'service-worker', broadcast: true });
  // Failing the event makes the browser retry later with its own backoff. Busy means another
  // sync already waits to run after the one running now: it will do what this one would have.
  if (!outcome.ok && outcome.reason !== 'busy' && outcome.reason !== 'unauthenticated') {
    throw new Error(`sync failed: ${outcome.reason}`);
  }
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag === SYNC_TAG) sync.waitUntil(syncFromWorker());
});
