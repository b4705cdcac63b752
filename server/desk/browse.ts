/** One page of a workspace list: the filtered, sorted records with their names, phones masked. */
import type { BrowseQuery, BrowseResponse, BrowseTable } from '../../shared/desk-messages.ts';
import type { Role } from '../../shared/domain.ts';
import { maskRecord } from '../../shared/masking.ts';
import type { DatabaseKind } from '../db/json-fields.ts';
import { type Db, toWireRecord } from '../sync/records.ts';
import { filteredRecords, LISTED_COLUMNS, type ListedRow, listedRecord, sorted } from './filters.ts';
import { Labeller } from './labels.ts';

export async function browse(
  db: Db,
  kind: DatabaseKind,
  viewer: { role: Role; communityId: string },
  table: BrowseTable,
  query: BrowseQuery,
): Promise<BrowseResponse> {
  const { offset, limit, sort, order, ...filters } = query;
  const base = filteredRecords(db, kind, viewer.communityId, table, { ...filters, order });
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = (await sorted(base.select(LISTED_COLUMNS) as typeof base, kind, table, sort, order)
    .offset(offset)
    .limit(limit)
    .execute()) as unknown as ListedRow[];
  const records = rows.map(listedRecord);
  const labeller = await Labeller.load(db, viewer.communityId);
  await labeller.prepare(table, records);
  return {
    rows: records.map((record) => ({
      record: maskRecord(table, toWireRecord(record), viewer.role, 'browse'),
      labels: labeller.labels(table, record),
    })),
    total: Number(counted.n),
    offset,
    limit,
  };
}
