import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import { applySetDelta, type FieldStamps, latestStamp, mergeFields, setDeltaBetween } from '../../shared/merge.ts';

const T0 = Date.parse('2026-11-27T08:30:00.000Z');
const PHONE_A = 'aaaaaaaaaaaaaaaa';
const PHONE_B = 'bbbbbbbbbbbbbbbb';
const PHONE_C = 'cccccccccccccccc';

function stamp(offsetMs: number, node = PHONE_A, counter = 0): string {
  return formatHlc({ millis: T0 + offsetMs, counter, node });
}

interface Write {
  fields: Record<string, unknown>;
  hlc: string;
}

function applyInOrder(writes: readonly Write[]) {
  let data: Record<string, unknown> = {};
  let stamps: FieldStamps = {};
  for (const write of writes) ({ data, stamps } = mergeFields(data, stamps, write.fields, write.hlc));
  return { data, stamps };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('mergeFields: field-level last writer wins', () => {
  it('takes a newer value and its stamp, and says the record changed', () => {
    const result = mergeFields(
      { headName: '王建国', phone: '13800000000' },
      { headName: stamp(0), phone: stamp(0) },
      { phone: '13900000000' },
      stamp(1, PHONE_B),
    );
    expect(result.data).toEqual({ headName: '王建国', phone: '13900000000' });
    expect(result.stamps).toEqual({ headName: stamp(0), phone: stamp(1, PHONE_B) });
    expect(result.conflicts).toEqual([]);
    expect(result.changed).toBe(true);
  });

  it('keeps the newer stored value against an older write and reports what was lost', () => {
    const data = { headName: '王建国', memberCount: 3 };
    const stamps = { headName: stamp(10, PHONE_B), memberCount: stamp(0) };
    const result = mergeFields(data, stamps, { headName: '王建军', memberCount: 4 }, stamp(5, PHONE_C));
    expect(result.data).toEqual({ headName: '王建国', memberCount: 4 });
    expect(result.stamps).toEqual({ headName: stamp(10, PHONE_B), memberCount: stamp(5, PHONE_C) });
    expect(result.conflicts).toEqual([
      {
        field: 'headName',
        kept: { value: '王建国', hlc: stamp(10, PHONE_B) },
        lost: { value: '王建军', hlc: stamp(5, PHONE_C) },
      },
    ]);
  });

  it('does not call an older write of the same value a conflict', () => {
    const result = mergeFields(
      { tags: ['elderly_alone'] },
      { tags: stamp(10) },
      { tags: ['elderly_alone'] },
      stamp(5, PHONE_B),
    );
    expect(result.conflicts).toEqual([]);
    expect(result.changed).toBe(false);
    expect(result.stamps.tags).toBe(stamp(10));
  });

  it('takes a field never written before even from an older stamp', () => {
    const result = mergeFields({ headName: '王建国' }, { headName: stamp(10) }, { notes: '独居' }, stamp(1, PHONE_B));
    expect(result.data).toEqual({ headName: '王建国', notes: '独居' });
    expect(result.stamps.notes).toBe(stamp(1, PHONE_B));
    expect(result.changed).toBe(true);
  });

  it('changes nothing for a resent write with the same stamp', () => {
    const first = mergeFields({}, {}, { phone: '13800000000' }, stamp(3));
    const again = mergeFields(first.data, first.stamps, { phone: '13800000000' }, stamp(3));
    expect(again.changed).toBe(false);
    expect(again.conflicts).toEqual([]);
    expect(again.data).toEqual(first.data);
    expect(again.stamps).toEqual(first.stamps);
  });

  it('leaves its inputs untouched', () => {
    const data = { phone: '13800000000' };
    const stamps = { phone: stamp(0) };
    mergeFields(data, stamps, { phone: '13900000000' }, stamp(1));
    expect(data).toEqual({ phone: '13800000000' });
    expect(stamps).toEqual({ phone: stamp(0) });
  });

  it('converges: the same writes from three phones give the same record in every order', () => {
    // Five writes touching overlapping fields, two of them in the same millisecond on different phones.
    const writes: Write[] = [
      { fields: { headName: '王建国', phone: '13800000000', memberCount: 3 }, hlc: stamp(0, PHONE_A) },
      { fields: { phone: '13900000000', notes: '行动不便' }, hlc: stamp(20, PHONE_B) },
      { fields: { memberCount: 2, notes: '子女在外地' }, hlc: stamp(20, PHONE_C) },
      { fields: { headName: '王建军', tags: ['elderly_alone'] }, hlc: stamp(5, PHONE_C, 3) },
      { fields: { phone: '13700000000', tags: ['elderly_alone', 'disabled'] }, hlc: stamp(5, PHONE_A, 7) },
    ];
    const orders = permutations(writes);
    expect(orders).toHaveLength(120);
    const expected = {
      data: {
        headName: '王建军',
        phone: '13900000000',
        memberCount: 2,
        notes: '子女在外地',
        tags: ['elderly_alone', 'disabled'],
      },
      stamps: {
        headName: stamp(5, PHONE_C, 3),
        phone: stamp(20, PHONE_B),
        memberCount: stamp(20, PHONE_C),
        notes: stamp(20, PHONE_C),
        tags: stamp(5, PHONE_A, 7),
      },
    };
    for (const order of orders) expect(applyInOrder(order)).toEqual(expected);
  });
});

describe('latestStamp', () => {
  it("is a record's newest field stamp", () => {
    expect(latestStamp({ a: stamp(1), b: stamp(9, PHONE_B), c: stamp(9, PHONE_A) })).toBe(stamp(9, PHONE_B));
  });

  it('is the floor when no field is newer, or when there are no fields', () => {
    expect(latestStamp({}, stamp(4))).toBe(stamp(4));
    expect(latestStamp({ a: stamp(1) }, stamp(4))).toBe(stamp(4));
    expect(latestStamp({})).toBe('');
  });
});

describe('set-valued fields merge per element', () => {
  const SETS = ['tags'];
  const T = (offset: number, node = PHONE_A) => stamp(offset, node);

  function applyAll(writes: readonly Write[], start = { data: { tags: ['disabled'] }, stamps: { tags: T(0) } }) {
    let { data, stamps } = start as { data: Record<string, unknown>; stamps: FieldStamps };
    const conflicts: unknown[] = [];
    for (const write of writes) {
      const result = mergeFields(data, stamps, write.fields, write.hlc, SETS);
      ({ data, stamps } = result);
      conflicts.push(...result.conflicts);
    }
    return { data, stamps, conflicts };
  }

  it('keeps concurrent adds and removes of different tags from three devices, in every order', () => {
    // A worker marks 独居老人 offline; the supervisor swaps 残疾 for 低保; a third phone adds 留守儿童.
    const writes: Write[] = [
      { fields: { tags: { add: ['elderly_alone'] } }, hlc: T(5, PHONE_A) },
      { fields: { tags: { add: ['subsistence'], remove: ['disabled'] } }, hlc: T(9, PHONE_B) },
      { fields: { tags: { add: ['left_behind_child'] } }, hlc: T(7, PHONE_C) },
    ];
    const orders = permutations(writes);
    expect(orders).toHaveLength(6);
    for (const order of orders) {
      const { data, conflicts } = applyAll(order);
      expect(data.tags).toEqual(['elderly_alone', 'left_behind_child', 'subsistence']);
      expect(conflicts).toEqual([]);
    }
  });

  it('decides an add and a remove of the same tag by the later stamp, in every order, and tells a late loser', () => {
    const writes: Write[] = [
      { fields: { tags: { add: ['elderly_alone'] } }, hlc: T(5, PHONE_A) },
      { fields: { tags: { remove: ['elderly_alone', 'disabled'] } }, hlc: T(8, PHONE_B) },
      { fields: { tags: { add: ['disabled'] } }, hlc: T(3, PHONE_C) },
    ];
    for (const order of permutations(writes)) {
      const { data, conflicts } = applyAll(order);
      expect(data.tags).toEqual([]);
      // The add of 独居老人 loses to the later remove: its author hears of it when it arrives after.
      const addArrivedLate = order.indexOf(writes[0] as Write) > order.indexOf(writes[1] as Write);
      const expectedLoser = {
        field: 'tags',
        element: 'elderly_alone',
        kept: { value: false, hlc: T(8, PHONE_B) },
        lost: { value: true, hlc: T(5, PHONE_A) },
      };
      if (addArrivedLate) expect(conflicts).toContainEqual(expectedLoser);
      else expect(conflicts).not.toContainEqual(expectedLoser);
    }
  });

  it('reads a whole array as the set as of its stamp: elements it leaves out are removed if older', () => {
    const added = mergeFields({ tags: ['disabled'] }, { tags: T(0) }, { tags: { add: ['floating'] } }, T(2), SETS);
    const replaced = mergeFields(added.data, added.stamps, { tags: ['subsistence'] }, T(4, PHONE_B), SETS);
    expect(replaced.data.tags).toEqual(['subsistence']);
    // An add made before the replace but arriving after it loses, and its author is told.
    const late = mergeFields(replaced.data, replaced.stamps, { tags: { add: ['unemployed'] } }, T(3, PHONE_C), SETS);
    expect(late.data.tags).toEqual(['subsistence']);
    expect(late.conflicts).toEqual([
      {
        field: 'tags',
        element: 'unemployed',
        kept: { value: false, hlc: T(4, PHONE_B) },
        lost: { value: true, hlc: T(3, PHONE_C) },
      },
    ]);
  });

  it('changes nothing for a resent delta with the same stamp', () => {
    const first = mergeFields({ tags: [] }, { tags: T(0) }, { tags: { add: ['disabled'] } }, T(1), SETS);
    const again = mergeFields(first.data, first.stamps, { tags: { add: ['disabled'] } }, T(1), SETS);
    expect(again.changed).toBe(false);
    expect(again.data).toEqual(first.data);
    expect(again.conflicts).toEqual([]);
  });

  it('the device applies a delta to what it shows, and computes the delta of an edit', () => {
    expect(applySetDelta(['disabled', 'floating'], { add: ['elderly_alone'], remove: ['floating'] })).toEqual([
      'disabled',
      'elderly_alone',
    ]);
    expect(setDeltaBetween(['disabled', 'floating'], ['floating', 'subsistence'])).toEqual({
      add: ['subsistence'],
      remove: ['disabled'],
    });
  });
});
