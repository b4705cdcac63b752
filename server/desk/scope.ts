/** Which records a desk request covers: the caller's community, or a place inside it. */
import type { PlaceIdColumn } from '../../shared/scope.ts';
import { ApiError } from '../http-errors.ts';
import type { CommunityTree } from './places.ts';

const COLUMN_OF_KIND: Record<string, PlaceIdColumn> = {
  community: 'community_id',
  compound: 'compound_id',
  building: 'building_id',
  grid: 'grid_id',
};

export interface PlaceScope {
  column: `r.${PlaceIdColumn}`;
  placeId: string;
}

export function placeScope(tree: CommunityTree, placeId: string | undefined): PlaceScope {
  const id = placeId ?? tree.communityId;
  const place = tree.places.get(id);
  const column = place ? COLUMN_OF_KIND[place.kind] : undefined;
  // A place of another community is as unknown as one that does not exist.
  if (!place || !column)
    throw new ApiError(422, 'invalid', 'placeId: not a community, compound, building or grid of yours', 'placeId');
  return { column: `r.${column}`, placeId: id };
}
