/**
 * The desk pages: accounts can be switched off, and the browse lists and exports read one table
 * of one community at a time (an index on exactly that).
 */
import type { Kysely, Migration } from 'kysely';

export const desk: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('users')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    // Deleted in the index too: a list's count is then read from the index alone.
    await db.schema
      .createIndex('records_tbl_community_deleted_seq')
      .on('records')
      .columns(['tbl', 'community_id', 'deleted', 'seq'])
      .execute();
  },
};
