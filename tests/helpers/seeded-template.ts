/**
 * The seeded demo databases that tests and benchmarks copy instead of seeding their own: an
 * SQLite file, and a PostgreSQL template database that `CREATE DATABASE … TEMPLATE` copies.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.ts';
import { seedDemoData } from '../../server/seed/seed.ts';
import { SEEDED_TEMPLATE, tempDir } from './paths.ts';
import { createDatabase } from './postgres-cluster.ts';

export const POSTGRES_SEEDED_TEMPLATE = 'seeded_template';

async function seed(databaseUrl: string): Promise<void> {
  const database = await openDatabase(databaseUrl);
  try {
    await seedDemoData(database.db);
  } finally {
    await database.close();
  }
}

/** Seeded aside and renamed into place, so that a copy never sees half of it. */
export async function makeSeededTemplate(): Promise<void> {
  const seeding = join(tempDir('seeding'), 'seeded.db');
  await seed(`file:${seeding}`);
  renameSync(seeding, SEEDED_TEMPLATE);
}

/** Seeds the template database of a fresh cluster; closed afterwards, as copying it requires. */
export async function makeSeededPostgresTemplate(clusterUrl: string): Promise<void> {
  await seed(await createDatabase(clusterUrl, POSTGRES_SEEDED_TEMPLATE));
}
