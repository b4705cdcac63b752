/**
 * Hardening:
 * - mutation ids are unique per user, not across users: an id another user already used is a new
 *   mutation for this one, and never returns that user's answer;
 * - sign-in failures are kept in the database (concurrent attempts are counted, a restart forgets
 *   nothing), with the pairs of username and address that signed in before;
 * - an append-only audit log: sign-ins, exports, administration.
 */
import type { Kysely, Migration } from 'kysely';
import { addAutoIncrementId, type DatabaseKind } from '../dialect.ts';

export const hardening = (kind: DatabaseKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('mutations_by_user')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mutations_by_user_pk', ['user_id', 'id'])
      .execute();
    const old = db as unknown as Kysely<{
      mutations: Record<string, unknown>;
      mutations_by_user: Record<string, unknown>;
    }>;
    await old
      .insertInto('mutations_by_user')
      .columns(['user_id', 'id', 'device_id', 'tbl', 'record_id', 'op', 'hlc', 'result', 'received_at'])
      .expression(
        old
          .selectFrom('mutations')
          .select(['user_id', 'id', 'device_id', 'tbl', 'record_id', 'op', 'hlc', 'result', 'received_at']),
      )
      .execute();
    await db.schema.dropTable('mutations').execute();
    await db.schema.alterTable('mutations_by_user').renameTo('mutations').execute();
    await db.schema.createIndex('mutations_record').on('mutations').columns(['tbl', 'record_id']).execute();

    await db.schema
      .createTable('login_failures')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_failures_pair')
      .on('login_failures')
      .columns(['username', 'address', 'at'])
      .execute();
    await db.schema.createIndex('login_failures_address').on('login_failures').columns(['address', 'at']).execute();
    await db.schema
      .createTable('known_sign_ins')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('known_sign_ins_pk', ['username', 'address'])
      .execute();

    await addAutoIncrementId(kind, db.schema.createTable('audit_log'), 'id')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('username', 'text')
      .addColumn('community_id', 'text')
      .addColumn('address', 'text')
      .addColumn('target', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_community').on('audit_log').columns(['community_id', 'id']).execute();
  },
});
