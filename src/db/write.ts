/**
 * The only write API: every local change is ONE Dexie transaction holding the record change AND
 * its outbox mutation (and the clock). A record without its mutation, or the reverse, cannot be
 * left behind: if any step throws, IndexedDB rolls the whole transaction back.
 */
import { v7 as uuidv7 } from 'uuid';
import { APPEND_ONLY_TABLES, type SyncTable } from '../../shared/domain.ts';
import { formatHlc, type Hlc, MAX_CLOCK_SKEW_MS, parseHlc, receiveHlc, tickHlc, zeroHlc } from '../../shared/hlc.ts';
import type { ContentOf, PlaceIds } from '../../shared/records.ts';
import type { GridworkDatabase, LocalRecord, OutboxEntry } from './database.ts';

export interface Device {
  db: GridworkDatabase;
  /** 16 hex digits; the node part of every HLC this device stamps. */
  deviceId: string;
  /** Wall clock, replaceable in tests and simulations. */
  now?: () => number;
}

const CLOCK_KEY = 'clock';

/** Reads, advances and stores the device clock; call inside a transaction that includes syncMeta. */
async function nextStamp(device: Device): Promise<string> {
  const stored = await device.db.syncMeta.get(CLOCK_KEY);
  const last: Hlc = (typeof stored?.value === 'string' && parseHlc(stored.value)) || zeroHlc(device.deviceId);
  const next = tickHlc({ ...last, node: device.deviceId }, (device.now ?? Date.now)());
  const stamp = formatHlc(next);
  await device.db.syncMeta.put({ key: CLOCK_KEY, value: stamp });
  return stamp;
}

/** Moves the device clock past a stamp seen from the server, so later local edits win over it. */
export async function observeStamp(device: Device, remote: string): Promise<void> {
  const seen = parseHlc(remote);
  if (!seen) return;
  const stored = await device.db.syncMeta.get(CLOCK_KEY);
  const last: Hlc = (typeof stored?.value === 'string' && parseHlc(stored.value)) || zeroHlc(device.deviceId);
  if (remote <= formatHlc(last)) return;
  const next = receiveHlc({ ...last, node: device.deviceId }, seen, (device.now ?? Date.now)());
  await device.db.syncMeta.put({ key: CLOCK_KEY, value: formatHlc(next) });
}

/**
 * The server refused a stamp as too far ahead of its clock: the device clock was (or is) wrong.
 * Every outbox entry stamped beyond the server's limit is stamped again from the server's time,
 * in one transaction, and the device clock follows; nothing is dropped, and the push can go on.
 */
export async function restampFromServerTime(device: Device, serverTime: number): Promise<number> {
  const { db } = device;
  const limit = serverTime + MAX_CLOCK_SKEW_MS / 2;
  return db.transaction('rw', [db.outbox, db.syncMeta], async () => {
    const ahead = (await db.outbox.orderBy('seq').toArray()).filter((entry) => {
      const stamp = parseHlc(entry.hlc);
      return stamp !== null && stamp.millis > limit;
    });
    let clock: Hlc = { millis: serverTime, counter: 0, node: device.deviceId };
    for (const entry of ahead) {
      clock = tickHlc(clock, serverTime);
      await db.outbox.update(entry.seq as number, { hlc: formatHlc(clock) });
    }
    await db.syncMeta.put({ key: CLOCK_KEY, value: formatHlc(clock) });
    return ahead.length;
  });
}

export class WriteError extends Error {
  constructor(
    readonly code: 'not_found' | 'append_only' | 'deleted',
    message: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

/**
 * Creates or changes a record: `fields` are the changed content fields; `placeIds` the record's
 * place (the server derives its own from the parent; these let the device group and filter now).
 */
export function putRecord<T extends SyncTable>(
  device: Device,
  table: T,
  recordId: string,
  fields: Partial<ContentOf<T>>,
  placeIds?: PlaceIds,
): Promise<LocalRecord<T>> {
  return writeRecord(device, table, recordId, fields, placeIds, false);
}

async function writeRecord<T extends SyncTable>(
  device: Device,
  table: T,
  recordId: string,
  fields: Partial<ContentOf<T>>,
  placeIds: PlaceIds | undefined,
  isNew: boolean,
): Promise<LocalRecord<T>> {
  const { db } = device;
  const records = db.recordTable(table);
  return db.transaction('rw', [records, db.outbox, db.syncMeta], async () => {
    // A fresh UUIDv7 names nothing yet: skipping the read saves a fifth of a write's time.
    const existing = isNew ? undefined : await records.get(recordId);
    if (existing && APPEND_ONLY_TABLES.has(table)) {
      throw new WriteError('append_only', `${table} are written once and never changed`);
    }
    if (existing?.deleted) throw new WriteError('deleted', `${table} ${recordId} was deleted`);
    if (!existing && !placeIds) throw new WriteError('not_found', `${table} ${recordId} does not exist here`);
    const hlc = await nextStamp(device);
    const record = {
      ...existing,
      ...placeIds,
      ...fields,
      id: recordId,
      updatedAt: hlc,
      syncState: 'pending',
      rejection: undefined,
    } as LocalRecord<T>;
    await records.put(record);
    const mutation: OutboxEntry = {
      id: uuidv7(),
      table,
      recordId,
      op: 'put',
      fields: { ...fields },
      hlc,
      createdAt: Date.now(),
    };
    await db.outbox.add(mutation);
    return record;
  });
}

/** Creates a record under a new UUIDv7 id. */
export function createRecord<T extends SyncTable>(
  device: Device,
  table: T,
  content: ContentOf<T>,
  placeIds: PlaceIds,
): Promise<LocalRecord<T>> {
  return writeRecord(device, table, uuidv7(), content as Partial<ContentOf<T>>, placeIds, true);
}

/** Deletes a record: a tombstone locally and on the server, pulled by every device like a change. */
export async function deleteRecord(device: Device, table: SyncTable, recordId: string): Promise<void> {
  const { db } = device;
  const records = db.recordTable(table);
  await db.transaction('rw', [records, db.outbox, db.syncMeta], async () => {
    if (APPEND_ONLY_TABLES.has(table)) throw new WriteError('append_only', `${table} are never deleted`);
    const existing = await records.get(recordId);
    if (!existing) throw new WriteError('not_found', `${table} ${recordId} does not exist here`);
    const hlc = await nextStamp(device);
    await records.put({ ...existing, deleted: true, updatedAt: hlc, syncState: 'pending' });
    await db.outbox.add({ id: uuidv7(), table, recordId, op: 'delete', hlc, createdAt: Date.now() });
  });
}

/** How many local changes the server has not acknowledged yet. */
export function unsyncedCount(device: Device): Promise<number> {
  return device.db.outbox.count();
}
