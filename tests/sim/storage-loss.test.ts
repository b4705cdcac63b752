/**
 * When a phone's storage fails. Its unsynced visits, saved to an outbox file, are read on another
 * phone signed in as the same user and reach the server once each, however often the file is read
 * or the first phone also sends some. And a phone whose IndexedDB was wiped signs in again,
 * pulls, and has everything it had sent: only what it had not sent is gone.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridworkDatabase } from '../../src/db/database.ts';
import { exportOutbox, importOutbox, OutboxFileError } from '../../src/db/outbox-file.ts';
import { adoptDevice } from '../../src/db/ownership.ts';
import { keepPhoto } from '../../src/db/photos.ts';
import { logVisit } from '../../src/db/visits.ts';
import type { Device } from '../../src/db/write.ts';
import { syncOnce } from '../../src/sync/sync-once.ts';
import { httpTransport } from '../../src/sync/transport.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';

function transportFor(server: TestServer, client: ApiClient) {
  return httpTransport(server.url, (url, init) =>
    fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: client.sessionCookie() } }),
  );
}

async function phone(name: string, deviceId: string, client: ApiClient, server: TestServer) {
  const user = await client.login('worker05');
  const device: Device = { db: new GridworkDatabase(`${name}-${Date.now()}`), deviceId };
  expect(await adoptDevice(device, user)).toBe('ok');
  const transport = transportFor(server, client);
  expect(await syncOnce(device, transport)).toMatchObject({ ok: true });
  return { device, transport, user };
}

function serverRows(server: TestServer, table: string) {
  return server.db.selectFrom('records').select('id').where('tbl', '=', table).execute();
}

describe('a phone whose storage is failing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seeded: true });
  });
  afterAll(() => server.stop());

  it('carries its unsynced visits and photos to another phone in a file, each reaching the server once', async () => {
    // What the server held before (the demo's visits and photo): the phones' must come on top, once.
    const visitsBefore = new Set((await serverRows(server, 'visits')).map((row) => row.id));
    const blobsBefore = new Set((await server.db.selectFrom('blobs').select('hash').execute()).map((row) => row.hash));
    const old = await phone('old-phone', '0000000000000a01', new ApiClient(server.url), server);
    const households = await old.device.db.households.limit(4).toArray();
    const photo = await keepPhoto(old.device, new Blob(['\xff\xd8 stairwell \xff\xd9'], { type: 'image/jpeg' }));
    const visits = [];
    for (const [index, household] of households.entries()) {
      visits.push(
        await logVisit(old.device, household, old.user.id, {
          purpose: 'contact',
          needs: [],
          ...(index === 0 ? { photoHashes: [photo] } : {}),
        }),
      );
    }
    const file = JSON.parse(JSON.stringify(await exportOutbox(old.device)));
    expect(file.entries).toHaveLength(4);
    expect(file.photos).toHaveLength(1);

    const other = await phone('new-phone', '0000000000000b02', new ApiClient(server.url), server);
    expect(await importOutbox(other.device, file, other.user.id)).toBe(4);
    // Read twice by mistake: nothing new.
    expect(await importOutbox(other.device, file, other.user.id)).toBe(0);
    expect(await other.device.db.outbox.count()).toBe(4);
    expect(await syncOnce(other.device, other.transport)).toMatchObject({ ok: true, pushed: 4 });
    // The old phone comes back to life and sends the same visits too.
    expect(await syncOnce(old.device, old.transport)).toMatchObject({ ok: true, pushed: 4 });

    const onServer = (await serverRows(server, 'visits')).filter((row) => !visitsBefore.has(row.id));
    expect(onServer.map((row) => row.id).sort()).toEqual(visits.map((visit) => visit.id).sort());
    const stored = (await server.db.selectFrom('blobs').select('hash').execute()).filter(
      (row) => !blobsBefore.has(row.hash),
    );
    expect(stored.map((row) => row.hash)).toEqual([photo]);
    expect(await other.device.db.visits.count()).toBeGreaterThanOrEqual(4);
  });

  it('refuses a file of another user’s changes', async () => {
    const mine = await phone('mine', '0000000000000c03', new ApiClient(server.url), server);
    const file = { ...(await exportOutbox(mine.device)), userId: 'someone-else' };
    await expect(importOutbox(mine.device, file, mine.user.id)).rejects.toBeInstanceOf(OutboxFileError);
    await expect(importOutbox(mine.device, { format: 'x' }, mine.user.id)).rejects.toBeInstanceOf(OutboxFileError);
  });

  it('wiped, signs in again and pulls back everything it had sent; only the unsent is gone', async () => {
    const client = new ApiClient(server.url);
    const first = await phone('wiped', '0000000000000d04', client, server);
    const households = await first.device.db.households.limit(3).toArray();
    const sent = await logVisit(first.device, households[0] as never, first.user.id, { purpose: 'policy', needs: [] });
    await logVisit(first.device, households[1] as never, first.user.id, { purpose: 'service', needs: [] });
    expect(await syncOnce(first.device, first.transport)).toMatchObject({ ok: true });
    const unsent = await logVisit(first.device, households[2] as never, first.user.id, {
      purpose: 'contact',
      needs: [],
    });
    const acknowledged = await first.device.db.visits.filter((visit) => visit.syncState === 'synced').primaryKeys();
    expect(acknowledged).toContain(sent.id);

    // The browser clears the app's storage.
    first.device.db.close();
    await first.device.db.delete();
    const again = await phone('wiped-again', '0000000000000d04', client, server);
    const visits = await again.device.db.visits.toCollection().primaryKeys();
    for (const id of acknowledged) expect(visits).toContain(id);
    expect(visits).not.toContain(unsent.id);
    expect(await again.device.db.households.count()).toBe(60);
  });
});
