/**
 * Fairness under load: 1, 50 and 500 devices (BENCH_LOAD_DEVICES) pushing and pulling at once
 * against one server process on 127.0.0.1, each device its own grid worker in its own grid of a
 * district-shaped database (bench/district/generate.ts), as in the field. The devices run in a
 * child process (bench/load/devices.ts); this process meanwhile checks health every 50 ms and
 * signs in every 500 ms, timing each, to see whether they wait behind the pushes. The moment the
 * devices start, all at once, is probed more densely for a second before that.
 *
 * Per level: records/s accepted, p50/p99 per push batch and per pull, health and sign-in p50/p99
 * under the load and before it, and the slowest sign-in and health check of that first second (the
 * probes every 50 and 500 ms would meet that moment only by chance). A sign-in costs its
 * memory-hard hash (about 9 ms of a core) even on an idle server: what it waits behind pushes is its time
 * under load less its time idle. The server code is measured as it is.
 *
 * Sized by BENCH_LOAD_DEVICES (default 1,50,500), BENCH_LOAD_BATCH (visits per push, default 100)
 * and BENCH_LOAD_RECORDS (visits per level, default 20,000; at least two rounds a device). The
 * devices send with fetch, or with BENCH_LOAD_CLIENT=node-http with Node's own client: a tighter
 * arrival, and less of the two cores taken by the devices (bench/load/devices.ts).
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSession } from '../server/auth/users.ts';
import { openDatabase } from '../server/db/open.ts';
import { SESSION_COOKIE } from '../server/routes/auth.ts';
import { freshDatabaseUrl, removeFreshDatabase } from '../tests/helpers/databases.ts';
import { ROOT, tempDir } from '../tests/helpers/paths.ts';
import { ApiClient, startServerProcess } from '../tests/helpers/server.ts';
import { generateDistrict } from './district/generate.ts';
import type { LoadClient, LoadFigures, LoadPlan } from './load/devices.ts';
import { count, ms, percentile, perSecond, type Report, rps } from './report.ts';

const LEVELS = (process.env.BENCH_LOAD_DEVICES ?? '1,50,500').split(',').map(Number);
const BATCH = Number(process.env.BENCH_LOAD_BATCH ?? 100);
const RECORDS = Number(process.env.BENCH_LOAD_RECORDS ?? 20_000);
const CLIENT = (process.env.BENCH_LOAD_CLIENT ?? 'fetch') as LoadClient;
const DEADLINE_MS = 180_000;
const HEALTH_EVERY_MS = 50;
const SIGN_IN_EVERY_MS = 500;
const SESSION_TTL_MS = 24 * 3600_000;
/** How long after the devices start their arrival is probed densely. */
const ARRIVAL_MS = 1000;

interface Probes {
  health: number[];
  signIn: number[];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const sleep = (msValue: number) => new Promise((resolve) => setTimeout(resolve, msValue));

/** One health check, read to its end; anything but 200 ends the bench. */
async function checkHealth(url: string): Promise<void> {
  const response = await fetch(`${url}/api/health`);
  if (response.status !== 200) throw new Error(`health ${response.status}`);
  await response.arrayBuffer();
}

/** Health checks and sign-ins, timed, until `done` settles. */
async function probe(url: string, username: string, done: Promise<unknown>): Promise<Probes> {
  let running = true;
  void done.finally(() => {
    running = false;
  });
  const probes: Probes = { health: [], signIn: [] };
  const health = async () => {
    while (running) {
      probes.health.push(await timed(() => checkHealth(url)));
      await sleep(HEALTH_EVERY_MS);
    }
  };
  const signIn = async () => {
    while (running) {
      probes.signIn.push(await timed(() => new ApiClient(url).login(username)));
      await sleep(SIGN_IN_EVERY_MS);
    }
  };
  await Promise.all([health(), signIn()]);
  return probes;
}

/**
 * The first second of the devices' arrival, probed densely: a health check sent every 10 ms
 * whatever the others are doing, and sign-ins one after another, each timed.
 */
async function probeArrival(url: string, username: string): Promise<Probes> {
  const start = performance.now();
  const health = Array.from({ length: ARRIVAL_MS / 10 }, (_, i) =>
    sleep(i * 10).then(() => timed(() => checkHealth(url))),
  );
  const signIn: number[] = [];
  while (performance.now() - start < ARRIVAL_MS) signIn.push(await timed(() => new ApiClient(url).login(username)));
  return { health: await Promise.all(health), signIn };
}

/** Runs the devices; `onArrival` is called the moment they start sending, all at once. */
function runDevices(plan: LoadPlan, onArrival: () => void): Promise<LoadFigures> {
  // A file, not the environment: 500 devices' households are more than one variable may hold.
  const planFile = join(tempDir('bench-load'), 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  return new Promise<LoadFigures>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/load/devices.ts')], {
      cwd: ROOT,
      env: { ...process.env, BENCH_LOAD_PLAN_FILE: planFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let arrived = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!arrived && out.startsWith('arriving\n')) {
        arrived = true;
        onArrival();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the devices' process exited with ${code}:\n${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadFigures);
    });
  }).finally(() => rmSync(dirname(planFile), { recursive: true, force: true }));
}

