/**
 * The only write path: every local change is ONE Dexie transaction holding the record changes
 * AND their outbox mutations (and the clock). A record without its mutation, or the reverse,
 * cannot be left behind: if any step throws, IndexedDB rolls the whole transaction back. A user
 * action that changes two records (a visit and its household's care tags) passes both changes to
 * writeChanges, so they land together or not at all.
 *
 * The entity modules (households.ts, visits.ts, …) are the door screens use; this module is
 * theirs.
 */
import { v7 as uuidv7 } from 'uuid';
import type { SyncTable } from '../../shared/domain.ts';
import { formatHlc, type Hlc, MAX_CLOCK_SKEW_MS, parseHlc, receiveHlc, tickHlc, zeroHlc } from '../../shared/hlc.ts';
import { applySetDelta, isSetDelta, setDeltaBetween } from '../../shared/merge.ts';
import { type ContentOf, type PlaceIds, tableOf } from '../../shared/tables/index.ts';
import { copyPlaceIds, derivePlaceIds } from '../../shared/tables/place-ids.ts';
import { checkContent, type FieldProblem } from '../../shared/tables/problems.ts';
import type { GridworkDatabase, LocalRecord, OutboxEntry } from './database.ts';
import { readState, writeState } from './device-state.ts';

export interface Device {
  db: GridworkDatabase;
  /** 16 hex digits; the node part of every HLC this device stamps. */
  deviceId: string;
  /** Wall clock, replaceable in tests and simulations. */
  now?: () => number;
}

export function deviceNow(device: Device): number {
  return (device.now ?? Date.now)();
}

async function storedClock(device: Device): Promise<Hlc> {
  const stored = await readState(device.db, 'clock');
  return (stored && parseHlc(stored)) || zeroHlc(device.deviceId);
}

/**
 * A transaction's writes, sent without waiting for each. IndexedDB runs a transaction's requests
 * in the order they were made, so a later read sees every earlier write, and commits only once
 * all of them succeeded: one that fails aborts the whole. What a write costs is mostly its round
 * trip to the browser's storage process, and writes sent together share it.
 */
class Writes {
  readonly #sent: Promise<unknown>[] = [];
  #failure: { error: unknown } | undefined;

  send(write: Promise<unknown>): void {
    // Awaited in `done`; until then a failure is kept (`check`), not left unhandled.
    write.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#sent.push(write);
  }

  /** Throws the first failure of a write sent so far: the action stops there, as if it had waited. */
  check(): void {
    if (this.#failure) throw this.#failure.error;
  }

  async done(): Promise<void> {
    await Promise.all(this.#sent);
  }
}

/**
 * The records one action reads (each change's record, or a new record's parent), asked for all
 * at once before the first change is applied, and kept up to date by the action's own writes: a
 * change reads what an earlier change of the same action wrote (of two edits of one record, the
 * second builds on the first).
 */
class Reads {
  readonly #records = new Map<string, Promise<LocalRecord<SyncTable> | undefined>>();

  constructor(readonly db: GridworkDatabase) {}

  get(table: SyncTable, id: string): Promise<LocalRecord<SyncTable> | undefined> {
    const key = `${table}/${id}`;
    let record = this.#records.get(key);
    if (!record) {
      record = this.db.recordTable(table).get(id);
      // Awaited by the change that needs it; until then an aborted transaction's failure is handled.
      record.catch(() => {});
      this.#records.set(key, record);
    }
    return record;
  }

  /** What the action wrote, for its later changes to read. */
  wrote(table: SyncTable, id: string, record: LocalRecord<SyncTable> | undefined): void {
    this.#records.set(`${table}/${id}`, Promise.resolve(record));
  }

  /** Asks now for what this change will read. */
  ahead(change: RecordChange): void {
    if (change.op !== 'create') {
      void this.get(change.table, change.recordId);
      return;
    }
    const rule = tableOf(change.table).parent;
    // Content that is no object is refused by the change itself (checkContent), in words.
    const content: unknown = change.content;
    if (rule === 'place-tree' || typeof content !== 'object' || content === null) return;
    const parentId = (content as Record<string, unknown>)[rule.field];
    if (typeof parentId === 'string') void this.get(rule.table, parentId);
  }
}

/** Moves the device clock past a stamp seen from the server, so later local edits win over it. */
export async function observeStamp(device: Device, remote: string): Promise<void> {
  const seen = parseHlc(remote);
  if (!seen) return;
  const last = await storedClock(device);
  if (remote <= formatHlc(last)) return;
  const next = receiveHlc({ ...last, node: device.deviceId }, seen, deviceNow(device));
  await writeState(device.db, 'clock', formatHlc(next));
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
    await writeState(db, 'clock', formatHlc(clock));
    return ahead.length;
  });
}

