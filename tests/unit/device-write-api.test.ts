import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseHlc } from '../../shared/hlc.ts';
import { unsyncedCount } from '../../src/db/outbox.ts';
import { logVisit } from '../../src/db/visits.ts';
import { deleteRecord, updateRecord, WriteError, writeChanges } from '../../src/db/write.ts';
import {
  createHousehold,
  DEVICE_ID,
  demoHousehold,
  newDevice,
  storeHousehold,
  storePlaces,
  T0,
  VISITOR_ID,
} from './demo-fixtures.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function writeErrorCode(write: Promise<unknown>): Promise<string | undefined> {
  try {
    await write;
  } catch (error) {
    if (error instanceof WriteError) return error.code;
    throw error;
  }
  return undefined;
}

describe('a grid worker edits a household on the device', () => {
  it('stores the record and exactly one outbox mutation carrying the same stamp', async () => {
    const device = newDevice(() => T0);
    const { id, content, placeIds } = demoHousehold(0);
    await storePlaces(device);
    const stored = await createHousehold(device, 0);

    const record = await device.db.households.get(id);
    expect(record).toEqual(stored);
    expect(record).toMatchObject({ ...content, ...placeIds, id, syncState: 'pending' });
    expect(parseHlc(record?.updatedAt ?? '')).toEqual({ millis: T0, counter: 0, node: DEVICE_ID });

    const outbox = await device.db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    const [mutation] = outbox;
    expect(mutation?.id).toMatch(UUID_V7);
    expect(mutation).toMatchObject({
      table: 'households',
      recordId: id,
      op: 'put',
      fields: content,
      hlc: record?.updatedAt,
    });
  });

  it('sends only the changed fields when an existing household is edited', async () => {
    const device = newDevice();
    const household = await storeHousehold(device);
    const edited = await updateRecord(device, 'households', household.id, { phone: '13912345678' });

    expect(edited.phone).toBe('13912345678');
    expect(edited.headName).toBe(household.headName);
    const last = await device.db.outbox.orderBy('seq').last();
    expect(last).toMatchObject({ op: 'put', fields: { phone: '13912345678' }, hlc: edited.updatedAt });
  });

  it('writes neither the record nor the clock when the outbox write fails', async () => {
    const device = newDevice();
    device.db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    await storePlaces(device);

    await expect(createHousehold(device, 0)).rejects.toThrow('disk full');
    expect(await device.db.households.count()).toBe(0);
    expect(await device.db.outbox.count()).toBe(0);
    expect(await device.db.syncMeta.get('clock')).toBeUndefined();
  });

  it('writes no outbox mutation when the record write fails', async () => {
    const device = newDevice();
    device.db.households.hook('creating', () => {
      throw new Error('disk full');
    });
    await storePlaces(device);

    await expect(createHousehold(device, 0)).rejects.toThrow('disk full');
    expect(await device.db.outbox.count()).toBe(0);
    expect(await device.db.households.count()).toBe(0);
  });

  it('refuses to edit a household it never had, writing nothing', async () => {
    const device = newDevice();
    const { id } = demoHousehold(0);
    expect(await writeErrorCode(updateRecord(device, 'households', id, { phone: '13912345678' }))).toBe('not_found');
    expect(await device.db.households.count()).toBe(0);
    expect(await unsyncedCount(device)).toBe(0);
  });
});

describe('a household is deleted on the device', () => {
  it('leaves a tombstone and a delete mutation with the tombstone stamp', async () => {
    const device = newDevice();
    const household = await storeHousehold(device);
    await deleteRecord(device, 'households', household.id);

    const tombstone = await device.db.households.get(household.id);
    expect(tombstone).toMatchObject({ id: household.id, deleted: true, syncState: 'pending' });
    expect((tombstone?.updatedAt ?? '') > household.updatedAt).toBe(true);

    const mutation = await device.db.outbox.orderBy('seq').last();
    expect(mutation?.id).toMatch(UUID_V7);
    expect(mutation).toMatchObject({
      table: 'households',
      recordId: household.id,
      op: 'delete',
      hlc: tombstone?.updatedAt,
    });
    expect(mutation?.fields).toBeUndefined();
  });

  it('refuses later edits of the deleted household', async () => {
    const device = newDevice();
    const household = await storeHousehold(device);
    await deleteRecord(device, 'households', household.id);

    expect(await writeErrorCode(updateRecord(device, 'households', household.id, { phone: '13912345678' }))).toBe(
      'deleted',
    );
    expect(await unsyncedCount(device)).toBe(2);
  });

  it('refuses to delete what the device does not have', async () => {
    const device = newDevice();
    expect(await writeErrorCode(deleteRecord(device, 'households', demoHousehold(0).id))).toBe('not_found');
    expect(await unsyncedCount(device)).toBe(0);
  });
});

