/**
 * District scale, on SQLite and on PostgreSQL: a district-shaped database (bench/district/
 * generate.ts; BENCH_DISTRICT_HOUSEHOLDS and BENCH_DISTRICT_VISITS, default 100,000 and
 * 1,000,000; BENCH_DISTRICT=full for the whole district, 500,000 and 6,000,000), served by a
 * server process of its own, measured over HTTP:
 *
 * - the supervisor's overview report (GET /api/reports/overview, the last 30 days) for one
 *   community, median of 3 after a warm-up; the district report (GET /api/reports/district, every
 *   community side by side, read with the district key), median of 3 after a warm-up, and once
 *   more after a busy hour's visits pushed since the last; and, beside it, every community's own
 *   report one after another;
 * - a CSV and an XLSX export of one community's year of visits: rows/s, and the server process's
 *   peak resident memory (its JavaScript heap capped at 256 MB, so a held export would fail);
 * - a new grid worker's first pull of their grid, and a supervisor's first pull of their
 *   community, in a device's pages of 1,000.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { formatHlc } from '../shared/hlc.ts';
import { freshDatabaseUrl, removeFreshDatabase } from '../tests/helpers/databases.ts';
import { createDatabase, startPostgresCluster } from '../tests/helpers/postgres-cluster.ts';
import { ApiClient, startServerProcess } from '../tests/helpers/server.ts';
import { type DistrictShape, type DistrictSummary, generateDistrict } from './district/generate.ts';
import { count, mb, median, ms, perSecond, type Report, rps, seconds } from './report.ts';

export function districtScale(): DistrictShape {
  const full = process.env.BENCH_DISTRICT === 'full';
  return {
    households: Number(process.env.BENCH_DISTRICT_HOUSEHOLDS ?? (full ? 500_000 : 100_000)),
    visits: Number(process.env.BENCH_DISTRICT_VISITS ?? (full ? 6_000_000 : 1_000_000)),
    householdsPerGrid: [300, 600],
    gridsPerCommunity: 6,
    compoundsPerCommunity: 3,
    buildingsPerGrid: 6,
    visitDays: 365,
  };
}

/** A day in China Standard Time, `daysBack` days before today, as the desk's filters write it. */
function chinaDay(daysBack: number): string {
  return new Date(Date.now() + 8 * 3600_000 - daysBack * 86_400_000).toISOString().slice(0, 10);
}

