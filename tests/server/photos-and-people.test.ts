/**
 * Photos travel by their SHA-256: stored once, checked against their name, and shown only to
 * people who can see a record that names them. The people directory names colleagues, nothing more.
 */
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, visitFields } from './support.ts';

const worker = account('worker01');

function jpegLike(size: number): Buffer {
  // A JPEG's start and end markers around random bytes: the server checks the hash, not the pixels.
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size), Buffer.from([0xff, 0xd9])]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function put(client: ApiClient, hash: string, bytes: Buffer, type = 'image/jpeg') {
  const response = await fetch(`${client.baseUrl}/api/blobs/${hash}`, {
    method: 'PUT',
    headers: { 'content-type': type, cookie: client.sessionCookie() },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

async function get(client: ApiClient, hash: string, method: 'GET' | 'HEAD' = 'GET') {
  const response = await fetch(`${client.baseUrl}/api/blobs/${hash}`, {
    method,
    headers: { cookie: client.sessionCookie() },
  });
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    type: response.headers.get('content-type'),
  };
}

describe('photos', () => {
  let server: TestServer;
  const clients: Record<string, ApiClient> = {};

  beforeAll(async () => {
    server = await startServer();
    for (const username of ['worker01', 'worker02', 'supervisor']) {
      clients[username] = new ApiClient(server.url);
      await clients[username].login(username);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('are stored once by their hash, and a resend changes nothing', async () => {
    const bytes = jpegLike(50_000);
    const first = await put(clients.worker01 as ApiClient, sha256(bytes), bytes);
    const again = await put(clients.worker01 as ApiClient, sha256(bytes), bytes);
    expect([first.status, again.status]).toEqual([201, 200]);
    const rows = await server.db.selectFrom('blobs').select('hash').where('hash', '=', sha256(bytes)).execute();
    expect(rows).toHaveLength(1);
  });

  it('are refused when the bytes do not match their name, are not a photo, too large, or unsigned', async () => {
    const bytes = jpegLike(1000);
    const wrong = await put(clients.worker01 as ApiClient, sha256(jpegLike(10)), bytes);
    expect(wrong).toMatchObject({ status: 422, body: { error: { code: 'hash_mismatch' } } });
    const png = await put(clients.worker01 as ApiClient, sha256(bytes), bytes, 'image/png');
    expect(png.status).toBe(415);
    const huge = jpegLike(2 * 1024 * 1024 + 10);
    expect((await put(clients.worker01 as ApiClient, sha256(huge), huge)).status).toBe(413);
    expect((await put(new ApiClient(server.url), sha256(bytes), bytes)).status).toBe(401);
    const stored = await server.db
      .selectFrom('blobs')
      .select('hash')
      .where('hash', 'in', [sha256(bytes), sha256(huge)])
      .execute();
    expect(stored).toEqual([]);
  });

  it('are shown only to those who can see a record naming them', async () => {
    const bytes = jpegLike(80_000);
    const hash = sha256(bytes);
    expect((await put(clients.worker01 as ApiClient, hash, bytes)).status).toBe(201);
    // Uploaded but not yet named by any record: no one sees it, not even the uploader.
    expect((await get(clients.worker01 as ApiClient, hash)).status).toBe(404);

    const phone = new Device();
    const householdId = householdsInGrid(worker.place.id)[0] as string;
    const pushed = await phone.push(clients.worker01 as ApiClient, [
      phone.put('visits', uuidv7(), visitFields(householdId, worker.id, { photoHashes: [hash] })),
    ]);
    expect(pushed.body.results[0].status).toBe('accepted');

    const mine = await get(clients.worker01 as ApiClient, hash);
    expect(mine.status).toBe(200);
    expect(mine.type).toBe('image/jpeg');
    expect(mine.bytes.equals(bytes)).toBe(true);
    expect((await get(clients.worker01 as ApiClient, hash, 'HEAD')).status).toBe(200);
    expect((await get(clients.supervisor as ApiClient, hash)).status).toBe(200);
    // Another grid's worker cannot see the visit, so not its photo either.
    expect((await get(clients.worker02 as ApiClient, hash)).status).toBe(404);
    expect((await get(clients.worker02 as ApiClient, hash, 'HEAD')).status).toBe(404);
  });
});

describe('the people directory', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('names the community’s people by display name, role and place, and nothing else', async () => {
    const client = new ApiClient(server.url);
    await client.login('worker01');
    const { status, body } = await client.request('GET', '/api/people');
    expect(status).toBe(200);
    expect(body.people).toHaveLength(32);
    const supervisor = account('supervisor');
    expect(body.people).toContainEqual({
      id: supervisor.id,
      displayName: supervisor.displayName,
      role: 'supervisor',
      place: supervisor.place,
    });
    for (const person of body.people)
      expect(Object.keys(person).sort()).toEqual(['displayName', 'id', 'place', 'role']);
    expect((await new ApiClient(server.url).request('GET', '/api/people')).status).toBe(401);
  });
});
