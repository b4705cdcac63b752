/**
 * Sends the outbox to the server in order, a batch at a time, and settles each answered mutation
 * in one transaction. An entry leaves the outbox only once the server has answered it; a resend
 * after a lost answer is safe because the server is idempotent by mutation id.
 */
import { SYNC_TABLES } from '../../shared/domain.ts';
import type { Mutation, MutationResult } from '../../shared/sync-messages.ts';
import type { Notice, OutboxEntry } from '../db/database.ts';
import { type Device, restampFromServerTime } from '../db/write.ts';
import { ServerError, type Transport } from './transport.ts';

export const PUSH_BATCH = 500;
/** Bounds one sync's pushing; whatever is left waits for the next sync. */
const MAX_ROUNDS = 200;

function toMutation(entry: OutboxEntry): Mutation {
  return {
    id: entry.id,
    table: entry.table,
    recordId: entry.recordId,
    op: entry.op,
    ...(entry.op === 'put' ? { fields: entry.fields ?? {} } : {}),
    hlc: entry.hlc,
  };
}

async function settle(device: Device, entries: OutboxEntry[], results: MutationResult[]): Promise<void> {
  const { db } = device;
  const tables = SYNC_TABLES.map((table) => db.recordTable(table));
  await db.transaction('rw', [...tables, db.outbox, db.notices], async () => {
    // The last answer per record in this batch decides its state (a refused edit followed by an
    // accepted one leaves the record accepted; the refusal stays as a notice).
    const outcome = new Map<string, { table: OutboxEntry['table']; refusal: Notice['reason'] | null }>();
    for (const [index, entry] of entries.entries()) {
      const result = results[index];
      if (!result || result.id !== entry.id) throw new Error('the server answered a different batch');
      await db.outbox.delete(entry.seq as number);
      outcome.set(entry.recordId, { table: entry.table, refusal: result.status === 'rejected' ? result.reason : null });
      if (result.status === 'accepted') continue;
      const notice: Notice = {
        id: entry.id,
        kind: result.status === 'merged' ? 'conflict' : 'rejected',
        table: entry.table,
        recordId: entry.recordId,
        createdAt: Date.now(),
        seen: 0,
        ...(result.status === 'merged' ? { conflicts: result.conflicts } : { reason: result.reason }),
      };
      await db.notices.put(notice);
    }
    const stillPending = new Set(
      (
        await db.outbox
          .where('recordId')
          .anyOf([...outcome.keys()])
          .toArray()
      ).map((entry) => entry.recordId),
    );
    for (const [recordId, { table, refusal }] of outcome) {
      if (stillPending.has(recordId)) continue;
      if (refusal) await db.recordTable(table).update(recordId, { syncState: 'rejected', rejection: refusal });
      else await db.recordTable(table).update(recordId, { syncState: 'synced', rejection: undefined });
    }
  });
}

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
    const entries = await device.db.outbox.orderBy('seq').limit(batchSize).toArray();
    if (entries.length === 0) break;
    let results: MutationResult[];
    try {
      ({ results } = await transport.push({ deviceId: device.deviceId, mutations: entries.map(toMutation) }));
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
      await settle(device, [guilty], [{ id: guilty.id, status: 'rejected', reason }]);
      continue;
    }
    await settle(device, entries, results);
    sent += entries.length;
    onBatch?.(sent);
  }
  return sent;
}
