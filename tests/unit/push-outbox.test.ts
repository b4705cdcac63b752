import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import type { Conflict, MutationResult, PushRequest, PushResponse } from '../../shared/sync-messages.ts';
import type { OutboxEntry } from '../../src/db/database.ts';
import { unsyncedCount } from '../../src/db/outbox.ts';
import { logVisit } from '../../src/db/visits.ts';
import { type Device, deleteRecord, updateRecord } from '../../src/db/write.ts';
import { PUSH_BATCH, pushOutbox } from '../../src/sync/push-outbox.ts';
import { OfflineError, ServerError, type Transport } from '../../src/sync/transport.ts';
import { DEVICE_ID, newDevice, storeHousehold, T0, VISITOR_ID } from './demo-fixtures.ts';

type Answer = (request: PushRequest, call: number) => PushResponse;

/** The server as the push sees it: every request is recorded, each call answered by `answer`. */
function fakeServer(answer: Answer): Transport & { requests: PushRequest[] } {
  const requests: PushRequest[] = [];
  return {
    requests,
    async push(request) {
      requests.push(structuredClone(request));
      return answer(request, requests.length);
    },
    async pull() {
      throw new Error('this test does not pull');
    },
  };
}

function acceptAll(request: PushRequest): PushResponse {
  return { results: request.mutations.map((mutation) => ({ id: mutation.id, status: 'accepted' as const })) };
}

function answerEach(request: PushRequest, resultFor: (index: number, id: string) => MutationResult): PushResponse {
  return { results: request.mutations.map((mutation, index) => resultFor(index, mutation.id)) };
}

async function outboxIds(device: Device): Promise<string[]> {
  return (await device.db.outbox.orderBy('seq').toArray()).map((entry) => entry.id);
}

/** Three visits logged offline in a stairwell, after the household itself was stored. */
async function workerWithVisits(device: Device) {
  const household = await storeHousehold(device);
  const visits = [];
  for (const purpose of ['contact', 'sentiment', 'service'] as const) {
    visits.push(await logVisit(device, household, VISITOR_ID, { purpose, needs: [] }));
  }
  return { household, visits };
}

describe('pushing the outbox when the server accepts everything', () => {
  it('sends the mutations in order, empties the outbox and marks the records synced', async () => {
    const device = newDevice(() => T0);
    const { household, visits } = await workerWithVisits(device);
    const entries = await device.db.outbox.orderBy('seq').toArray();
    const server = fakeServer(acceptAll);

    expect(await pushOutbox(device, server)).toBe(4);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toEqual({
      deviceId: DEVICE_ID,
      mutations: entries.map(({ id, table, recordId, op, fields, hlc }) => ({ id, table, recordId, op, fields, hlc })),
    });
    expect(await unsyncedCount(device)).toBe(0);
    expect((await device.db.households.get(household.id))?.syncState).toBe('synced');
    for (const visit of visits) expect((await device.db.visits.get(visit.id))?.syncState).toBe('synced');
    expect(await device.db.notices.count()).toBe(0);
  });

  it('sends a delete without fields and settles the tombstone as synced', async () => {
    const device = newDevice();
    const household = await storeHousehold(device);
    await deleteRecord(device, 'households', household.id);
    const server = fakeServer(acceptAll);

    await pushOutbox(device, server);

    const deletion = server.requests[0]?.mutations[1];
    expect(deletion).toMatchObject({ op: 'delete', recordId: household.id });
    expect(deletion && 'fields' in deletion).toBe(false);
    expect(await device.db.households.get(household.id)).toMatchObject({ deleted: true, syncState: 'synced' });
  });

  it('does nothing and sends nothing when the outbox is empty', async () => {
    const device = newDevice();
    const server = fakeServer(acceptAll);
    expect(await pushOutbox(device, server)).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the server refuses one mutation', () => {
  it('drops it from the outbox, marks the record rejected with the reason, and tells the user', async () => {
    const device = newDevice(() => T0);
    const { household, visits } = await workerWithVisits(device);
    const refused = visits[1];
    const reason = { code: 'out_of_scope', message: 'this household is outside your grid' };
    const server = fakeServer((request) =>
      answerEach(request, (_index, id) =>
        id === request.mutations[2]?.id ? { id, status: 'rejected', reason } : { id, status: 'accepted' },
      ),
    );

    await pushOutbox(device, server);

    expect(await unsyncedCount(device)).toBe(0);
    expect(await device.db.visits.get(refused?.id ?? '')).toMatchObject({ syncState: 'rejected', rejection: reason });
    expect((await device.db.visits.get(visits[0]?.id ?? ''))?.syncState).toBe('synced');
    expect((await device.db.households.get(household.id))?.syncState).toBe('synced');
    const notices = await device.db.notices.toArray();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'rejected', table: 'visits', recordId: refused?.id, reason, seen: 0 });
  });
});

