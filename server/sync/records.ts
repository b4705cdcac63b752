/** The record store: one row per record, its current state, its field stamps and its sequence. */
import type { Kysely, Transaction } from 'kysely';
import type { SyncTable } from '../../shared/domain.ts';
import type { FieldStamps } from '../../shared/merge.ts';
import type { Change } from '../../shared/sync-messages.ts';
import type { PlaceIds } from '../../shared/tables/index.ts';
import { parentField } from '../../shared/tables/place-ids.ts';
import type { Database, MutationsTable, RecordsTable } from '../db/schema.ts';
import { type HotStatements, hotStatements, sameConnection } from './sqlite-statements.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export interface StoredRecord {
  table: SyncTable;
  id: string;
  data: Record<string, unknown>;
  stamps: FieldStamps;
  updatedAt: string;
  deleted: boolean;
  seq: number;
  placeIds: PlaceIds;
}

export function fromRow(row: RecordsTable): StoredRecord {
  return {
    table: row.tbl as SyncTable,
    id: row.id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    stamps: JSON.parse(row.field_hlcs) as FieldStamps,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
    seq: Number(row.seq),
    placeIds: {
      communityId: row.community_id,
      compoundId: row.compound_id,
      buildingId: row.building_id,
      gridId: row.grid_id,
    },
  };
}

export async function getRecord(db: Db, table: SyncTable, id: string): Promise<StoredRecord | null> {
  const row = await db
    .selectFrom('records')
    .selectAll()
    .where('tbl', '=', table)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

function toRow(record: StoredRecord): RecordsTable {
  return {
    tbl: record.table,
    id: record.id,
    data: JSON.stringify(record.data),
    field_hlcs: JSON.stringify(record.stamps),
    updated_at: record.updatedAt,
    deleted: record.deleted ? 1 : 0,
    seq: record.seq,
    community_id: record.placeIds.communityId,
    compound_id: record.placeIds.compoundId ?? null,
    building_id: record.placeIds.buildingId ?? null,
    grid_id: record.placeIds.gridId ?? null,
    parent_id: parentIdOf(record),
  };
}

/** Inserts or replaces a record's row. The caller gives it a fresh sequence number. */
export async function saveRecord(db: Db, record: StoredRecord): Promise<void> {
  await upsertRecordRows(db, [toRow(record)]);
}

/**
 * Inserts or replaces records' rows in one statement: each row as given, every column but the key
 * replaced. A row may appear once only (one statement may not touch a row twice).
 */
async function upsertRecordRows(db: Db, rows: RecordsTable[]): Promise<void> {
  await db
    .insertInto('records')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['tbl', 'id']).doUpdateSet((eb) => ({
        data: eb.ref('excluded.data'),
        field_hlcs: eb.ref('excluded.field_hlcs'),
        updated_at: eb.ref('excluded.updated_at'),
        deleted: eb.ref('excluded.deleted'),
        seq: eb.ref('excluded.seq'),
        community_id: eb.ref('excluded.community_id'),
        compound_id: eb.ref('excluded.compound_id'),
        building_id: eb.ref('excluded.building_id'),
        grid_id: eb.ref('excluded.grid_id'),
        parent_id: eb.ref('excluded.parent_id'),
      })),
    )
    .execute();
}

function parentIdOf(record: StoredRecord): string | null {
  const parent = record.data[parentField(record.table)];
  return typeof parent === 'string' ? parent : null;
}

/** The records filed directly under this one (a building's units and households, a household's visits…). */
export async function childrenOf(db: Db, id: string): Promise<StoredRecord[]> {
  const rows = await db.selectFrom('records').selectAll().where('parent_id', '=', id).execute();
  return rows.map(fromRow);
}

/** At most this many ids in one IN list (PostgreSQL takes 65,535 parameters a statement). */
const IN_LIST = 1000;

