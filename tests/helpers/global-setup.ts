/**
 * Once per test run: build the PWA (the end-to-end tests load the real build), check that
 * Chromium is there (a missing browser fails the run, it never skips it), and seed one SQLite
 * file that tests copy instead of seeding their own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.ts';
import { seedDemoData } from '../../server/seed/seed.ts';
import { chromiumPath } from './browser.ts';
import { ROOT, SEEDED_TEMPLATE, tempDir } from './paths.ts';

export default async function setup(): Promise<void> {
  const chromium = chromiumPath();
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}. Install Debian's chromium (apt-get install chromium fonts-noto-cjk) ` +
        'or set CHROMIUM_PATH. The end-to-end tests need a real browser and are never skipped.',
    );
  }
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  // Seeded aside and renamed into place, so a test copying the template never sees half of it.
  const seeding = join(tempDir('setup'), 'seeded.db');
  const database = await openDatabase(`file:${seeding}`);
  await seedDemoData(database.db);
  await database.close();
  renameSync(seeding, SEEDED_TEMPLATE);
}
