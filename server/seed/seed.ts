/** Writes the demo data into an empty database: the records in one transaction, then the users. */
import type { Kysely } from 'kysely';
import type { SyncTable } from '../../shared/domain.ts';
import { formatHlc } from '../../shared/hlc.ts';
import { createUser, type NewUser } from '../auth/users.ts';
import type { Database } from '../db/schema.ts';
import { notePhotoRefs } from '../sync/photos.ts';
import { derivePlaceIds } from '../sync/place-ids.ts';
import { changeTransaction, RecordStore, type SequenceAllocator } from '../sync/records.ts';
import { DEMO_PHOTO, DEMO_PHOTO_HASH } from './demo-photo.ts';
import { type DemoRecord, generateDemoData } from './generate.ts';

/** The server's own device id: seeded records were written by no phone. */
const SERVER_NODE = '0000000000000000';
/** A password hash is memory-hard (7 MiB each), so hash a few at a time rather than all at once. */
const USER_BATCH_SIZE = 4;

export class AlreadySeededError extends Error {
  constructor(
    readonly users: number,
    readonly records: number,
  ) {
    super(`the database is not empty (${users} users, ${records} records): demo data goes only into an empty database`);
    this.name = 'AlreadySeededError';
  }
}

async function countRows(db: Kysely<Database>, table: 'users' | 'records'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Throws unless there are no users and no records, so a real community is never mixed with demo data. */
export async function assertEmpty(db: Kysely<Database>): Promise<void> {
  const [users, records] = await Promise.all([countRows(db, 'users'), countRows(db, 'records')]);
  if (users > 0 || records > 0) throw new AlreadySeededError(users, records);
}

function stampsFor(content: Record<string, unknown>, hlc: string): Record<string, string> {
  return Object.fromEntries(Object.keys(content).map((field) => [field, hlc]));
}

async function writeRecord(
  store: RecordStore,
  seq: SequenceAllocator,
  record: DemoRecord<SyncTable>,
  hlc: string,
): Promise<void> {
  const content = record.content as Record<string, unknown>;
  const derived = await derivePlaceIds(store, record.table, record.id, content);
  if (!derived.ok) throw new Error(`demo ${record.table} ${record.id}: ${derived.field}: ${derived.message}`);
  await store.save({
    table: record.table,
    id: record.id,
    data: content,
    stamps: stampsFor(content, hlc),
    updatedAt: hlc,
    deleted: false,
    seq: await seq.take(),
    placeIds: derived.placeIds,
  });
  await notePhotoRefs(store.db, record.table, record.id, content.photoHashes);
}

async function createUsers(db: Kysely<Database>, users: NewUser[]): Promise<void> {
  for (let start = 0; start < users.length; start += USER_BATCH_SIZE) {
    await Promise.all(users.slice(start, start + USER_BATCH_SIZE).map((user) => createUser(db, user)));
  }
}

export async function seedDemoData(
  db: Kysely<Database>,
  options: { seed?: number } = {},
): Promise<{ users: number; records: number }> {
  await assertEmpty(db);
  const data = generateDemoData(options);
  const hlc = formatHlc({ millis: Date.now(), counter: 0, node: SERVER_NODE });
  await changeTransaction(db, async (trx, seq) => {
    // Re-checked inside the transaction, which has claimed the sequence (a second seeder waits for
    // it): two seeders started together must not both write.
    await assertEmpty(trx);
    // One at a time and in order: each record's place ids are read from its already-written parent.
    const store = new RecordStore(trx);
    for (const record of data.records) await writeRecord(store, seq, record, hlc);
    // The one photo the demo's fulfilled wishes carry.
    await trx
      .insertInto('blobs')
      .values({
        hash: DEMO_PHOTO_HASH,
        type: 'image/jpeg',
        size: DEMO_PHOTO.byteLength,
        bytes: DEMO_PHOTO,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  // After the records, outside their transaction: hashing takes a while and holds no lock.
  await createUsers(db, data.users);
  return { users: data.users.length, records: data.records.length };
}
