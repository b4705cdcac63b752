/**
 * Care tags merge per element over HTTP: a worker who marks 独居老人 offline while the supervisor
 * swaps 残疾 for 低保 loses nothing; only an add and a remove of the same tag are decided by the
 * later stamp, and the loser is told which tag, with the conflict kept in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRecord } from '../../server/sync/records.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid } from './support.ts';

const worker = account('worker01');

describe('care tags edited on two devices at once', () => {
  let server: TestServer;
  let workerClient: ApiClient;
  let supervisorClient: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    workerClient = new ApiClient(server.url);
    supervisorClient = new ApiClient(server.url);
    await workerClient.login('worker01');
    await supervisorClient.login('supervisor');
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function tagsOf(householdId: string): Promise<unknown> {
    return (await getRecord(server.db, 'households', householdId))?.data.tags;
  }

  it('keeps the worker’s offline mark and the supervisor’s swap, whichever arrives first', async () => {
    for (const [index, workerFirst] of [
      [0, true],
      [1, false],
    ] as const) {
      const householdId = householdsInGrid(worker.place.id)[index] as string;
      const setter = new Device();
      const set = await setter.push(supervisorClient, [
        setter.put('households', householdId, { tags: ['disabled'] }, setter.hlc(0)),
      ]);
      expect(set.body.results[0].status).toBe('accepted');
      const workerPhone = new Device();
      const supervisorPhone = new Device();
      // The mark was made offline before the swap, and may reach the server before or after it.
      const mark = workerPhone.put(
        'households',
        householdId,
        { tags: { add: ['elderly_alone'] } },
        workerPhone.hlc(1000),
      );
      const swap = supervisorPhone.put(
        'households',
        householdId,
        { tags: { add: ['subsistence'], remove: ['disabled'] } },
        supervisorPhone.hlc(2000),
      );
      const pushes = [
        () => workerPhone.push(workerClient, [mark]),
        () => supervisorPhone.push(supervisorClient, [swap]),
      ];
      for (const push of workerFirst ? pushes : pushes.reverse()) {
        expect((await push()).body.results[0].status).toBe('accepted');
      }
      expect(await tagsOf(householdId)).toEqual(['elderly_alone', 'subsistence']);
    }
  });

  it('decides an add and a remove of the same tag by the later stamp, and tells the loser which tag', async () => {
    const householdId = householdsInGrid(worker.place.id)[2] as string;
    const workerPhone = new Device();
    const supervisorPhone = new Device();
    const start = await supervisorPhone.push(supervisorClient, [
      supervisorPhone.put('households', householdId, { tags: ['elderly_alone'] }, supervisorPhone.hlc(0)),
    ]);
    expect(start.body.results[0].status).toBe('accepted');
    const remove = supervisorPhone.put(
      'households',
      householdId,
      { tags: { remove: ['elderly_alone'] } },
      supervisorPhone.hlc(2000),
    );
    const add = workerPhone.put(
      'households',
      householdId,
      { tags: { add: ['elderly_alone', 'floating'] } },
      workerPhone.hlc(1000),
    );
    expect((await supervisorPhone.push(supervisorClient, [remove])).body.results[0].status).toBe('accepted');
    const late = await workerPhone.push(workerClient, [add]);
    expect(late.body.results[0]).toMatchObject({
      status: 'merged',
      conflicts: [{ field: 'tags', element: 'elderly_alone', kept: { value: false }, lost: { value: true } }],
    });
    expect(await tagsOf(householdId)).toEqual(['floating']);
    const log = await supervisorClient.request('GET', '/api/conflicts?limit=5');
    expect(log.body.conflicts[0]).toMatchObject({ recordId: householdId, field: 'tags', element: 'elderly_alone' });
  });

  it('refuses a delta naming a tag that does not exist, writing nothing', async () => {
    const householdId = householdsInGrid(worker.place.id)[3] as string;
    const before = await tagsOf(householdId);
    const phone = new Device();
    const bad = await phone.push(workerClient, [phone.put('households', householdId, { tags: { add: ['rich'] } })]);
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toMatch(/^mutations\[0\]\.fields\.tags/);
    expect(await tagsOf(householdId)).toEqual(before);
  });
});
