/**
 * Twenty phones of a demo community against the real server process, with seeded faults (see
 * world.ts): offline writes, lost requests and answers, the server killed after committing, phones
 * killed mid-sync, a phone's storage wiped, phone clocks a day fast or slow. At the end an oracle
 * computes on its own who should have won every field and every issue's state, from what the server
 * answered, and the server and every phone must hold exactly that; nothing acknowledged is lost,
 * nothing is applied twice, and every write sorts after what its phone had seen.
 *
 * Every kind of lost request happens in every run: one the seed has not drawn by the halfway step is
 * forced on the next request it fits (World.oweMissingFaults).
 *
 * SIM_SEED=<n> replays a run (it is printed); SIM_STEPS sets its length. SIM_BREAK=lww | lifecycle
 * | observe | drop breaks the system on purpose, to show the simulation fails: last writer loses,
 * the issue state machine off, the phone's clock no longer following pulled stamps, or a push now
 * and then answered "kept" but never kept.
 */
import 'fake-indexeddb/auto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server.ts';
import { expectWhatTheOracleSays, readServer, type ServerRows } from './checks.ts';
import { DAY_MS, type DeviceCode, loadDeviceCode, World } from './world.ts';

const SEED = Number(process.env.SIM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = Number(process.env.SIM_STEPS ?? 500);
const BREAK = process.env.SIM_BREAK ?? '';
const SERVER_RESTARTS = 3;

if (BREAK === 'observe') {
  // The phone's clock no longer moves past the stamps it pulls.
  vi.doMock('../../src/db/write.ts', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../../src/db/write.ts')>()),
    observeStamp: async () => {},
  }));
}

/** Two phones for some users: the same records edited at once from two devices. */
const ACCOUNTS = [
  'worker01',
  'worker01',
  'worker02',
  'worker02',
  'worker03',
  'worker04',
  'worker05',
  'worker06',
  'lead01',
  'lead02',
  'lead03',
  'lead05',
  'lead07',
  'lead09',
  'lead11',
  'lead13',
  'supervisor',
  'supervisor',
  'worker07',
  'lead14',
];

let server: ServerProcess;
let code: DeviceCode;
let world: World;

describe(`convergence simulation (SIM_SEED=${SEED}${BREAK ? `, SIM_BREAK=${BREAK}` : ''})`, () => {
  let seeded: ServerRows['records'];

  beforeAll(async () => {
    console.log(`convergence simulation: SIM_SEED=${SEED} SIM_STEPS=${STEPS}${BREAK ? ` SIM_BREAK=${BREAK}` : ''}`);
    code = await loadDeviceCode();
    server = await startServerProcess({
      seeded: true,
      ...(BREAK === 'lww' || BREAK === 'lifecycle'
        ? { nodeImports: [join(ROOT, 'tests/sim/breaks/register.mjs')], env: { SIM_BREAK: BREAK } }
        : {}),
    });
    seeded = (await readServer(server.databaseUrl)).records;
    world = new World(server, code, { seed: SEED, dropAnswered: BREAK === 'drop' });
    for (const [index, username] of ACCOUNTS.entries()) {
      // Some phones' clocks run a day slow or up to a day fast; the rest are a few seconds off.
      const offset =
        index % 7 === 0
          ? -DAY_MS + world.random.int(0, 60_000)
          : index % 7 === 3
            ? world.random.int(DAY_MS / 2, DAY_MS)
            : world.random.int(-5000, 5000);
      await world.addDevice(index, username, offset);
    }
    for (const device of world.devices) await world.sync(device);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const device of world?.devices ?? []) device.db.close();
  });

  it('holds what the oracle says, on the server and every phone, with no loss and no duplicate', async () => {
    const restartAt = new Set(
      Array.from({ length: SERVER_RESTARTS }, (_, i) => Math.floor(((i + 1) * STEPS) / (SERVER_RESTARTS + 1))),
    );
    const wipeAt = Math.floor(STEPS * 0.6);
    for (let step = 0; step < STEPS; step++) {
      world.tick();
      if (step === Math.floor(STEPS / 2)) world.oweMissingFaults();
      if (restartAt.has(step)) {
        await world.restartServer();
        continue;
      }
      const device = world.random.pick(world.devices);
      if (step === wipeAt) {
        await world.wipeDevice(device);
        continue;
      }
      const action = world.random.weighted([
        ['write', 6],
        ['sync', 3],
        ['toggle', 1],
        ['restart-phone', 0.3],
      ] as const);
      if (action === 'write') await world.randomWrite(device);
      else if (action === 'toggle') device.online = !device.online;
      else if (action === 'restart-phone') world.restartDevice(device);
      else await world.sync(device);
    }

    // Connectivity returns for good: everyone syncs until the outboxes drain (bounded).
    for (const device of world.devices) device.online = true;
    world.faultsOn = false;
    for (let round = 0; round < 10; round++) {
      for (const device of world.devices) await world.sync(device);
      const pending = await Promise.all(world.devices.map((device) => device.db.outbox.count()));
      if (pending.every((count) => count === 0)) break;
    }
    for (const device of world.devices) await world.sync(device); // everyone pulls everyone's last pushes
    console.log('convergence simulation:', JSON.stringify(world.stats));

    expect(world.stats.serverRestarts).toBeGreaterThanOrEqual(SERVER_RESTARTS);
    expect(world.stats.droppedAfterCommit).toBeGreaterThan(0);
    expect(world.stats.droppedBeforeSend).toBeGreaterThan(0);
    expect(world.stats.wipes).toBe(1);

    await expectWhatTheOracleSays(world, seeded);
  }, 600_000);
});
