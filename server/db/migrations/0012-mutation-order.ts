/**
 * Each answered mutation takes a number from the change sequence: the order in which the server
 * answered them, across batches and restarts, for the audit of who changed what and for checking
 * the server's verdicts against the issue lifecycle in the order it gave them.
 */
import type { Kysely, Migration } from 'kysely';

export const mutationOrder: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('mutations').addColumn('seq', 'bigint').execute();
    await db.schema.createIndex('mutations_seq').on('mutations').column('seq').execute();
  },
};
