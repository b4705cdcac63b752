/**
 * The server's side of place derivation: the shared rule (shared/tables/place-ids.ts) reading
 * parents from this transaction's record store, so a device can never file a record under a
 * place it does not cover by claiming other ids.
 */
import type { SyncTable } from '../../shared/domain.ts';
import { type Derived, derivePlaceIds as derive } from '../../shared/tables/place-ids.ts';
import type { RecordStore } from './records.ts';

export type { Derived };

export function derivePlaceIds(
  store: RecordStore,
  table: SyncTable,
  id: string,
  content: Record<string, unknown>,
): Promise<Derived> {
  return derive(table, id, content, async (parentTable, parentId) => {
    const parent = await store.get(parentTable, parentId);
    return parent && { kind: parent.data.kind, deleted: parent.deleted, ids: parent.placeIds };
  });
}
