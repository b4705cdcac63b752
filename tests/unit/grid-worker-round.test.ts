/**
 * A grid worker's round on the device, with the demo community's first grid: who is due, which
 * follow-ups are due, this month's coverage, and finding a household by name, pinyin or address.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CARE_TAGS } from '../../shared/domain.ts';
import { householdSearchDocs } from '../../src/db/households.ts';
import { dueHouseholds, followUpsDue, monthlyCoverage } from '../../src/db/round.ts';
import { logVisit } from '../../src/db/visits.ts';
import { repeatedRooms, type SearchDoc, searchDocs } from '../../src/search/household-search.ts';
import { spellName } from '../../src/search/spell.ts';
import { DEMO_GRIDS, newDevice, storeGrid, T0, VISITOR_ID } from './demo-fixtures.ts';

const GRID = DEMO_GRIDS[0] as string;
const DAY = 24 * 60 * 60 * 1000;

async function gridDevice(now = T0) {
  const device = newDevice(() => now);
  await storeGrid(device, GRID);
  return device;
}

describe('who is due a visit', () => {
  it('is every household of the grid at first, special-care households first, then by building, unit and room', async () => {
    const device = await gridDevice();
    const due = await dueHouseholds(device, { days: 30, now: T0 });
    expect(due).toHaveLength(60);
    const firstPlain = due.findIndex((item) => item.household.tags.length === 0);
    expect(firstPlain).toBeGreaterThan(0);
    expect(due.slice(firstPlain).every((item) => item.household.tags.length === 0)).toBe(true);
    for (const part of [due.slice(0, firstPlain), due.slice(firstPlain)]) {
      const keys = part.map((item) => [
        item.where.building?.sort ?? 0,
        item.where.unit?.sort ?? 0,
        item.household.roomNo,
      ]);
      const sorted = [...keys].sort(
        (a, b) =>
          (a[0] as number) - (b[0] as number) ||
          (a[1] as number) - (b[1] as number) ||
          String(a[2]).localeCompare(String(b[2]), 'en', { numeric: true }),
      );
      expect(keys).toEqual(sorted);
    }
  });

  it('leaves out a household the moment a visit is saved, and lets the number of days decide', async () => {
    const device = await gridDevice();
    const [first, second] = await dueHouseholds(device, { days: 30, now: T0 });
    if (!first || !second) throw new Error('no households due');
    await logVisit(device, first.household, VISITOR_ID, { purpose: 'contact', needs: [] });
    await logVisit(device, second.household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      visitedAt: new Date(T0 - 40 * DAY).toISOString(),
    });
    const in30 = (await dueHouseholds(device, { days: 30, now: T0 })).map((item) => item.household.id);
    const in60 = (await dueHouseholds(device, { days: 60, now: T0 })).map((item) => item.household.id);
    expect(in30).not.toContain(first.household.id);
    expect(in30).toContain(second.household.id);
    expect(in60).not.toContain(second.household.id);
    expect(in60).toHaveLength(58);
  });

  it('filters by care tag', async () => {
    const device = await gridDevice();
    for (const tag of CARE_TAGS) {
      const due = await dueHouseholds(device, { days: 30, now: T0, tag });
      expect(due.every((item) => item.household.tags.includes(tag))).toBe(true);
    }
    const all = await dueHouseholds(device, { days: 30, now: T0 });
    const tagged = new Set(
      all.filter((item) => item.household.tags.includes('elderly_alone')).map((i) => i.household.id),
    );
    const filtered = await dueHouseholds(device, { days: 30, now: T0, tag: 'elderly_alone' });
    expect(new Set(filtered.map((item) => item.household.id))).toEqual(tagged);
  });
});

describe('follow-ups', () => {
  it('lists those due today or overdue, oldest first, until a later visit makes them', async () => {
    const device = await gridDevice();
    const [a, b, c, d] = await dueHouseholds(device, { days: 30, now: T0 });
    if (!a || !b || !c || !d) throw new Error('no households');
    const day = (offset: number) => new Date(T0 + offset * DAY).toISOString().slice(0, 10);
    const earlier = new Date(T0 - 10 * DAY).toISOString();
    await logVisit(device, a.household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      followUpOn: day(-2),
      visitedAt: earlier,
    });
    await logVisit(device, b.household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      followUpOn: day(0),
      visitedAt: earlier,
    });
    await logVisit(device, c.household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      followUpOn: day(3),
      visitedAt: earlier,
    });
    await logVisit(device, d.household, VISITOR_ID, {
      purpose: 'contact',
      needs: [],
      followUpOn: day(-1),
      visitedAt: earlier,
    });
    // The follow-up at d happened: a later visit with no new follow-up date.
    await logVisit(device, d.household, VISITOR_ID, { purpose: 'service', needs: [] });

    const due = await followUpsDue(device, T0);
    expect(due.map((item) => [item.household.id, item.overdue])).toEqual([
      [a.household.id, true],
      [b.household.id, false],
    ]);
  });
});

describe('this month’s coverage', () => {
  it('counts households visited this month, for the grid and for each building', async () => {
    const device = await gridDevice();
    const before = await monthlyCoverage(device, T0);
    expect(before.households).toBe(60);
    expect(before.visited).toBe(0);
    expect(before.byBuilding.map((b) => b.households)).toEqual([30, 30]);
    const [first] = await dueHouseholds(device, { days: 30, now: T0 });
    if (!first) throw new Error('no households');
    await logVisit(device, first.household, VISITOR_ID, { purpose: 'contact', needs: [] });
    await logVisit(device, first.household, VISITOR_ID, { purpose: 'service', needs: [] });
    const after = await monthlyCoverage(device, T0);
    expect(after.visited).toBe(1);
    const building = after.byBuilding.find((b) => b.building.id === first.household.buildingId);
    expect(building?.visited).toBe(1);
    // Last month's visits do not count this month.
    const lastMonth = await monthlyCoverage(device, T0 + 40 * DAY);
    expect(lastMonth.visited).toBe(0);
  });
});

describe('finding a household', () => {
  async function docs(): Promise<SearchDoc[]> {
    const device = await gridDevice();
    const sources = await householdSearchDocs(device);
    return sources.map((doc) => ({ ...doc, spellings: doc.names.map(spellName) }));
  }

  it('by the head’s Chinese name, full pinyin, or initials', async () => {
    const all = await docs();
    const target = all[7] as SearchDoc;
    const head = target.names[0] as string;
    const { full, initials } = spellName(head);
    for (const query of [head, full, full.toUpperCase(), initials]) {
      expect(
        searchDocs(all, query, 100).map((doc) => doc.id),
        query,
      ).toContain(target.id);
    }
    expect(searchDocs(all, full, 100).every((doc) => doc.spellings.some((s) => s.full.startsWith(full)))).toBe(true);
  });

  it('by a resident’s name, not only the head’s', async () => {
    const all = await docs();
    const withFamily = all.find((doc) => doc.names.length > 2) as SearchDoc;
    const resident = withFamily.names[2] as string;
    expect(searchDocs(all, resident, 100).map((doc) => doc.id)).toContain(withFamily.id);
  });

  it('by address as people say it: compound and building, unit and room, or the door number', async () => {
    const all = await docs();
    const target = all.find((doc) => doc.roomNo.endsWith('-1-201')) as SearchDoc;
    const [buildingNo] = target.roomNo.split('-');
    const compoundShort = target.compound.replace(/小区$/, '');
    const byBuilding = searchDocs(all, `${compoundShort}${buildingNo}号楼`, 100);
    expect(byBuilding.map((doc) => doc.id)).toContain(target.id);
    expect(byBuilding.every((doc) => doc.building === `${buildingNo}号楼`)).toBe(true);
    const byUnitRoom = searchDocs(all, '1单元201', 100);
    expect(byUnitRoom.map((doc) => doc.id)).toContain(target.id);
    expect(byUnitRoom.every((doc) => doc.unit === '1单元' && doc.roomNo.endsWith('-201'))).toBe(true);
    expect(searchDocs(all, target.roomNo, 100).map((doc) => doc.id)).toEqual([target.id]);
  });

  it('names the compound where a room number repeats across compounds', async () => {
    const device = newDevice(() => T0);
    await storeGrid(device, DEMO_GRIDS[0] as string);
    await storeGrid(device, DEMO_GRIDS[4] as string);
    const sources = (await householdSearchDocs(device)).map((doc) => ({ ...doc, spellings: [] }));
    const repeated = repeatedRooms(sources);
    const sameRoom = sources.filter((doc) => doc.roomNo === '1-1-101');
    expect(new Set(sameRoom.map((doc) => doc.compound)).size).toBe(2);
    expect(repeated.has('1-1-101')).toBe(true);
  });
});
