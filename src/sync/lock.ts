/**
 * One sync at a time per device: Web Locks across tabs, workers and the service worker where the
 * browser has them (Safari before 15.4 does not), a promise chain within one context always.
 */
import type { Device } from '../db/write.ts';

const LOCK_NAME = 'gridwork-sync';
const chains = new WeakMap<Device, { tail: Promise<unknown>; waiting: number }>();

/**
 * Runs `work` holding the device's sync lock, after whatever holds it now. With `coalesce` it
 * answers null at once when another call already waits behind the running one: that pass will
 * start after the running one ends, and so sees everything the caller wants seen.
 */
export async function withSyncLock<T>(device: Device, work: () => Promise<T>, coalesce = false): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    if (coalesce) {
      const { pending } = await locks.query();
      if (pending?.some((lock) => lock.name === LOCK_NAME)) return null;
    }
    return locks.request(LOCK_NAME, () => work());
  }
  const chain = chains.get(device) ?? { tail: Promise.resolve(), waiting: 0 };
  chains.set(device, chain);
  if (coalesce && chain.waiting > 0) return null;
  chain.waiting++;
  const next = chain.tail.then(() => {
    chain.waiting--;
    return work();
  });
  chain.tail = next.catch(() => undefined);
  return next;
}
