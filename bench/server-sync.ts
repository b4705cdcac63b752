/**
 * Server sync throughput over real HTTP on 127.0.0.1, all in one run so the ratios mean something
 * on a shared machine:
 *
 * - push of new visits in batches of 500 and a supervisor's full pull in pages of 1,000 (a
 *   device's page), on SQLite and on PostgreSQL (a cluster of its own, durable defaults);
 * - PouchDB replicating the same visits to a CouchDB-protocol server (bench/pouchdb.ts);
 * - the raw ceiling: exactly the rows a push writes, prepared statements, no HTTP
 *   (bench/raw-ceiling.ts), checked column by column against what the push wrote;
 * - updates of existing households through the last-writer-wins path, winning and losing.
 *
 * Sized by BENCH_VISITS (default 20,000) and BENCH_UPDATES (default 10,000).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { sqlitePath } from '../server/db/open.ts';
import { generateDemoData } from '../server/seed/generate.ts';
import { formatHlc } from '../shared/hlc.ts';
import type { Mutation, MutationResult } from '../shared/sync-messages.ts';
import type { DatabaseTarget } from '../tests/helpers/databases.ts';
import { startPostgresCluster } from '../tests/helpers/postgres-cluster.ts';
import { seedPostgresTemplate } from '../tests/helpers/seeded-template.ts';
import { ApiClient, startServer } from '../tests/helpers/server.ts';
import { pouchReplication } from './pouchdb.ts';
import { compareWithPush, rawCeiling } from './raw-ceiling.ts';
import { count, perSecond, type Report, rps, share, times } from './report.ts';

const VISITS = Number(process.env.BENCH_VISITS ?? 20_000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 10_000);
const BATCH = 500;
const PULL_PAGE = 1000;
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

/** Household updates in batches: stamped `ahead` of what is stored (they win) or behind it (they lose). */
function householdUpdates(householdIds: string[], n: number, millis: number, label: string): Mutation[] {
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    table: 'households',
    recordId: householdIds[i % householdIds.length] as string,
    op: 'put',
    hlc: formatHlc({ millis: millis + Math.floor(i / 1000), counter: i % 1000, node: DEVICE }),
    fields: { notes: `${label}第${i}次更新：老人腿脚不便，上门前请先电话联系`, memberCount: label.length + (i % 5) },
  }));
}

