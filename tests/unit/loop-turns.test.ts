/**
 * Work that can wait gives way to arriving connections, and long work is cut into slices of the
 * loop's time (server/loop-turns.ts). Node accepts one connection per turn of its event loop on
 * Linux (libuv since 1.45); connections made while the loop was busy wait in the kernel's queue,
 * and each turn that also runs work lets one more in. Here the connections are real: made to a
 * real listening socket on 127.0.0.1 while the loop is held, so that they are waiting in the
 * kernel's queue when the work asks for its turn.
 */
import { createServer, type Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { giveWayToConnections, laterTurn, TimeSlice } from '../../server/loop-turns.ts';
import { countTurns, holdLoop } from '../helpers/loop.ts';

const CONNECTIONS = 40;

let server: Server | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A listening server that counts the connections it has accepted. */
async function countingServer(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  server = createServer((socket) => {
    accepted++;
    socket.on('error', () => {});
  });
  giveWayToConnections(server);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, accepted: () => accepted };
}

/**
 * Connects `count` clients, then holds the loop, so that all of them wait to be accepted. (A
 * socket connecting to an address makes its connect call on the next tick, hence the wait.)
 */
async function connectWhileBusy(port: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const client = new Socket();
    client.on('error', () => {});
    client.connect(port, '127.0.0.1');
    clients.push(client);
  }
  await new Promise((resolve) => process.nextTick(resolve));
  // The kernel completes each handshake by itself; the loop, held here, accepts none of them.
  holdLoop(50);
}

describe('loop turns', () => {
  it('goes on once the connections waiting to be accepted are in, not at its bound', async () => {
    const { port, accepted } = await countingServer();
    await connectWhileBusy(port, CONNECTIONS);
    const started = performance.now();
    await laterTurn(5000);
    expect(accepted()).toBe(CONNECTIONS);
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it('is what the plain next turn is not: that lets one connection in per turn', async () => {
    const { port, accepted } = await countingServer();
    await connectWhileBusy(port, CONNECTIONS);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(accepted()).toBeLessThanOrEqual(3);
    await laterTurn();
    expect(accepted()).toBe(CONNECTIONS);
  });

  it('goes on within two turns when no connection arrives', async () => {
    await countingServer();
    const loop = countTurns();
    await laterTurn();
    loop.stop();
    // One turn to look, one to see that it accepted nothing.
    expect(loop.turns()).toBe(2);
  });

  it('waits no longer than its bound while connections keep coming', async () => {
    const { port } = await countingServer();
    let coming = true;
    let made = 0;
    // Ten connections on their way at all times, each one that lands replaced by another.
    const connectOne = () => {
      if (!coming || made >= 5000) return;
      made++;
      const client = new Socket();
      client.on('error', () => {});
      client.connect(port, '127.0.0.1', () => setImmediate(connectOne));
      clients.push(client);
    };
    for (let i = 0; i < 10; i++) connectOne();
    const started = performance.now();
    await laterTurn(30);
    const waited = performance.now() - started;
    // Still coming: it went on by its bound, not because the stream had stopped.
    const madeWhenDone = made;
    coming = false;
    expect(waited).toBeGreaterThanOrEqual(30);
    expect(waited).toBeLessThan(1000);
    expect(madeWhenDone).toBeGreaterThan(10);
    expect(madeWhenDone).toBeLessThan(5000);
  });

  it('stops at the first look its caller asks it to, connections waiting or not', async () => {
    const { port, accepted } = await countingServer();
    await connectWhileBusy(port, CONNECTIONS);
    await laterTurn(5000, () => true);
    // One turn to look, one to stop: a connection let in by each at most.
    expect(accepted()).toBeLessThanOrEqual(3);
    await laterTurn(5000);
    expect(accepted()).toBe(CONNECTIONS);
  });
});

describe('a slice of the loop', () => {
  it('goes on in the same turn while its budget lasts, and within two turns once it is spent', async () => {
    const slice = new TimeSlice(60_000);
    const loop = countTurns();
    for (let i = 0; i < 100; i++) await slice.pause();
    expect(loop.turns()).toBe(0);

    const short = new TimeSlice(5);
    holdLoop(10);
    await short.pause();
    loop.stop();
    // No connection waiting: one turn to look, one to see that none was accepted.
    expect(loop.turns()).toBe(2);
  });

  it('once spent, goes on after the connections waiting to be accepted are in', async () => {
    const { port, accepted } = await countingServer();
    const slice = new TimeSlice(5);
    await connectWhileBusy(port, CONNECTIONS);
    await slice.pause();
    expect(accepted()).toBe(CONNECTIONS);
  });

  it('goes on at the very next turn while hurried, connections waiting or not', async () => {
    const { port, accepted } = await countingServer();
    const slice = new TimeSlice(5, () => true, 10);
    await connectWhileBusy(port, CONNECTIONS);
    await slice.pause();
    expect(accepted()).toBeLessThanOrEqual(2);
  });

  it('goes on in longer slices while it is hurried, and pauses again once they are spent too', async () => {
    let hurried = true;
    const slice = new TimeSlice(2, () => hurried, 300);
    const loop = countTurns();
    holdLoop(5);
    await slice.pause();
    expect(loop.turns()).toBe(0);
    holdLoop(300);
    await slice.pause();
    expect(loop.turns()).toBe(1);
    hurried = false;
    holdLoop(5);
    await slice.pause();
    loop.stop();
    // No longer hurried: it gives way to connections again, two turns when none is waiting.
    expect(loop.turns()).toBe(3);
  });
});