/**
 * Reads and writes records within one transaction, remembering what it has read and written: a
 * push batch looks up the same parents (a household, its building) again and again, and reads
 * a batch's records in one query a table (`prefetch`) rather than one a record. On SQLite the
 * statements are prepared once and run directly (sqlite-statements.ts).
 */
export class RecordStore {
  private readonly known = new Map<string, StoredRecord | null>();
  private readonly hot: HotStatements | null;

  /** Records saved but not yet written (`batchWrites`): written together by `flush`. */
  private readonly unsaved = new Map<string, RecordsTable>();

  constructor(
    readonly db: Db,
    /**
     * On PostgreSQL, keep the records saved back and write them together at `flush` (a push: one
     * statement for the batch, not a round trip each). Reads through the store see them; a read
     * of the records table outside it must come after `flush` (`children` does so).
     */
    private readonly options: { batchWrites?: boolean } = {},
  ) {
    this.hot = hotStatements(db);
  }

  async get(table: SyncTable, id: string): Promise<StoredRecord | null> {
    const key = `${table}:${id}`;
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    const row = this.hot ? this.hot.record(table, id) : undefined;
    const record = this.hot ? (row ? fromRow(row) : null) : await getRecord(this.db, table, id);
    this.known.set(key, record);
    return record;
  }

  /** Reads these records of one table, those not already known, into the store. */
  async prefetch(table: SyncTable, ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.known.has(`${table}:${id}`));
    for (let start = 0; start < wanted.length; start += IN_LIST) {
      const chunk = wanted.slice(start, start + IN_LIST);
      const rows = this.hot
        ? this.hot.recordsIn(table, chunk)
        : await this.db.selectFrom('records').selectAll().where('tbl', '=', table).where('id', 'in', chunk).execute();
      for (const id of chunk) this.known.set(`${table}:${id}`, null);
      for (const row of rows) this.known.set(`${table}:${row.id}`, fromRow(row));
    }
  }

  /** What the store knows of a record without asking the database: undefined when not read yet. */
  peek(table: SyncTable, id: string): StoredRecord | null | undefined {
    return this.known.get(`${table}:${id}`);
  }

  async save(record: StoredRecord): Promise<void> {
    const key = `${record.table}:${record.id}`;
    if (this.hot) this.hot.saveRecord(toRow(record));
    else if (this.options.batchWrites) this.unsaved.set(key, toRow(record));
    else await saveRecord(this.db, record);
    this.known.set(key, record);
  }

  /** The records filed directly under this one, as stored, what this store kept back included. */
  async children(id: string): Promise<StoredRecord[]> {
    await this.writeRecords();
    return childrenOf(this.db, id);
  }

  /** Earlier answers of this user to any of these mutation ids. */
  async answersIn(userId: string, ids: readonly string[]): Promise<{ id: string; result: string }[]> {
    const rows: { id: string; result: string }[] = [];
    for (let start = 0; start < ids.length; start += IN_LIST) {
      const chunk = ids.slice(start, start + IN_LIST);
      rows.push(
        ...(this.hot
          ? this.hot.answersIn(userId, chunk)
          : await this.db
              .selectFrom('mutations')
              .select(['id', 'result'])
              .where('user_id', '=', userId)
              .where('id', 'in', chunk)
              .execute()),
      );
    }
    return rows;
  }

  private readonly unlogged: MutationsTable[] = [];

  /**
   * Notes a mutation's answer in the mutation log. On PostgreSQL the rows are written together
   * by `flush`, one statement for the batch rather than a round trip each; nothing in the
   * transaction reads them back before.
   */
  async logMutation(row: MutationsTable): Promise<void> {
    if (this.hot) this.hot.logMutation(row);
    else this.unlogged.push(row);
  }

  /** Writes what `save` and `logMutation` kept back; called before the transaction commits. */
  async flush(): Promise<void> {
    await this.writeRecords();
    const rows = this.unlogged.splice(0);
    // Ten columns a row: 500 rows a statement stay far below PostgreSQL's parameter limit.
    for (let start = 0; start < rows.length; start += 500) {
      await this.db
        .insertInto('mutations')
        .values(rows.slice(start, start + 500))
        .execute();
    }
  }

  private async writeRecords(): Promise<void> {
    const rows = [...this.unsaved.values()];
    this.unsaved.clear();
    // Thirteen columns a row: 500 rows a statement stay far below PostgreSQL's parameter limit.
    // A record saved twice is kept once, at its last state (one statement may not touch a row twice).
    for (let start = 0; start < rows.length; start += 500)
      await upsertRecordRows(this.db, rows.slice(start, start + 500));
  }
}