async function pushAll(client: ApiClient, mutations: readonly Mutation[]): Promise<{ ms: number; merged: number }> {
  let merged = 0;
  const started = performance.now();
  for (let i = 0; i < mutations.length; i += BATCH) {
    const { status, body } = await client.request('POST', '/api/sync/push', {
      deviceId: DEVICE,
      mutations: mutations.slice(i, i + BATCH),
    });
    const results = (body?.results ?? []) as MutationResult[];
    if (status !== 200 || results.some((r) => r.status === 'rejected')) {
      throw new Error(`push failed: ${status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    merged += results.filter((r) => r.status === 'merged').length;
  }
  return { ms: performance.now() - started, merged };
}

async function pullAll(client: ApiClient): Promise<{ ms: number; pulled: number }> {
  const started = performance.now();
  let cursor = '';
  let pulled = 0;
  for (let page = 0; page < 10_000; page++) {
    const { status, body } = await client.request(
      'GET',
      `/api/sync/pull?limit=${PULL_PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (status !== 200) throw new Error(`pull failed: ${status}`);
    pulled += body.changes.length;
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  return { ms: performance.now() - started, pulled };
}

interface Ours {
  push: number;
  pull: number;
  pulled: number;
  /** The SQLite file the push wrote (SQLite only), for the ceiling's check; deleted by the caller. */
  sqliteFile?: string;
}

async function ours(mutations: Mutation[], database: DatabaseTarget): Promise<Ours> {
  const server = await startServer({ seeded: true, database, keepDatabase: true });
  try {
    const client = new ApiClient(server.url);
    await client.login('supervisor');
    const pushed = await pushAll(client, mutations);
    const pulled = await pullAll(client);
    return {
      push: perSecond(mutations.length, pushed.ms),
      pull: perSecond(pulled.pulled, pulled.ms),
      pulled: pulled.pulled,
      ...(database.kind === 'sqlite' ? { sqliteFile: sqlitePath(server.databaseUrl) } : {}),
    };
  } finally {
    await server.stop();
  }
}

/** Updates of existing households: first stamped after what is stored (accepted), then before it (merged, lost). */
async function updates(householdIds: string[]): Promise<{ winning: number; losing: number; merged: number }> {
  const server = await startServer({ seeded: true, database: { kind: 'sqlite' } });
  try {
    const client = new ApiClient(server.url);
    await client.login('supervisor');
    const winning = await pushAll(client, householdUpdates(householdIds, UPDATES, Date.now(), '走访后'));
    // Ten minutes before anything stored: every field of every update loses, and is logged.
    const losing = await pushAll(client, householdUpdates(householdIds, UPDATES, Date.now() - 10 * 60_000, '补录'));
    return {
      winning: perSecond(UPDATES, winning.ms),
      losing: perSecond(UPDATES, losing.ms),
      merged: losing.merged,
    };
  } finally {
    await server.stop();
  }
}

/** Needs the seeded SQLite template (made by the caller); makes the PostgreSQL one itself. */
export async function benchServerSync(report: Report): Promise<void> {
  const demo = generateDemoData();
  const householdIds = demo.records.filter((r) => r.table === 'households').map((r) => r.id);
  const supervisor = demo.users.find((u) => u.username === 'supervisor')?.id ?? uuidv7();
  const mutations = visitMutations(householdIds, supervisor);
  const size = Buffer.byteLength(JSON.stringify(mutations[0]?.fields));

  console.error(`sync: raw ceiling, ${count(VISITS)} visits`);
  const ceiling = rawCeiling(mutations, { deviceId: DEVICE, userId: supervisor, batch: BATCH, reads: false });
  const ceilingWithReads = rawCeiling(mutations, { deviceId: DEVICE, userId: supervisor, batch: BATCH, reads: true });
  ceilingWithReads.cleanup();
  console.error('sync: ours on SQLite');
  const sqlite = await ours(mutations, { kind: 'sqlite' });
  const differences = sqlite.sqliteFile ? compareWithPush(ceiling.databasePath, sqlite.sqliteFile) : ['not compared'];
  ceiling.cleanup();
  if (sqlite.sqliteFile) rmSync(dirname(sqlite.sqliteFile), { recursive: true, force: true });
  console.error('sync: PouchDB');
  const pouch = await pouchReplication(
    mutations.map((m) => ({ id: m.recordId, fields: m.fields ?? {} })),
    { push: BATCH, pull: PULL_PAGE },
  );
  console.error(`sync: updates, ${count(UPDATES)} winning and ${count(UPDATES)} losing`);
  const updated = await updates(householdIds);
  console.error('sync: ours on PostgreSQL');
  const cluster = await startPostgresCluster({ durable: true });
  let postgres: Ours;
  try {
    await seedPostgresTemplate(cluster.url);
    postgres = await ours(mutations, { kind: 'postgres', clusterUrl: cluster.url });
  } finally {
    await cluster.stop();
  }
  if (postgres.pulled !== sqlite.pulled)
    throw new Error(`PostgreSQL pulled ${postgres.pulled}, SQLite ${sqlite.pulled}`);

  const section = `sync, ${count(VISITS)} visits`;
  report.row(
    section,
    `push new visits, HTTP, SQLite, batches of ${BATCH}`,
    rps(sqlite.push),
    `${times(sqlite.push / pouch.push)} PouchDB (aim ≥ 5×); ${share(sqlite.push / ceiling.rps)} of the raw ceiling`,
  );
  report.row(section, 'push, PouchDB replication, same visits', rps(pouch.push), 'LevelDB both ends, express-pouchdb');
  report.row(
    section,
    'raw ceiling: the rows a push writes, no HTTP',
    rps(ceiling.rps),
    differences.length === 0 ? 'rows checked equal to the push’s' : `rows differ: ${differences.join('; ')}`,
  );
  report.row(section, 'raw ceiling with the reads a push makes', rps(ceilingWithReads.rps), '');
  report.row(
    section,
    `pull by a supervisor, SQLite, pages of ${count(PULL_PAGE)}`,
    rps(sqlite.pull),
    `${times(sqlite.pull / pouch.pull)} PouchDB (aim ≥ 8×)`,
  );
  report.row(section, 'pull, PouchDB replication', rps(pouch.pull), '');
  report.row(
    section,
    'push new visits, PostgreSQL',
    rps(postgres.push),
    `${times(postgres.push / sqlite.push)} SQLite`,
  );
  report.row(section, 'pull, PostgreSQL', rps(postgres.pull), `${times(postgres.pull / sqlite.pull)} SQLite`);
  report.row(
    section,
    'update households, LWW, winning (SQLite)',
    rps(updated.winning),
    `${times(updated.winning / sqlite.push)} new visits`,
  );
  report.row(
    section,
    'update households, LWW, losing (conflict log)',
    rps(updated.losing),
    `${count(updated.merged)} answered merged`,
  );

  report.set('visits', VISITS);
  report.set('visit_fields_bytes', size);
  report.set('push_rps', sqlite.push);
  report.set('pull_rps', sqlite.pull);
  report.set('pouchdb_push_rps', pouch.push);
  report.set('pouchdb_pull_rps', pouch.pull);
  report.set('push_ratio_vs_pouchdb', sqlite.push / pouch.push);
  report.set('pull_ratio_vs_pouchdb', sqlite.pull / pouch.pull);
  report.set('raw_ceiling_rps', ceiling.rps);
  report.set('raw_ceiling_with_reads_rps', ceilingWithReads.rps);
  report.set('push_share_of_ceiling', sqlite.push / ceiling.rps);
  report.set('ceiling_rows_match_push', differences.length === 0);
  report.set('pg_push_rps', postgres.push);
  report.set('pg_pull_rps', postgres.pull);
  report.set('update_winning_rps', updated.winning);
  report.set('update_losing_rps', updated.losing);
}
