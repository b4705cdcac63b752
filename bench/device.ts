/**
 * The device in real Chromium (Debian's, through playwright-core) on on-disk IndexedDB: the page
 * bench/device/ is built with Vite from our real device code, served from 127.0.0.1 and driven with
 * page.evaluate. Figures, in one run: one user write (record + outbox) latency; pulled visits
 * applied through applyServerChanges in pages of 1,000 against raw Dexie bulkPut of the same
 * records, one transaction per page (the ceiling); raw puts, one transaction per record; a new
 * grid worker's first pull of a 600-household grid with 10,000 visits from a real server (the
 * device's own pullAndApply over HTTP); and a 5,000-household list scrolled, frame by frame.
 */
import { readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath, PHONE } from '../tests/helpers/browser.ts';
import { freshDatabaseUrl, removeFreshDatabase } from '../tests/helpers/databases.ts';
import { ROOT, tempDir } from '../tests/helpers/paths.ts';
import { type ServerProcess, startServerProcess } from '../tests/helpers/server.ts';
import type { DeviceBench, FirstPullFigures, ThroughputFigures } from './device/main.ts';
import { generateDistrict } from './district/generate.ts';
import { count, ms, type Report, rps, seconds, times } from './report.ts';

const WRITES = Number(process.env.BENCH_DEVICE_WRITES ?? 1_000);
const PULLED = Number(process.env.BENCH_DEVICE_PULLED ?? 10_000);
const PER_RECORD = 1_000;
const ROUNDS = 3;
const GRID_HOUSEHOLDS = Number(process.env.BENCH_GRID_HOUSEHOLDS ?? 600);
const GRID_VISITS = Number(process.env.BENCH_GRID_VISITS ?? 10_000);
const PULL_RUNS = 3;
const LIST_HOUSEHOLDS = Number(process.env.BENCH_LIST_HOUSEHOLDS ?? 5_000);
const PAGE_PATH = '/bench/device/index.html';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: { input: join(ROOT, 'bench/device/index.html') },
    },
  });
}

/**
 * A static server for the built page, cross-origin isolated (so performance.now() is
 * fine-grained), that hands /api/ on to a Gridwork server: the page and the API share one origin,
 * as the app and its server do, so the session cookie works.
 */
