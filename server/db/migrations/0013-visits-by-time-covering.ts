/**
 * The visits-by-time index (0011) grows the visit's household (its parent) and the tombstone
 * flag: the figures that count visits and households visited over days (the dashboard, the
 * district report) then read the index alone on SQLite, never the records' JSON. Same number of
 * indexes on the records table: the old one goes.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { jsonFields, kindOf } from '../json-fields.ts';

export const visitsByTimeCovering: Migration = {
  async up(db: Kysely<unknown>) {
    const visitedAt = jsonFields(kindOf(db)).indexExpression('visitedAt');
    await sql`drop index records_visited_at`.execute(db);
    await sql`create index records_visited_at on records (tbl, community_id, ${visitedAt}, parent_id, deleted)`.execute(
      db,
    );
  },
};
