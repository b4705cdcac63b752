/**
 * One sync: push the outbox, then pull. One at a time per device (lock.ts).
 */

import { recordSyncFailure, recordSyncSuccess, type SyncFailure } from '../db/device-state.ts';
import { unsyncedCount } from '../db/outbox.ts';
import { deviceOwner } from '../db/ownership.ts';
import { savePeople } from '../db/people.ts';
import type { Device } from '../db/write.ts';
import { withSyncLock } from './lock.ts';
import { postSyncMessage } from './messages.ts';
import { pullAndApply } from './pull-and-apply.ts';
import { pushOutbox } from './push-outbox.ts';
import { OfflineError, ServerError, type Transport } from './transport.ts';

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

/** The community's people change rarely; a failure to fetch them leaves the last list in place. */
async function refreshPeople(device: Device, transport: Transport): Promise<void> {
  if (!transport.people) return;
  const people = await transport.people().catch(() => null);
  if (people) await savePeople(device, people);
}

/** Push-then-pull rounds in one sync: writes made while it ran go out before it ends. */
const MAX_SYNC_ROUNDS = 3;

/**
 * The device's data belongs to one user (db/ownership.ts). If the session now belongs to someone
 * else (a sign-in over another user's unsynced outbox), pushing would file that outbox under the
 * wrong name: refuse, as for no session.
 */
async function checkSessionOwner(device: Device, transport: Transport): Promise<void> {
  const owner = await deviceOwner(device);
  if (!owner || !transport.whoAmI) return;
  const user = await transport.whoAmI();
  if (user.id !== owner.userId) {
    throw new ServerError(401, 'unauthenticated', 'signed in as another user than the one whose data is here');
  }
}

async function runSync(device: Device, transport: Transport, options: SyncOptions): Promise<SyncOutcome> {
  const announce = options.broadcast ? postSyncMessage : () => {};
  announce({ type: 'sync-started', by: options.by ?? 'page' });
  try {
    await checkSessionOwner(device, transport);
    let pushed = 0;
    let pulled = 0;
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      pushed += await pushOutbox(device, transport, (done) =>
        announce({ type: 'sync-progress', phase: 'push', done: pushed + done, hasMore: true }),
      );
      pulled += await pullAndApply(device, transport, (done, hasMore) =>
        announce({ type: 'sync-progress', phase: 'pull', done: pulled + done, hasMore }),
      );
      if ((await unsyncedCount(device)) === 0) break;
    }
    await refreshPeople(device, transport);
    const at = Date.now();
    await recordSyncSuccess(device, at);
    announce({ type: 'sync-finished', pushed, pulled, at });
    return { ok: true, pushed, pulled };
  } catch (error) {
    const failure = classify(error);
    const at = Date.now();
    await recordSyncFailure(device, { ...failure, at });
    announce({ type: 'sync-failed', ...failure, at });
    return { ok: false, ...failure };
  }
}

/**
 * Runs one sync. When one is running for this device (in this context or another: a tab, the
 * service worker), this one runs after it: the running one may have read its last page before
 * what this one was asked for (a change just made, a new record on the server), and must not
 * leave it for some later trigger. When another is already waiting behind the running one, that
 * one will do, and this answers busy at once.
 */
export async function syncOnce(device: Device, transport: Transport, options: SyncOptions = {}): Promise<SyncOutcome> {
  const outcome = await withSyncLock(device, () => runSync(device, transport, options), true);
  return outcome ?? { ok: false, reason: 'busy', message: 'a sync is already waiting to run' };
}
