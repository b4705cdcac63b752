/**
 * Photos: their bytes, stored once by SHA-256 in the database (never in a public folder), and
 * which records name them, so a photo is served only to callers who can see such a record.
 */
import type { Kysely, Migration } from 'kysely';
import { bytesType, type DatabaseKind } from '../dialect.ts';

export const blobs = (kind: DatabaseKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('blobs')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('bytes', bytesType(kind), (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('blob_refs')
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('blob_refs_pk', ['hash', 'tbl', 'record_id'])
      .execute();
  },
});
