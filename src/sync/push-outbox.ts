/**
 * Sends the outbox to the server in order, a batch at a time, and settles each answered batch in
 * one transaction (db/outbox.ts). An entry leaves the outbox only once the server has answered it; a resend
 * after a lost answer is safe because the server is idempotent by mutation id.
 */
import type { MutationResult } from '../../shared/sync-messages.ts';
import type { OutboxEntry } from '../db/database.ts';
import { nextOutboxBatch, settleAnswers, stampedOn, toMutation } from '../db/outbox.ts';
import { type Device, restampFromServerTime } from '../db/write.ts';
import { ServerError, type Transport } from './transport.ts';
import { uploadPhotosFor } from './upload-photos.ts';

export const PUSH_BATCH = 500;
/** Bounds one sync's pushing; whatever is left waits for the next sync. */
const MAX_ROUNDS = 200;

/**
 * A batch the server refused as a whole (422) names the guilty mutation: it can never be
 * accepted, so it is settled as rejected and the rest is sent again. A clock_skew is different:
 * the device must fix its clock, and nothing is dropped.
 */
function guiltyIndex(error: unknown): number | null {
  if (!(error instanceof ServerError) || error.status !== 422 || error.code === 'clock_skew') return null;
  // A refused stamp (device id, clock) is this device's fault, not the mutation's: keep it.
  const match = /^mutations\[(\d+)\]\.(?!hlc$)/.exec(error.field ?? '');
  return match ? Number(match[1]) : null;
}

export async function pushOutbox(
  device: Device,
  transport: Transport,
  onBatch?: (sent: number) => void,
): Promise<number> {
  let sent = 0;
  let batchSize = PUSH_BATCH;
  let restamped = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const entries = await nextOutboxBatch(device, batchSize);
    if (entries.length === 0) break;
    // The photos these records name go first; a photo taken out of its records changed them.
    if ((await uploadPhotosFor(device, transport, entries)).dropped > 0) continue;
    let results: MutationResult[];
    try {
      const deviceId = stampedOn(entries[0] as OutboxEntry);
      ({ results } = await transport.push({ deviceId, mutations: entries.map(toMutation) }));
    } catch (error) {
      // Over the server's 5 MB: send half as many (photos or long notes make batches heavy); a
      // single mutation that is too large on its own can never be accepted.
      if (error instanceof ServerError && error.status === 413 && entries.length > 1) {
        batchSize = Math.max(1, Math.floor(entries.length / 2));
        continue;
      }
      if (error instanceof ServerError && error.code === 'clock_skew' && error.serverTime && !restamped) {
        restamped = true;
        await restampFromServerTime(device, error.serverTime);
        continue;
      }
      const index = error instanceof ServerError && error.status === 413 ? 0 : guiltyIndex(error);
      const guilty = index === null ? undefined : entries[index];
      if (!guilty || !(error instanceof ServerError)) throw error;
      const reason = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
      await settleAnswers(device, [guilty], [{ id: guilty.id, status: 'rejected', reason }]);
      continue;
    }
    await settleAnswers(device, entries, results);
    sent += entries.length;
    onBatch?.(sent);
  }
  return sent;
}
