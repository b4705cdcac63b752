/**
 * Once per test run: build the PWA (the end-to-end tests load the real build), check that
 * Chromium is there (a missing browser fails the run, it never skips it), start a throwaway
 * PostgreSQL cluster (missing PostgreSQL fails the run too), and seed one SQLite file and one
 * PostgreSQL template database with the same rows, that tests copy instead of seeding their own.
 * The cluster is stopped and deleted when the run ends.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './browser.ts';
import { ROOT } from './paths.ts';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';
import { copySeededTemplateToPostgres, makeSeededTemplate } from './seeded-template.ts';

async function buildApp(): Promise<void> {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const { stderr } = await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.stderr.write(stderr);
}

/** The cluster, with the seeded template once the SQLite one (`seeded`) is ready. */
async function startSeededPostgres(seeded: Promise<void>): Promise<PostgresCluster> {
  const cluster = await startPostgresCluster();
  try {
    await seeded;
    await copySeededTemplateToPostgres(cluster.url);
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
  // The PWA builds, the SQLite file is seeded and the cluster starts, side by side.
  const seeded = makeSeededTemplate();
  const [postgres, ...others] = await Promise.allSettled([startSeededPostgres(seeded), seeded, buildApp()]);
  const failed = others.find((result) => result.status === 'rejected');
  if (postgres.status === 'rejected') throw postgres.reason;
  const cluster = postgres.value;
  if (failed) {
    await cluster.stop();
    throw failed.reason;
  }
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