interface Level {
  devices: number;
  figures: LoadFigures;
  underLoad: Probes;
  idle: Probes;
  /** Probed densely through the first second of the devices' arrival. */
  atArrival: Probes;
}

async function runLevel(devices: number): Promise<Level> {
  // One grid per device: a district of grids of 50 households (small, so it is made in seconds).
  const databaseUrl = await freshDatabaseUrl({ kind: 'sqlite' }, false);
  const district = await generateDistrict(databaseUrl, {
    households: Math.max(devices, 10) * 50,
    visits: 0,
    householdsPerGrid: [50, 50],
    gridsPerCommunity: 10,
    compoundsPerCommunity: 2,
    buildingsPerGrid: 2,
    visitDays: 365,
  });
  const grids = district.communities.flatMap((community) => community.grids);
  // Sessions made directly: signing 500 workers in would measure the password hash 500 times.
  const database = await openDatabase(databaseUrl);
  const workers: LoadPlan['workers'] = [];
  const householdsOf = new Map<string, string[]>();
  for (const row of await database.db
    .selectFrom('records')
    .select(['id', 'grid_id'])
    .where('tbl', '=', 'households')
    .execute()) {
    const list = householdsOf.get(row.grid_id ?? '') ?? [];
    list.push(row.id);
    householdsOf.set(row.grid_id ?? '', list);
  }
  for (const grid of grids.slice(0, devices)) {
    const token = await createSession(database.db, grid.workerId, SESSION_TTL_MS);
    workers.push({
      cookie: `${SESSION_COOKIE}=${token}`,
      userId: grid.workerId,
      households: householdsOf.get(grid.id) ?? [],
    });
  }
  const seq = (await database.db.selectFrom('meta').select('value').where('key', '=', 'seq').executeTakeFirstOrThrow())
    .value;
  await database.close();

  const server = await startServerProcess({ databaseUrl, logLevel: 'error' });
  try {
    const supervisor = district.communities[0]?.supervisorUsername ?? '';
    const idleHealth: number[] = [];
    for (let i = 0; i < 20; i++) idleHealth.push(await timed(() => checkHealth(server.url)));
    const idleSignIn: number[] = [];
    for (let i = 0; i < 5; i++) idleSignIn.push(await timed(() => new ApiClient(server.url).login(supervisor)));
    const rounds = Math.max(2, Math.ceil(RECORDS / (devices * BATCH)));
    // The probes start as the devices do: densely through their arrival, then every 50 and 500 ms.
    let arrived = () => {};
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const running = runDevices(
      { url: server.url, client: CLIENT, devices, batch: BATCH, rounds, deadlineMs: DEADLINE_MS, cursor: seq, workers },
      () => arrived(),
    );
    const probing = arrival.then(async () => {
      const atArrival = await probeArrival(server.url, supervisor);
      return { atArrival, underLoad: await probe(server.url, supervisor, running) };
    });
    const [figures, { atArrival, underLoad }] = await Promise.all([running, probing]);
    return { devices, figures, underLoad, idle: { health: idleHealth, signIn: idleSignIn }, atArrival };
  } finally {
    await server.stop();
    // The district made for this level (hundreds of megabytes at 500 devices).
    removeFreshDatabase(databaseUrl);
  }
}

