/**
 * Record writes made by the server itself on a person's behalf (an administrator's import, the
 * first community of a new installation): the same change log as a device's push, so devices pull
 * them. Each change gets field stamps from the server's clock, a fresh sequence number, place ids
 * derived from its parent by the shared rule, and a row in the mutations table (the audit log)
 * naming who asked for it.
 */
import { v7 as uuidv7 } from 'uuid';
import type { SyncTable } from '../../shared/domain.ts';
import { formatHlc } from '../../shared/hlc.ts';
import { latestStamp, mergeFields } from '../../shared/merge.ts';
import { tableOf } from '../../shared/tables/index.ts';
import { recordDeparture, refileDescendants, samePlace } from './moves.ts';
import { derivePlaceIds } from './place-ids.ts';
import { type Db, RecordStore, type SequenceAllocator, type StoredRecord } from './records.ts';

/** The node of the server's own stamps: written by no phone. */
export const SERVER_NODE = '0000000000000000';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export class ServerWriter {
  readonly records: RecordStore;
  private counter = 0;
  private readonly millis = Date.now();
  private readonly now = new Date(this.millis).toISOString();

  constructor(
    private readonly db: Db,
    /** The change sequence this transaction claimed (changeTransaction). */
    private readonly seq: SequenceAllocator,
    /** Who asked for these writes, for the audit log. */
    private readonly userId: string,
  ) {
    this.records = new RecordStore(db);
  }

  private stamp(): string {
    this.counter = (this.counter + 1) % 0x10000;
    return formatHlc({ millis: this.millis, counter: this.counter, node: SERVER_NODE });
  }

  /**
   * Creates the record, or changes the fields whose values differ from the stored ones: writing
   * the same values again changes nothing (no new stamp, no new sequence), so a repeated import
   * is a no-op. Throws when the result breaks the table's rules; callers check rows first.
   */
  async put(
    table: SyncTable,
    id: string,
    fields: Record<string, unknown>,
    /** The record as the caller already read it in this transaction (null: it is new), to skip a read. */
    known?: StoredRecord | null,
  ): Promise<WriteOutcome> {
    const existing = known !== undefined ? known : await this.records.get(table, id);
    if (existing?.deleted) throw new Error(`${table} ${id} was deleted`);
    const changed = Object.fromEntries(
      Object.entries(fields).filter(([field, value]) => !existing || !sameValue(existing.data[field], value)),
    );
    if (existing && Object.keys(changed).length === 0) return 'unchanged';
    const hlc = this.stamp();
    const merged = mergeFields(existing?.data ?? {}, existing?.stamps ?? {}, changed, hlc);
    if (existing && !merged.changed) return 'unchanged';
    const content = tableOf(table).content.safeParse(merged.data);
    if (!content.success) throw new Error(`${table} ${id}: ${content.error.issues[0]?.message ?? 'invalid'}`);
    const derived = await derivePlaceIds(this.records, table, id, merged.data);
    if (!derived.ok) throw new Error(`${table} ${id}: ${derived.message}`);
    const record: StoredRecord = {
      table,
      id,
      data: merged.data,
      stamps: merged.stamps,
      updatedAt: latestStamp(merged.stamps, existing?.updatedAt),
      deleted: false,
      seq: await this.seq.take(),
      placeIds: derived.placeIds,
    };
    await this.records.save(record);
    // A roster line that moved a record (a member to another building's group) moves what is
    // under it and tells the places it left, as a push would (moves.ts).
    if (existing && !samePlace(existing.placeIds, derived.placeIds)) {
      const ctx = { db: this.db, records: this.records, seq: this.seq };
      await recordDeparture(ctx, record, existing.placeIds, derived.placeIds);
      await refileDescendants(ctx, record);
    }
    await this.db
      .insertInto('mutations')
      .values({
        id: uuidv7(),
        device_id: SERVER_NODE,
        user_id: this.userId,
        tbl: table,
        record_id: id,
        op: 'put',
        hlc,
        result: JSON.stringify({ status: 'accepted' }),
        received_at: this.now,
        seq: this.seq.take(),
      })
      .execute();
    return existing ? 'updated' : 'created';
  }
}