async function serve(dir: string, api?: string): Promise<{ server: Server; url: string }> {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (api && path.startsWith('/api/')) {
      const forwarded = httpRequest(
        `${api}${request.url}`,
        { method: request.method, headers: { ...request.headers, host: new URL(api).host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', () => response.writeHead(502).end());
      request.pipe(forwarded);
      return;
    }
    const file = resolve(root, `.${path}`);
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the bench server has no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

function call<K extends keyof DeviceBench>(
  page: Page,
  name: K,
  argument: Parameters<DeviceBench[K]>[0],
): ReturnType<DeviceBench[K]> {
  return page.evaluate(
    ([fn, value]): Promise<unknown> =>
      (window as unknown as { deviceBench: Record<string, (value: unknown) => Promise<unknown>> }).deviceBench[fn]?.(
        value,
      ) ?? Promise.reject(new Error(`no ${fn}`)),
    [name as string, argument] as const,
  ) as ReturnType<DeviceBench[K]>;
}

function median(runs: ThroughputFigures[]): ThroughputFigures {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no runs to take the median of');
  return middle;
}

/**
 * Chromium with an on-disk profile: launchChromium()'s pages live in an incognito context, whose
 * IndexedDB is kept in memory (no files, and ~30% faster than a phone's disk would allow).
 * Same executable and flags as launchChromium() (tests/helpers/browser.ts).
 */
function launchOnDisk(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: PHONE.viewport,
    deviceScaleFactor: PHONE.deviceScaleFactor,
  });
}

/** A server process over a database of one grid of 600 households with 10,000 visits. */
async function gridServer(): Promise<{ server: ServerProcess; username: string }> {
  const databaseUrl = await freshDatabaseUrl({ kind: 'sqlite' }, false);
  const district = await generateDistrict(databaseUrl, {
    households: GRID_HOUSEHOLDS,
    visits: GRID_VISITS,
    householdsPerGrid: [GRID_HOUSEHOLDS, GRID_HOUSEHOLDS],
    gridsPerCommunity: 1,
    compoundsPerCommunity: 1,
    buildingsPerGrid: 10,
    visitDays: 365,
  });
  const username = district.communities[0]?.grids[0]?.workerUsername;
  if (!username) throw new Error('the grid has no worker');
  return { server: await startServerProcess({ databaseUrl, logLevel: 'error' }), username };
}

export async function benchDevice(report: Report): Promise<void> {
  const dir = tempDir('bench-device');
  const outDir = join(dir, 'page');
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let api: { server: ServerProcess; username: string } | undefined;
  try {
    console.error('device: building the page, and a grid of 600 households with 10,000 visits');
    await buildPage(outDir);
    api = await gridServer();
    const served = await serve(outDir, api.server.url);
    server = served.server;
    context = await launchOnDisk(join(dir, 'profile'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${served.url}${PAGE_PATH}`);
    await page
      .waitForFunction(() => 'deviceBench' in window, undefined, { timeout: 15_000 })
      .catch((error: unknown) => {
        throw new Error(`the device bench page did not load: ${errors.join('; ') || String(error)}`);
      });
    const { isolated, userAgent } = await page.evaluate(() => ({
      isolated: globalThis.crossOriginIsolated,
      userAgent: navigator.userAgent,
    }));
    const version = context.browser()?.version() ?? /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent;

    // Warm up the JIT and IndexedDB once, into throwaway databases; these figures are not printed.
    console.error(`device: Chromium ${version}, writes, applying pulled pages, raw bulkPut`);
    await call(page, 'writes', 100);
    await call(page, 'applyPulled', 1_000);
    await call(page, 'rawBulkPut', 1_000);

    // The small measurements first: deleting a 10,000-record database leaves compaction behind it.
    const writes = await call(page, 'writes', WRITES);
    const single = await call(page, 'rawPerRecord', PER_RECORD);

    // Ours and raw alternate, first one then the other, so neither always runs on a warmer disk.
    const ourRuns: ThroughputFigures[] = [];
    const rawRuns: ThroughputFigures[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) rawRuns.push(await call(page, 'rawBulkPut', PULLED));
      ourRuns.push(await call(page, 'applyPulled', PULLED));
      if (round % 2 === 1) rawRuns.push(await call(page, 'rawBulkPut', PULLED));
    }
    const ours = median(ourRuns);
    const raw = median(rawRuns);

    console.error('device: first pull of the grid, and a long list');
    const pulls: FirstPullFigures[] = [];
    for (let i = 0; i < PULL_RUNS; i++) pulls.push(await call(page, 'firstPull', api.username));
    const pull = [...pulls].sort((a, b) => a.ms - b.ms)[Math.floor(PULL_RUNS / 2)] as FirstPullFigures;
    await call(page, 'longList', 500);
    const list = await call(page, 'longList', LIST_HOUSEHOLDS);

    const section = `device, Chromium ${version.split('.')[0]}${isolated ? '' : ' (coarse timer)'}`;
    report.row(
      section,
      `one user write, record + outbox, p50 / p95 (${count(WRITES)})`,
      `${ms(writes.p50)} / ${ms(writes.p95)}`,
      `p99 ${ms(writes.p99)}; aim p50 ≤ 3 ms`,
    );
    report.row(
      section,
      `apply pulled visits, pages of 1,000 (${count(PULLED)})`,
      rps(ours.perSecond),
      `raw bulkPut ${rps(raw.perSecond)}; ours takes ${times(raw.perSecond / ours.perSecond)} its time (aim ≤ 1.5×)`,
    );
    report.row(section, 'raw put, one transaction per record', rps(single.perSecond), 'for scale');
    report.row(
      section,
      `first pull of a grid: ${count(pull.households)} households, ${count(pull.visits)} visits`,
      seconds(pull.ms),
      `${count(pull.changes)} changes, ${rps((pull.changes / pull.ms) * 1000)}; aim < 2 s; median of ${PULL_RUNS}`,
    );
    report.row(
      section,
      `${count(list.households)}-household list scrolled, frame p50 / p95`,
      `${ms(list.p50)} / ${ms(list.p95)}`,
      `max ${ms(list.max)}, ${list.longFrames} of ${list.frames} frames over 50 ms; ${list.rowsInDom} rows in the DOM; first render ${ms(list.firstRender)}`,
    );
    report.set('write_p50_ms', writes.p50);
    report.set('write_p95_ms', writes.p95);
    report.set('apply_pulled_rps', ours.perSecond);
    report.set('raw_bulkput_rps', raw.perSecond);
    report.set('apply_vs_raw_bulkput', raw.perSecond / ours.perSecond);
    report.set('first_pull_grid_s', pull.ms / 1000);
    report.set('first_pull_grid_changes', pull.changes);
    report.set('long_list_frame_p50_ms', list.p50);
    report.set('long_list_frame_p95_ms', list.p95);
    report.set('long_list_frame_max_ms', list.max);
    report.set('long_list_frames_over_50ms', list.longFrames);
    report.set('long_list_rows_in_dom', list.rowsInDom);
    report.set('chromium', version);
  } finally {
    await context?.close();
    if (server) {
      const closing = server;
      await new Promise<void>((done) => closing.close(() => done()));
    }
    if (api) {
      await api.server.stop();
      removeFreshDatabase(api.server.databaseUrl);
    }
    await rm(dir, { recursive: true, force: true });
  }
}
