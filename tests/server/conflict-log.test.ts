/**
 * Two phones of the same grid change the same household's notes while offline. The later stamp
 * wins everywhere; the earlier one is answered "merged" and lands in the conflict log, which the
 * community's supervisor can read and a grid worker cannot.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';

describe('the conflict log', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seeded: true });
  });
  afterAll(() => server.stop());

  it('keeps the losing value and shows it to supervisors only', async () => {
    const phoneA = new ApiClient(server.url);
    const phoneB = new ApiClient(server.url);
    await phoneA.login('worker01');
    await phoneB.login('worker01');
    const { body: page } = await phoneA.request('GET', '/api/sync/pull?limit=5000');
    const household = page.changes.find((change: { table: string }) => change.table === 'households');
    expect(household).toBeDefined();

    const now = Date.now();
    const push = (client: ApiClient, device: string, millis: number, notes: string) =>
      client.request('POST', '/api/sync/push', {
        deviceId: device,
        mutations: [
          {
            id: uuidv7(),
            table: 'households',
            recordId: household.recordId,
            op: 'put',
            fields: { notes },
            hlc: formatHlc({ millis, counter: 0, node: device }),
          },
        ],
      });
    const later = await push(phoneB, 'bbbbbbbbbbbbbbbb', now, '老人已搬去女儿家');
    const earlier = await push(phoneA, 'aaaaaaaaaaaaaaaa', now - 60_000, '老人独居，需每周探访');
    expect(later.body.results[0].status).toBe('accepted');
    expect(earlier.body.results[0]).toMatchObject({
      status: 'merged',
      conflicts: [{ field: 'notes', kept: { value: '老人已搬去女儿家' }, lost: { value: '老人独居，需每周探访' } }],
    });

    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    const log = await supervisor.request('GET', '/api/conflicts?limit=10');
    expect(log.status).toBe(200);
    expect(log.body.conflicts).toHaveLength(1);
    expect(log.body.conflicts[0]).toMatchObject({
      table: 'households',
      recordId: household.recordId,
      field: 'notes',
      lost: { value: '老人独居，需每周探访' },
      deviceId: 'aaaaaaaaaaaaaaaa',
    });

    const forbidden = await phoneA.request('GET', '/api/conflicts');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    const badLimit = await supervisor.request('GET', '/api/conflicts?limit=0');
    expect(badLimit.status).toBe(422);
    expect(badLimit.body.error.field).toBe('limit');
  });
});
