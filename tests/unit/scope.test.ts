import { describe, expect, it } from 'vitest';
import { placeCovers, placeIdColumn } from '../../shared/scope.ts';
import type { PlaceIds } from '../../shared/tables/index.ts';

const COMMUNITY = '11111111-1111-4111-8111-111111111111';
const OTHER_COMMUNITY = '11111111-1111-4111-8111-999999999999';
const COMPOUND = '22222222-2222-4222-8222-222222222222';
const OTHER_COMPOUND = '22222222-2222-4222-8222-999999999999';
const BUILDING = '33333333-3333-4333-8333-333333333333';
const OTHER_BUILDING = '33333333-3333-4333-8333-999999999999';
const GRID = '44444444-4444-4444-8444-444444444444';
const OTHER_GRID = '44444444-4444-4444-8444-999999999999';

/** A visit to a household in building BUILDING of compound COMPOUND, grid GRID. */
const visitInGrid: PlaceIds = { communityId: COMMUNITY, compoundId: COMPOUND, buildingId: BUILDING, gridId: GRID };
/** A record elsewhere in the same community: another compound, building and grid. */
const nextCompound: PlaceIds = {
  communityId: COMMUNITY,
  compoundId: OTHER_COMPOUND,
  buildingId: OTHER_BUILDING,
  gridId: OTHER_GRID,
};
/** A compound-level record (a compound party branch) with no building or grid. */
const compoundOnly: PlaceIds = { communityId: COMMUNITY, compoundId: COMPOUND, buildingId: null, gridId: null };

describe('whose place covers a record', () => {
  it('a community supervisor sees everything in the community and nothing outside it', () => {
    const supervisor = { level: 'community', id: COMMUNITY } as const;
    expect(placeCovers(supervisor, visitInGrid)).toBe(true);
    expect(placeCovers(supervisor, nextCompound)).toBe(true);
    expect(placeCovers(supervisor, compoundOnly)).toBe(true);
    expect(placeCovers(supervisor, { ...visitInGrid, communityId: OTHER_COMMUNITY })).toBe(false);
  });

  it('a compound user sees their compound only', () => {
    const compound = { level: 'compound', id: COMPOUND } as const;
    expect(placeCovers(compound, visitInGrid)).toBe(true);
    expect(placeCovers(compound, compoundOnly)).toBe(true);
    expect(placeCovers(compound, nextCompound)).toBe(false);
    expect(placeCovers(compound, { communityId: COMMUNITY })).toBe(false);
  });

  it('a building lead sees their building only', () => {
    const lead = { level: 'building', id: BUILDING } as const;
    expect(placeCovers(lead, visitInGrid)).toBe(true);
    expect(placeCovers(lead, nextCompound)).toBe(false);
    expect(placeCovers(lead, compoundOnly)).toBe(false);
  });

  it('a grid worker sees their grid only, not records of the community with no grid', () => {
    const worker = { level: 'grid', id: GRID } as const;
    expect(placeCovers(worker, visitInGrid)).toBe(true);
    expect(placeCovers(worker, nextCompound)).toBe(false);
    expect(placeCovers(worker, compoundOnly)).toBe(false);
    expect(placeCovers(worker, { communityId: COMMUNITY })).toBe(false);
  });

  it('names the record column each level is scoped by', () => {
    expect(placeIdColumn('community')).toBe('communityId');
    expect(placeIdColumn('compound')).toBe('compoundId');
    expect(placeIdColumn('building')).toBe('buildingId');
    expect(placeIdColumn('grid')).toBe('gridId');
  });
});
