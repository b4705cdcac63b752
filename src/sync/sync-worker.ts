/**
 * The page's sync runs here, off the main thread, where the browser has no Background Sync
 * (Safari, Firefox, WebView): parsing and applying large pull pages never blocks input.
 */
import * as Comlink from 'comlink';
import { openDevice } from '../db/device.ts';
import { type SyncOutcome, syncOnce } from './sync-once.ts';
import { httpTransport } from './transport.ts';

const api = {
  async sync(): Promise<SyncOutcome> {
    return syncOnce(await openDevice(), httpTransport(''), { by: 'page', broadcast: true });
  },
};

export type SyncWorkerApi = typeof api;

Comlink.expose(api);
