/**
 * Each household's latest visit: a row for each (community, household) with a live visit, holding
 * the latest visit's instant, and whether the household is live in that community and has a care
 * tag. The district report's households-visited and not-visited-lately figures are then one index
 * range a community, instead of each household tested against the window's visits: over a full
 * district (500,000 households) those tests took most of the report's 1.5–2.2 s.
 *
 * It is brought up to date from the change log (server/desk/latest-visits.ts), up to the sequence
 * number kept in `meta` under `latest_visits_seq`, never by the writers: a trigger on the records
 * table halved SQLite's rate of writing visits (a statement with a trigger runs in a statement
 * journal of its own), and pushes are the hot path. The first bringing up to date reads every
 * visit once.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from '../dialect.ts';

export function householdVisits(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table household_visits (
        community_id text not null,
        household_id text not null,
        last_visit_at text not null,
        live integer not null,
        care integer not null,
        primary key (community_id, household_id)
      )${sql.raw(kind === 'sqlite' ? ' without rowid' : '')}`.execute(db);
      if (kind === 'postgres') {
        await sql`create index household_visits_latest on household_visits
          (community_id, last_visit_at) include (live, care)`.execute(db);
      } else {
        await sql`create index household_visits_latest on household_visits
          (community_id, last_visit_at, live, care)`.execute(db);
      }
      await sql`create index household_visits_household on household_visits (household_id)`.execute(db);
      await sql`insert into meta (key, value) values ('latest_visits_seq', '0')`.execute(db);
    },
  };
}
