/**
 * Everyone sees and writes only the place they look after: a grid worker their grid, a building
 * lead their building, the supervisor the whole community. The server enforces it on every pull
 * and every mutation, whatever the device claims.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { latestSeq } from '../../server/sync/pull.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  buildingsInGrid,
  changesOf,
  communityId,
  Device,
  demo,
  household,
  householdsInBuilding,
  householdsInGrid,
  issueFields,
  place,
  places,
  pullAll,
  visitFields,
} from './support.ts';

const worker = account('worker01');
const otherWorker = account('worker02');
const lead = account('lead01');
const gridId = worker.place.id;
const otherGridId = otherWorker.place.id;
const myHouseholds = householdsInGrid(gridId);
const otherHouseholds = householdsInGrid(otherGridId);

function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** Places a grid worker's device needs: the grid, its buildings and units, and the names above. */
function expectedPlacesOfGrid(grid: string): string[] {
  const buildings = buildingsInGrid(grid);
  const units = places.filter((p) => p.content.kind === 'unit' && buildings.includes(p.content.parentId as string));
  const compoundId = place(grid).parentId as string;
  return [grid, ...buildings, ...units.map((u) => u.id), compoundId, communityId];
}

function residentsOf(householdIds: string[]): string[] {
  return demo.records
    .filter((r) => r.table === 'residents' && householdIds.includes((r.content as { householdId: string }).householdId))
    .map((r) => r.id);
}

const sorted = (ids: string[]) => [...ids].sort();

/** The party organisations of the places above a place: names the roster tree shows, no members. */
function ancestorOrgsOf(placeId: string): string[] {
  const above: string[] = [];
  for (let up = place(placeId).parentId as string | null; up; up = place(up).parentId as string | null) above.push(up);
  return demo.records
    .filter((r) => r.table === 'partyOrgs' && above.includes((r.content as { placeId: string }).placeId))
    .map((r) => r.id);
}

/** The co-building units of the places above (the community's): a wish is claimed for one. */
function ancestorPartnersOf(placeId: string): string[] {
  const above: string[] = [];
  for (let up = place(placeId).parentId as string | null; up; up = place(up).parentId as string | null) above.push(up);
  return demo.records
    .filter((r) => r.table === 'partners' && above.includes((r.content as { placeId: string }).placeId))
    .map((r) => r.id);
}

/** A change outside the user's own place that they still get: a name above it. */
function isNameAbove(change: JsonBody, placeId: string): boolean {
  return (
    change.table === 'places' ||
    ancestorOrgsOf(placeId).includes(change.recordId) ||
    ancestorPartnersOf(placeId).includes(change.recordId)
  );
}

