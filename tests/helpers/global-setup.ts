/**
 * Once per test run: build the PWA (the end-to-end tests load the real build), check that
 * Chromium is there (a missing browser fails the run, it never skips it), start a throwaway
 * PostgreSQL cluster (missing PostgreSQL fails the run too), and seed one SQLite file and one
 * PostgreSQL template database that tests copy instead of seeding their own. The cluster is
 * stopped and deleted when the run ends.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './browser.ts';
import { ROOT } from './paths.ts';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';
import { makeSeededPostgresTemplate, makeSeededTemplate } from './seeded-template.ts';

function buildApp(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

async function startSeededPostgres(): Promise<PostgresCluster> {
  const cluster = await startPostgresCluster();
  try {
    await makeSeededPostgresTemplate(cluster.url);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = chromiumPath();
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}. Install Debian's chromium (apt-get install chromium fonts-noto-cjk) ` +
        'or set CHROMIUM_PATH. The end-to-end tests need a real browser and are never skipped.',
    );
  }
  // The cluster starts and seeds while the PWA builds and the SQLite file is seeded.
  const postgres = startSeededPostgres();
  buildApp();
  const [cluster] = await Promise.all([postgres, makeSeededTemplate()]);
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
