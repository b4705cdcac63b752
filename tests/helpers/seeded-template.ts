/** The seeded demo database that tests and benchmarks copy instead of seeding their own. */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.ts';
import { seedDemoData } from '../../server/seed/seed.ts';
import { SEEDED_TEMPLATE, tempDir } from './paths.ts';

/** Seeded aside and renamed into place, so that a copy never sees half of it. */
export async function makeSeededTemplate(): Promise<void> {
  const seeding = join(tempDir('seeding'), 'seeded.db');
  const database = await openDatabase(`file:${seeding}`);
  await seedDemoData(database.db);
  await database.close();
  renameSync(seeding, SEEDED_TEMPLATE);
}