describe('the server merged a change with a newer one', () => {
  it('settles the change and leaves a conflict notice naming what was lost', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    await pushOutbox(device, fakeServer(acceptAll));
    const edit = await updateRecord(device, 'households', household.id, { phone: '13912345678' });
    const conflicts: Conflict[] = [
      {
        field: 'phone',
        kept: { value: '13000000000', hlc: formatHlc({ millis: T0 + 9, counter: 0, node: 'fedcba9876543210' }) },
        lost: { value: '13912345678', hlc: edit.updatedAt },
      },
    ];
    const server = fakeServer((request) => answerEach(request, (_index, id) => ({ id, status: 'merged', conflicts })));

    await pushOutbox(device, server);

    expect(await unsyncedCount(device)).toBe(0);
    expect((await device.db.households.get(household.id))?.syncState).toBe('synced');
    const notices = await device.db.notices.toArray();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'conflict', table: 'households', recordId: household.id, conflicts });
  });
});

describe('pushing while offline', () => {
  it('leaves the outbox and the records exactly as they were', async () => {
    const device = newDevice(() => T0);
    const { household } = await workerWithVisits(device);
    const before = await device.db.outbox.orderBy('seq').toArray();
    const server: Transport = {
      push: async () => {
        throw new OfflineError(new TypeError('Failed to fetch'));
      },
      pull: async () => {
        throw new OfflineError();
      },
    };

    await expect(pushOutbox(device, server)).rejects.toBeInstanceOf(OfflineError);

    expect(await device.db.outbox.orderBy('seq').toArray()).toEqual(before);
    expect((await device.db.households.get(household.id))?.syncState).toBe('pending');
    expect(await device.db.notices.count()).toBe(0);
  });
});

describe('the server refuses the whole batch (422)', () => {
  it('settles only the mutation it names as rejected and sends the rest again', async () => {
    const device = newDevice(() => T0);
    const { household, visits } = await workerWithVisits(device);
    const [householdEntry, first, guilty, third] = await device.db.outbox.orderBy('seq').toArray();
    const server = fakeServer((request, call) => {
      if (call === 1) {
        throw new ServerError(422, 'invalid_field', 'purpose must be one of the five', 'mutations[2].fields.purpose');
      }
      return acceptAll(request);
    });
    // The household went first; the named mutation is the second visit.
    expect(guilty?.recordId).toBe(visits[1]?.id);

    expect(await pushOutbox(device, server)).toBe(3);

    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.mutations.map((mutation) => mutation.id)).toEqual([
      householdEntry?.id,
      first?.id,
      third?.id,
    ]);
    expect(await unsyncedCount(device)).toBe(0);
    expect(await device.db.visits.get(guilty?.recordId ?? '')).toMatchObject({
      syncState: 'rejected',
      rejection: {
        code: 'invalid_field',
        message: 'purpose must be one of the five',
        field: 'mutations[2].fields.purpose',
      },
    });
    expect((await device.db.visits.get(first?.recordId ?? ''))?.syncState).toBe('synced');
    expect((await device.db.visits.get(third?.recordId ?? ''))?.syncState).toBe('synced');
    expect((await device.db.households.get(household.id))?.syncState).toBe('synced');
    expect(await device.db.notices.toArray()).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        recordId: guilty?.recordId,
        reason: expect.objectContaining({ code: 'invalid_field' }),
      }),
    ]);
  });

  it('names mutations[1].fields.purpose: only that visit is rejected', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    await pushOutbox(device, fakeServer(acceptAll));
    const visits = [];
    for (const purpose of ['contact', 'sentiment', 'service'] as const) {
      visits.push(await logVisit(device, household, VISITOR_ID, { purpose, needs: [] }));
    }
    const server = fakeServer((request, call) => {
      if (call === 1) throw new ServerError(422, 'invalid_field', 'bad purpose', 'mutations[1].fields.purpose');
      return acceptAll(request);
    });

    await pushOutbox(device, server);

    expect(server.requests[1]?.mutations.map((mutation) => mutation.recordId)).toEqual([visits[0]?.id, visits[2]?.id]);
    expect((await device.db.visits.get(visits[1]?.id ?? ''))?.syncState).toBe('rejected');
    expect((await device.db.visits.get(visits[0]?.id ?? ''))?.syncState).toBe('synced');
    expect((await device.db.visits.get(visits[2]?.id ?? ''))?.syncState).toBe('synced');
    expect(await unsyncedCount(device)).toBe(0);
  });

  it('keeps everything in the outbox when the refusal is clock_skew, even if it names a mutation', async () => {
    const device = newDevice(() => T0);
    await workerWithVisits(device);
    const before = await outboxIds(device);
    const server = fakeServer(() => {
      throw new ServerError(422, 'clock_skew', 'the device clock is 30 minutes ahead', 'mutations[1].hlc');
    });

    await expect(pushOutbox(device, server)).rejects.toMatchObject({ code: 'clock_skew' });

    expect(server.requests).toHaveLength(1);
    expect(await outboxIds(device)).toEqual(before);
    expect(await device.db.notices.count()).toBe(0);
    expect(await device.db.visits.filter((visit) => visit.syncState !== 'pending').count()).toBe(0);
  });

  it('keeps everything when a 422 names no mutation', async () => {
    const device = newDevice(() => T0);
    await workerWithVisits(device);
    const before = await outboxIds(device);
    const server = fakeServer(() => {
      throw new ServerError(422, 'invalid_request', 'mutations must be an array', 'mutations');
    });

    await expect(pushOutbox(device, server)).rejects.toBeInstanceOf(ServerError);
    expect(await outboxIds(device)).toEqual(before);
  });
});