export type WriteErrorCode = 'not_found' | 'append_only' | 'deleted' | 'invalid' | 'unknown_parent';

export class WriteError extends Error {
  constructor(
    readonly code: WriteErrorCode,
    message: string,
    /** For `invalid`: what is wrong, field by field, for the form to say in words. */
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

/** One record change of a user action. */
export type RecordChange<T extends SyncTable = SyncTable> =
  | {
      op: 'create';
      table: T;
      content: ContentOf<T>;
      /** A fresh UUIDv7 unless given (a record whose id a second change of the action refers to). */
      id?: string;
    }
  | { op: 'update'; table: T; recordId: string; fields: Partial<ContentOf<T>> }
  | { op: 'delete'; table: T; recordId: string }
  /** Drops a record the server refused and never had (it is being recorded again): nothing to send. */
  | { op: 'discard'; table: T; recordId: string };

/** Tables one action's transaction must hold: the records changed, and the parents places come from. */
function transactionTables(db: GridworkDatabase, changes: readonly RecordChange[]) {
  const names = new Set<SyncTable>();
  for (const change of changes) {
    names.add(change.table);
    const parent = tableOf(change.table).parent;
    // The place tree's parents (and a building's grid) are places.
    names.add(parent === 'place-tree' ? 'places' : parent.table);
  }
  return [...[...names].map((name) => db.recordTable(name)), db.outbox, db.syncMeta];
}

/** Place ids of a new (or re-parented) record, derived from its parent as the server will. */
async function placeIdsFromParent(
  reads: Reads,
  table: SyncTable,
  id: string,
  content: Record<string, unknown>,
): Promise<PlaceIds> {
  const derived = await derivePlaceIds(table, id, content, async (parentTable, parentId) => {
    const parent = (await reads.get(parentTable, parentId)) as
      | (LocalRecord<SyncTable> & { kind?: unknown })
      | undefined;
    return parent && { kind: parent.kind, deleted: parent.deleted === true, ids: parent };
  });
  if (!derived.ok) throw new WriteError('unknown_parent', derived.message);
  return copyPlaceIds(derived.placeIds);
}

function invalidInput(table: SyncTable, problems: FieldProblem[]): WriteError {
  const first = problems[0];
  return new WriteError('invalid', `${table}.${first?.field ?? '?'}: ${first?.kind ?? 'invalid'}`, problems);
}

async function applyChange(
  device: Device,
  change: RecordChange,
  hlc: string,
  { reads, writes }: { reads: Reads; writes: Writes },
): Promise<LocalRecord<SyncTable>> {
  const { db } = device;
  const rules = tableOf(change.table);
  const records = db.recordTable(change.table);
  if (change.op === 'create') {
    const checked = checkContent(change.table, change.content as Record<string, unknown>);
    if (!checked.ok) throw invalidInput(change.table, checked.problems);
    const id = change.id ?? uuidv7();
    const placeIds = await placeIdsFromParent(reads, change.table, id, checked.value);
    const record = {
      ...checked.value,
      ...placeIds,
      id,
      updatedAt: hlc,
      syncState: 'pending',
    } as LocalRecord<SyncTable>;
    // A fresh id names nothing yet: no read before the put.
    writes.send(records.put(record));
    writes.send(db.outbox.add(outboxEntry(change.table, id, 'put', hlc, checked.value)));
    reads.wrote(change.table, id, record);
    return record;
  }
  const existing = await reads.get(change.table, change.recordId);
  if (!existing) throw new WriteError('not_found', `${change.table} ${change.recordId} does not exist here`);
  if (change.op === 'discard') {
    if (existing.syncState !== 'rejected')
      throw new WriteError('not_found', `${change.table} ${change.recordId} was not refused`);
    writes.send(records.delete(change.recordId));
    reads.wrote(change.table, change.recordId, undefined);
    return existing;
  }
  if (rules.appendOnly) throw new WriteError('append_only', `${change.table} are written once and never changed`);
  if (existing.deleted) throw new WriteError('deleted', `${change.table} ${change.recordId} was deleted`);
  if (change.op === 'delete') {
    const record = { ...existing, deleted: true, updatedAt: hlc, syncState: 'pending' } as LocalRecord<SyncTable>;
    writes.send(records.put(record));
    writes.send(db.outbox.add(outboxEntry(change.table, change.recordId, 'delete', hlc)));
    reads.wrote(change.table, change.recordId, record);
    return record;
  }
  const checked = checkContent(change.table, change.fields as Record<string, unknown>, { partial: true });
  if (!checked.ok) throw invalidInput(change.table, checked.problems);
  const { shown, sent } = changesToSend(rules.sets, existing as unknown as Record<string, unknown>, checked.value);
  if (Object.keys(sent).length === 0) return existing;
  const merged = { ...existing, ...shown };
  // A record moved to another parent (a household to another building) moves with it at once.
  const parentField = rules.parent === 'place-tree' ? 'parentId' : rules.parent.field;
  const moved = parentField in sent || (change.table === 'places' && 'gridId' in sent);
  const placeIds = moved ? await placeIdsFromParent(reads, change.table, change.recordId, merged) : {};
  const record = {
    ...merged,
    ...placeIds,
    updatedAt: hlc,
    syncState: 'pending',
    rejection: undefined,
  } as LocalRecord<SyncTable>;
  writes.send(records.put(record));
  writes.send(db.outbox.add(outboxEntry(change.table, change.recordId, 'put', hlc, sent)));
  reads.wrote(change.table, change.recordId, record);
  return record;
}

/**
 * Only what changed travels (a form that saves every field must not overwrite another device's
 * edit of a field this user never touched), and a set-valued field (care tags, duty shifts)
 * travels as the elements added and removed, so a concurrent edit of other elements survives
 * (shared/merge.ts). Answers the fields as the device shows them and as they are sent.
 */
function changesToSend(
  sets: readonly string[],
  existing: Record<string, unknown>,
  fields: Record<string, unknown>,
): { shown: Record<string, unknown>; sent: Record<string, unknown> } {
  const shown = { ...fields };
  const sent = { ...fields };
  for (const [field, value] of Object.entries(fields)) {
    if (sets.includes(field)) continue;
    if (JSON.stringify(value ?? null) === JSON.stringify(existing[field] ?? null)) {
      delete shown[field];
      delete sent[field];
    }
  }
  for (const field of sets) {
    const value = fields[field];
    if (value === undefined) continue;
    const before = existing[field] as unknown[] | undefined;
    const delta = isSetDelta(value) ? value : setDeltaBetween(before, value as unknown[]);
    shown[field] = applySetDelta(before, delta);
    if ((delta.add?.length ?? 0) + (delta.remove?.length ?? 0) === 0) delete sent[field];
    else sent[field] = delta;
    if (!(field in sent)) delete shown[field];
  }
  return { shown, sent };
}

function outboxEntry(
  table: SyncTable,
  recordId: string,
  op: 'put' | 'delete',
  hlc: string,
  fields?: Record<string, unknown>,
): OutboxEntry {
  return {
    id: uuidv7(),
    table,
    recordId,
    op,
    ...(fields ? { fields: { ...fields } } : {}),
    hlc,
    createdAt: Date.now(),
  };
}

/**
 * Applies one user action's record changes in ONE transaction, each with its own stamp and
 * outbox mutation, in order. Answers the records as they now stand on the device. The clock and
 * the records the changes read are asked for together (`Reads`); the clock is advanced for each
 * stamp and stored once; the writes go without waiting for one another (`Writes`).
 */
export function writeChanges(device: Device, changes: readonly RecordChange[]): Promise<LocalRecord<SyncTable>[]> {
  const { db } = device;
  return db.transaction('rw', transactionTables(db, changes), async () => {
    const writes = new Writes();
    const reads = new Reads(db);
    const storedAt = storedClock(device);
    storedAt.catch(() => {});
    for (const change of changes) reads.ahead(change);
    let clock: Hlc = { ...(await storedAt), node: device.deviceId };
    let ticked = false;
    const written: LocalRecord<SyncTable>[] = [];
    for (const change of changes) {
      writes.check();
      let stamp = '';
      if (change.op !== 'discard') {
        clock = tickHlc(clock, deviceNow(device));
        ticked = true;
        stamp = formatHlc(clock);
      }
      written.push(await applyChange(device, change, stamp, { reads, writes }));
    }
    if (ticked) writes.send(writeState(db, 'clock', formatHlc(clock)));
    await writes.done();
    return written;
  });
}

/** Creates a record under a new UUIDv7 id, filed under its parent's place. */
export async function createRecord<T extends SyncTable>(
  device: Device,
  table: T,
  content: ContentOf<T>,
): Promise<LocalRecord<T>> {
  const [record] = await writeChanges(device, [{ op: 'create', table, content } as RecordChange]);
  return record as unknown as LocalRecord<T>;
}

/** Changes some fields of a record this device holds; only they travel to the server. */
export async function updateRecord<T extends SyncTable>(
  device: Device,
  table: T,
  recordId: string,
  fields: Partial<ContentOf<T>>,
): Promise<LocalRecord<T>> {
  const [record] = await writeChanges(device, [{ op: 'update', table, recordId, fields } as RecordChange]);
  return record as unknown as LocalRecord<T>;
}

/** Deletes a record: a tombstone locally and on the server, pulled by every device like a change. */
export async function deleteRecord(device: Device, table: SyncTable, recordId: string): Promise<void> {
  await writeChanges(device, [{ op: 'delete', table, recordId }]);
}