describe('visits are append-only', () => {
  it('refuses a second write of a logged visit and writes nothing', async () => {
    const device = newDevice();
    const household = await storeHousehold(device);
    const visit = await logVisit(device, household, VISITOR_ID, { purpose: 'sentiment', needs: [] });
    const before = await device.db.outbox.count();

    expect(await writeErrorCode(updateRecord(device, 'visits', visit.id, { note: '改一下' }))).toBe('append_only');
    expect(await device.db.visits.get(visit.id)).toEqual(visit);
    expect(await device.db.outbox.count()).toBe(before);
  });

  it('refuses to delete a logged visit', async () => {
    const device = newDevice();
    const household = await storeHousehold(device);
    const visit = await logVisit(device, household, VISITOR_ID, { purpose: 'contact', needs: [] });

    expect(await writeErrorCode(deleteRecord(device, 'visits', visit.id))).toBe('append_only');
    expect((await device.db.visits.get(visit.id))?.deleted).toBeUndefined();
    expect(await unsyncedCount(device)).toBe(2);
  });

  it("files the visit under the household's place with the device's time", async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const visit = await logVisit(device, household, VISITOR_ID, { purpose: 'policy', needs: [] });

    expect(visit).toMatchObject({
      householdId: household.id,
      visitorId: VISITOR_ID,
      visitedAt: new Date(T0).toISOString(),
      communityId: household.communityId,
      buildingId: household.buildingId,
      gridId: household.gridId,
    });
  });
});

describe('a visit that confirms a change of care tags', () => {
  it('writes the visit AND the household tags in one transaction, each with its outbox mutation', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const visit = await logVisit(device, household, VISITOR_ID, {
      purpose: 'sentiment',
      needs: [],
      tags: ['elderly_alone', 'disabled'],
    });

    expect((await device.db.households.get(household.id))?.tags).toEqual(['elderly_alone', 'disabled']);
    expect(await device.db.visits.get(visit.id)).toMatchObject({ tags: ['elderly_alone', 'disabled'] });
    const outbox = await device.db.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => [entry.table, entry.recordId])).toEqual([
      ['households', household.id],
      ['visits', visit.id],
      ['households', household.id],
    ]);
    // Care tags travel as what changed, so another device's edit of other tags survives.
    expect(outbox[2]?.fields).toEqual({
      tags: {
        add: ['elderly_alone', 'disabled'].filter((tag) => !household.tags.includes(tag as never)),
        remove: household.tags.filter((tag) => tag !== 'elderly_alone' && tag !== 'disabled'),
      },
    });
  });

  it('killed between the visit and the tag change, leaves neither', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const before = { outbox: await device.db.outbox.count(), clock: await device.db.syncMeta.get('clock') };
    // The tab dies after the visit is written and before the household's tags are: the
    // transaction aborts, and IndexedDB must roll the visit back with it.
    device.db.households.hook('updating', () => {
      throw new Error('tab killed');
    });

    await expect(
      logVisit(device, household, VISITOR_ID, { purpose: 'sentiment', needs: [], tags: ['elderly_alone'] }),
    ).rejects.toThrow('tab killed');

    expect(await device.db.visits.count()).toBe(0);
    expect((await device.db.households.get(household.id))?.tags).toEqual(household.tags);
    expect(await device.db.outbox.count()).toBe(before.outbox);
    expect(await device.db.syncMeta.get('clock')).toEqual(before.clock);
  });

  it('with the tags unchanged, writes the visit alone', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    await logVisit(device, household, VISITOR_ID, { purpose: 'contact', needs: [], tags: [...household.tags] });
    expect((await device.db.outbox.toArray()).map((entry) => entry.table)).toEqual(['households', 'visits']);
  });
});

