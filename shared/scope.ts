/** Whether a user's place covers a record's place ids. Pure; the server enforces it. */
import type { PlaceLevel, UserPlace } from './domain.ts';
import type { PlaceIds } from './tables/index.ts';

/** For each level a user can stand at: the record field (camelCase) and the SQL column naming it. */
export const PLACE_ID_OF_LEVEL = {
  community: { field: 'communityId', column: 'community_id' },
  compound: { field: 'compoundId', column: 'compound_id' },
  building: { field: 'buildingId', column: 'building_id' },
  grid: { field: 'gridId', column: 'grid_id' },
} as const satisfies Record<PlaceLevel, { field: keyof PlaceIds; column: string }>;

export type PlaceIdColumn = (typeof PLACE_ID_OF_LEVEL)[PlaceLevel]['column'];

export function placeIdColumn(level: PlaceLevel): keyof PlaceIds {
  return PLACE_ID_OF_LEVEL[level].field;
}

export function placeCovers(place: UserPlace, ids: PlaceIds): boolean {
  return ids[PLACE_ID_OF_LEVEL[place.level].field] === place.id;
}
