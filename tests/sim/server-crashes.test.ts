/**
 * The server SIGKILLed while pushes are in flight, three times: whether each in-flight push
 * committed is up to the race, so this run is not replayed step by step — but whatever happened,
 * nothing acknowledged is lost, nothing is applied twice, and the server and every phone hold what
 * the oracle computes from the server's answers.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../helpers/server.ts';
import { expectWhatTheOracleSays, readServer, type ServerRows } from './checks.ts';
import { loadDeviceCode, World } from './world.ts';

const SEED = Number(process.env.SIM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ACCOUNTS = ['worker01', 'worker01', 'worker02', 'lead01', 'lead02', 'supervisor', 'worker03', 'lead05'];
const STEPS = 160;
const CRASHES = 3;

describe(`server crashes mid-push (SIM_SEED=${SEED})`, () => {
  let server: ServerProcess;
  let world: World;
  let seeded: ServerRows['records'];

  beforeAll(async () => {
    server = await startServerProcess({ seeded: true });
    seeded = (await readServer(server.databaseUrl)).records;
    world = new World(server, await loadDeviceCode(), { seed: SEED, faultRate: 0.08 });
    for (const [index, username] of ACCOUNTS.entries()) await world.addDevice(index, username, 0);
    for (const device of world.devices) await world.sync(device);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const device of world?.devices ?? []) device.db.close();
  });

  it('loses nothing acknowledged and converges on what the oracle says', async () => {
    const crashAt = new Set(Array.from({ length: CRASHES }, (_, i) => Math.floor(((i + 1) * STEPS) / (CRASHES + 1))));
    for (let step = 0; step < STEPS; step++) {
      world.tick();
      if (crashAt.has(step)) {
        await world.crashDuringSync();
        continue;
      }
      const device = world.random.pick(world.devices);
      if (world.random.chance(0.7)) await world.randomWrite(device);
      else await world.sync(device);
    }
    for (const device of world.devices) device.online = true;
    world.faultsOn = false;
    const lead = world.devices.find((device) => device.username === 'lead01');
    if (!lead) throw new Error('no building lead among the devices');
    await world.refusedIssueAction(lead);
    for (let round = 0; round < 10; round++) {
      for (const device of world.devices) await world.sync(device);
      const pending = await Promise.all(world.devices.map((device) => device.db.outbox.count()));
      if (pending.every((count) => count === 0)) break;
    }
    for (const device of world.devices) await world.sync(device);
    console.log('server crashes:', JSON.stringify(world.stats));
    expect(world.stats.racyCrashes).toBe(CRASHES);
    await expectWhatTheOracleSays(world, seeded, { minimumCompared: 500 });
  }, 300_000);
});
