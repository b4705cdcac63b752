/**
 * On SQLite, an index of the live households of each community that carries each one's id and
 * whether it has a care tag, as PostgreSQL's index of one table of one community does since 0014.
 * The figures over households not visited lately (the dashboard, the district report) test each
 * household's id against the visits of the last 30 days and count the care tags of those left:
 * before, SQLite read each household's row for its id and each one left's JSON for its tags.
 * Reading this index alone, the district report's not-visited figure over 100,000 households
 * takes about 0.2 s instead of 0.25–0.5 s (bench/district.ts), and counting every household's
 * care tag 25 ms instead of 120–190.
 *
 * Partial, for households only: writes of other records (visits, most of them) do not touch it.
 * SQLite uses a partial index for `tbl = ?` once the value is bound (it plans again with the
 * bound value), and matches the expression in the index to the same expression in a query.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from '../dialect.ts';
import { jsonFields } from '../json-fields.ts';

export function householdsCareCoveringSqlite(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (kind !== 'sqlite') return;
      const tags = jsonFields(kind).indexExpression('tags');
      await sql`create index records_households_care on records
        (tbl, community_id, deleted, id, (${tags} <> '[]')) where tbl = 'households'`.execute(db);
    },
  };
}
