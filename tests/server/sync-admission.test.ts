/**
 * Pushes and pulls take turns (server/sync/admission.ts), so that a crowd of devices cannot keep
 * health checks and sign-ins waiting: a sync beyond the free slots waits its turn without its body
 * being read, one beyond the queue is answered 503 busy with Retry-After and writes nothing, and
 * health checks and sign-ins are answered all the while.
 */
import { connect, type Socket } from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { laterTurn } from '../../server/loop-turns.ts';
import { Admission, ServerBusy } from '../../server/sync/admission.ts';
import { getRecord } from '../../server/sync/records.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, visitFields } from './support.ts';

/**
 * One sync running in the admission's only slot and a second waiting for it; `started` tells
 * whether the second has begun.
 */
async function oneRunningOneWaiting(admission: Admission) {
  const leave = await admission.enter();
  let begun = false;
  const next = admission.enter().then((leaveNext) => {
    begun = true;
    return leaveNext;
  });
  return { leave, next, started: () => begun };
}

describe('admission', () => {
  it('admits up to its slots, then first come first served, and refuses beyond its queue', async () => {
    const admission = new Admission(2, 2, 60_000);
    const first = await admission.enter();
    const second = await admission.enter();
    const order: string[] = [];
    const third = admission.enter().then((leave) => {
      order.push('third');
      return leave;
    });
    const fourth = admission.enter().then((leave) => {
      order.push('fourth');
      return leave;
    });
    await expect(admission.enter()).rejects.toBeInstanceOf(ServerBusy);
    expect([admission.running, admission.waiting]).toEqual([2, 2]);
    first();
    first(); // a second call gives back nothing more
    const leaveThird = await third;
    expect(order).toEqual(['third']);
    expect([admission.running, admission.waiting]).toEqual([2, 1]);
    second();
    const leaveFourth = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    leaveThird();
    leaveFourth();
    expect([admission.running, admission.waiting]).toEqual([0, 0]);
  });

  it('hands a turn over on a later turn of the event loop, not within the leaving sync', async () => {
    // A sync leaves as its answer is sent; were the next one started right there, in the same run
    // of microtasks, every queued sync would run back to back and a health check arriving
    // meanwhile would wait behind all of them.
    const admission = new Admission(1, 5, 60_000);
    const { leave, next, started } = await oneRunningOneWaiting(admission);
    leave();
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(started()).toBe(false);
    expect([admission.running, admission.waiting]).toEqual([1, 0]); // the slot is passed on, still held
    // Once the loop has gone round and accepted any connection waiting (server/loop-turns.ts).
    await laterTurn();
    expect(started()).toBe(true);
    (await next)();
    expect(admission.running).toBe(0);
  });

  it('starts no sync while a sign-in holds them back, and starts the waiting ones when it lets go', async () => {
    const admission = new Admission(2, 5, 60_000);
    const running = await admission.enter();
    const letGo = admission.hold();
    let started = 0;
    const waiting = [admission.enter(), admission.enter()].map((turn) =>
      turn.then((leave) => {
        started++;
        return leave;
      }),
    );
    // A free slot, but held: both wait; the running sync leaving frees its slot for later.
    running();
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(0);
    expect([admission.running, admission.waiting]).toEqual([0, 2]);
    letGo();
    letGo(); // a second call lets go of nothing more
    const leaves = await Promise.all(waiting);
    expect(started).toBe(2);
    expect([admission.running, admission.waiting]).toEqual([2, 0]);
    for (const leave of leaves) leave();
    expect(admission.running).toBe(0);
  });

  it('lets go of a hold by itself after a second, so a sign-in that hangs cannot stop syncing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const admission = new Admission(1, 5, 60_000);
      admission.hold();
      let started = false;
      const turn = admission.enter().then((leave) => {
        started = true;
        return leave;
      });
      vi.advanceTimersByTime(999);
      await new Promise((resolve) => setImmediate(resolve));
      expect(started).toBe(false);
      vi.advanceTimersByTime(1);
      (await turn)();
      expect(started).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps syncs back no longer than a second in a row, however many holds follow one another', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const admission = new Admission(1, 5, 60_000);
      const first = admission.hold();
      vi.advanceTimersByTime(600);
      const second = admission.hold();
      first();
      vi.advanceTimersByTime(300);
      expect(admission.held).toBe(true);
      // A second after the first began, with the second still in force: syncs go on.
      vi.advanceTimersByTime(100);
      expect(admission.held).toBe(false);
      const leave = await admission.enter();
      expect(admission.running).toBe(1);
      leave();
      second();
      // After a gap, a new hold keeps them back again.
      admission.hold();
      expect(admission.held).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not start a sync handed its turn if a sign-in began holding them meanwhile', async () => {
    const admission = new Admission(1, 5, 60_000);
    const { leave, next, started } = await oneRunningOneWaiting(admission);
    leave(); // the slot passes to the waiting sync, which starts on a later turn...
    const letGo = admission.hold(); // ...but a sign-in begins before that turn comes
    for (let i = 0; i < 3; i++) await laterTurn();
    expect(started()).toBe(false);
    letGo();
    (await next)();
    expect(started()).toBe(true);
    expect(admission.running).toBe(0);
  });

  it('tells a sync that waited too long to come back later, and forgets it', async () => {
    const admission = new Admission(1, 5, 50);
    const leave = await admission.enter();
    await expect(admission.enter()).rejects.toBeInstanceOf(ServerBusy);
    expect(admission.waiting).toBe(0);
    leave();
    expect(admission.running).toBe(0);
  });
});

