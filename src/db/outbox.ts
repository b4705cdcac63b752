/**
 * The outbox: local changes the server has not acknowledged yet. An entry leaves the outbox only
 * once the server has answered it, in the same transaction that records the answer on the record
 * (synced, or refused with the reason) and tells the user what they must know.
 */
import { SYNC_TABLES } from '../../shared/domain.ts';
import type { Mutation, MutationResult } from '../../shared/sync-messages.ts';
import type { Notice, OutboxEntry } from './database.ts';
import { recordLabel } from './notices.ts';
import type { Device } from './write.ts';

/** How many local changes the server has not acknowledged yet. */
export function unsyncedCount(device: Device): Promise<number> {
  return device.db.outbox.count();
}

/** Records the server refused and the user has not fixed yet: the sync bar must not say all is well. */
export async function refusedCount(device: Device): Promise<number> {
  const counts = await Promise.all(
    SYNC_TABLES.map((table) =>
      device.db
        .recordTable(table)
        .filter((record) => record.syncState === 'rejected')
        .count(),
    ),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/** The device id an entry was stamped on: this device's, or another's whose outbox was imported here. */
export function stampedOn(entry: OutboxEntry): string {
  return entry.hlc.slice(-16);
}

/**
 * The oldest entries, up to `limit`, in the order they were written, all stamped on one device:
 * the next batch to push, under that device's id (entries carried over from another phone by an
 * outbox file go up under the id that stamped them).
 */
export async function nextOutboxBatch(device: Device, limit: number): Promise<OutboxEntry[]> {
  const entries = await device.db.outbox.orderBy('seq').limit(limit).toArray();
  const first = entries[0];
  if (!first) return [];
  const end = entries.findIndex((entry) => stampedOn(entry) !== stampedOn(first));
  return end === -1 ? entries : entries.slice(0, end);
}

export function toMutation(entry: OutboxEntry): Mutation {
  return {
    id: entry.id,
    table: entry.table,
    recordId: entry.recordId,
    op: entry.op,
    ...(entry.op === 'put' ? { fields: entry.fields ?? {} } : {}),
    hlc: entry.hlc,
  };
}

/** Records the server's answers to these entries, in ONE transaction, and drops them from the outbox. */
export async function settleAnswers(device: Device, entries: OutboxEntry[], results: MutationResult[]): Promise<void> {
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
      const label = recordLabel(entry.table, await db.recordTable(entry.table).get(entry.recordId));
      const notice: Notice = {
        ...(label ? { label } : {}),
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
      const records = db.recordTable(table);
      // A record that left the user's place waited only for these answers; the notices say them.
      if ((await records.get(recordId))?.left) await records.delete(recordId);
      else if (refusal) await records.update(recordId, { syncState: 'rejected', rejection: refusal });
      else await records.update(recordId, { syncState: 'synced', rejection: undefined });
    }
  });
}
