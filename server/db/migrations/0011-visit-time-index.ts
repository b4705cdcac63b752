/**
 * Visits by their time, per community: the workspace lists visits newest first, and the dashboard
 * and exports select them by days. An index on the content field's text, spelled by the one
 * dialect-aware module, so the same expression the queries write.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { jsonFields, kindOf } from '../json-fields.ts';

export const visitTimeIndex: Migration = {
  async up(db: Kysely<unknown>) {
    const visitedAt = jsonFields(kindOf(db)).indexExpression('visitedAt');
    await sql`create index records_visited_at on records (tbl, community_id, ${visitedAt})`.execute(db);
  },
};
