/**
 * On PostgreSQL, whether a household has a care tag is kept in a stored generated column, `care`
 * (computed from `data` by the database on every write, null for other records), and the index of
 * one table of one community (0010) carries each row's id and that flag. The figures over
 * households not visited lately (the dashboard, the district report) then read that index alone
 * instead of each household's row and JSON. SQLite reads the JSON, which it does quickly enough.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from '../dialect.ts';

export function householdsCareAtHand(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (kind !== 'postgres') return;
      await sql`alter table records add column care boolean generated always as
        (case when tbl = 'households' then (data::jsonb ->> 'tags') <> '[]' end) stored`.execute(db);
      await sql`drop index records_tbl_community_deleted_seq`.execute(db);
      await sql`create index records_tbl_community_deleted_seq on records (tbl, community_id, deleted, seq)
        include (id, care)`.execute(db);
    },
  };
}