describe('a form saved past a limit', () => {
  it('is refused before anything is written, naming the field and the limit from the table descriptor', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const before = await device.db.outbox.count();
    const failure = await logVisit(device, household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      note: '很'.repeat(2001),
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WriteError);
    expect((failure as WriteError).code).toBe('invalid');
    expect((failure as WriteError).problems).toEqual([{ field: 'note', kind: 'too_long', limit: 2000 }]);
    expect(await device.db.visits.count()).toBe(0);
    expect(await device.db.outbox.count()).toBe(before);
  });

  it('names a missing purpose as required', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const failure = (await logVisit(device, household, VISITOR_ID, {
      needs: [],
    } as unknown as Parameters<typeof logVisit>[3]).catch((error: unknown) => error)) as WriteError;
    expect(failure.problems).toEqual([{ field: 'purpose', kind: 'required' }]);
  });
});

describe('the device clock', () => {
  it('stamps successive writes in strictly increasing order even when the wall clock goes backwards', async () => {
    const wall = [T0, T0 - 60_000, T0 - 60_000, T0 - 3_600_000, T0, T0 + 1];
    let call = 0;
    const device = newDevice(() => wall[Math.min(call++, wall.length - 1)] as number);
    const household = await storeHousehold(device);
    const stamps = [household.updatedAt];
    for (let i = 1; i < wall.length; i++) {
      stamps.push((await updateRecord(device, 'households', household.id, { memberCount: i })).updatedAt);
    }

    for (let i = 1; i < stamps.length; i++) {
      expect((stamps[i] as string) > (stamps[i - 1] as string), `${stamps[i]} after ${stamps[i - 1]}`).toBe(true);
    }
    expect(stamps.every((hlc) => parseHlc(hlc)?.node === DEVICE_ID)).toBe(true);
    const outboxStamps = (await device.db.outbox.orderBy('seq').toArray()).map((entry) => entry.hlc);
    expect(outboxStamps).toEqual(stamps);
  });
});

describe('the unsynced count', () => {
  it('counts every change not yet acknowledged by the server', async () => {
    const device = newDevice();
    expect(await unsyncedCount(device)).toBe(0);
    const first = await storeHousehold(device, 0);
    await storeHousehold(device, 1);
    await updateRecord(device, 'households', first.id, { notes: '独居' });
    expect(await unsyncedCount(device)).toBe(3);
    await deleteRecord(device, 'households', first.id);
    expect(await unsyncedCount(device)).toBe(4);
  });
});

describe('two edits at once on one device', () => {
  it('both land, each with its own stamp, neither overwriting the other', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);

    const [phoneEdit, notesEdit] = await Promise.all([
      updateRecord(device, 'households', household.id, { phone: '13912345678' }),
      updateRecord(device, 'households', household.id, { notes: '子女在外地' }),
    ]);

    expect(phoneEdit.updatedAt).not.toBe(notesEdit.updatedAt);
    const record = await device.db.households.get(household.id);
    expect(record).toMatchObject({ phone: '13912345678', notes: '子女在外地' });
    expect(record?.updatedAt).toBe([phoneEdit.updatedAt, notesEdit.updatedAt].sort()[1]);
    const stamps = (await device.db.outbox.toArray()).map((entry) => entry.hlc);
    expect(new Set(stamps).size).toBe(3);
  });
});

describe('one action of several changes', () => {
  it('reads in each change what the earlier changes of the same action wrote', async () => {
    const device = newDevice(() => T0);
    const household = await storeHousehold(device);
    const before = await device.db.outbox.count();

    // The records an action reads are asked for before its first change: the second edit must
    // still build on the first, not on the household as it was before the action.
    const [first, second] = await writeChanges(device, [
      { op: 'update', table: 'households', recordId: household.id, fields: { phone: '13912345678' } },
      { op: 'update', table: 'households', recordId: household.id, fields: { notes: '子女在外地' } },
    ]);

    const record = await device.db.households.get(household.id);
    expect(record).toMatchObject({ phone: '13912345678', notes: '子女在外地', updatedAt: second?.updatedAt });
    expect((first?.updatedAt ?? '') < (second?.updatedAt ?? '')).toBe(true);
    const entries = (await device.db.outbox.toArray()).slice(before);
    expect(entries.map((entry) => entry.fields)).toEqual([{ phone: '13912345678' }, { notes: '子女在外地' }]);
    expect(await device.db.syncMeta.get('clock')).toMatchObject({ value: second?.updatedAt });
  });
});
