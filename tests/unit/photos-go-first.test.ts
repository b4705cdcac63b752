/**
 * A visit's photos reach the server before the visit that names them, are kept on the phone until
 * then, and a photo the server can never take does not hold the visit back.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PushRequest } from '../../shared/sync-messages.ts';
import { keepPhoto } from '../../src/db/photos.ts';
import { logVisit } from '../../src/db/visits.ts';
import { pushOutbox } from '../../src/sync/push-outbox.ts';
import { OfflineError, ServerError, type Transport } from '../../src/sync/transport.ts';
import { newDevice, storeHousehold, T0, VISITOR_ID } from './demo-fixtures.ts';

const emptyPull = async () => ({ changes: [], cursor: '0', hasMore: false });

function photo(text: string): Blob {
  return new Blob([text], { type: 'image/jpeg' });
}

describe('photos named by a visit', () => {
  it('are uploaded before the visit is pushed, once, and kept on the phone', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const hashes = [await keepPhoto(device, photo('stairwell')), await keepPhoto(device, photo('meter'))];
    await logVisit(device, household, VISITOR_ID, { purpose: 'service', needs: [], photoHashes: hashes });
    const calls: string[] = [];
    const server: Transport = {
      async putPhoto(hash) {
        calls.push(`photo ${hash}`);
      },
      async push(request: PushRequest) {
        calls.push(`push ${request.mutations.length}`);
        return { results: request.mutations.map((m) => ({ id: m.id, status: 'accepted' as const })) };
      },
      pull: emptyPull,
    };

    await pushOutbox(device, server);
    expect(calls).toEqual([`photo ${hashes[0]}`, `photo ${hashes[1]}`, 'push 2']);
    expect(await device.db.photos.where('uploaded').equals(1).count()).toBe(2);
    // A second sync sends nothing again.
    await logVisit(device, household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      photoHashes: [hashes[0] as string],
    });
    calls.length = 0;
    await pushOutbox(device, server);
    expect(calls).toEqual(['push 1']);
  });

  it('hold the visit back while the upload fails for lack of network', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const hash = await keepPhoto(device, photo('lift'));
    await logVisit(device, household, VISITOR_ID, { purpose: 'service', needs: [], photoHashes: [hash] });
    let pushed = 0;
    const server: Transport = {
      async putPhoto() {
        throw new OfflineError();
      },
      async push(request) {
        pushed += request.mutations.length;
        return { results: [] };
      },
      pull: emptyPull,
    };

    await expect(pushOutbox(device, server)).rejects.toBeInstanceOf(OfflineError);
    expect(pushed).toBe(0);
    expect(await device.db.outbox.count()).toBe(2);
    expect((await device.db.photos.get(hash))?.uploaded).toBe(0);
  });

  it('that the server refuses for good are taken out of the visit, which then goes up, and the user is told', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const good = await keepPhoto(device, photo('ok'));
    const bad = await keepPhoto(device, photo('broken'));
    const visit = await logVisit(device, household, VISITOR_ID, {
      purpose: 'service',
      needs: [],
      photoHashes: [good, bad],
    });
    const sent: PushRequest[] = [];
    const server: Transport = {
      async putPhoto(hash) {
        if (hash === bad) throw new ServerError(415, 'unsupported_media_type', 'not a photo');
      },
      async push(request) {
        sent.push(request);
        return { results: request.mutations.map((m) => ({ id: m.id, status: 'accepted' as const })) };
      },
      pull: emptyPull,
    };

    await pushOutbox(device, server);
    const visitMutation = sent.flatMap((request) => request.mutations).find((m) => m.recordId === visit.id);
    expect(visitMutation?.fields?.photoHashes).toEqual([good]);
    expect((await device.db.visits.get(visit.id))?.photoHashes).toEqual([good]);
    expect(await device.db.photos.get(bad)).toBeUndefined();
    const notices = await device.db.notices.toArray();
    expect(notices).toContainEqual(
      expect.objectContaining({
        recordId: visit.id,
        reason: expect.objectContaining({ code: 'unsupported_media_type' }),
      }),
    );
  });
});
