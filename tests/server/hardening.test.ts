/**
 * What probing the running server found, each now refused: a locked database stalls nothing,
 * mutation ids are per user, refusals never reveal a record outside the caller's place, slow or
 * oversized requests get the contract's answer, security headers are on every response, and the
 * session cookie is Secure behind a TLS-terminating proxy.
 */
import { connect } from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRecord } from '../../server/sync/records.ts';
import { holdWriteLock } from '../helpers/databases.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  Device,
  demo,
  household,
  householdsInBuilding,
  householdsInGrid,
  type Pulled,
  place,
  pullAll,
  visitFields,
} from './support.ts';

const worker = account('worker01');
const otherWorker = account('worker02');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe('a database locked by another process', () => {
  let server: TestServer;
  let client: ApiClient;
  beforeAll(async () => {
    server = await startServer();
    client = new ApiClient(server.url);
    await client.login('worker01');
  });
  afterAll(() => server.stop());

  it('answers a push 503 with Retry-After at once, and reads and health go on', async () => {
    // The session was last renewed long ago: the next request would renew it (a write).
    await server.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() + 60_000).toISOString() })
      .execute();
    const release = await holdWriteLock(server.databaseUrl);
    try {
      const phone = new Device();
      const householdId = householdsInGrid(worker.place.id)[0] as string;
      const visitId = uuidv7();
      const push = await timed(() =>
        phone.push(client, [phone.put('visits', visitId, visitFields(householdId, worker.id))]),
      );
      expect(push.value.status).toBe(503);
      expect(push.value.body.error.code).toBe('busy');
      expect(Number(push.value.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(push.ms).toBeLessThan(2000);
      const me = await timed(() => client.request('GET', '/api/auth/me'));
      expect(me.value.status).toBe(200);
      const pull = await timed(() => client.request('GET', '/api/sync/pull?limit=10'));
      expect(pull.value.status).toBe(200);
      const health = await timed(() => client.request('GET', '/api/health'));
      expect(health.value.status).toBe(200);
      expect(await getRecord(server.db, 'visits', visitId)).toBeNull();
    } finally {
      await release();
    }
    const phone = new Device();
    const householdId = householdsInGrid(worker.place.id)[0] as string;
    const again = await phone.push(client, [phone.put('visits', uuidv7(), visitFields(householdId, worker.id))]);
    expect(again.status).toBe(200);
  });
});

describe('the same mutation id from two users', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('is two mutations: neither user gets the other’s answer, and both changes land', async () => {
    const first = new ApiClient(server.url);
    const second = new ApiClient(server.url);
    await first.login('worker01');
    await second.login('worker02');
    const mutationId = uuidv7();
    const phoneA = new Device();
    const phoneB = new Device();
    const visitA = uuidv7();
    const visitB = uuidv7();
    const a = {
      ...phoneA.put('visits', visitA, visitFields(householdsInGrid(worker.place.id)[0] as string, worker.id)),
      id: mutationId,
    };
    const b = {
      ...phoneB.put('visits', visitB, visitFields(householdsInGrid(otherWorker.place.id)[0] as string, otherWorker.id)),
      id: mutationId,
    };
    expect((await phoneA.push(first, [a])).body.results[0]).toEqual({ id: mutationId, status: 'accepted' });
    expect((await phoneB.push(second, [b])).body.results[0]).toEqual({ id: mutationId, status: 'accepted' });
    expect(await getRecord(server.db, 'visits', visitA)).not.toBeNull();
    expect(await getRecord(server.db, 'visits', visitB)).not.toBeNull();
    // A resend by the first user is still answered from the first user's own record.
    expect((await phoneA.push(first, [a])).body.results[0]).toEqual({ id: mutationId, status: 'accepted' });
  });
});

describe('a write to another grid’s record', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('is out_of_scope whatever the record is: existing, append-only, or deleted', async () => {
    const owner = new ApiClient(server.url);
    const stranger = new ApiClient(server.url);
    const supervisor = new ApiClient(server.url);
    await owner.login('worker01');
    await stranger.login('worker02');
    await supervisor.login('supervisor');
    const phone = new Device();
    const visitId = uuidv7();
    const householdId = householdsInGrid(worker.place.id)[1] as string;
    const doomed = householdsInGrid(worker.place.id)[2] as string;
    await phone.push(owner, [phone.put('visits', visitId, visitFields(householdId, worker.id))]);
    await phone.push(supervisor, [phone.delete('households', doomed)]);
    const strangerPhone = new Device();
    const { body } = await strangerPhone.push(stranger, [
      strangerPhone.put('visits', visitId, { note: '改一下' }),
      strangerPhone.put('households', doomed, { notes: '还在吗' }),
      strangerPhone.delete('visits', visitId),
      strangerPhone.put('households', householdId, { notes: '不是我的网格' }),
    ]);
    expect(body.results.map((result: { reason?: { code: string } }) => result.reason?.code)).toEqual([
      'out_of_scope',
      'out_of_scope',
      'out_of_scope',
      'out_of_scope',
    ]);
  });
});

