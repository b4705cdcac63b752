/**
 * Once per test run: build the PWA (the end-to-end tests load the real build), check that
 * Chromium is there (a missing browser fails the run, it never skips it), and seed one SQLite
 * file that tests copy instead of seeding their own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from './browser.ts';
import { ROOT } from './paths.ts';
import { makeSeededTemplate } from './seeded-template.ts';

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
  await makeSeededTemplate();
}
