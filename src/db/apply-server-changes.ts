/**
 * Applies one pulled page in ONE transaction with bulk operations, the cursor included, so a page
 * is either wholly applied with its cursor or not at all. Local changes still in the outbox are
 * laid over the server's record: they will reach the server and win or lose there. A record that
 * left the user's place is dropped, unless changes to it still wait in the outbox: then it stays,
 * hidden, until the server has answered them (with out_of_scope, said in words on a notice).
 */
import { SYNC_TABLES, type SyncTable } from '../../shared/domain.ts';
import { applySetDelta, isSetDelta } from '../../shared/merge.ts';
import type { Change, PullResponse } from '../../shared/sync-messages.ts';
import { tableOf } from '../../shared/tables/index.ts';
import type { LocalRecord, OutboxEntry } from './database.ts';
import { readState, writeState } from './device-state.ts';
import { type Device, observeStamp } from './write.ts';

/** The record as the device shows it: the server's state with the pending local changes on top. */
function overlay(table: SyncTable, record: Record<string, unknown>, pending: OutboxEntry[]): Record<string, unknown> {
  const sets = tableOf(table).sets;
  let merged = record;
  for (const entry of pending) {
    if (entry.op === 'delete') {
      merged = { ...merged, deleted: true };
      continue;
    }
    const fields = { ...entry.fields };
    for (const field of sets) {
      const value = fields[field];
      if (isSetDelta(value)) fields[field] = applySetDelta(merged[field] as unknown[] | undefined, value);
    }
    merged = { ...merged, ...fields };
  }
  return merged;
}

/** Where the next pull starts (undefined: from the beginning). */
export function pullCursor(device: Device): Promise<string | undefined> {
  return readState(device.db, 'pullCursor');
}

export async function applyServerChanges(device: Device, page: PullResponse): Promise<void> {
  const { db } = device;
  const byTable = new Map<SyncTable, Change[]>();
  for (const change of page.changes) {
    const list = byTable.get(change.table) ?? [];
    list.push(change);
    byTable.set(change.table, list);
  }
  const tables = SYNC_TABLES.map((table) => db.recordTable(table));
  await db.transaction('rw', [...tables, db.outbox, db.syncMeta], async () => {
    const ids = page.changes.map((change) => change.recordId);
    const pendingByRecord = new Map<string, OutboxEntry[]>();
    if (ids.length > 0) {
      for (const entry of await db.outbox.where('recordId').anyOf(ids).sortBy('seq')) {
        const list = pendingByRecord.get(entry.recordId) ?? [];
        list.push(entry);
        pendingByRecord.set(entry.recordId, list);
      }
    }
    let newest = '';
    for (const [table, changes] of byTable) {
      const puts: LocalRecord<SyncTable>[] = [];
      const deletes: string[] = [];
      const hidden: string[] = [];
      for (const change of changes) {
        if (change.hlc > newest) newest = change.hlc;
        const pending = pendingByRecord.get(change.recordId);
        if (change.left && pending) {
          hidden.push(change.recordId);
          continue;
        }
        if (change.deleted || !change.record) {
          deletes.push(change.recordId);
          continue;
        }
        const record = { ...change.record, syncState: pending ? 'pending' : 'synced' };
        puts.push((pending ? overlay(table, record, pending) : record) as LocalRecord<SyncTable>);
      }
      const store = db.recordTable(table);
      if (puts.length > 0) await store.bulkPut(puts);
      if (deletes.length > 0) await store.bulkDelete(deletes);
      // Out of every list (queries skip deleted records) but kept for the answer to its changes.
      for (const id of hidden) await store.update(id, { deleted: true, left: true });
    }
    if (newest) await observeStamp(device, newest);
    await writeState(db, 'pullCursor', page.cursor);
  });
}
