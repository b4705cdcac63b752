/**
 * Which database a test server runs on, and a fresh one for each server: a copy of the seeded
 * SQLite file, or a PostgreSQL database made from the seeded template (CREATE DATABASE … TEMPLATE,
 * a file copy that takes tens of milliseconds). The server tests and the simulation run twice,
 * once per vitest project (vitest.config.ts): `database` says which, `postgresUrl` is the cluster
 * global-setup started.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { inject } from 'vitest';
import { type DatabaseKind, databaseKindOf } from '../../server/db/dialect.ts';
import { openDatabase, sqlitePath } from '../../server/db/open.ts';
import { SequenceAllocator } from '../../server/sync/records.ts';
import { SEEDED_TEMPLATE, tempDir } from './paths.ts';
import { createDatabase } from './postgres-cluster.ts';
import { POSTGRES_SEEDED_TEMPLATE } from './seeded-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    database: DatabaseKind;
    postgresUrl: string;
  }
}

export type DatabaseTarget = { kind: 'sqlite' } | { kind: 'postgres'; clusterUrl: string };

/** The database this test file runs on: its vitest project's. */
export function databaseOfThisRun(): DatabaseTarget {
  return inject('database') === 'postgres'
    ? { kind: 'postgres', clusterUrl: inject('postgresUrl') }
    : { kind: 'sqlite' };
}

/** A DATABASE_URL for a database of its own: the seeded demo community, or empty. */
export async function freshDatabaseUrl(target: DatabaseTarget, seeded: boolean): Promise<string> {
  if (target.kind === 'postgres') {
    const name = `gridwork_${randomBytes(6).toString('hex')}`;
    return createDatabase(target.clusterUrl, name, seeded ? POSTGRES_SEEDED_TEMPLATE : undefined);
  }
  const path = join(tempDir('db'), 'gridwork.db');
  if (seeded) copyFileSync(SEEDED_TEMPLATE, path);
  return `file:${path}`;
}

/**
 * Deletes a fresh SQLite database (its folder: the file, its WAL, its shared memory) once its
 * server has stopped: a test run starts a few hundred servers, and their copies filled the disk.
 * A PostgreSQL database goes with the cluster, at the end of the run.
 */
export function removeFreshDatabase(databaseUrl: string): void {
  if (databaseKindOf(databaseUrl) === 'sqlite')
    rmSync(dirname(sqlitePath(databaseUrl)), { recursive: true, force: true });
}

/**
 * Another process holding the database's write lock until the returned function is called:
 * SQLite's lock on the file, or on PostgreSQL the change sequence every write claims first.
 */
export async function holdWriteLock(databaseUrl: string): Promise<() => Promise<void>> {
  if (databaseKindOf(databaseUrl) === 'sqlite') {
    const other = new SQLite(sqlitePath(databaseUrl));
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const other = await openDatabase(databaseUrl);
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let claimed = () => {};
  const holding = new Promise<void>((resolve) => {
    claimed = resolve;
  });
  const transaction = other.db.transaction().execute(async (trx) => {
    await SequenceAllocator.claim(trx);
    claimed();
    await released;
  });
  await Promise.race([holding, transaction]);
  return async () => {
    release();
    await transaction;
    await other.close();
  };
}
