/**
 * A micro-wish over HTTP, as its phones send it: recorded with the visit it was heard on; two
 * claims made offline at once on two phones, of which the server keeps the first it accepts
 * (whatever their stamps) and refuses the other `already_claimed`; fulfilled only with a note and
 * a photo, by whoever recorded the claim; confirmed by the grid worker on the resident's word;
 * and never moved by a put of its state.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRecord } from '../../server/sync/records.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  Device,
  householdsInBuilding,
  partnersOfDemo,
  pullAll,
  visitFields,
  wishEventFields,
  wishFields,
} from './support.ts';

const worker = account('worker01');
const lead = account('lead01');
const otherLead = account('lead05');
const [householdId, secondHousehold] = householdsInBuilding(lead.place.id) as [string, string];
const unit = partnersOfDemo()[0] as { id: string };
const PHOTO = 'ab'.repeat(32);

type Who = 'worker' | 'lead' | 'otherLead' | 'supervisor';

describe('a micro-wish, claimed once', () => {
  let server: TestServer;
  const clients = {} as Record<Who, ApiClient>;
  const phones = {} as Record<Who, Device>;
  const ids: Record<Who, string> = {
    worker: worker.id,
    lead: lead.id,
    otherLead: otherLead.id,
    supervisor: account('supervisor').id,
  };

  beforeAll(async () => {
    server = await startServer();
    const logins: [Who, string][] = [
      ['worker', 'worker01'],
      ['lead', 'lead01'],
      ['otherLead', 'lead05'],
      ['supervisor', 'supervisor'],
    ];
    for (const [who, username] of logins) {
      clients[who] = new ApiClient(server.url);
      await clients[who].login(username);
      phones[who] = new Device();
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function push(who: Who, mutations: unknown[]): Promise<JsonBody[]> {
    const response = await phones[who].push(clients[who], mutations);
    expect(response.status).toBe(200);
    return response.body.results;
  }

  function step(who: Who, wishId: string, action: string, extra: Record<string, unknown> = {}, hlc?: string) {
    return phones[who].put('wishEvents', uuidv7(), wishEventFields(wishId, ids[who], action, extra), hlc);
  }

  async function newWish(onHousehold = householdId): Promise<string> {
    const visitId = uuidv7();
    const wishId = uuidv7();
    const results = await push('worker', [
      phones.worker.put('visits', visitId, visitFields(onHousehold, worker.id)),
      phones.worker.put('wishes', wishId, wishFields(onHousehold, worker.id, { visitId })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    return wishId;
  }

  const wishOnServer = async (id: string) => (await getRecord(server.db, 'wishes', id))?.data;

  it('is filed with the visit it was heard on, under the household, and reaches the building lead', async () => {
    const wishId = await newWish();
    const stored = await getRecord(server.db, 'wishes', wishId);
    expect(stored?.placeIds).toMatchObject({ buildingId: lead.place.id, gridId: worker.place.id });
    const pulled = await pullAll(clients.lead);
    expect(pulled.changes.some((change) => change.recordId === wishId)).toBe(true);
    const elsewhere = await pullAll(clients.otherLead);
    expect(elsewhere.changes.some((change) => change.recordId === wishId)).toBe(false);
  });

  it('keeps the first of two offline claims the server accepts and refuses the other in its own code', async () => {
    const wishId = await newWish();
    // Both phones are offline; the worker's claim is stamped first, the lead's a minute later.
    const workerClaim = step('worker', wishId, 'claim', { claimantKind: 'partner', claimantId: unit.id });
    const leadClaim = step(
      'lead',
      wishId,
      'claim',
      { claimantKind: 'partner', claimantId: unit.id },
      phones.lead.hlc(60_000),
    );
    // The lead's phone finds a signal first: acceptance order decides, not the stamps.
    expect((await push('lead', [leadClaim]))[0]).toMatchObject({ status: 'accepted' });
    const [lost] = await push('worker', [workerClaim]);
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'already_claimed', field: 'fields.action' } });
    expect(await wishOnServer(wishId)).toMatchObject({
      status: 'claimed',
      claimantKind: 'partner',
      claimantId: unit.id,
      claimedBy: lead.id,
    });
    // The refused claim left no event behind, and a resend gets the same answer.
    expect(await getRecord(server.db, 'wishEvents', workerClaim.recordId)).toBeNull();
    expect((await push('worker', [workerClaim]))[0]).toEqual(lost);
    // Both phones pull the claim the server kept.
    const pulled = await pullAll(clients.worker);
    const wish = pulled.changes.filter((change) => change.recordId === wishId).at(-1);
    expect(wish?.record).toMatchObject({ status: 'claimed', claimedBy: lead.id });
  });

  it('is fulfilled only with a note and a photo, by whoever recorded the claim, and confirmed by the worker', async () => {
    const wishId = await newWish();
    expect(
      (await push('lead', [step('lead', wishId, 'claim', { claimantKind: 'partner', claimantId: unit.id })]))[0].status,
    ).toBe('accepted');
    const refused = await push('lead', [
      step('lead', wishId, 'fulfil', { photoHashes: [PHOTO] }),
      step('lead', wishId, 'fulfil', { note: '   ', photoHashes: [PHOTO] }),
      step('lead', wishId, 'fulfil', { note: '已送到家中' }),
      step('lead', wishId, 'fulfil', { note: '已送到家中', photoHashes: [] }),
    ]);
    expect(refused.map((r) => [r.reason?.code, r.reason?.field])).toEqual([
      ['incomplete', 'fields.note'],
      ['incomplete', 'fields.note'],
      ['incomplete', 'fields.photoHashes'],
      ['incomplete', 'fields.photoHashes'],
    ]);
    // The worker did not record the claim: they may not fulfil it, nor may the lead confirm it.
    const [byWorker] = await push('worker', [
      step('worker', wishId, 'fulfil', { note: '已送到', photoHashes: [PHOTO] }),
    ]);
    expect(byWorker).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    const fulfilledAt = '2026-11-20T07:00:00.000Z';
    const [fulfilled] = await push('lead', [
      step('lead', wishId, 'fulfil', { note: '已送到家中', photoHashes: [PHOTO], at: fulfilledAt }),
    ]);
    expect(fulfilled.status).toBe('accepted');
    expect(await wishOnServer(wishId)).toMatchObject({ status: 'fulfilled', fulfilledAt });
    const [confirmByLead] = await push('lead', [step('lead', wishId, 'confirm')]);
    expect(confirmByLead).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    const closedAt = '2026-11-21T02:00:00.000Z';
    expect(
      (await push('worker', [step('worker', wishId, 'confirm', { note: '居民很满意', at: closedAt })]))[0].status,
    ).toBe('accepted');
    expect(await wishOnServer(wishId)).toMatchObject({ status: 'closed', closedAt });
    // Done is done: another claim is told it came too late, a second confirmation is no step.
    const late = await push('supervisor', [
      step('supervisor', wishId, 'claim', { claimantKind: 'partner', claimantId: unit.id }),
      step('supervisor', wishId, 'confirm'),
    ]);
    expect(late.map((r) => r.reason?.code)).toEqual(['already_claimed', 'illegal_transition']);
    // The fulfilment's photo may be read by whoever sees the wish.
    const photoRefs = await server.db.selectFrom('blob_refs').selectAll().where('hash', '=', PHOTO).execute();
    expect(photoRefs.map((ref) => ref.tbl)).toEqual(['wishEvents']);
  });

  it('is let go by its claimant only, and can then be claimed again', async () => {
    const wishId = await newWish(secondHousehold);
    await push('lead', [step('lead', wishId, 'claim', { claimantKind: 'partner', claimantId: unit.id })]);
    const [notTheirs] = await push('worker', [step('worker', wishId, 'release', { note: '联系不上' })]);
    expect(notTheirs).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    expect((await push('lead', [step('lead', wishId, 'release', { note: '单位这个月没空' })]))[0].status).toBe(
      'accepted',
    );
    expect(await wishOnServer(wishId)).toMatchObject({ status: 'open', claimantId: null, claimedBy: null });
    const member = (
      await server.db
        .selectFrom('records')
        .select('id')
        .where('tbl', '=', 'partyMembers')
        .where('building_id', '=', lead.place.id)
        .executeTakeFirstOrThrow()
    ).id;
    const [reclaimed] = await push('worker', [
      step('worker', wishId, 'claim', { claimantKind: 'member', claimantId: member }),
    ]);
    expect(reclaimed.status).toBe('accepted');
    expect(await wishOnServer(wishId)).toMatchObject({
      status: 'claimed',
      claimantKind: 'member',
      claimedBy: worker.id,
    });
  });

  it('refuses a claim for nobody, a put of its state, and a claim from outside its building', async () => {
    const wishId = await newWish();
    const refused = await push('worker', [
      step('worker', wishId, 'claim', { claimantKind: 'member', claimantId: unit.id }),
      step('worker', wishId, 'claim', { claimantKind: 'partner', claimantId: uuidv7() }),
      step('worker', wishId, 'claim'),
      phones.worker.put('wishes', wishId, { status: 'closed' }),
      phones.worker.put('wishes', uuidv7(), wishFields(householdId, worker.id, { status: 'claimed' })),
    ]);
    expect(refused.map((r) => r.reason?.code)).toEqual([
      'unknown_claimant',
      'unknown_claimant',
      'incomplete',
      'status_by_event',
      'status_by_event',
    ]);
    const [outside] = await push('otherLead', [
      step('otherLead', wishId, 'claim', { claimantKind: 'partner', claimantId: unit.id }),
    ]);
    expect(outside).toMatchObject({ status: 'rejected', reason: { code: 'out_of_scope' } });
    const untouched = await wishOnServer(wishId);
    expect(untouched).toMatchObject({ status: 'open' });
    expect(untouched?.claimantId ?? null).toBeNull();
  });
});
