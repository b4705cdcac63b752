import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import type { Change, PullResponse } from '../../shared/sync-messages.ts';
import { applyServerChanges } from '../../src/db/apply-server-changes.ts';
import { readState } from '../../src/db/device-state.ts';
import { nextOutboxBatch, settleAnswers } from '../../src/db/outbox.ts';
import { visitsOfHousehold } from '../../src/db/visits.ts';
import { type Device, deleteRecord, updateRecord } from '../../src/db/write.ts';
import { demoHousehold, newDevice, serverHousehold, T0, VISITOR_ID } from './demo-fixtures.ts';

const OTHER_PHONE = 'fedcba9876543210';

function serverStamp(offsetMs: number): string {
  return formatHlc({ millis: T0 + offsetMs, counter: 0, node: OTHER_PHONE });
}

let seq = 0;

function householdChange(index: number, hlc: string, changes: Parameters<typeof serverHousehold>[2] = {}): Change {
  return {
    seq: ++seq,
    table: 'households',
    recordId: demoHousehold(index).id,
    record: serverHousehold(index, hlc, changes),
    deleted: false,
    hlc,
  };
}

function visitChange(id: string, householdIndex: number, visitedAt: string, hlc: string): Change {
  const household = demoHousehold(householdIndex);
  return {
    seq: ++seq,
    table: 'visits',
    recordId: id,
    record: {
      id,
      householdId: household.id,
      purpose: 'contact',
      visitedAt,
      visitorId: VISITOR_ID,
      needs: [],
      ...household.placeIds,
      updatedAt: hlc,
    },
    deleted: false,
    hlc,
  };
}

function tombstone(table: Change['table'], recordId: string, hlc: string): Change {
  return { seq: ++seq, table, recordId, record: null, deleted: true, hlc };
}

function page(changes: Change[], cursor: string, hasMore = false): PullResponse {
  return { changes, cursor, hasMore };
}

async function storedCursor(device: Device): Promise<unknown> {
  return readState(device.db, 'pullCursor');
}

const VISIT_A = '018f0000-0000-7000-8000-0000000000b1';
const VISIT_B = '018f0000-0000-7000-8000-0000000000b2';

describe('a pulled page lands on the device', () => {
  it('stores every record as synced, and the cursor with them', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(
      device,
      page(
        [
          householdChange(0, serverStamp(1)),
          householdChange(1, serverStamp(2)),
          visitChange(VISIT_A, 0, '2026-11-01T02:00:00.000Z', serverStamp(3)),
          visitChange(VISIT_B, 0, '2026-11-20T02:00:00.000Z', serverStamp(4)),
        ],
        '4',
      ),
    );

    expect(await device.db.households.get(demoHousehold(0).id)).toEqual({
      ...serverHousehold(0, serverStamp(1)),
      syncState: 'synced',
    });
    expect(await device.db.households.get(demoHousehold(1).id)).toMatchObject({ syncState: 'synced' });
    expect((await visitsOfHousehold(device, demoHousehold(0).id)).map((visit) => visit.id)).toEqual([VISIT_B, VISIT_A]);
    expect(await storedCursor(device)).toBe('4');
    // Nothing pulled is mistaken for an unsynced local change.
    expect(await device.db.outbox.count()).toBe(0);
  });

  it('replaces an older synced copy with the newer one from the server', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(1))], '1'));
    await applyServerChanges(device, page([householdChange(0, serverStamp(9), { memberCount: 7 })], '2'));

    expect(await device.db.households.get(demoHousehold(0).id)).toMatchObject({
      memberCount: 7,
      updatedAt: serverStamp(9),
      syncState: 'synced',
    });
    expect(await storedCursor(device)).toBe('2');
  });

  it('moves the device clock past the pulled stamps, so a later local edit sorts after them', async () => {
    // The other phone's clock runs five minutes ahead of this one.
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(5 * 60_000))], '1'));
    const edited = await updateRecord(device, 'households', demoHousehold(0).id, { notes: '已上门' });

    expect(edited.updatedAt > serverStamp(5 * 60_000)).toBe(true);
  });
});

describe('a pulled record the device has changed but not yet pushed', () => {
  it('keeps the local values laid over the server record, and stays pending', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(1))], '1'));
    await updateRecord(device, 'households', demoHousehold(0).id, { phone: '13912345678', notes: '本机修改' });

    // Meanwhile someone else changed the head's name and the phone on the server.
    await applyServerChanges(
      device,
      page([householdChange(0, serverStamp(2), { headName: '李秀英', phone: '13000000000' })], '2'),
    );

    const record = await device.db.households.get(demoHousehold(0).id);
    expect(record).toMatchObject({
      headName: '李秀英',
      phone: '13912345678',
      notes: '本机修改',
      syncState: 'pending',
    });
    expect(await device.db.outbox.count()).toBe(1);
    expect(await storedCursor(device)).toBe('2');
  });

  it('stays deleted when the device deleted it and the server still has it', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(1))], '1'));
    await deleteRecord(device, 'households', demoHousehold(0).id);

    await applyServerChanges(device, page([householdChange(0, serverStamp(2), { memberCount: 5 })], '2'));

    expect(await device.db.households.get(demoHousehold(0).id)).toMatchObject({
      memberCount: 5,
      deleted: true,
      syncState: 'pending',
    });
  });
});

