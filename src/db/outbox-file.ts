/**
 * The last resort when a phone's storage is failing: its unsynced changes (and the photos they
 * name) written to a file, and read back on the same or another phone signed in as the same user.
 * Mutation ids are kept, so nothing is applied twice, however many times the file is read.
 */
import { SYNC_TABLES, type SyncTable } from '../../shared/domain.ts';
import { parseHlc } from '../../shared/hlc.ts';
import type { LocalRecord, OutboxEntry, Photo } from './database.ts';
import { readState } from './device-state.ts';
import { type Device, observeStamp } from './write.ts';

export const OUTBOX_FILE_FORMAT = 'gridwork-outbox/1';

export interface OutboxFile {
  format: typeof OUTBOX_FILE_FORMAT;
  /** Whose changes these are: they are pushed under that user's session only. */
  userId: string;
  exportedAt: string;
  entries: Omit<OutboxEntry, 'seq'>[];
  /** The records the entries change, as the phone showed them. */
  records: { table: SyncTable; record: LocalRecord<SyncTable> }[];
  photos: { hash: string; type: string; base64: string }[];
}

export class OutboxFileError extends Error {
  constructor(readonly reason: 'not_a_file' | 'other_user') {
    super(reason);
    this.name = 'OutboxFileError';
  }
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

export async function exportOutbox(device: Device): Promise<OutboxFile> {
  const { db } = device;
  const owner = await readState(db, 'owner');
  const entries = await db.outbox.orderBy('seq').toArray();
  const records: OutboxFile['records'] = [];
  const hashes = new Set<string>();
  for (const entry of entries) {
    const record = await db.recordTable(entry.table).get(entry.recordId);
    if (record && !records.some((r) => r.record.id === record.id)) records.push({ table: entry.table, record });
    const named = entry.fields?.photoHashes;
    if (Array.isArray(named)) for (const hash of named) if (typeof hash === 'string') hashes.add(hash);
  }
  const photos: OutboxFile['photos'] = [];
  for (const photo of (await db.photos.bulkGet([...hashes])).filter((p): p is Photo => !!p && p.uploaded === 0)) {
    photos.push({ hash: photo.hash, type: photo.blob.type || 'image/jpeg', base64: await toBase64(photo.blob) });
  }
  return {
    format: OUTBOX_FILE_FORMAT,
    userId: owner?.userId ?? '',
    exportedAt: new Date().toISOString(),
    entries: entries.map(({ seq: _seq, ...entry }) => entry),
    records,
    photos,
  };
}

function isOutboxFile(value: unknown): value is OutboxFile {
  const file = value as Partial<OutboxFile> | null;
  return (
    file?.format === OUTBOX_FILE_FORMAT &&
    typeof file.userId === 'string' &&
    Array.isArray(file.entries) &&
    file.entries.every((entry) => typeof entry?.id === 'string' && parseHlc(String(entry.hlc)) !== null) &&
    Array.isArray(file.records) &&
    file.records.every((r) => SYNC_TABLES.includes(r?.table as SyncTable)) &&
    Array.isArray(file.photos)
  );
}

/**
 * Reads an outbox file into this device, in ONE transaction: entries it already has (by mutation
 * id) are skipped; the records they change are shown as the file had them; the photos are kept
 * for upload. Answers how many entries were new.
 */
export async function importOutbox(device: Device, contents: unknown, userId: string): Promise<number> {
  if (!isOutboxFile(contents)) throw new OutboxFileError('not_a_file');
  if (contents.userId !== userId) throw new OutboxFileError('other_user');
  const { db } = device;
  const tables = SYNC_TABLES.map((table) => db.recordTable(table));
  return db.transaction('rw', [...tables, db.outbox, db.photos, db.syncMeta], async () => {
    const known = new Set(
      (
        await db.outbox
          .where('id')
          .anyOf(contents.entries.map((entry) => entry.id))
          .toArray()
      ).map((entry) => entry.id),
    );
    const fresh = contents.entries.filter((entry) => !known.has(entry.id));
    for (const entry of fresh) {
      await db.outbox.add({ ...entry });
      await observeStamp(device, entry.hlc);
    }
    for (const { table, record } of contents.records) {
      const local = await db.recordTable(table).get(record.id);
      if (!local || local.updatedAt < record.updatedAt)
        await db.recordTable(table).put({ ...record, syncState: 'pending' });
    }
    for (const photo of contents.photos) {
      if (!(await db.photos.get(photo.hash))) {
        await db.photos.put({
          hash: photo.hash,
          blob: fromBase64(photo.base64, photo.type),
          createdAt: Date.now(),
          uploaded: 0,
        });
      }
    }
    return fresh.length;
  });
}