/** The full record as clients see it: content plus envelope. */
export function toWireRecord(record: StoredRecord): Record<string, unknown> {
  return {
    ...record.data,
    id: record.id,
    updatedAt: record.updatedAt,
    communityId: record.placeIds.communityId,
    compoundId: record.placeIds.compoundId ?? null,
    buildingId: record.placeIds.buildingId ?? null,
    gridId: record.placeIds.gridId ?? null,
  };
}

export function toChange(record: StoredRecord): Change {
  return {
    seq: record.seq,
    table: record.table,
    recordId: record.id,
    record: record.deleted ? null : toWireRecord(record),
    deleted: record.deleted,
    hlc: record.updatedAt,
  };
}

/**
 * Sequence numbers for one write transaction, handed out in commit order and never reused: a
 * device pulls "everything after seq C", so a change that committed after a higher number was
 * already visible would never be pulled by a device whose cursor passed it.
 *
 * The claim takes the counter row with an UPDATE, which holds it until the transaction ends: on
 * PostgreSQL a row lock, so a second writer waits at its own claim until the first has committed
 * and then reads the committed counter (READ COMMITTED, the default isolation level); on SQLite
 * the database write lock, one writer at a time. A writer claims before it reads anything it will
 * change, so it also reads only committed state: two pushes never merge into the same stale
 * record. Writers get one through changeTransaction().
 */
export class SequenceAllocator {
  private taken = 0;

  private constructor(
    private readonly db: Db,
    private readonly last: number,
  ) {}

  static async claim(db: Db): Promise<SequenceAllocator> {
    const row = await db
      .updateTable('meta')
      .set((eb) => ({ value: eb.ref('value') }))
      .where('key', '=', 'seq')
      .returning('value')
      .executeTakeFirstOrThrow();
    return new SequenceAllocator(db, Number(row.value));
  }

  take(): number {
    this.taken++;
    return this.last + this.taken;
  }

  /** Stores the counter, in the transaction; nothing to store when no number was taken. */
  async save(): Promise<void> {
    if (this.taken === 0) return;
    await this.db
      .updateTable('meta')
      .set({ value: String(this.last + this.taken) })
      .where('key', '=', 'seq')
      .execute();
  }
}

/** Change transactions of this process waiting for their turn, per database. */
const changeQueues = new WeakMap<Kysely<Database>, Promise<unknown>>();

/**
 * The one way to write the change log: a transaction that claims the sequence before anything
 * else and stores it before committing, run one at a time per database in this process. SQLite
 * has one writer anyway. On PostgreSQL a second push would only wait at its claim inside the
 * database, holding one of the pool's connections all the while; it waits here instead, so that
 * the pool stays free for pulls, sign-ins and health checks. Writers in other processes (another
 * server, an import) are still ordered by the claim's row lock, and wait for it at most the lock
 * timeout (then busy, 503).
 */
export function changeTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>, seq: SequenceAllocator) => Promise<T>,
): Promise<T> {
  const run = (changeQueues.get(db) ?? Promise.resolve()).then(() =>
    db.transaction().execute(async (trx) => {
      sameConnection(db, trx);
      const seq = await SequenceAllocator.claim(trx);
      const result = await work(trx, seq);
      await seq.save();
      return result;
    }),
  );
  changeQueues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}
