/**
 * The sync protocol from a device's side: a grid worker logs visits offline and pushes them;
 * other devices pull them back with the place ids the server derived. Resends are harmless, a
 * malformed batch writes nothing, concurrent edits merge field by field, and an issue's status
 * moves only through its state machine.
 */

import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSeq } from '../../server/sync/pull.ts';
import { fromRow, toChange } from '../../server/sync/records.ts';
import { MAX_CLOCK_SKEW_MS } from '../../shared/hlc.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  communityId,
  Device,
  escapedAndDeleted,
  household,
  householdsInGrid,
  issueFields,
  place,
  pullAll,
  visitFields,
} from './support.ts';

const worker = account('worker01');
const lead = account('lead01');
const supervisorAccount = account('supervisor');
const gridId = worker.place.id;
const myHouseholds = householdsInGrid(gridId);
const leadBuildingId = lead.place.id;

/** The place ids a household's children carry: those of its building. */
function placeIdsOfHousehold(householdId: string) {
  const buildingId = household(householdId).buildingId as string;
  const building = place(buildingId);
  return { communityId, compoundId: building.parentId, buildingId, gridId: building.gridId };
}

function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

describe('push and pull', () => {
  let server: TestServer;
  let workerClient: ApiClient;
  let supervisorClient: ApiClient;
  let leadClient: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    workerClient = new ApiClient(server.url);
    supervisorClient = new ApiClient(server.url);
    leadClient = new ApiClient(server.url);
    await workerClient.login('worker01');
    await supervisorClient.login('supervisor');
    await leadClient.login('lead01');
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The changes the supervisor (who sees the whole community) can pull after `cursor`. */
  async function newChangesSince(cursor: string): Promise<JsonBody[]> {
    return (await pullAll(supervisorClient, cursor)).changes;
  }

  async function mutationRows(id: string): Promise<number> {
    const rows = await server.db.selectFrom('mutations').select('id').where('id', '=', id).execute();
    return rows.length;
  }

  describe('a visit logged in a stairwell', () => {
    it('is accepted and pulls back with the place ids of its household, derived by the server', async () => {
      const phone = new Device();
      const householdId = nth(myHouseholds, 0);
      const before = (await pullAll(workerClient)).cursor;
      const visitId = uuidv7();
      const fields = visitFields(householdId, worker.id);
      const mutation = phone.put('visits', visitId, fields);

      const push = await phone.push(workerClient, [mutation]);
      expect(push.status).toBe(200);
      expect(push.body).toEqual({ results: [{ id: mutation.id, status: 'accepted' }] });

      const pulled = await pullAll(workerClient, before);
      expect(pulled.changes).toHaveLength(1);
      const [change] = pulled.changes;
      expect(change).toEqual({
        seq: expect.any(Number),
        table: 'visits',
        recordId: visitId,
        deleted: false,
        hlc: mutation.hlc,
        record: { ...fields, id: visitId, updatedAt: mutation.hlc, ...placeIdsOfHousehold(householdId) },
      });
      expect(change.seq).toBeGreaterThan(Number(before));
      expect(pulled.cursor).toBe(String(change.seq));
      // The supervisor's device sees the same visit.
      expect((await newChangesSince(before)).map((c) => c.recordId)).toContain(visitId);
    });

    it('cannot carry place ids of its own choosing: the batch is refused naming the field', async () => {
      const phone = new Device();
      const otherGrid = account('worker05').place.id;
      const before = (await pullAll(supervisorClient)).cursor;
      const mutation = phone.put(
        'visits',
        uuidv7(),
        visitFields(nth(myHouseholds, 1), worker.id, { gridId: otherGrid, communityId }),
      );
      const push = await phone.push(workerClient, [mutation]);
      expect(push.status).toBe(422);
      expect(push.body.error.code).toBe('invalid');
      expect(push.body.error.field).toMatch(/^mutations\[0\]\.fields\.(gridId|communityId)$/);
      expect(await newChangesSince(before)).toEqual([]);
    });

    it('is answered again, unchanged, when resent with the same mutation id, and nothing new is written', async () => {
      const phone = new Device();
      const visit = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 2), worker.id));
      const note = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 3), worker.id, { purpose: 'policy' }));
      const first = await phone.push(workerClient, [visit, note]);
      expect(first.status).toBe(200);
      expect(first.body.results.map((r: JsonBody) => r.status)).toEqual(['accepted', 'accepted']);

      const seqBefore = await latestSeq(server.db);
      const cursorBefore = (await pullAll(supervisorClient)).cursor;
      // The answer was lost on the way back; the phone sends the same batch again.
      const again = await phone.push(workerClient, [visit, note]);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      // A resend whose content differs still gets the first answer and changes nothing.
      const altered = await phone.push(workerClient, [{ ...visit, fields: { ...visit.fields, note: '改过的' } }]);
      expect(altered.body.results).toEqual([first.body.results[0]]);

      expect(await latestSeq(server.db)).toBe(seqBefore);
      expect(await newChangesSince(cursorBefore)).toEqual([]);
      expect(await mutationRows(visit.id)).toBe(1);
    });

    it('refuses a whole batch with an invalid purpose (422 naming the field) and writes NOTHING of it', async () => {
      const phone = new Device();
      const cursorBefore = (await pullAll(supervisorClient)).cursor;
      const seqBefore = await latestSeq(server.db);
      const good = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 4), worker.id));
      const alsoGood = phone.put('households', nth(myHouseholds, 4), { notes: '已走访' });
      const bad = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 5), worker.id, { purpose: 'gossip' }));

      const push = await phone.push(workerClient, [good, alsoGood, bad]);
      expect(push.status).toBe(422);
      expect(push.body).toEqual({
        error: { code: 'invalid', message: expect.stringContaining('purpose'), field: 'mutations[2].fields.purpose' },
      });
      expect(await newChangesSince(cursorBefore)).toEqual([]);
      expect(await latestSeq(server.db)).toBe(seqBefore);
      // Not even answered: the good mutations are not remembered as applied…
      expect(await mutationRows(good.id)).toBe(0);
      expect(await mutationRows(alsoGood.id)).toBe(0);
      // …so once the device drops the bad one, they go through.
      const retry = await phone.push(workerClient, [good, alsoGood]);
      expect(retry.body.results.map((r: JsonBody) => r.status)).toEqual(['accepted', 'accepted']);
      expect((await newChangesSince(cursorBefore)).map((c) => c.recordId).sort()).toEqual(
        [good.recordId, alsoGood.recordId].sort(),
      );
    });

    it('names the field of a missing required value in a new visit as a rejection, not a crash', async () => {
      const phone = new Device();
      const { householdId, purpose } = visitFields(nth(myHouseholds, 6), worker.id);
      const mutation = phone.put('visits', uuidv7(), { householdId, purpose });
      const push = await phone.push(workerClient, [mutation]);
      expect(push.status).toBe(200);
      expect(push.body.results).toEqual([
        {
          id: mutation.id,
          status: 'rejected',
          reason: { code: expect.any(String), message: expect.any(String), field: expect.stringMatching(/^fields\./) },
        },
      ]);
    });

    it('to a household the server does not know is rejected, not a crash', async () => {
      const phone = new Device();
      const mutation = phone.put('visits', uuidv7(), visitFields(uuidv7(), worker.id));
      const push = await phone.push(workerClient, [mutation]);
      expect(push.status).toBe(200);
      expect(push.body.results[0]).toMatchObject({
        id: mutation.id,
        status: 'rejected',
        reason: { field: 'fields.householdId' },
      });
    });
  });

  describe('a malformed request', () => {
    it('that is not JSON is a 400 with a code', async () => {
      const push = await workerClient.request('POST', '/api/sync/push', undefined, '{"deviceId": "0123456789abcdef", ');
      expect(push.status).toBe(400);
      expect(push.body).toEqual({ error: { code: 'malformed', message: expect.any(String) } });
    });

    it('over 5 MB is a 413 and writes nothing', async () => {
      const phone = new Device();
      const seqBefore = await latestSeq(server.db);
      const note = 'x'.repeat(1900);
      const mutations = Array.from({ length: 1000 }, (_, i) =>
        phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, i % myHouseholds.length), worker.id, { note })),
      );
      const rawBody = JSON.stringify({ deviceId: phone.id, mutations, padding: 'y'.repeat(4 * 1024 * 1024) });
      expect(Buffer.byteLength(rawBody)).toBeGreaterThan(5 * 1024 * 1024);
      const push = await workerClient.request('POST', '/api/sync/push', undefined, rawBody);
      expect(push.status).toBe(413);
      expect(push.body.error.code).toBe('too_large');
      expect(await latestSeq(server.db)).toBe(seqBefore);
    });

    it('with more than 1,000 mutations is a 413 and writes nothing; exactly 1,000 is fine', async () => {
      const phone = new Device();
      const seqBefore = await latestSeq(server.db);
      const mutations = Array.from({ length: 1001 }, (_, i) =>
        phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, i % myHouseholds.length), worker.id)),
      );
      const tooMany = await phone.push(workerClient, mutations);
      expect(tooMany.status).toBe(413);
      expect(tooMany.body.error).toMatchObject({ code: 'too_large', field: 'mutations' });
      expect(await latestSeq(server.db)).toBe(seqBefore);

      const enough = await phone.push(workerClient, mutations.slice(0, 1000));
      expect(enough.status).toBe(200);
      expect(enough.body.results).toHaveLength(1000);
      expect(enough.body.results.every((r: JsonBody) => r.status === 'accepted')).toBe(true);
      // One sequence number per record and one per answer (the order of answers), all in the one
      // transaction.
      expect(await latestSeq(server.db)).toBe(seqBefore + 2000);
    });

    it('with an HLC more than 10 minutes ahead is a 422 clock_skew; 9 minutes ahead is accepted', async () => {
      const phone = new Device();
      const ahead = phone.put(
        'visits',
        uuidv7(),
        visitFields(nth(myHouseholds, 7), worker.id),
        phone.hlc(MAX_CLOCK_SKEW_MS + 60_000),
      );
      const skewed = await phone.push(workerClient, [ahead]);
      expect(skewed.status).toBe(422);
      expect(skewed.body.error).toMatchObject({ code: 'clock_skew', field: 'mutations[0].hlc' });
      expect(skewed.body.error.message).toMatch(/clock|time/i);
      expect(await mutationRows(ahead.id)).toBe(0);

      const slightlyAhead = phone.put(
        'visits',
        uuidv7(),
        visitFields(nth(myHouseholds, 7), worker.id),
        phone.hlc(9 * 60_000),
      );
      const fine = await phone.push(workerClient, [slightlyAhead]);
      expect(fine.body.results).toEqual([{ id: slightlyAhead.id, status: 'accepted' }]);
    });

    it("with an HLC stamped by another device than the pushing one is a 422 naming the mutation's hlc", async () => {
      const phone = new Device();
      const otherPhone = new Device();
      const good = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 8), worker.id));
      const foreign = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 8), worker.id), otherPhone.hlc());
      const push = await phone.push(workerClient, [good, foreign]);
      expect(push.status).toBe(422);
      expect(push.body.error).toMatchObject({ code: 'invalid', field: 'mutations[1].hlc' });
      expect(await mutationRows(good.id)).toBe(0);
    });

    it('of any odd shape is a 4xx naming the field, never a 500', async () => {
      const phone = new Device();
      const visit = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 9), worker.id));
      const cases: [body: unknown, field: string | undefined][] = [
        [null, undefined],
        [[visit], undefined],
        [{ deviceId: phone.id }, 'mutations'],
        [{ mutations: [visit] }, 'deviceId'],
        [{ deviceId: phone.id.toUpperCase(), mutations: [visit] }, 'deviceId'],
        [{ deviceId: phone.id, mutations: [null] }, 'mutations[0]'],
        [{ deviceId: phone.id, mutations: [{ ...visit, op: 'patch' }] }, 'mutations[0].op'],
        [{ deviceId: phone.id, mutations: [{ ...visit, fields: 'purpose=contact' }] }, 'mutations[0].fields'],
        [{ deviceId: phone.id, mutations: [{ ...visit, hlc: 'yesterday' }] }, 'mutations[0].hlc'],
        [{ deviceId: phone.id, mutations: [{ ...visit, extra: 1 }] }, 'mutations[0].extra'],
        [
          { deviceId: phone.id, mutations: [{ ...phone.delete('households', uuidv7()), fields: { notes: '' } }] },
          'mutations[0].fields',
        ],
      ];
      for (const [body, field] of cases) {
        const response = await workerClient.request('POST', '/api/sync/push', body);
        const label = JSON.stringify(body).slice(0, 60);
        expect(response.status, label).toBe(422);
        expect(response.body.error.code, label).toBe('invalid');
        expect(response.body.error.field, label).toBe(field);
      }
      expect(await mutationRows(visit.id)).toBe(0);
      // An empty batch is not an error: nothing to answer.
      const empty = await phone.push(workerClient, []);
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ results: [] });
    });

    it('with a mutation id that is not a UUID, or an unknown table, is a 422 naming the field', async () => {
      const phone = new Device();
      const visit = phone.put('visits', uuidv7(), visitFields(nth(myHouseholds, 8), worker.id));
      const badId = await phone.push(workerClient, [{ ...visit, id: 'visit-1' }]);
      expect(badId.status).toBe(422);
      expect(badId.body.error.field).toBe('mutations[0].id');
      const badTable = await phone.push(workerClient, [visit, { ...visit, id: uuidv7(), table: 'secrets' }]);
      expect(badTable.status).toBe(422);
      expect(badTable.body.error.field).toBe('mutations[1].table');
      expect(await mutationRows(visit.id)).toBe(0);
    });
  });

  describe('pulling', () => {
    it('pages with limit: hasMore until the end, the cursor advances, pages never overlap, together they equal one pull', async () => {
      const whole = await leadClient.request('GET', '/api/sync/pull?limit=5000');
      expect(whole.status).toBe(200);
      expect(whole.body.hasMore).toBe(false);
      const all: JsonBody[] = whole.body.changes;
      expect(all.length).toBeGreaterThan(100);

      const pages: JsonBody[][] = [];
      let cursor: string | undefined;
      for (;;) {
        const response = await leadClient.request('GET', `/api/sync/pull?limit=40${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        const { changes, hasMore } = response.body;
        pages.push(changes);
        if (cursor !== undefined) expect(Number(response.body.cursor)).toBeGreaterThan(Number(cursor));
        cursor = response.body.cursor;
        if (!hasMore) break;
        expect(changes).toHaveLength(40);
      }
      expect(pages.length).toBe(Math.ceil(all.length / 40));
      const paged = pages.flat();
      const seqs = paged.map((change) => change.seq as number);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(paged).toEqual(all);
      expect(cursor).toBe(whole.body.cursor);

      // Exactly a page's worth left: a full page, and nothing more (not a needless empty page).
      const lastForty = all.slice(-40);
      const fromBeforeThem = String(all[all.length - 41].seq);
      const exact = await leadClient.request('GET', `/api/sync/pull?limit=40&cursor=${fromBeforeThem}`);
      expect(exact.body).toEqual({ changes: lastForty, cursor, hasMore: false });

      // Nothing newer: an empty page, the same cursor, nothing more.
      const after = await leadClient.request('GET', `/api/sync/pull?cursor=${cursor}`);
      expect(after.body).toEqual({ changes: [], cursor, hasMore: false });
    });

    it('sends each record as its stored state encodes: the same text, byte for byte, as the record built and encoded', async () => {
      // A deleted record and a record with text that needs escaping are among them.
      const phone = new Device();
      const [householdId] = householdsInGrid(worker.place.id) as [string];
      await phone.push(supervisorClient, escapedAndDeleted(phone, householdId));
      const response = await supervisorClient.download('/api/sync/pull?limit=5000');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = response.bytes.toString('utf8');
      const rows = await server.db.selectFrom('records').selectAll().orderBy('seq').limit(5001).execute();
      const changes = rows.slice(0, 5000).map((row) => toChange(fromRow(row)));
      const last = changes.at(-1);
      const expected = JSON.stringify({ changes, cursor: String(last?.seq), hasMore: rows.length > 5000 });
      expect(body).toBe(expected);
      expect(changes.some((change) => change.deleted)).toBe(true);
    });

    it('refuses a limit over 5,000, a limit of 0 and a cursor it never gave, with a 422 naming the field', async () => {
      const tooMany = await workerClient.request('GET', '/api/sync/pull?limit=5001');
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.error).toMatchObject({ code: 'invalid', field: 'limit' });
      const zero = await workerClient.request('GET', '/api/sync/pull?limit=0');
      expect(zero.status).toBe(422);
      expect(zero.body.error.field).toBe('limit');
      const badCursor = await workerClient.request('GET', '/api/sync/pull?cursor=abc');
      expect(badCursor.status).toBe(422);
      expect(badCursor.body.error.field).toBe('cursor');
      const atMost = await workerClient.request('GET', '/api/sync/pull?limit=5000');
      expect(atMost.status).toBe(200);
    });

    it('defaults to pages of 1,000', async () => {
      const response = await supervisorClient.request('GET', '/api/sync/pull');
      expect(response.status).toBe(200);
      expect(response.body.changes).toHaveLength(1000);
      expect(response.body.hasMore).toBe(true);
      expect(response.body.cursor).toBe(String(response.body.changes[999].seq));
    });
  });

  describe('deletes and append-only records', () => {
    it('pulls a deleted record as a tombstone {record: null, deleted: true}', async () => {
      const phone = new Device();
      const householdId = nth(myHouseholds, 10);
      const residentId = uuidv7();
      const before = (await pullAll(workerClient)).cursor;
      const created = await phone.push(workerClient, [
        phone.put('residents', residentId, { householdId, name: '王秀兰', relation: '租客' }),
      ]);
      expect(created.body.results[0].status).toBe('accepted');
      const afterCreate = (await pullAll(workerClient, before)).changes;
      expect(afterCreate).toHaveLength(1);
      expect(afterCreate[0].record).toMatchObject({ id: residentId, name: '王秀兰', gridId });

      const removal = phone.delete('residents', residentId);
      const deleted = await phone.push(workerClient, [removal]);
      expect(deleted.body.results).toEqual([{ id: removal.id, status: 'accepted' }]);

      // A device that saw the resident is told it is gone…
      const tombstones = (await pullAll(workerClient, afterCreate[0].seq.toString())).changes;
      expect(tombstones).toEqual([
        {
          seq: expect.any(Number),
          table: 'residents',
          recordId: residentId,
          record: null,
          deleted: true,
          hlc: removal.hlc,
        },
      ]);
      // …and one that never saw it gets only the tombstone.
      const fromBefore = (await pullAll(supervisorClient, before)).changes.filter((c) => c.recordId === residentId);
      expect(fromBefore).toHaveLength(1);
      expect(fromBefore[0]).toMatchObject({ record: null, deleted: true });

      // A deleted record is not brought back by a late edit.
      const lateEdit = await phone.push(workerClient, [phone.put('residents', residentId, { name: '王秀英' })]);
      expect(lateEdit.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'record_deleted' } });
    });

    it('keeps visits append-only: a second put on the same visit is rejected append_only, and so is a delete', async () => {
      const phone = new Device();
      const visitId = uuidv7();
      const fields = visitFields(nth(myHouseholds, 11), worker.id);
      const first = await phone.push(workerClient, [phone.put('visits', visitId, fields)]);
      expect(first.body.results[0].status).toBe('accepted');
      const cursor = (await pullAll(workerClient)).cursor;

      const edit = phone.put('visits', visitId, { note: '补充：下周再来' });
      const removal = phone.delete('visits', visitId);
      const push = await phone.push(workerClient, [edit, removal]);
      expect(push.status).toBe(200);
      expect(push.body.results).toEqual([
        { id: edit.id, status: 'rejected', reason: { code: 'append_only', message: expect.any(String) } },
        { id: removal.id, status: 'rejected', reason: { code: 'append_only', message: expect.any(String) } },
      ]);
      expect((await pullAll(workerClient, cursor)).changes).toEqual([]);
      const visit = (await pullAll(supervisorClient)).changes.find((c) => c.recordId === visitId);
      expect(visit.record.note).toBe(fields.note);
      expect(visit.deleted).toBe(false);
    });
  });

  describe('two devices edit the same household', () => {
    it('keeps the newer value of a field; the older edit is answered merged and the conflict is logged', async () => {
      const workerPhone = new Device();
      const supervisorPhone = new Device();
      const householdId = nth(myHouseholds, 12);
      const newer = workerPhone.put('households', householdId, { phone: '13900000001' }, workerPhone.hlc(2000));
      // Written earlier, offline, on the supervisor's phone; it arrives second.
      const older = supervisorPhone.put('households', householdId, { phone: '13900000002' }, supervisorPhone.hlc());
      expect(older.hlc < newer.hlc).toBe(true);

      const first = await workerPhone.push(workerClient, [newer]);
      expect(first.body.results).toEqual([{ id: newer.id, status: 'accepted' }]);
      const cursor = (await pullAll(supervisorClient)).cursor;
      const second = await supervisorPhone.push(supervisorClient, [older]);
      expect(second.status).toBe(200);
      expect(second.body.results).toEqual([
        {
          id: older.id,
          status: 'merged',
          conflicts: [
            {
              field: 'phone',
              kept: { value: '13900000001', hlc: newer.hlc },
              lost: { value: '13900000002', hlc: older.hlc },
            },
          ],
        },
      ]);
      // The losing edit changed no value, but the record is published again, so the phone that
      // showed its own losing value pulls the kept one back.
      const republished = (await pullAll(supervisorClient, cursor)).changes;
      expect(republished).toHaveLength(1);
      expect(republished[0]).toMatchObject({ recordId: householdId, hlc: newer.hlc });
      expect(republished[0].record.phone).toBe('13900000001');
      const current = (await pullAll(workerClient)).changes.find((c) => c.recordId === householdId);
      expect(current.record.phone).toBe('13900000001');
      expect(current.hlc).toBe(newer.hlc);

      const logged = await server.db.selectFrom('conflicts').selectAll().where('record_id', '=', householdId).execute();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        tbl: 'households',
        field: 'phone',
        kept_value: JSON.stringify('13900000001'),
        kept_hlc: newer.hlc,
        lost_value: JSON.stringify('13900000002'),
        lost_hlc: older.hlc,
        mutation_id: older.id,
        device_id: supervisorPhone.id,
        user_id: supervisorAccount.id,
        community_id: communityId,
      });
    });

    it('keeps both edits when they touch different fields, whatever order they arrive in', async () => {
      const workerPhone = new Device();
      const supervisorPhone = new Device();
      const householdId = nth(myHouseholds, 13);
      const newer = workerPhone.put('households', householdId, { notes: '女儿每周六回来' }, workerPhone.hlc(2000));
      const older = supervisorPhone.put('households', householdId, { memberCount: 4 }, supervisorPhone.hlc());

      expect((await workerPhone.push(workerClient, [newer])).body.results[0].status).toBe('accepted');
      expect((await supervisorPhone.push(supervisorClient, [older])).body.results[0].status).toBe('accepted');
      expect(
        await server.db.selectFrom('conflicts').where('record_id', '=', householdId).selectAll().execute(),
      ).toEqual([]);

      const current = (await pullAll(workerClient)).changes.find((c) => c.recordId === householdId);
      expect(current.record).toMatchObject({
        notes: '女儿每周六回来',
        memberCount: 4,
        headName: household(householdId).headName,
      });
      expect(current.record.updatedAt).toBe(newer.hlc);
    });

    it('applies the fields of an older edit that nobody touched since, and reports only the lost one', async () => {
      const workerPhone = new Device();
      const supervisorPhone = new Device();
      const householdId = nth(myHouseholds, 14);
      const newer = workerPhone.put('households', householdId, { phone: '13700000001' }, workerPhone.hlc(2000));
      const older = supervisorPhone.put('households', householdId, { phone: '13700000002', tags: ['disabled'] });
      await workerPhone.push(workerClient, [newer]);
      const answer = await supervisorPhone.push(supervisorClient, [older]);
      expect(answer.body.results[0].status).toBe('merged');
      expect(answer.body.results[0].conflicts.map((c: JsonBody) => c.field)).toEqual(['phone']);
      const current = (await pullAll(workerClient)).changes.find((c) => c.recordId === householdId);
      expect(current.record).toMatchObject({ phone: '13700000001', tags: ['disabled'] });
    });
  });

  describe('the issue lifecycle', () => {
    async function reportIssue(phone: Device): Promise<string> {
      const issueId = uuidv7();
      const push = await phone.push(leadClient, [phone.put('issues', issueId, issueFields(leadBuildingId, lead.id))]);
      expect(push.body.results[0].status).toBe('accepted');
      return issueId;
    }

    async function issueNow(issueId: string): Promise<JsonBody> {
      return (await pullAll(supervisorClient)).changes.find((c) => c.recordId === issueId)?.record;
    }

    function action(phone: Device, issueId: string, name: string, by = supervisorAccount.id) {
      return phone.put('issueEvents', uuidv7(), {
        issueId,
        kind: 'action',
        action: name,
        by,
        at: new Date().toISOString(),
        note: `${name} by test`,
      });
    }

    it('a building lead reports an issue: it starts as reported, filed under the building', async () => {
      const issueId = await reportIssue(new Device());
      const issue = await issueNow(issueId);
      const building = place(leadBuildingId);
      expect(issue).toMatchObject({
        id: issueId,
        status: 'reported',
        buildingId: leadBuildingId,
        gridId: building.gridId,
        compoundId: building.parentId,
        communityId,
      });
    });

    it('the supervisor accepts it with an event: accepted, and the status pulls as accepted', async () => {
      const issueId = await reportIssue(new Device());
      const phone = new Device();
      const accept = action(phone, issueId, 'accept');
      const push = await phone.push(supervisorClient, [accept]);
      expect(push.body.results).toEqual([{ id: accept.id, status: 'accepted' }]);
      expect((await issueNow(issueId)).status).toBe('accepted');
      // The event itself is part of the record, for the history.
      const event = (await pullAll(leadClient)).changes.find((c) => c.recordId === accept.recordId);
      expect(event.record).toMatchObject({ issueId, kind: 'action', action: 'accept', buildingId: leadBuildingId });
    });

    it('walks the whole lifecycle in one batch, events applied in order', async () => {
      const issueId = await reportIssue(new Device());
      const phone = new Device();
      const steps = ['accept', 'start', 'escalate', 'resolve', 'close', 'reopen', 'resolve', 'close'];
      const push = await phone.push(
        supervisorClient,
        steps.map((step) => action(phone, issueId, step)),
      );
      expect(push.body.results.map((r: JsonBody) => r.status)).toEqual(steps.map(() => 'accepted'));
      expect((await issueNow(issueId)).status).toBe('closed');
    });

    it('rejects an illegal action (close a reported issue) with illegal_transition and leaves the issue as it was', async () => {
      const issueId = await reportIssue(new Device());
      const phone = new Device();
      const cursor = (await pullAll(supervisorClient)).cursor;
      const close = action(phone, issueId, 'close');
      const push = await phone.push(supervisorClient, [close]);
      expect(push.status).toBe(200);
      expect(push.body.results).toEqual([
        {
          id: close.id,
          status: 'rejected',
          reason: { code: 'illegal_transition', message: expect.stringContaining('reported'), field: 'fields.action' },
        },
      ]);
      expect((await pullAll(supervisorClient, cursor)).changes).toEqual([]);
      expect((await issueNow(issueId)).status).toBe('reported');
    });

    it("rejects a put that sets an issue's status directly with status_by_event", async () => {
      const phone = new Device();
      const issueId = await reportIssue(phone);
      const cursor = (await pullAll(supervisorClient)).cursor;
      const sneaky = phone.put('issues', issueId, { status: 'closed', title: '电梯已修好' });
      const born = phone.put('issues', uuidv7(), issueFields(leadBuildingId, lead.id, { status: 'accepted' }));
      const push = await phone.push(leadClient, [sneaky, born]);
      expect(push.status).toBe(200);
      expect(push.body.results).toEqual([
        {
          id: sneaky.id,
          status: 'rejected',
          reason: { code: 'status_by_event', message: expect.any(String), field: 'fields.status' },
        },
        {
          id: born.id,
          status: 'rejected',
          reason: { code: 'status_by_event', message: expect.any(String), field: 'fields.status' },
        },
      ]);
      expect((await pullAll(supervisorClient, cursor)).changes).toEqual([]);
      expect(await issueNow(issueId)).toMatchObject({
        status: 'reported',
        title: issueFields(leadBuildingId, lead.id).title,
      });
    });

    it('lets the issue’s other fields change by put while the status stays with the events', async () => {
      const phone = new Device();
      const issueId = await reportIssue(phone);
      const push = await phone.push(leadClient, [
        phone.put('issues', issueId, { description: '物业已到场查看', status: 'reported' }),
      ]);
      expect(push.body.results[0].status).toBe('accepted');
      expect(await issueNow(issueId)).toMatchObject({ description: '物业已到场查看', status: 'reported' });
    });
  });
});
