/**
 * One sync at a time per device: Web Locks across tabs, workers and the service worker where the
 * browser has them (Safari before 15.4 does not), a promise chain within one context always.
 */
import type { Device } from '../db/write.ts';

const LOCK_NAME = 'gridwork-sync';
const chains = new WeakMap<Device, Promise<unknown>>();

/**
 * Runs `work` holding the device's sync lock. With `ifAvailable` it answers null at once when
 * the lock is taken, instead of waiting.
 */
export async function withSyncLock<T>(device: Device, work: () => Promise<T>, ifAvailable = false): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    return locks.request(LOCK_NAME, { ifAvailable }, async (lock) => (lock ? work() : null));
  }
  const previous = chains.get(device) ?? Promise.resolve();
  const next = previous.then(work);
  chains.set(
    device,
    next.catch(() => undefined),
  );
  return next;
}
