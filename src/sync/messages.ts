/**
 * The one typed message union between the page, the sync worker and the service worker, sent on
 * a BroadcastChannel so every open tab hears how a sync went, wherever it ran.
 */
import type { SyncFailure } from '../db/device-state.ts';

export const SYNC_CHANNEL = 'gridwork-sync';
export const SYNC_TAG = 'gridwork-sync';

export type SyncMessage =
  | { type: 'sync-started'; by: 'service-worker' | 'page' }
  | { type: 'sync-progress'; phase: 'push' | 'pull'; done: number; hasMore: boolean }
  | { type: 'sync-finished'; pushed: number; pulled: number; at: number }
  | { type: 'sync-failed'; reason: SyncFailure; message: string; at: number };

export function postSyncMessage(message: SyncMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.postMessage(message);
  channel.close();
}

export function onSyncMessage(listener: (message: SyncMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.onmessage = (event: MessageEvent<SyncMessage>) => listener(event.data);
  return () => channel.close();
}