export async function benchLoad(report: Report): Promise<void> {
  if (CLIENT !== 'fetch' && CLIENT !== 'node-http')
    throw new Error(`BENCH_LOAD_CLIENT must be fetch or node-http, got "${CLIENT}"`);
  const levels: Level[] = [];
  for (const devices of LEVELS) {
    console.error(`load: ${devices} device${devices === 1 ? '' : 's'} at once`);
    levels.push(await runLevel(devices));
  }
  const section = CLIENT === 'fetch' ? 'devices at once (SQLite)' : 'devices at once (SQLite, node:http)';
  report.set('load_client', CLIENT);
  for (const { devices, figures, underLoad, idle, atArrival } of levels) {
    const failures = Object.entries(figures.failures)
      .map(([what, n]) => `${n} × ${what}`)
      .join(', ');
    const pushed = perSecond(figures.accepted, figures.wallMs);
    report.row(
      section,
      `${count(devices)} device${devices === 1 ? '' : 's'}: visits accepted, batches of ${BATCH}`,
      rps(pushed),
      `${count(figures.accepted)} in ${(figures.wallMs / 1000).toFixed(1)} s; ${count(figures.busy)} × busy, sent again${failures ? `; failed: ${failures}` : ''}`,
    );
    report.row(
      section,
      `  push batch p50 / p99`,
      `${ms(percentile(figures.pushMs, 50))} / ${ms(percentile(figures.pushMs, 99))}`,
      `pull p50 / p99 ${ms(percentile(figures.pullMs, 50))} / ${ms(percentile(figures.pullMs, 99))}`,
    );
    const healthWait = percentile(underLoad.health, 99) - percentile(idle.health, 50);
    report.row(
      section,
      `  health check p50 / p99 under load`,
      `${ms(percentile(underLoad.health, 50))} / ${ms(percentile(underLoad.health, 99))}`,
      `idle p50 ${ms(percentile(idle.health, 50))}; waits ≤ ${ms(Math.max(0, healthWait))} (aim ≤ 100 ms)`,
    );
    const signInWait = percentile(underLoad.signIn, 99) - percentile(idle.signIn, 50);
    report.row(
      section,
      `  sign-in p50 / p99 under load`,
      `${ms(percentile(underLoad.signIn, 50))} / ${ms(percentile(underLoad.signIn, 99))}`,
      `idle p50 ${ms(percentile(idle.signIn, 50))}; waits ≤ ${ms(Math.max(0, signInWait))} (aim ≤ 100 ms)`,
    );
    const arrivalSignIn = Math.max(...atArrival.signIn);
    const arrivalHealth = Math.max(...atArrival.health);
    report.row(
      section,
      `  as they arrive: slowest sign-in / health check`,
      `${ms(arrivalSignIn)} / ${ms(arrivalHealth)}`,
      `first second, ${atArrival.signIn.length} sign-ins and ${atArrival.health.length} checks; waits ${ms(Math.max(0, arrivalSignIn - percentile(idle.signIn, 50)))} / ${ms(Math.max(0, arrivalHealth - percentile(idle.health, 50)))}`,
    );
    const key = `concurrent_${devices}`;
    report.set(`${key}_rps`, pushed);
    report.set(`${key}_p50_ms`, percentile(figures.pushMs, 50));
    report.set(`${key}_p99_ms`, percentile(figures.pushMs, 99));
    report.set(`${key}_pull_p99_ms`, percentile(figures.pullMs, 99));
    report.set(`${key}_health_p99_ms`, percentile(underLoad.health, 99));
    report.set(`${key}_signin_p99_ms`, percentile(underLoad.signIn, 99));
    report.set(`${key}_signin_at_arrival_ms`, arrivalSignIn);
    report.set(`${key}_health_at_arrival_ms`, arrivalHealth);
    report.set(`${key}_signin_idle_p50_ms`, percentile(idle.signIn, 50));
    report.set(`${key}_health_idle_p50_ms`, percentile(idle.health, 50));
    report.set(`${key}_busy`, figures.busy);
    report.set(`${key}_failures`, failures || null);
  }
  const worst = levels.reduce((a, b) => (b.devices > a.devices ? b : a));
  report.set('health_p99_under_load_ms', percentile(worst.underLoad.health, 99));
  report.set('signin_p99_under_load_ms', percentile(worst.underLoad.signIn, 99));
  report.set('signin_p50_idle_ms', percentile(worst.idle.signIn, 50));
}
