/**
 * Server sync throughput over real HTTP on 127.0.0.1, on SQLite and on PostgreSQL in the same run:
 * push in batches of 500 visits, then pull everything back in pages of 5,000. The baseline, in the
 * same run, is raw better-sqlite3 doing the same writes and reads with prepared statements and one
 * transaction per batch: the ceiling for this machine and this database. PostgreSQL is a cluster
 * of its own on this machine, with its durable defaults (fsync on, as SQLite's synchronous=FULL).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { generateDemoData } from '../server/seed/generate.ts';
import { formatHlc } from '../shared/hlc.ts';
import type { Mutation } from '../shared/sync-messages.ts';
import type { DatabaseTarget } from '../tests/helpers/databases.ts';
import { tempDir } from '../tests/helpers/paths.ts';
import { startPostgresCluster } from '../tests/helpers/postgres-cluster.ts';
import { seedPostgresTemplate } from '../tests/helpers/seeded-template.ts';
import { ApiClient, startServer } from '../tests/helpers/server.ts';

const VISITS = Number(process.env.BENCH_VISITS ?? 20_000);
const BATCH = 500;
const DEVICE = '00000000000be7c4';

function visitMutations(householdIds: string[], visitorId: string): Mutation[] {
  const start = Date.now() - 60_000;
  return Array.from({ length: VISITS }, (_, i) => ({
    id: uuidv7(),
    table: 'visits',
    recordId: uuidv7(),
    op: 'put',
    hlc: formatHlc({ millis: start + Math.floor(i / 1000), counter: i % 1000, node: DEVICE }),
    fields: {
      householdId: householdIds[i % householdIds.length],
      purpose: 'sentiment',
      visitedAt: new Date(start + i).toISOString(),
      visitorId,
      metWith: '户主本人',
      needs: [{ kind: 'livelihood', text: '希望社区帮助联系家政服务，每周上门打扫一次卫生' }],
      tags: ['elderly_alone'],
      note: '老人身体状况良好，子女在外地工作，每周电话联系一次。已告知社区服务热线和紧急联系方式。',
    },
  }));
}

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

async function ours(mutations: Mutation[], database: DatabaseTarget) {
  const server = await startServer({ seeded: true, database });
  try {
    const client = new ApiClient(server.url);
    await client.login('supervisor');
    let started = performance.now();
    for (let i = 0; i < mutations.length; i += BATCH) {
      const { status, body } = await client.request('POST', '/api/sync/push', {
        deviceId: DEVICE,
        mutations: mutations.slice(i, i + BATCH),
      });
      if (status !== 200 || body.results.some((r: { status: string }) => r.status !== 'accepted')) {
        throw new Error(`push failed: ${status} ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
    const pushMs = performance.now() - started;
    started = performance.now();
    let cursor = '';
    let pulled = 0;
    for (let page = 0; page < 1000; page++) {
      const { body } = await client.request('GET', `/api/sync/pull?limit=5000${cursor ? `&cursor=${cursor}` : ''}`);
      pulled += body.changes.length;
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    const pullMs = performance.now() - started;
    return { push: rate(mutations.length, pushMs), pull: rate(pulled, pullMs), pulled };
  } finally {
    await server.stop();
  }
}

function rawSqlite(mutations: Mutation[]) {
  const dir = tempDir('bench-raw');
  const path = join(dir, 'raw.db');
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table records (id text primary key, data text not null, seq integer not null)');
  const insert = db.prepare('insert into records (id, data, seq) values (?, ?, ?)');
  const writeBatch = db.transaction((batch: Mutation[], offset: number) => {
    for (const [j, m] of batch.entries()) insert.run(m.recordId, JSON.stringify(m.fields), offset + j + 1);
  });
  let started = performance.now();
  for (let i = 0; i < mutations.length; i += BATCH) writeBatch(mutations.slice(i, i + BATCH), i);
  const pushMs = performance.now() - started;
  const select = db.prepare('select id, data, seq from records where seq > ? order by seq limit 5000');
  started = performance.now();
  let cursor = 0;
  let pulled = 0;
  for (;;) {
    const rows = select.all(cursor) as { data: string; seq: number }[];
    if (rows.length === 0) break;
    JSON.stringify(rows.map((row) => ({ ...row, record: JSON.parse(row.data) })));
    pulled += rows.length;
    cursor = rows[rows.length - 1]?.seq ?? cursor;
  }
  const pullMs = performance.now() - started;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { push: rate(mutations.length, pushMs), pull: rate(pulled, pullMs) };
}

function row(label: string, sqlite: number, postgres: number, raw: number): string {
  const cells = [sqlite, postgres, raw].map((figure) => String(figure).padStart(12));
  const ratios = [sqlite / raw, postgres / sqlite].map((ratio) => ratio.toFixed(2).padStart(14));
  return `  ${label.padEnd(24)}${cells.join('')}${ratios.join('')}`;
}

/** Needs the seeded SQLite template (made by the caller); makes the PostgreSQL one itself. */
export async function benchServerSync(): Promise<void> {
  const demo = generateDemoData();
  const householdIds = demo.records.filter((r) => r.table === 'households').map((r) => r.id);
  const visitor = demo.users.find((u) => u.username === 'supervisor')?.id ?? uuidv7();
  const mutations = visitMutations(householdIds, visitor);
  const size = Buffer.byteLength(JSON.stringify(mutations[0]?.fields));
  const raw = rawSqlite(mutations);
  const sqlite = await ours(mutations, { kind: 'sqlite' });
  const cluster = await startPostgresCluster({ durable: true });
  let postgres: Awaited<ReturnType<typeof ours>>;
  try {
    await seedPostgresTemplate(cluster.url);
    postgres = await ours(mutations, { kind: 'postgres', clusterUrl: cluster.url });
  } finally {
    await cluster.stop();
  }
  console.log(
    `\nserver sync: ${VISITS} visits (~${size} bytes of fields each, UTF-8 JSON), batches of ${BATCH}, pages of 5,000`,
  );
  console.log(`  records/s${' '.repeat(21)}SQLite  PostgreSQL  raw SQLite  SQLite / raw   PG / SQLite`);
  console.log(row('push (HTTP, 1 tx/batch)', sqlite.push, postgres.push, raw.push));
  console.log(row('pull (HTTP, scoped)', sqlite.pull, postgres.pull, raw.pull));
  console.log(`  (pulled ${sqlite.pulled} changes on each: the visits plus the seeded community)`);
  if (postgres.pulled !== sqlite.pulled) throw new Error(`PostgreSQL pulled ${postgres.pulled} changes`);
}
