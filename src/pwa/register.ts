/**
 * Registers the service worker through workbox-window and reports when a new version waits.
 * The new version takes over only when the user says so: unsynced records live in IndexedDB and
 * survive the reload, and a form being filled in is never cut off by a surprise refresh.
 */
import { Workbox } from 'workbox-window';

export interface ServiceWorkerControl {
  /** Resolves once a service worker controls this page. */
  controlled: Promise<void>;
  onUpdateReady(listener: () => void): void;
  applyUpdate(): void;
}

export function registerServiceWorker(): ServiceWorkerControl | null {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return null;
  const workbox = new Workbox('/sw.js');
  const listeners: Array<() => void> = [];
  workbox.addEventListener('waiting', () => {
    for (const listener of listeners) listener();
  });
  void workbox.register();
  const controlled = navigator.serviceWorker.controller
    ? Promise.resolve()
    : new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
  return {
    controlled,
    onUpdateReady: (listener) => listeners.push(listener),
    applyUpdate() {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    },
  };
}
