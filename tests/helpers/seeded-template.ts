/**
 * The seeded demo databases that tests and benchmarks copy instead of seeding their own: an
 * SQLite file, and a PostgreSQL template database that `CREATE DATABASE … TEMPLATE` copies.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../server/db/open.ts';
import type { Database } from '../../server/db/schema.ts';
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
export async function seedPostgresTemplate(clusterUrl: string): Promise<void> {
  await seed(await createDatabase(clusterUrl, POSTGRES_SEEDED_TEMPLATE));
}

/** The tables seeding fills, in an order that inserts parents first. */
const SEEDED_TABLES = ['users', 'records', 'blobs', 'blob_refs'] as const satisfies readonly (keyof Database)[];
const ROWS_PER_INSERT = 500;

/**
 * The template database of a fresh cluster, holding the same rows as the seeded SQLite file
 * (made first): the schema by our migrations, the rows copied. Seeding again would cost as much
 * as the first time, most of it hashing the demo passwords (memory-hard on purpose).
 */
export async function copySeededTemplateToPostgres(clusterUrl: string): Promise<void> {
  const source = new SQLite(SEEDED_TEMPLATE, { readonly: true });
  const target = await openDatabase(await createDatabase(clusterUrl, POSTGRES_SEEDED_TEMPLATE));
  try {
    await target.db.transaction().execute(async (trx) => {
      for (const table of SEEDED_TABLES) {
        const rows = source.prepare(`select * from ${table}`).all() as never[];
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          await trx
            .insertInto(table)
            .values(rows.slice(start, start + ROWS_PER_INSERT))
            .execute();
        }
      }
      const { value } = source.prepare("select value from meta where key = 'seq'").get() as { value: string };
      await trx.updateTable('meta').set({ value }).where('key', '=', 'seq').execute();
    });
  } finally {
    source.close();
    await target.close();
  }
}
