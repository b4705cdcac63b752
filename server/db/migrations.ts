/**
 * Schema migrations, run in order of their names at start: one file each in migrations/. Never
 * edit one that has shipped: add the next. The same migrations shape SQLite and PostgreSQL; one
 * whose SQL differs between them (a column type) is a function of the database kind, and takes
 * what differs from dialect.ts.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { DatabaseKind } from './dialect.ts';
import { initial } from './migrations/0001-initial.ts';
import { parentsAndDepartures } from './migrations/0002-parents-and-departures.ts';
import { blobs } from './migrations/0003-blobs.ts';
import { hardening } from './migrations/0004-hardening.ts';
import { desk } from './migrations/0010-desk.ts';
import { visitTimeIndex } from './migrations/0011-visit-time-index.ts';
import { mutationOrder } from './migrations/0012-mutation-order.ts';
import { visitsByTimeCovering } from './migrations/0013-visits-by-time-covering.ts';
import { householdsCareAtHand } from './migrations/0014-households-care-at-hand.ts';
import { householdsCareCoveringSqlite } from './migrations/0015-households-care-covering-sqlite.ts';
import { householdVisits } from './migrations/0016-household-visits.ts';

type SchemaMigration = Migration | ((kind: DatabaseKind) => Migration);

const migrations: Record<string, SchemaMigration> = {
  '0001_initial': initial,
  '0002_parents_and_departures': parentsAndDepartures,
  '0003_blobs': blobs,
  '0004_hardening': hardening,
  '0010_desk': desk,
  '0011_visit_time_index': visitTimeIndex,
  '0012_mutation_order': mutationOrder,
  '0013_visits_by_time_covering': visitsByTimeCovering,
  '0014_households_care_at_hand': householdsCareAtHand,
  '0015_households_care_covering_sqlite': householdsCareCoveringSqlite,
  '0016_household_visits': householdVisits,
};

function providerFor(kind: DatabaseKind): MigrationProvider {
  return {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, migration]) => [
          name,
          typeof migration === 'function' ? migration(kind) : migration,
        ]),
      ),
  };
}

export async function migrateToLatest(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  const migrator = new Migrator({ db, provider: providerFor(kind) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
