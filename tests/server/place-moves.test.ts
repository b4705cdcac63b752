/**
 * When a place changes, what is filed under it moves with it: a building re-gridded takes its
 * units, households, residents, visits, issues and party group to the new grid's worker, and the
 * old grid's worker pulls a "left" change for each and nothing more; a household moved to another
 * building takes its residents and visits. Pending edits for what left are answered out_of_scope.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  buildingsInGrid,
  currentCursor,
  Device,
  demo,
  householdsInBuilding,
  pullAll,
  visitFields,
} from './support.ts';

const worker1 = account('worker01');
const worker2 = account('worker02');
const grid1 = worker1.place.id;
const grid2 = worker2.place.id;
const [movedBuilding, stayingBuilding] = buildingsInGrid(grid1) as [string, string];

/** The field naming each table's parent, as design.md files records. */
const PARENT_FIELD: Record<string, string> = {
  places: 'parentId',
  households: 'buildingId',
  residents: 'householdId',
  visits: 'householdId',
  partyOrgs: 'placeId',
  partyMembers: 'orgId',
  issues: 'buildingId',
  issueEvents: 'issueId',
  volunteerLogs: 'memberId',
  partners: 'placeId',
  serviceNeeds: 'placeId',
  resources: 'placeId',
  projects: 'placeId',
  projectEvents: 'projectId',
  wishes: 'householdId',
  wishEvents: 'wishId',
  activities: 'placeId',
};

/** Every demo record filed (directly or not) under `rootId`. */
function descendantsOf(rootId: string): Set<string> {
  const parentOf = new Map<string, string>();
  for (const record of demo.records) {
    const parent = (record.content as Record<string, unknown>)[PARENT_FIELD[record.table] as string];
    if (typeof parent === 'string') parentOf.set(record.id, parent);
  }
  const under = new Set<string>();
  for (const record of demo.records) {
    for (let up = parentOf.get(record.id); up; up = parentOf.get(up)) {
      if (up === rootId) {
        under.add(record.id);
        break;
      }
    }
  }
  return under;
}

describe('a building moved to another grid', () => {
  let server: TestServer;
  const clients: Record<string, ApiClient> = {};
  const cursors: Record<string, string> = {};
  const adminPhone = new Device();
  const workerPhone = new Device();
  let visitId: string;

  beforeAll(async () => {
    server = await startServer();
    for (const username of ['worker01', 'worker02', 'supervisor', 'admin']) {
      clients[username] = new ApiClient(server.url);
      await clients[username].login(username);
    }
    // A visit logged in the building before it moves: it must move too.
    visitId = uuidv7();
    const householdId = householdsInBuilding(movedBuilding)[0] as string;
    const logged = await workerPhone.push(clients.worker01 as ApiClient, [
      workerPhone.put('visits', visitId, visitFields(householdId, worker1.id)),
    ]);
    expect(logged.body.results[0].status).toBe('accepted');
    for (const username of ['worker01', 'worker02', 'supervisor']) {
      cursors[username] = await currentCursor(clients[username] as ApiClient);
    }
    const moved = await adminPhone.push(clients.admin as ApiClient, [
      adminPhone.put('places', movedBuilding, { gridId: grid2 }),
    ]);
    expect(moved.body.results[0].status).toBe('accepted');
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function changesFor(username: string): Promise<JsonBody[]> {
    return (await pullAll(clients[username] as ApiClient, cursors[username])).changes;
  }

  it('reaches the new grid’s worker with everything under it, filed under the new grid', async () => {
    const expected = new Set([movedBuilding, ...descendantsOf(movedBuilding), visitId]);
    const changes = await changesFor('worker02');
    const got = new Set(changes.filter((change) => change.record).map((change) => change.recordId));
    expect(got).toEqual(expected);
    expect(expected.size).toBeGreaterThan(60);
    for (const change of changes) expect(change.record.gridId).toBe(grid2);
  });

  it('leaves the old grid’s worker a "left" change for each, and nothing of the rest of the grid', async () => {
    const expected = new Set([movedBuilding, ...descendantsOf(movedBuilding), visitId]);
    const changes = await changesFor('worker01');
    expect(changes.every((change) => change.left === true && change.record === null && change.deleted === false)).toBe(
      true,
    );
    expect(new Set(changes.map((change) => change.recordId))).toEqual(expected);
    // The building that stayed is not touched.
    expect(changes.some((change) => change.recordId === stayingBuilding)).toBe(false);
  });

  it('shows the community’s supervisor the records again under the new grid, with no "left" change', async () => {
    const changes = await changesFor('supervisor');
    expect(changes.some((change) => change.left)).toBe(false);
    const building = changes.find((change) => change.recordId === movedBuilding);
    expect(building?.record.gridId).toBe(grid2);
  });

  it('answers an edit still waiting on the old grid’s phone with out_of_scope', async () => {
    const householdId = householdsInBuilding(movedBuilding)[1] as string;
    const late = await workerPhone.push(clients.worker01 as ApiClient, [
      workerPhone.put('households', householdId, { notes: '在楼道里记下的' }),
    ]);
    expect(late.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'out_of_scope' } });
  });
});