describe('care tags', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('reach only the roles that serve the households: a building lead neither receives nor writes them', async () => {
    const lead = account('lead01');
    const buildingId = lead.place.id;
    const gridWorker = demo.users.find((u) => u.role === 'grid_worker' && u.place.id === place(buildingId).gridId);
    if (!gridWorker) throw new Error('no grid worker for lead01’s building');
    const tagged = householdsInBuilding(buildingId).find((id) => (household(id).tags as string[]).length > 0);
    if (!tagged) throw new Error('no tagged household in lead01’s building');

    const worker = new ApiClient(server.url);
    await worker.login(gridWorker.username);
    const workerPhone = new Device();
    const visitId = uuidv7();
    const residentId = uuidv7();
    await workerPhone.push(worker, [
      workerPhone.put('visits', visitId, visitFields(tagged, gridWorker.id, { tags: ['released'] })),
      workerPhone.put('residents', residentId, {
        householdId: tagged,
        name: '张建军',
        relation: '子女',
        tags: ['released'],
      }),
    ]);

    const leadClient = new ApiClient(server.url);
    await leadClient.login('lead01');
    const leadView = await pullAll(leadClient);
    const workerView = await pullAll(worker);
    const recordIn = (view: Pulled, table: string, id: string) =>
      view.changes.find((change) => change.table === table && change.recordId === id)?.record;
    expect(recordIn(workerView, 'households', tagged).tags.length).toBeGreaterThan(0);
    expect(recordIn(workerView, 'visits', visitId).tags).toEqual(['released']);
    expect(recordIn(leadView, 'households', tagged).tags).toEqual([]);
    expect(recordIn(leadView, 'visits', visitId)).not.toHaveProperty('tags');
    expect(recordIn(leadView, 'residents', residentId)).toMatchObject({ name: '张建军' });
    expect(recordIn(leadView, 'residents', residentId)).not.toHaveProperty('tags');
    expect(JSON.stringify(leadView.changes)).not.toContain('released');

    // Writing a tag it cannot see is refused; the rest of what a lead keeps is not.
    const leadPhone = new Device();
    const newHousehold = uuidv7();
    const { body } = await leadPhone.push(leadClient, [
      leadPhone.put('households', tagged, { tags: { add: [], remove: ['released', 'elderly_alone'] } }),
      leadPhone.put('residents', residentId, { tags: [] }),
      leadPhone.put('households', tagged, { notes: '楼道灯坏了，已报' }),
      leadPhone.put('households', newHousehold, {
        buildingId,
        unitId: null,
        roomNo: '999',
        address: '新搬来的一户',
        headName: '周新',
        memberCount: 1,
        tags: [],
      }),
    ]);
    expect(
      body.results.map((r: { status: string; reason?: { code: string; field?: string } }) => r.reason ?? r.status),
    ).toEqual([
      { code: 'forbidden', message: expect.any(String), field: 'fields.tags' },
      { code: 'forbidden', message: expect.any(String), field: 'fields.tags' },
      'accepted',
      'accepted',
    ]);
    const after = await pullAll(worker);
    expect(recordIn(after, 'households', tagged).tags).toEqual(recordIn(workerView, 'households', tagged).tags);
    expect(recordIn(after, 'residents', residentId).tags).toEqual(['released']);
  });
});

describe('requests that are slow, oversized, or from behind a proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { REQUEST_TIMEOUT_SECONDS: '2', TRUST_PROXY: 'true' } });
  });
  afterAll(() => server.stop());

  it('cuts off a body trickled a byte at a time, with the contract’s answer', async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      let timer: ReturnType<typeof setInterval> | undefined;
      socket.on('connect', () => {
        socket.write(
          'POST /api/sync/push HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{',
        );
        let sent = 0;
        timer = setInterval(() => {
          if (sent++ < 20 && socket.writable) socket.write(' ');
        }, 400);
      });
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => {
        clearInterval(timer);
        resolve(received);
      });
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
      }, 8000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'timeout', message: 'the request took too long to arrive' },
    });
  });

  it('answers a 20 KB cookie with the contract’s error shape', async () => {
    const response = await fetch(`${server.url}/api/health`, { headers: { cookie: `x=${'a'.repeat(20_000)}` } });
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({
      error: { code: 'too_large', message: 'the request headers are too large' },
    });
  });

  it('marks the session cookie Secure when a trusted proxy says the request came over HTTPS', async () => {
    const login = (proto: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': proto },
        body: JSON.stringify({ username: 'worker03', password: 'gridwork-demo' }),
      });
    expect((await login('https')).headers.get('set-cookie')).toMatch(/; Secure/i);
    expect((await login('http')).headers.get('set-cookie')).not.toMatch(/; Secure/i);
  });
});

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ serveApp: true });
  });
  afterAll(() => server.stop());

  it('are on the page and on the API: a CSP with no inline script, nosniff, no referrer, no framing', async () => {
    for (const path of ['/', '/api/health', '/api/sync/pull']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // The built page has no inline script for the CSP to block.
    const page = await (await fetch(server.url)).text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('the audit log', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('records sign-ins and failures, is read by the community’s admin only, and cannot be changed', async () => {
    const guesser = new ApiClient(server.url);
    await guesser.request('POST', '/api/auth/login', { username: 'worker04', password: 'nope' });
    await new ApiClient(server.url).login('worker04');
    const admin = new ApiClient(server.url);
    await admin.login('admin');
    const { status, body } = await admin.request('GET', '/api/audit?limit=10');
    expect(status).toBe(200);
    const actions = body.entries.map(
      (entry: { action: string; username: string }) => `${entry.action} ${entry.username}`,
    );
    expect(actions).toEqual(expect.arrayContaining(['sign_in admin', 'sign_in worker04', 'sign_in_failed worker04']));
    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    expect((await supervisor.request('GET', '/api/audit')).status).toBe(403);
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
      expect((await admin.request(method, '/api/audit', {})).status, method).toBe(404);
    }
    const changes = await admin.request('GET', '/api/audit/changes?limit=5');
    expect(changes.status).toBe(200);
    expect(Array.isArray(changes.body.changes)).toBe(true);
  });
});
