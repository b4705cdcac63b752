/**
 * A grid worker's session expires while the phone is offline with visits in its outbox. The
 * sync that follows is refused (401) and drops nothing; after the next sign-in the same outbox
 * drains and every visit is on the server once.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridworkDatabase } from '../../src/db/database.ts';
import { logVisit } from '../../src/db/visits.ts';
import type { Device } from '../../src/db/write.ts';
import { syncOnce } from '../../src/sync/sync-once.ts';
import { httpTransport } from '../../src/sync/transport.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';

describe('sign-in expiry while offline', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seeded: true });
  });
  afterAll(() => server.stop());

  it('keeps the outbox through a refused sync and drains it after the next sign-in', async () => {
    const client = new ApiClient(server.url);
    const user = await client.login('worker03');
    const transport = httpTransport(server.url, (url, init) =>
      fetch(url, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), cookie: client.sessionCookie() },
      }),
    );
    const device: Device = { db: new GridworkDatabase('expiry-device'), deviceId: '00000000000e4b11' };
    expect(await syncOnce(device, transport)).toMatchObject({ ok: true });
    const households = await device.db.households.limit(3).toArray();
    expect(households).toHaveLength(3);
    const visitsBefore = new Set(
      (await server.db.selectFrom('records').select('id').where('tbl', '=', 'visits').execute()).map((row) => row.id),
    );
    const logged: string[] = [];
    for (const household of households) {
      logged.push((await logVisit(device, household, user.id, { purpose: 'contact', needs: [] })).id);
    }

    // The session runs out (here: every session of this user is removed on the server).
    await server.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    const refused = await syncOnce(device, transport);
    expect(refused).toMatchObject({ ok: false, reason: 'unauthenticated' });
    expect(await device.db.outbox.count()).toBe(3);
    expect(await device.db.visits.filter((visit) => visit.syncState === 'pending').count()).toBe(3);

    await client.login('worker03');
    expect(await syncOnce(device, transport)).toMatchObject({ ok: true, pushed: 3 });
    expect(await device.db.outbox.count()).toBe(0);
    expect((await device.db.visits.bulkGet(logged)).map((visit) => visit?.syncState)).toEqual(Array(3).fill('synced'));
    // On the server once each, beside the demo's own visits.
    const onServer = await server.db.selectFrom('records').select('id').where('tbl', '=', 'visits').execute();
    expect(
      onServer
        .map((row) => row.id)
        .filter((id) => !visitsBefore.has(id))
        .sort(),
    ).toEqual([...logged].sort());
    device.db.close();
  });
});