describe('an answer that does not match the batch', () => {
  it('settles nothing', async () => {
    const device = newDevice(() => T0);
    await workerWithVisits(device);
    const before = await outboxIds(device);
    const server = fakeServer((request) => ({
      results: request.mutations.map((mutation, index) => ({
        id: index === 2 ? '018f0000-0000-7000-8000-00000000dead' : mutation.id,
        status: 'accepted' as const,
      })),
    }));

    await expect(pushOutbox(device, server)).rejects.toThrow('different batch');
    expect(await outboxIds(device)).toEqual(before);
  });
});

describe('a record with two pending mutations', () => {
  it('stays pending when only the first was answered', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device, 0);
    const neighbour = await storeHousehold(device, 1);
    // Fill the first batch so that the household's second edit falls into the next one.
    for (let i = 2; i < PUSH_BATCH; i++)
      await updateRecord(device, 'households', neighbour.id, { memberCount: i % 40 });
    await updateRecord(device, 'households', household.id, { phone: '13912345678' });
    expect(await unsyncedCount(device)).toBe(PUSH_BATCH + 1);
    const last = (await device.db.outbox.orderBy('seq').last()) as OutboxEntry;
    expect(last.recordId).toBe(household.id);

    const server = fakeServer((request, call) => {
      if (call === 1) return acceptAll(request);
      throw new OfflineError();
    });

    await expect(pushOutbox(device, server)).rejects.toBeInstanceOf(OfflineError);

    expect(server.requests[0]?.mutations).toHaveLength(PUSH_BATCH);
    expect(server.requests[0]?.mutations[0]?.recordId).toBe(household.id);
    expect(await outboxIds(device)).toEqual([last.id]);
    expect((await device.db.households.get(household.id))?.syncState).toBe('pending');
    expect((await device.db.households.get(neighbour.id))?.syncState).toBe('synced');
  });

  it('stays pending when the user edits it again while the push is on its way', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    let secondEdit: string | undefined;
    const server = fakeServer((request, call) => {
      if (call > 1) throw new OfflineError();
      return acceptAll(request);
    });
    const editingTransport: Transport = {
      ...server,
      async push(request) {
        secondEdit ??= (await updateRecord(device, 'households', household.id, { notes: '又改了' })).updatedAt;
        return server.push(request);
      },
    };

    await expect(pushOutbox(device, editingTransport)).rejects.toBeInstanceOf(OfflineError);

    expect(server.requests[0]?.mutations).toHaveLength(1);
    expect((await device.db.outbox.toArray()).map((entry) => entry.hlc)).toEqual([secondEdit]);
    expect((await device.db.households.get(household.id))?.syncState).toBe('pending');
  });
});
