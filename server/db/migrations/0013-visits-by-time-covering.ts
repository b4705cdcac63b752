/**
 * The visits-by-time index (0011) grows the visit's household (its parent) and the tombstone
 * flag, so that the figures counting visits and households visited over days (the dashboard, the
 * district report) read the index alone, never the records' JSON. Still one index on the records
 * table for visits by time.
 *
 * SQLite matches an index on an expression to the same expression in a query, and reads it from
 * the index. PostgreSQL does not (it reads an index alone only for columns), so there the visit's
 * time is also kept in a stored generated column, `visited_at`, computed from `data` by the
 * database on every write (json-fields.ts reads it), and the index is on the column. Adding the
 * column rewrites the table once.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from '../dialect.ts';
import { jsonFields } from '../json-fields.ts';

export function visitsByTimeCovering(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`drop index records_visited_at`.execute(db);
      if (kind === 'postgres') {
        await sql`alter table records add column visited_at text generated always as
          (case when tbl = 'visits' then data::jsonb ->> 'visitedAt' end) stored`.execute(db);
        await sql`create index records_visited_at on records (tbl, community_id, visited_at, parent_id, deleted)`.execute(
          db,
        );
        return;
      }
      const visitedAt = jsonFields(kind).indexExpression('visitedAt');
      await sql`create index records_visited_at on records (tbl, community_id, ${visitedAt}, parent_id, deleted)`.execute(
        db,
      );
    },
  };
}
