/** The first schema: records with their field stamps and sequence, mutations, conflicts, users, sessions. */
import { type Kysely, type Migration, sql } from 'kysely';
import { addAutoIncrementId, type DatabaseKind } from '../dialect.ts';

// The SQL it runs on SQLite is what it ran before PostgreSQL was added: only the conflict log's
// numbered id is written per database.
export const initial = (kind: DatabaseKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('records')
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('field_hlcs', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('community_id', 'text', (c) => c.notNull())
      .addColumn('compound_id', 'text')
      .addColumn('building_id', 'text')
      .addColumn('grid_id', 'text')
      .addPrimaryKeyConstraint('records_pk', ['tbl', 'id'])
      .execute();
    await db.schema.createIndex('records_seq').on('records').column('seq').unique().execute();
    for (const column of ['community_id', 'compound_id', 'building_id', 'grid_id']) {
      await db.schema.createIndex(`records_${column}_seq`).on('records').columns([column, 'seq']).execute();
    }
    await db.schema
      .createTable('mutations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mutations_record').on('mutations').columns(['tbl', 'record_id']).execute();
    await addAutoIncrementId(kind, db.schema.createTable('conflicts'), 'id')
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('kept_value', 'text', (c) => c.notNull())
      .addColumn('kept_hlc', 'text', (c) => c.notNull())
      .addColumn('lost_value', 'text', (c) => c.notNull())
      .addColumn('lost_hlc', 'text', (c) => c.notNull())
      .addColumn('mutation_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('community_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('conflicts_community').on('conflicts').columns(['community_id', 'id']).execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('place_level', 'text', (c) => c.notNull())
      .addColumn('place_id', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into meta (key, value) values ('seq', '0')`.execute(db);
  },
});
