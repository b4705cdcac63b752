/** Whether a user's place covers a record's place ids. Pure; the server enforces it. */
import type { PlaceLevel } from './domain.ts';
import type { PlaceIds } from './records.ts';

export interface UserPlace {
  level: PlaceLevel;
  id: string;
}

const COLUMN_OF_LEVEL = {
  community: 'communityId',
  compound: 'compoundId',
  building: 'buildingId',
  grid: 'gridId',
} as const satisfies Record<PlaceLevel, keyof PlaceIds>;

export function placeIdColumn(level: PlaceLevel): keyof PlaceIds {
  return COLUMN_OF_LEVEL[level];
}

export function placeCovers(place: UserPlace, ids: PlaceIds): boolean {
  return ids[COLUMN_OF_LEVEL[place.level]] === place.id;
}
