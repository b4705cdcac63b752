/**
 * Derives a record's place ids from its parent on the server, so that a device can never file a
 * record under a place it does not cover by claiming other ids.
 */
import type { SyncTable } from '../../shared/domain.ts';
import type { PlaceIds } from '../../shared/records.ts';
import type { RecordStore } from './records.ts';

export type Derived = { ok: true; placeIds: PlaceIds } | { ok: false; field: string; message: string };

const PARENT_OF: Record<Exclude<SyncTable, 'places'>, { table: SyncTable; field: string }> = {
  households: { table: 'places', field: 'buildingId' },
  residents: { table: 'households', field: 'householdId' },
  visits: { table: 'households', field: 'householdId' },
  partyOrgs: { table: 'places', field: 'placeId' },
  partyMembers: { table: 'partyOrgs', field: 'orgId' },
  issues: { table: 'places', field: 'buildingId' },
  issueEvents: { table: 'issues', field: 'issueId' },
};

function missing(field: string, id: unknown): Derived {
  return { ok: false, field: `fields.${field}`, message: `${field} ${String(id)} is unknown to the server` };
}

async function derivePlace(store: RecordStore, id: string, content: Record<string, unknown>): Promise<Derived> {
  const kind = content.kind as string;
  if (kind === 'community') return { ok: true, placeIds: { communityId: id } };
  const parent = content.parentId ? await store.get('places', String(content.parentId)) : null;
  if (!parent || parent.deleted) return missing('parentId', content.parentId);
  const up = parent.placeIds;
  switch (kind) {
    case 'compound':
      return { ok: true, placeIds: { communityId: up.communityId, compoundId: id } };
    case 'grid':
      return { ok: true, placeIds: { communityId: up.communityId, compoundId: up.compoundId ?? null, gridId: id } };
    case 'building': {
      const gridId = (content.gridId as string | null | undefined) ?? null;
      if (gridId) {
        const grid = await store.get('places', gridId);
        if (grid?.data.kind !== 'grid') return missing('gridId', gridId);
      }
      return { ok: true, placeIds: { communityId: up.communityId, compoundId: up.compoundId, buildingId: id, gridId } };
    }
    default:
      return { ok: true, placeIds: { ...up } };
  }
}

export async function derivePlaceIds(
  store: RecordStore,
  table: SyncTable,
  id: string,
  content: Record<string, unknown>,
): Promise<Derived> {
  if (table === 'places') return derivePlace(store, id, content);
  const parentRef = PARENT_OF[table];
  const parentId = content[parentRef.field];
  const parent = typeof parentId === 'string' ? await store.get(parentRef.table, parentId) : null;
  if (!parent || parent.deleted) return missing(parentRef.field, parentId);
  if (table === 'households' || table === 'issues') {
    if (parent.data.kind !== 'building') return missing(parentRef.field, parentId);
  }
  return { ok: true, placeIds: { ...parent.placeIds } };
}
