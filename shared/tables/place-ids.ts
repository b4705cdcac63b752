/**
 * Derives a record's place ids from its parent: pure, given a way to look records up, so the
 * server (which decides, never trusting a device's claim) and the device (which files a new
 * record at once, offline) derive them by the same rule.
 */
import type { PlaceKind, SyncTable } from '../domain.ts';
import { type PlaceIds, tableOf } from './index.ts';

/** What derivation needs to know of a parent record. */
export interface ParentView {
  /** A place's kind; undefined for other tables. */
  kind?: unknown;
  deleted?: boolean;
  ids: PlaceIds;
}

export type Lookup = (table: SyncTable, id: string) => Promise<ParentView | null | undefined>;

export type Derived = { ok: true; placeIds: PlaceIds } | { ok: false; field: string; message: string };

/** The kinds of place each kind may be filed under. */
const PLACE_PARENT_KINDS: Record<Exclude<PlaceKind, 'community'>, readonly PlaceKind[]> = {
  compound: ['community'],
  grid: ['compound', 'community'],
  building: ['compound', 'community'],
  unit: ['building'],
};

function missing(field: string, id: unknown, why = 'is unknown to the server'): Derived {
  return { ok: false, field: `fields.${field}`, message: `${field} ${String(id)} ${why}` };
}

/** A parent that exists, is not deleted, and (for places) is of one of the expected kinds. */
async function liveParent(
  lookup: Lookup,
  table: SyncTable,
  id: unknown,
  kinds?: readonly PlaceKind[],
): Promise<ParentView | null> {
  if (typeof id !== 'string') return null;
  const parent = await lookup(table, id);
  if (!parent || parent.deleted) return null;
  if (kinds && !kinds.includes(parent.kind as PlaceKind)) return null;
  return parent;
}

async function derivePlace(lookup: Lookup, id: string, content: Record<string, unknown>): Promise<Derived> {
  const kind = content.kind as PlaceKind;
  if (kind === 'community') return { ok: true, placeIds: { communityId: id } };
  const parent = await liveParent(lookup, 'places', content.parentId, PLACE_PARENT_KINDS[kind]);
  if (!parent) return missing('parentId', content.parentId, `is not a ${PLACE_PARENT_KINDS[kind].join(' or ')} here`);
  const up = parent.ids;
  switch (kind) {
    case 'compound':
      return { ok: true, placeIds: { communityId: up.communityId, compoundId: id } };
    case 'grid':
      return { ok: true, placeIds: { communityId: up.communityId, compoundId: up.compoundId ?? null, gridId: id } };
    case 'building': {
      const gridId = (content.gridId as string | null | undefined) ?? null;
      // A building filed under a deleted grid would be seen by no grid worker at all.
      if (gridId && !(await liveParent(lookup, 'places', gridId, ['grid']))) {
        return missing('gridId', gridId, 'is not a grid here');
      }
      const compoundId = up.compoundId ?? null;
      return { ok: true, placeIds: { communityId: up.communityId, compoundId, buildingId: id, gridId } };
    }
    default:
      return { ok: true, placeIds: { ...up } };
  }
}

export async function derivePlaceIds(
  table: SyncTable,
  id: string,
  content: Record<string, unknown>,
  lookup: Lookup,
): Promise<Derived> {
  const rule = tableOf(table).parent;
  if (rule === 'place-tree') return derivePlace(lookup, id, content);
  const parentId = content[rule.field];
  const parent = await liveParent(lookup, rule.table, parentId, rule.kind ? [rule.kind] : undefined);
  if (!parent) return missing(rule.field, parentId);
  return { ok: true, placeIds: copyPlaceIds(parent.ids) };
}

/** The field of a record naming its parent (a place's parent place, a visit's household…). */
export function parentField(table: SyncTable): string {
  const rule = tableOf(table).parent;
  return rule === 'place-tree' ? 'parentId' : rule.field;
}

/** The four place ids, each present (null where the record has none). */
export function copyPlaceIds(ids: PlaceIds): PlaceIds {
  return {
    communityId: ids.communityId,
    compoundId: ids.compoundId ?? null,
    buildingId: ids.buildingId ?? null,
    gridId: ids.gridId ?? null,
  };
}
