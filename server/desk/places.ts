/**
 * A community's place tree and party organisations, read once per request: the desk's routes name
 * places (exports, reports), find them by name (imports) and check a place is in the community.
 */
import type { PlaceKind } from '../../shared/domain.ts';
import type { PlaceIds } from '../../shared/tables/index.ts';
import { type Db, fromRow } from '../sync/records.ts';

export interface PlaceNode {
  id: string;
  kind: PlaceKind;
  name: string;
  parentId: string | null;
  gridId: string | null;
  sort: number;
  placeIds: PlaceIds;
}

export interface OrgNode {
  id: string;
  level: string;
  name: string;
  parentId: string | null;
  placeId: string;
}

export interface CommunityTree {
  communityId: string;
  places: Map<string, PlaceNode>;
  orgs: Map<string, OrgNode>;
}

export async function loadCommunityTree(db: Db, communityId: string): Promise<CommunityTree> {
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .where('tbl', 'in', ['places', 'partyOrgs'])
    .where('community_id', '=', communityId)
    .where('deleted', '=', 0)
    .execute();
  const places = new Map<string, PlaceNode>();
  const orgs = new Map<string, OrgNode>();
  for (const row of rows) {
    const record = fromRow(row);
    const data = record.data;
    if (record.table === 'places') {
      places.set(record.id, {
        id: record.id,
        kind: data.kind as PlaceKind,
        name: String(data.name),
        parentId: (data.parentId as string | null) ?? null,
        gridId: (data.gridId as string | null | undefined) ?? null,
        sort: Number(data.sort ?? 0),
        placeIds: record.placeIds,
      });
    } else {
      orgs.set(record.id, {
        id: record.id,
        level: String(data.level),
        name: String(data.name),
        parentId: (data.parentId as string | null) ?? null,
        placeId: String(data.placeId),
      });
    }
  }
  return { communityId, places, orgs };
}

/** "和平里小区 3号楼 2单元": a place with the compound and building above it, as people say it. */
export function placePath(tree: CommunityTree, id: string | null | undefined): string {
  const parts: string[] = [];
  let current = id ? tree.places.get(id) : undefined;
  for (let depth = 0; current && current.kind !== 'community' && depth < 6; depth++) {
    parts.unshift(current.name);
    current = current.parentId ? tree.places.get(current.parentId) : undefined;
  }
  return parts.join(' ');
}

export function placeName(tree: CommunityTree, id: string | null | undefined): string {
  return (id && tree.places.get(id)?.name) || '';
}

/** The community of any place id, or null when the place is unknown or retired. */
export async function communityOfPlace(db: Db, placeId: string): Promise<string | null> {
  const row = await db
    .selectFrom('records')
    .select(['community_id', 'deleted'])
    .where('tbl', '=', 'places')
    .where('id', '=', placeId)
    .executeTakeFirst();
  return row && row.deleted === 0 ? row.community_id : null;
}

/** The order an administrator gave places (their `sort`), then by name. */
export function byPlaceOrder(a: PlaceNode, b: PlaceNode): number {
  return a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN', { numeric: true });
}

/** Two place ids in the order an administrator gave the places; none (the community itself) first. */
export function comparePlaceIds(tree: CommunityTree, a: string | null, b: string | null): number {
  const first = a ? tree.places.get(a) : undefined;
  const second = b ? tree.places.get(b) : undefined;
  if (!first || !second) return Number(Boolean(first)) - Number(Boolean(second));
  return byPlaceOrder(first, second);
}

/** A short name for any record of the community, for the conflict log: a room and its head, a name, a title. */
export async function recordLabels(
  db: Db,
  entries: { table: string; recordId: string }[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const ids = [...new Set(entries.map((entry) => entry.recordId))];
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom('records')
      .selectAll()
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      const { data } = fromRow(row);
      const label =
        row.tbl === 'households'
          ? `${String(data.roomNo ?? '')} ${String(data.headName ?? '')}`
          : String(data.name ?? data.title ?? '');
      labels.set(`${row.tbl}:${row.id}`, label.trim());
    }
  }
  return labels;
}