function peakMemory(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

const DISTRICT_KEY = 'bench-district-key-0123456789abcdefghij';
/** Visits pushed between two district reports: a busy hour's, for a district. */
const VISITS_SINCE = 5_000;

async function timedGet(client: ApiClient, path: string): Promise<number> {
  const started = performance.now();
  const { status, body } = await client.request('GET', path);
  if (status !== 200) throw new Error(`${path}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
  return performance.now() - started;
}

async function firstPull(client: ApiClient): Promise<{ ms: number; changes: number }> {
  const started = performance.now();
  let cursor = '';
  let changes = 0;
  for (let page = 0; page < 100_000; page++) {
    const { status, body } = await client.request(
      'GET',
      `/api/sync/pull?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (status !== 200) throw new Error(`pull: ${status}`);
    changes += body.changes.length;
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  return { ms: performance.now() - started, changes };
}

interface Export {
  rows: number;
  bytes: number;
  ms: number;
  peakBytes: number;
}

interface DistrictFigures {
  generated: DistrictSummary;
  overviewCommunity: number;
  overviewDistrict: { total: number; slowest: number; communities: number };
  districtReport: number;
  /** The district report after VISITS_SINCE visits pushed since the last one. */
  districtAfterVisits: number;
  csv: Export;
  xlsx: Export;
  peakBefore: number;
  gridPull: { ms: number; changes: number };
  communityPull: { ms: number; changes: number };
}

async function measure(databaseUrl: string, generated: DistrictSummary): Promise<DistrictFigures> {
  const server = await startServerProcess({
    databaseUrl,
    logLevel: 'error',
    nodeOptions: ['--max-old-space-size=256'],
    env: { DISTRICT_REPORT_TOKEN: DISTRICT_KEY },
  });
  try {
    const [community] = generated.communities;
    if (!community) throw new Error('the district has no community');
    const supervisor = new ApiClient(server.url);
    await supervisor.login(community.supervisorUsername);
    const overviewPath = `/api/reports/overview?from=${chinaDay(29)}&to=${chinaDay(0)}`;
    await timedGet(supervisor, overviewPath);
    const overviewTimes: number[] = [];
    for (let i = 0; i < 3; i++) overviewTimes.push(await timedGet(supervisor, overviewPath));

    const districtPath = `/api/reports/district?from=${chinaDay(29)}&to=${chinaDay(0)}`;
    const timedDistrict = async () => {
      const started = performance.now();
      const response = await fetch(`${server.url}${districtPath}`, {
        headers: { authorization: `Bearer ${DISTRICT_KEY}` },
      });
      if (response.status !== 200) throw new Error(`district report: ${response.status} ${await response.text()}`);
      const report = (await response.json()) as { communities: unknown[] };
      if (report.communities.length !== generated.communities.length) throw new Error('district report: communities');
      return performance.now() - started;
    };
    // The first is the warm-up.
    await timedDistrict();
    const districtTimes: number[] = [];
    for (let i = 0; i < 3; i++) districtTimes.push(await timedDistrict());

    let total = 0;
    let slowest = 0;
    for (const other of generated.communities) {
      const client = new ApiClient(server.url);
      await client.login(other.supervisorUsername);
      const took = await timedGet(client, overviewPath);
      total += took;
      slowest = Math.max(slowest, took);
    }

    const peakBefore = peakMemory(server.pid);
    const exports: Export[] = [];
    for (const format of ['csv', 'xlsx'] as const) {
      const started = performance.now();
      const response = await fetch(
        `${server.url}/api/export/visits.${format}?from=${chinaDay(364)}&to=${chinaDay(0)}`,
        {
          headers: { cookie: supervisor.sessionCookie() },
        },
      );
      if (response.status !== 200) throw new Error(`export ${format}: ${response.status}`);
      const rows = Number(response.headers.get('x-export-rows'));
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      exports.push({ rows, bytes, ms: performance.now() - started, peakBytes: peakMemory(server.pid) });
    }

    const grid = community.grids[0];
    if (!grid) throw new Error('the community has no grid');
    const worker = new ApiClient(server.url);
    await worker.login(grid.workerUsername);
    const gridPull = await firstPull(worker);
    const communityPull = await firstPull(supervisor);

    // The district report again after a busy hour's visits since the last one: it brings each
    // household's latest visit up to date from them first.
    const deviceId = randomBytes(8).toString('hex');
    const pushStarted = Date.now();
    for (let batch = 0; batch < VISITS_SINCE / 500; batch++) {
      const mutations = Array.from({ length: 500 }, (_, i) => {
        const n = batch * 500 + i;
        return {
          id: randomUUID(),
          table: 'visits',
          recordId: randomUUID(),
          op: 'put',
          hlc: formatHlc({ millis: pushStarted, counter: n, node: deviceId }),
          fields: {
            householdId: grid.someHouseholds[n % grid.someHouseholds.length],
            purpose: 'contact',
            visitedAt: new Date(pushStarted - n * 1000).toISOString(),
            visitorId: grid.workerId,
            needs: [],
          },
        };
      });
      const { status, body } = await worker.request('POST', '/api/sync/push', { deviceId, mutations });
      if (status !== 200 || body.results.some((result: { status: string }) => result.status !== 'accepted')) {
        throw new Error(`push before the district report: ${status} ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
    const districtAfterVisits = await timedDistrict();
    return {
      generated,
      overviewCommunity: median(overviewTimes),
      overviewDistrict: { total, slowest, communities: generated.communities.length },
      districtReport: median(districtTimes),
      districtAfterVisits,
      csv: exports[0] as Export,
      xlsx: exports[1] as Export,
      peakBefore,
      gridPull,
      communityPull,
    };
  } finally {
    await server.stop();
  }
}

function reportDatabase(report: Report, label: string, prefix: string, figures: DistrictFigures): void {
  const { generated: g } = figures;
  const section = `district, ${label}`;
  report.row(
    section,
    `generated: ${count(g.communities.length)} communities, ${count(g.households)} households, ${count(g.visits)} visits`,
    seconds(g.ms),
    `${rps(perSecond(g.records, g.ms))} rows written straight in`,
  );
  report.row(
    section,
    "each household's latest visit, brought up to date from nothing",
    seconds(g.latestVisitsMs),
    `${rps(perSecond(g.records, g.latestVisitsMs))} changes followed`,
  );
  report.row(section, 'overview report, one community, 30 days', ms(figures.overviewCommunity), 'aim < 500 ms');
  report.row(
    section,
    `district report, ${count(figures.overviewDistrict.communities)} communities side by side, 30 days`,
    ms(figures.districtReport),
    'aim < 500 ms',
  );
  report.row(
    section,
    `district report after ${count(VISITS_SINCE)} visits pushed since the last`,
    ms(figures.districtAfterVisits),
    'aim < 500 ms',
  );
  report.row(
    section,
    `overview of every community (${count(figures.overviewDistrict.communities)}), one after another`,
    ms(figures.overviewDistrict.total),
    `slowest ${ms(figures.overviewDistrict.slowest)}`,
  );
  for (const [name, e] of [
    ['CSV', figures.csv],
    ['XLSX', figures.xlsx],
  ] as const) {
    report.row(
      section,
      `export ${name}, a community's year (${count(e.rows)} visits)`,
      rps(perSecond(e.rows, e.ms)),
      `${mb(e.bytes)} in ${seconds(e.ms)}; server peak RSS ${mb(e.peakBytes)} (${mb(figures.peakBefore)} before)`,
    );
  }
  report.row(
    section,
    `first pull, a grid worker's grid (${count(figures.gridPull.changes)} changes)`,
    seconds(figures.gridPull.ms),
    rps(perSecond(figures.gridPull.changes, figures.gridPull.ms)),
  );
  report.row(
    section,
    `first pull, a supervisor's community (${count(figures.communityPull.changes)})`,
    seconds(figures.communityPull.ms),
    rps(perSecond(figures.communityPull.changes, figures.communityPull.ms)),
  );
  report.set(`${prefix}overview_report_ms`, figures.overviewCommunity);
  report.set(`${prefix}district_report_ms`, figures.districtReport);
  report.set(`${prefix}district_report_after_visits_ms`, figures.districtAfterVisits);
  report.set(`${prefix}latest_visits_from_nothing_s`, g.latestVisitsMs / 1000);
  report.set(`${prefix}overview_district_ms`, figures.overviewDistrict.total);
  report.set(`${prefix}overview_slowest_community_ms`, figures.overviewDistrict.slowest);
  report.set(`${prefix}export_rows_per_s`, perSecond(figures.csv.rows, figures.csv.ms));
  report.set(`${prefix}export_xlsx_rows_per_s`, perSecond(figures.xlsx.rows, figures.xlsx.ms));
  report.set(`${prefix}export_rows`, figures.csv.rows);
  report.set(
    `${prefix}export_peak_rss_mb`,
    Math.round(Math.max(figures.csv.peakBytes, figures.xlsx.peakBytes) / 1024 / 1024),
  );
  report.set(`${prefix}first_pull_grid_server_s`, figures.gridPull.ms / 1000);
  // Not first_pull_grid_changes: that is the device's own first pull (bench/device.ts).
  report.set(`${prefix}first_pull_grid_server_changes`, figures.gridPull.changes);
  report.set(`${prefix}first_pull_community_s`, figures.communityPull.ms / 1000);
  report.set(`${prefix}first_pull_community_changes`, figures.communityPull.changes);
}

export async function benchDistrict(report: Report): Promise<void> {
  const shape = districtScale();
  console.error(`district: ${count(shape.households)} households, ${count(shape.visits)} visits into SQLite`);
  const sqliteUrl = await freshDatabaseUrl({ kind: 'sqlite' }, false);
  try {
    const generated = await generateDistrict(sqliteUrl, shape);
    console.error('district: measuring on SQLite');
    reportDatabase(report, 'SQLite', '', await measure(sqliteUrl, generated));
  } finally {
    removeFreshDatabase(sqliteUrl);
  }
  console.error('district: the same into PostgreSQL');
  const cluster = await startPostgresCluster({ durable: true });
  try {
    const postgresUrl = await createDatabase(cluster.url, 'district');
    const generated = await generateDistrict(postgresUrl, shape);
    console.error('district: measuring on PostgreSQL');
    reportDatabase(report, 'PostgreSQL', 'pg_', await measure(postgresUrl, generated));
  } finally {
    await cluster.stop();
  }
}
