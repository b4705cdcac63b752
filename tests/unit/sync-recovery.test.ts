/**
 * How the device recovers when the server cannot take a push as it is: a clock that ran ahead,
 * a batch too large, a refusal followed by an accepted edit, a session that belongs to someone
 * else, and a sign-in by another user or at another place.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { formatHlc, MAX_CLOCK_SKEW_MS, parseHlc } from '../../shared/hlc.ts';
import type { Change, PushRequest, PushResponse, SessionUser } from '../../shared/sync-messages.ts';
import { readState, writeState } from '../../src/db/device-state.ts';
import { adoptDevice } from '../../src/db/ownership.ts';
import { logVisit } from '../../src/db/visits.ts';
import { updateRecord } from '../../src/db/write.ts';
import { pushOutbox } from '../../src/sync/push-outbox.ts';
import { syncOnce } from '../../src/sync/sync-once.ts';
import { ServerError, type Transport } from '../../src/sync/transport.ts';
import { newDevice, serverHousehold, storeHousehold, T0, VISITOR_ID } from './demo-fixtures.ts';

function acceptAll(request: PushRequest): PushResponse {
  return { results: request.mutations.map((mutation) => ({ id: mutation.id, status: 'accepted' as const })) };
}

const emptyPull = async () => ({ changes: [], cursor: '0', hasMore: false });

function user(id: string, placeId = 'grid-1'): SessionUser {
  return { id, username: id, displayName: id, role: 'grid_worker', place: { level: 'grid', id: placeId } };
}

describe('a device clock that ran a day ahead', () => {
  it('has its outbox stamped again from the server clock and pushed, nothing dropped', async () => {
    const serverTime = T0;
    const device = newDevice(() => T0 + 24 * 3600 * 1000);
    const household = await storeHousehold(device);
    await logVisit(device, household, VISITOR_ID, { purpose: 'contact', needs: [] });
    const sent: PushRequest[] = [];
    const server: Transport = {
      async push(request) {
        sent.push(request);
        const ahead = request.mutations.find((m) => (parseHlc(m.hlc)?.millis ?? 0) > serverTime + MAX_CLOCK_SKEW_MS);
        if (ahead)
          throw new ServerError(422, 'clock_skew', 'the device clock is ahead', 'mutations[0].hlc', serverTime);
        return acceptAll(request);
      },
      pull: emptyPull,
    };

    expect(await pushOutbox(device, server)).toBe(2);

    expect(sent).toHaveLength(2);
    expect(sent[1]?.mutations.map((m) => m.id)).toEqual(sent[0]?.mutations.map((m) => m.id));
    for (const mutation of sent[1]?.mutations ?? []) {
      expect(parseHlc(mutation.hlc)?.millis).toBeLessThanOrEqual(serverTime + MAX_CLOCK_SKEW_MS);
    }
    expect(await device.db.outbox.count()).toBe(0);
  });
});

describe('a batch over the server size limit', () => {
  it('is sent again in halves until it fits, and a single oversized mutation is refused alone', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    for (let i = 0; i < 4; i++) await logVisit(device, household, VISITOR_ID, { purpose: 'contact', needs: [] });
    const hugeNote = 'x'.repeat(1000);
    await updateRecord(device, 'households', household.id, { notes: hugeNote });
    const sizes: number[] = [];
    const server: Transport = {
      async push(request) {
        sizes.push(request.mutations.length);
        if (request.mutations.length > 2 || JSON.stringify(request).includes(hugeNote)) {
          throw new ServerError(413, 'too_large', 'over 5 MB');
        }
        return acceptAll(request);
      },
      pull: emptyPull,
    };

    expect(await pushOutbox(device, server)).toBe(5);

    expect(sizes[0]).toBe(6);
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(3);
    expect(await device.db.outbox.count()).toBe(0);
    const notices = await device.db.notices.toArray();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'rejected', reason: { code: 'too_large' } });
  });
});

describe('a refused edit followed by an accepted one in the same batch', () => {
  it('leaves the record synced and keeps the refusal as a notice', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    await updateRecord(device, 'households', household.id, { memberCount: 3 });
    await updateRecord(device, 'households', household.id, { memberCount: 4 });
    const server: Transport = {
      async push(request) {
        return {
          results: request.mutations.map((m, i) =>
            i === 1
              ? { id: m.id, status: 'rejected' as const, reason: { code: 'out_of_scope', message: 'no' } }
              : { id: m.id, status: 'accepted' as const },
          ),
        };
      },
      pull: emptyPull,
    };
    await pushOutbox(device, server);
    expect((await device.db.households.get(household.id))?.syncState).toBe('synced');
    expect(await device.db.notices.count()).toBe(1);
  });
});

describe('a session that belongs to someone else', () => {
  it('is refused before anything is pushed; the outbox waits for its owner', async () => {
    const device = newDevice(() => T0);
    expect(await adoptDevice(device, user('alice'))).toBe('ok');
    await storeHousehold(device);
    let pushes = 0;
    const server: Transport = {
      async push(request) {
        pushes++;
        return acceptAll(request);
      },
      pull: emptyPull,
      whoAmI: async () => user('bob'),
    };
    expect(await syncOnce(device, server)).toMatchObject({ ok: false, reason: 'unauthenticated' });
    expect(pushes).toBe(0);
    expect(await device.db.outbox.count()).toBe(1);

    expect(await syncOnce(device, { ...server, whoAmI: async () => user('alice') })).toMatchObject({ ok: true });
    expect(pushes).toBe(1);
  });
});

describe('signing in on a device that holds data', () => {
  it("refuses another user while the first one's changes are unsynced", async () => {
    const device = newDevice(() => T0);
    await adoptDevice(device, user('alice'));
    await storeHousehold(device);
    expect(await adoptDevice(device, user('bob'))).toBe('other-user-unsynced');
    expect(await device.db.households.count()).toBe(1);
  });

  it('clears synced data and the cursor for a new user, or for the same user at another place', async () => {
    const device = newDevice(() => T0);
    await adoptDevice(device, user('alice', 'grid-1'));
    const household = await storeHousehold(device);
    await device.db.outbox.clear();
    await device.db.households.update(household.id, { syncState: 'synced' });
    await writeState(device.db, 'pullCursor', '42');

    expect(await adoptDevice(device, user('alice', 'grid-1'))).toBe('ok');
    expect(await device.db.households.count()).toBe(1);

    expect(await adoptDevice(device, user('alice', 'grid-2'))).toBe('ok');
    expect(await device.db.households.count()).toBe(0);
    expect(await readState(device.db, 'pullCursor')).toBeUndefined();
  });
});

describe('a sync asked for while one runs', () => {
  it('runs once more after it, so a change the running one missed still arrives; a third is told busy', async () => {
    const device = newDevice(() => T0);
    expect(await adoptDevice(device, user('alice'))).toBe('ok');
    const household = await storeHousehold(device);
    // The server's log: a pull reads it from the cursor. The first pull is held open until the test
    // lets it answer, and answers what the log held when it was asked.
    const log: Change[] = [];
    let release = () => {};
    const firstPullHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pulls = 0;
    let firstPullAsked = () => {};
    const firstPullRead = new Promise<void>((resolve) => {
      firstPullAsked = resolve;
    });
    const server: Transport = {
      push: async (request) => acceptAll(request),
      pull: async (cursor) => {
        pulls++;
        const from = Number(cursor ?? 0);
        const page = log.slice(from);
        if (pulls === 1) {
          firstPullAsked();
          await firstPullHeld;
        }
        return { changes: page, cursor: String(from + page.length), hasMore: false };
      },
      whoAmI: async () => user('alice'),
    };

    const first = syncOnce(device, server);
    // Its push done, the running sync has read its page (a wait of a set time missed this moment
    // on a busy machine: the change below then landed before the page was read).
    await firstPullRead;
    // Another device's new household lands on the server after the running sync read its page.
    const hlc = formatHlc({ millis: T0 - 1000, counter: 0, node: 'fedcba9876543210' });
    const arriving = serverHousehold(1, hlc);
    log.push({ seq: 1, table: 'households', recordId: arriving.id, record: arriving, deleted: false, hlc });
    const second = syncOnce(device, server);
    const third = await syncOnce(device, server);
    expect(third).toMatchObject({ ok: false, reason: 'busy' });
    release();
    expect(await first).toMatchObject({ ok: true, pulled: 0 });
    expect(await second).toMatchObject({ ok: true, pulled: 1 });
    expect(pulls).toBe(2);
    expect((await device.db.households.get(arriving.id))?.id).toBe(arriving.id);
    expect(household.id).not.toBe(arriving.id);
  });
});
