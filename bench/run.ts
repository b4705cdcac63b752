/**
 * `npm run bench`: benchmarks that print figures and ratios measured in one run, never timed
 * assertions. Needs the seeded template (made here) and, for the device bench, Chromium.
 */
import { rmSync } from 'node:fs';
import { openDatabase } from '../server/db/open.ts';
import { seedDemoData } from '../server/seed/seed.ts';
import { SEEDED_TEMPLATE, tempDir } from '../tests/helpers/paths.ts';
import { benchDevice } from './device.ts';
import { benchServerSync } from './server-sync.ts';

async function seedTemplate(): Promise<void> {
  tempDir('bench');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${SEEDED_TEMPLATE}${suffix}`, { force: true });
  const database = await openDatabase(`file:${SEEDED_TEMPLATE}`);
  await seedDemoData(database.db);
  await database.close();
}

await seedTemplate();
await benchServerSync();
await benchDevice();
