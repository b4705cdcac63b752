/**
 * The peer side by side: PouchDB (npm's `pouchdb`, LevelDB adapter) replicating the same visit
 * records to a CouchDB-protocol server (npm's `express-pouchdb` over PouchDB on LevelDB) on
 * 127.0.0.1, in this process as our own server is in the same run. Push: a device database
 * holding the visits replicates to the server; pull: an empty device database replicates
 * everything back. Batches as ours: 500 documents a push batch, 1,000 a pull page.
 *
 * Both servers answer uncompressed: express-pouchdb's gzip middleware is switched off, as our
 * API does not compress either, so neither spends CPU the other does not.
 */

import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempDir } from '../tests/helpers/paths.ts';
import { perSecond } from './report.ts';

interface ReplicationResult {
  ok: boolean;
  docs_written: number;
}

interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<unknown>;
  destroy(): Promise<unknown>;
  replicate: {
    to(target: string, options: { batch_size: number }): Promise<ReplicationResult>;
    from(source: string, options: { batch_size: number }): Promise<ReplicationResult>;
  };
}

interface PouchConstructor {
  new (name: string): PouchDatabase;
  defaults(options: { prefix: string }): PouchConstructor;
}

type ExpressPouch = (
  pouch: PouchConstructor,
  options: object,
) => { listen(port: number, host: string, done: () => void): Server };

// Both are CommonJS without bundled types; the two calls used here are typed above.
const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb') as PouchConstructor;
const expressPouchDB = require('express-pouchdb') as ExpressPouch;

export interface PouchFigures {
  push: number;
  pull: number;
  pushed: number;
  pulled: number;
}

/** The documents: each visit as its own document, id = the record id, content = the same fields. */
export async function pouchReplication(
  visits: readonly { id: string; fields: Record<string, unknown> }[],
  batch: { push: number; pull: number },
): Promise<PouchFigures> {
  const dir = tempDir('bench-pouchdb');
  const ServerPouch = PouchDB.defaults({ prefix: `${join(dir, 'server')}-` });
  const app = expressPouchDB(ServerPouch, {
    mode: 'minimumForPouchDB',
    overrideMode: { exclude: ['compression'] },
    inMemoryConfig: true,
    logPath: join(dir, 'log.txt'),
  });
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the PouchDB server has no port');
  const remote = `http://127.0.0.1:${address.port}/visits`;
  const device = new PouchDB(join(dir, 'device'));
  const other = new PouchDB(join(dir, 'other-device'));
  try {
    // The device's own database holds the visits before the clock starts, as our outbox does.
    for (let i = 0; i < visits.length; i += 5000) {
      await device.bulkDocs(visits.slice(i, i + 5000).map((visit) => ({ _id: visit.id, ...visit.fields })));
    }
    let started = performance.now();
    const pushed = await device.replicate.to(remote, { batch_size: batch.push });
    const pushMs = performance.now() - started;
    started = performance.now();
    const pulled = await other.replicate.from(remote, { batch_size: batch.pull });
    const pullMs = performance.now() - started;
    if (pushed.docs_written !== visits.length || pulled.docs_written !== visits.length) {
      throw new Error(`PouchDB replicated ${pushed.docs_written} up and ${pulled.docs_written} down`);
    }
    return {
      push: perSecond(pushed.docs_written, pushMs),
      pull: perSecond(pulled.docs_written, pullMs),
      pushed: pushed.docs_written,
      pulled: pulled.docs_written,
    };
  } finally {
    await device.destroy();
    await other.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