describe('a household moved to another building', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('takes its residents and visits to the new building’s grid; the old grid pulls them as left', async () => {
    const supervisor = new ApiClient(server.url);
    const worker = new ApiClient(server.url);
    const newGridWorker = new ApiClient(server.url);
    await supervisor.login('supervisor');
    await worker.login('worker01');
    await newGridWorker.login('worker02');
    const phone = new Device();
    const householdId = householdsInBuilding(movedBuilding)[0] as string;
    const targetBuilding = buildingsInGrid(grid2)[0] as string;
    const before = { worker: await currentCursor(worker), newGridWorker: await currentCursor(newGridWorker) };

    const moved = await phone.push(supervisor, [
      phone.put('households', householdId, { buildingId: targetBuilding, unitId: null }),
    ]);
    expect(moved.body.results[0].status).toBe('accepted');

    const residents = [...descendantsOf(householdId)];
    expect(residents.length).toBeGreaterThan(0);
    const arrived = (await pullAll(newGridWorker, before.newGridWorker)).changes;
    expect(new Set(arrived.map((change) => change.recordId))).toEqual(new Set([householdId, ...residents]));
    for (const change of arrived) expect(change.record).toMatchObject({ buildingId: targetBuilding, gridId: grid2 });
    const left = (await pullAll(worker, before.worker)).changes;
    expect(new Set(left.map((change) => change.recordId))).toEqual(new Set([householdId, ...residents]));
    expect(left.every((change) => change.left)).toBe(true);
  });

  it('is refused under a building filed in a deleted grid: every parent must be alive', async () => {
    const adminClient = new ApiClient(server.url);
    await adminClient.login('admin');
    const phone = new Device();
    const compoundId = (demo.records.find((r) => r.id === grid1)?.content as { parentId?: string } | undefined)
      ?.parentId;
    const doomedGrid = uuidv7();
    const created = await phone.push(adminClient, [
      phone.put('places', doomedGrid, { kind: 'grid', name: '第十一网格', parentId: compoundId }),
    ]);
    expect(created.body.results[0].status).toBe('accepted');
    const deleted = await phone.push(adminClient, [phone.delete('places', doomedGrid)]);
    expect(deleted.body.results[0].status).toBe('accepted');
    const building = await phone.push(adminClient, [
      phone.put('places', uuidv7(), { kind: 'building', name: '21号楼', parentId: compoundId, gridId: doomedGrid }),
      phone.put('places', movedBuilding, { gridId: doomedGrid }),
    ]);
    expect(building.body.results.map((result: JsonBody) => result.reason?.code)).toEqual([
      'unknown_parent',
      'unknown_parent',
    ]);
  });
});