describe('pushes beyond the free slots, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { SYNC_SLOTS: '1', SYNC_QUEUE: '1' } });
  });
  afterAll(() => server?.stop());

  /** Sends a push's headers and the first part of its body, and holds the rest back. */
  function startPush(cookie: string, body: string): { socket: Socket; finish: () => void; answer: Promise<string> } {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    const split = Math.floor(body.length / 2);
    const bytes = Buffer.from(body);
    socket.write(
      `POST /api/sync/push HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ${cookie}\r\ncontent-type: application/json\r\n` +
        `content-length: ${bytes.length}\r\nconnection: close\r\n\r\n`,
    );
    socket.write(bytes.subarray(0, split));
    const answer = new Promise<string>((resolve, reject) => {
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    return { socket, finish: () => socket.write(bytes.subarray(split)), answer };
  }

  const statusOf = (answer: string) => Number(answer.slice(9, 12));
  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('queues one, answers the next busy without writing it, and keeps health and sign-in answered', async () => {
    const user = account('worker01');
    const client = new ApiClient(server.url);
    await client.login('worker01');
    const [householdId] = householdsInGrid(user.place.id) as [string];
    const device = new Device();
    const visit = () => device.put('visits', uuidv7(), visitFields(householdId, user.id));
    const [held, queued, refused] = [visit(), visit(), visit()];
    const body = (mutation: unknown) => JSON.stringify({ deviceId: device.id, mutations: [mutation] });

    // The first push takes the one slot and keeps it while its body trickles in.
    const first = startPush(client.sessionCookie(), body(held));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = client.request('POST', '/api/sync/push', JSON.parse(body(queued)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = await client.request('POST', '/api/sync/push', JSON.parse(body(refused)));
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(third.body).toEqual({
      error: { code: 'busy', message: 'the server is busy; nothing was written, send again shortly' },
    });

    // A push from no one is refused as such, not queued nor told to come back.
    const unsigned = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(refused),
    });
    expect(unsigned.status).toBe(401);
    // One with a session cookie is told busy before anything else is done for it, its session
    // looked up included: an ended session is told so when it sends again.
    const ended = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'gw_session=ended-long-ago' },
      body: body(refused),
    });
    expect(ended.status).toBe(503);
    expect(ended.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ended.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    // Meanwhile the server answers what does not sync.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const other = new ApiClient(server.url);
    expect((await other.login('worker02')).id).toBe(account('worker02').id);

    first.finish();
    const firstAnswer = await first.answer;
    expect(statusOf(firstAnswer)).toBe(200);
    expect(bodyOf(firstAnswer).results[0]).toMatchObject({ id: held.id, status: 'accepted' });
    const secondAnswer = await second;
    expect(secondAnswer.status).toBe(200);
    expect(secondAnswer.body.results[0]).toMatchObject({ id: queued.id, status: 'accepted' });
    expect(await getRecord(server.db, 'visits', refused.recordId)).toBeNull();

    // Sent again when the server is free, the refused push lands.
    const again = await client.request('POST', '/api/sync/push', JSON.parse(body(refused)));
    expect(again.body.results[0]).toMatchObject({ id: refused.id, status: 'accepted' });
  });
});