describe('scope', () => {
  let server: TestServer;
  const clients: Record<string, ApiClient> = {};

  beforeAll(async () => {
    server = await startServer();
    for (const username of ['worker01', 'worker02', 'lead01', 'lead02', 'supervisor', 'admin']) {
      clients[username] = new ApiClient(server.url);
      await clients[username].login(username);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = (username: string): ApiClient => {
    const client = clients[username];
    if (!client) throw new Error(`not signed in: ${username}`);
    return client;
  };

  describe('what a pull returns', () => {
    it("gives a grid worker exactly their grid's households, never another grid's", async () => {
      const pulled = await pullAll(as('worker01'));
      const households = changesOf(pulled, 'households');
      expect(myHouseholds).toHaveLength(60);
      expect(households).toHaveLength(myHouseholds.length);
      for (const change of households) expect(change.record.gridId).toBe(gridId);
      expect(sorted(households.map((c) => c.recordId))).toEqual(sorted(myHouseholds));
      const seen = new Set(pulled.changes.map((c) => c.recordId));
      expect(otherHouseholds.some((id) => seen.has(id))).toBe(false);
    });

    it('gives a grid worker only records filed under their grid, plus the names of the places above it', async () => {
      const pulled = await pullAll(as('worker01'));
      for (const change of pulled.changes) {
        if (!isNameAbove(change, gridId))
          expect(change.record.gridId, `${change.table} ${change.recordId}`).toBe(gridId);
      }
      // The roster tree has its top: the community's general branch and the compound's branch.
      expect(sorted(changesOf(pulled, 'partyOrgs').map((c) => c.recordId))).toEqual(
        sorted([
          ...ancestorOrgsOf(gridId),
          ...demo.records
            .filter(
              (r) =>
                r.table === 'partyOrgs' && buildingsInGrid(gridId).includes((r.content as { placeId: string }).placeId),
            )
            .map((r) => r.id),
        ]),
      );
      expect(ancestorOrgsOf(gridId)).toHaveLength(2);
      // The community's co-building units, and nothing else of the community's service lists.
      expect(sorted(changesOf(pulled, 'partners').map((c) => c.recordId))).toEqual(sorted(ancestorPartnersOf(gridId)));
      expect(ancestorPartnersOf(gridId)).toHaveLength(8);
      expect(changesOf(pulled, 'projects')).toEqual([]);
      expect(sorted(changesOf(pulled, 'places').map((c) => c.recordId))).toEqual(sorted(expectedPlacesOfGrid(gridId)));
      expect(sorted(changesOf(pulled, 'residents').map((c) => c.recordId))).toEqual(sorted(residentsOf(myHouseholds)));
    });

    it("gives a building lead only their building's households and residents", async () => {
      const buildingId = lead.place.id;
      const mine = householdsInBuilding(buildingId);
      const pulled = await pullAll(as('lead01'));
      const households = changesOf(pulled, 'households');
      expect(households).toHaveLength(30);
      expect(sorted(households.map((c) => c.recordId))).toEqual(sorted(mine));
      for (const change of pulled.changes) {
        if (!isNameAbove(change, buildingId)) expect(change.record.buildingId).toBe(buildingId);
      }
      // The other building of the same grid stays out of sight.
      const neighbour = buildingsInGrid(place(buildingId).gridId as string).find((id) => id !== buildingId) as string;
      const seen = new Set(pulled.changes.map((c) => c.recordId));
      expect(householdsInBuilding(neighbour).some((id) => seen.has(id))).toBe(false);
      expect(sorted(changesOf(pulled, 'residents').map((c) => c.recordId))).toEqual(sorted(residentsOf(mine)));
    });

    it('gives the supervisor all 600 households of the community', async () => {
      const pulled = await pullAll(as('supervisor'));
      const households = changesOf(pulled, 'households');
      expect(households).toHaveLength(600);
      expect(new Set(households.map((c) => c.recordId)).size).toBe(600);
      for (const change of households) expect(change.record.communityId).toBe(communityId);
      expect(changesOf(pulled, 'places')).toHaveLength(places.length);
    });

    it("gives a compound-level supervisor the compound's households and no other compound's", async () => {
      const compound = first(places.filter((p) => p.content.kind === 'compound'));
      const buildings = places.filter((p) => p.content.kind === 'building' && p.content.parentId === compound.id);
      const expected = buildings.flatMap((b) => householdsInBuilding(b.id));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(600);
      await createUser(server.db, {
        id: uuidv7(),
        username: 'compound-secretary',
        displayName: '小区书记',
        role: 'supervisor',
        place: { level: 'compound', id: compound.id },
        password: 'compound-pass-1',
      });
      const client = new ApiClient(server.url);
      await client.login('compound-secretary', 'compound-pass-1');
      const pulled = await pullAll(client);
      const households = changesOf(pulled, 'households');
      expect(sorted(households.map((c) => c.recordId))).toEqual(sorted(expected));
      for (const change of pulled.changes) {
        if (!(change.table === 'places' && change.recordId === communityId) && !isNameAbove(change, compound.id)) {
          expect(change.record.compoundId, `${change.table} ${change.recordId}`).toBe(compound.id);
        }
      }
    });

    it('answers a pull without a session with a 401', async () => {
      const response = await new ApiClient(server.url).request('GET', '/api/sync/pull');
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    });
  });

  describe('what a push may write', () => {
    it("rejects a visit to another grid's household as out_of_scope while the rest of the batch applies", async () => {
      const phone = new Device();
      const before = (await pullAll(as('supervisor'))).cursor;
      const otherBefore = (await pullAll(as('worker02'))).cursor;
      const mine = phone.put('visits', uuidv7(), visitFields(first(myHouseholds), worker.id));
      const theirs = phone.put('visits', uuidv7(), visitFields(first(otherHouseholds), worker.id));
      const alsoMine = phone.put('visits', uuidv7(), visitFields(myHouseholds[1] as string, worker.id));

      const push = await phone.push(as('worker01'), [mine, theirs, alsoMine]);
      expect(push.status).toBe(200);
      expect(push.body.results).toEqual([
        { id: mine.id, status: 'accepted' },
        { id: theirs.id, status: 'rejected', reason: { code: 'out_of_scope', message: expect.any(String) } },
        { id: alsoMine.id, status: 'accepted' },
      ]);
      const written = (await pullAll(as('supervisor'), before)).changes.map((c) => c.recordId);
      expect(sorted(written)).toEqual(sorted([mine.recordId, alsoMine.recordId]));
      expect((await pullAll(as('worker02'), otherBefore)).changes).toEqual([]);
    });

    it("rejects editing or deleting another grid's household as out_of_scope", async () => {
      const phone = new Device();
      const target = otherHouseholds[2] as string;
      const edit = phone.put('households', target, { phone: '13800000000' });
      const removal = phone.delete('households', target);
      const push = await phone.push(as('worker01'), [edit, removal]);
      expect(push.body.results.map((r: JsonBody) => r.reason?.code)).toEqual(['out_of_scope', 'out_of_scope']);
      const current = (await pullAll(as('worker02'))).changes.find((c) => c.recordId === target);
      expect(current.deleted).toBe(false);
      expect(current.record.phone).toBe(household(target).phone);
    });

    it('rejects moving a household of my grid into a building of another grid as out_of_scope', async () => {
      const phone = new Device();
      const householdId = myHouseholds[3] as string;
      const foreignBuilding = first(buildingsInGrid(otherGridId));
      const cursor = (await pullAll(as('supervisor'))).cursor;
      const move = phone.put('households', householdId, { buildingId: foreignBuilding, unitId: null });
      const push = await phone.push(as('worker01'), [move]);
      expect(push.body.results).toEqual([
        { id: move.id, status: 'rejected', reason: { code: 'out_of_scope', message: expect.any(String) } },
      ]);
      expect((await pullAll(as('supervisor'), cursor)).changes).toEqual([]);
      const current = (await pullAll(as('worker01'))).changes.find((c) => c.recordId === householdId);
      expect(current.record).toMatchObject({ buildingId: household(householdId).buildingId, gridId });
    });

    it('lets a grid worker move a household between the buildings of their own grid, re-filing it', async () => {
      const phone = new Device();
      const householdId = myHouseholds[4] as string;
      const from = household(householdId).buildingId as string;
      const to = buildingsInGrid(gridId).find((id) => id !== from) as string;
      const move = phone.put('households', householdId, { buildingId: to, unitId: null });
      const push = await phone.push(as('worker01'), [move]);
      expect(push.body.results).toEqual([{ id: move.id, status: 'accepted' }]);
      const current = (await pullAll(as('worker01'))).changes.find((c) => c.recordId === householdId);
      expect(current.record).toMatchObject({ buildingId: to, gridId, communityId });
    });

    it('keeps a building lead to their building: an issue in another building is out_of_scope', async () => {
      const phone = new Device();
      const otherBuilding = account('lead02').place.id;
      const mine = phone.put('issues', uuidv7(), issueFields(lead.place.id, lead.id));
      const theirs = phone.put('issues', uuidv7(), issueFields(otherBuilding, lead.id));
      const push = await phone.push(as('lead01'), [mine, theirs]);
      expect(push.body.results.map((r: JsonBody) => r.reason?.code ?? r.status)).toEqual(['accepted', 'out_of_scope']);
    });

    it("rejects an event on another building's issue as out_of_scope, and the issue stays as it was", async () => {
      const leadPhone = new Device();
      const issueId = uuidv7();
      const created = await leadPhone.push(as('lead02'), [
        leadPhone.put('issues', issueId, issueFields(account('lead02').place.id, account('lead02').id)),
      ]);
      expect(created.body.results[0].status).toBe('accepted');
      const phone = new Device();
      const comment = phone.put('issueEvents', uuidv7(), {
        issueId,
        kind: 'action',
        action: 'accept',
        by: lead.id,
        at: new Date().toISOString(),
      });
      const push = await phone.push(as('lead01'), [comment]);
      expect(push.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'out_of_scope' } });
      const issue = (await pullAll(as('lead02'))).changes.find((c) => c.recordId === issueId);
      expect(issue.record.status).toBe('reported');
    });

    it('lets only an administrator change the place tree: everyone else is rejected forbidden', async () => {
      const buildingId = first(buildingsInGrid(gridId));
      const unit = { kind: 'unit', name: '9单元', parentId: buildingId, sort: 8 };
      for (const username of ['worker01', 'lead01', 'supervisor']) {
        const phone = new Device();
        const put = phone.put('places', uuidv7(), unit);
        const removal = phone.delete('places', buildingId);
        const push = await phone.push(as(username), [put, removal]);
        expect(push.status, username).toBe(200);
        expect(push.body.results, username).toEqual([
          { id: put.id, status: 'rejected', reason: { code: 'forbidden', message: expect.any(String) } },
          { id: removal.id, status: 'rejected', reason: { code: 'forbidden', message: expect.any(String) } },
        ]);
      }
      // The administrator may, and the new unit reaches the grid worker filed under the grid.
      const adminPhone = new Device();
      const unitId = uuidv7();
      const push = await adminPhone.push(as('admin'), [adminPhone.put('places', unitId, unit)]);
      expect(push.body.results[0].status).toBe('accepted');
      const pulled = (await pullAll(as('worker01'))).changes.find((c) => c.recordId === unitId);
      expect(pulled.record).toMatchObject({ kind: 'unit', buildingId, gridId, communityId });
    });

    it('answers a push without a session with a 401 and writes nothing', async () => {
      const phone = new Device();
      const seqBefore = await latestSeq(server.db);
      const response = await phone.push(new ApiClient(server.url), [
        phone.put('visits', uuidv7(), visitFields(first(myHouseholds), worker.id)),
      ]);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
      expect(await latestSeq(server.db)).toBe(seqBefore);
    });
  });
});
