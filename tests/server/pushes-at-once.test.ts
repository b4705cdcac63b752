/**
 * Month end: many grid workers' phones come back online together and push at once, while the
 * supervisor's device keeps pulling. Every visit lands once, under a sequence number of its own,
 * and the supervisor's device, following its cursor the whole time, misses none. A phone that
 * sends the same batch twice at once (a retry while the first is still on its way) gets the same
 * answer both times, and its visits are written once.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync-messages.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, pullAll, visitFields } from './support.ts';

const WORKERS = ['worker01', 'worker02', 'worker03', 'worker04', 'worker05'];
const BATCHES = 3;
const BATCH_SIZE = 25;

function visitBatch(device: Device, username: string, size: number): Mutation[] {
  const user = account(username);
  const households = householdsInGrid(user.place.id);
  return Array.from({ length: size }, (_, i) =>
    device.put('visits', uuidv7(), visitFields(households[i % households.length] as string, user.id)),
  );
}

describe('pushes at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it('land once each, and a device pulling all along misses none', async () => {
    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    let cursor = (await pullAll(supervisor)).cursor;
    const pulled: JsonBody[] = [];
    const pullOnce = async () => {
      const page = await pullAll(supervisor, cursor);
      pulled.push(...page.changes);
      cursor = page.cursor;
    };

    const pushed: string[] = [];
    let pushing = true;
    const phones = WORKERS.map(async (username) => {
      const client = new ApiClient(server.url);
      await client.login(username);
      const phone = new Device();
      for (let batch = 0; batch < BATCHES; batch++) {
        const mutations = visitBatch(phone, username, BATCH_SIZE);
        const response = await phone.push(client, mutations);
        expect(response.status).toBe(200);
        expect(response.body.results.every((r: JsonBody) => r.status === 'accepted')).toBe(true);
        pushed.push(...mutations.map((m) => m.recordId));
      }
    });
    const puller = (async () => {
      while (pushing) {
        await pullOnce();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await Promise.all(phones);
    pushing = false;
    await puller;
    await pullOnce();

    expect(pushed).toHaveLength(WORKERS.length * BATCHES * BATCH_SIZE);
    const ids = pulled.map((change) => change.recordId as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...pushed].sort());
    const seqs = pulled.map((change) => change.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('answer the same batch sent twice at once the same way, and write it once', async () => {
    const client = new ApiClient(server.url);
    await client.login('worker07');
    const phone = new Device();
    const batch = visitBatch(phone, 'worker07', 10);
    const [one, other] = await Promise.all([phone.push(client, batch), phone.push(client, batch)]);
    expect(one.status).toBe(200);
    expect(other.status).toBe(200);
    expect(other.body).toEqual(one.body);
    expect(one.body.results.map((r: JsonBody) => r.status)).toEqual(batch.map(() => 'accepted'));

    const ids = batch.map((m) => m.recordId);
    const visits = await server.db.selectFrom('records').select('id').where('id', 'in', ids).execute();
    expect(visits).toHaveLength(batch.length);
    const answers = await server.db
      .selectFrom('mutations')
      .select('id')
      .where(
        'id',
        'in',
        batch.map((m) => m.id),
      )
      .execute();
    expect(answers).toHaveLength(batch.length);
  });
});