describe('a pulled tombstone', () => {
  it('deletes the local record', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(
      device,
      page([householdChange(0, serverStamp(1)), householdChange(1, serverStamp(2))], '2'),
    );

    await applyServerChanges(device, page([tombstone('households', demoHousehold(0).id, serverStamp(3))], '3'));

    expect(await device.db.households.get(demoHousehold(0).id)).toBeUndefined();
    expect(await device.db.households.get(demoHousehold(1).id)).toBeDefined();
    expect(await storedCursor(device)).toBe('3');
  });
});

describe('a page that cannot be applied completely', () => {
  it('changes neither the records nor the cursor', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(1))], '1'));
    const clockBefore = await device.db.syncMeta.get('clock');
    device.db.visits.hook('creating', () => {
      throw new Error('disk full');
    });

    // The households are written first in the page, then the visit fails.
    const failing = page(
      [
        householdChange(0, serverStamp(5), { memberCount: 9 }),
        householdChange(1, serverStamp(6)),
        visitChange(VISIT_A, 0, '2026-11-01T02:00:00.000Z', serverStamp(7)),
      ],
      '7',
    );
    await expect(applyServerChanges(device, failing)).rejects.toThrow('disk full');

    expect(await device.db.households.get(demoHousehold(0).id)).toMatchObject({
      memberCount: demoHousehold(0).content.memberCount,
      updatedAt: serverStamp(1),
    });
    expect(await device.db.households.get(demoHousehold(1).id)).toBeUndefined();
    expect(await device.db.visits.count()).toBe(0);
    expect(await storedCursor(device)).toBe('1');
    expect(await device.db.syncMeta.get('clock')).toEqual(clockBefore);
  });
});

describe('care tags edited here while the server’s copy changed', () => {
  it('lays this phone’s added and removed tags over the server’s tags, keeping the server’s other changes', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(1), { tags: ['disabled'] })], '1'));
    await updateRecord(device, 'households', demoHousehold(0).id, { tags: ['disabled', 'elderly_alone'] });

    // Meanwhile the supervisor swapped 残疾 for 低保 on the server.
    await applyServerChanges(device, page([householdChange(0, serverStamp(2), { tags: ['subsistence'] })], '2'));

    const record = await device.db.households.get(demoHousehold(0).id);
    expect(record?.tags).toEqual(['subsistence', 'elderly_alone']);
    expect(record?.syncState).toBe('pending');
  });
});

describe('a record that left the user’s place', () => {
  function left(index: number, hlc: string): Change {
    return {
      seq: ++seq,
      table: 'households',
      recordId: demoHousehold(index).id,
      record: null,
      deleted: false,
      left: true,
      hlc,
    };
  }

  it('is dropped from the device', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(
      device,
      page([householdChange(0, serverStamp(1)), householdChange(1, serverStamp(1))], '2'),
    );
    await applyServerChanges(device, page([left(0, serverStamp(3))], '3'));

    expect(await device.db.households.get(demoHousehold(0).id)).toBeUndefined();
    expect(await device.db.households.get(demoHousehold(1).id)).toBeDefined();
    expect(await storedCursor(device)).toBe('3');
  });

  it('with an edit still waiting, is hidden until the server refuses the edit, then dropped with a named notice', async () => {
    const device = newDevice(() => T0);
    await applyServerChanges(device, page([householdChange(0, serverStamp(1))], '1'));
    await updateRecord(device, 'households', demoHousehold(0).id, { notes: '在楼道里记下的' });
    await applyServerChanges(device, page([left(0, serverStamp(3))], '2'));

    const hidden = await device.db.households.get(demoHousehold(0).id);
    expect(hidden).toMatchObject({ deleted: true, left: true });
    const [entry] = await nextOutboxBatch(device, 10);
    if (!entry) throw new Error('the edit left the outbox');
    await settleAnswers(
      device,
      [entry],
      [{ id: entry.id, status: 'rejected', reason: { code: 'out_of_scope', message: 'outside your grid' } }],
    );

    expect(await device.db.households.get(demoHousehold(0).id)).toBeUndefined();
    const [notice] = await device.db.notices.toArray();
    const { roomNo, headName } = demoHousehold(0).content;
    expect(notice).toMatchObject({
      kind: 'rejected',
      reason: { code: 'out_of_scope' },
      label: `${roomNo} ${headName}`,
    });
  });
});
