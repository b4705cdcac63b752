/**
 * The workspace's filters as SQL: one query builder for a browse page, its count and its export,
 * so a list and its download always hold the same records. Content fields are read through the
 * dialect-aware helpers of db/json-fields.ts; every aggregate and filter runs in the database.
 */
import { type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { BrowseFilters, BrowseTable } from '../../shared/desk-messages.ts';
import { type DatabaseKind, jsonFields } from '../db/json-fields.ts';
import type { Database } from '../db/schema.ts';
import type { Db, StoredRecord } from '../sync/records.ts';
import { endOfDay, startOfDay } from './days.ts';

export type RecordsQuery = SelectQueryBuilder<Database & { r: Database['records'] }, 'r', object>;

/** The date-time field a table's `from`/`to` filter reads. */
const TIME_FIELD: Partial<Record<BrowseTable, string>> = { visits: 'visitedAt', issues: 'reportedAt' };
/** The person field the `workerId` filter reads. */
const WORKER_FIELD: Partial<Record<BrowseTable, string>> = { visits: 'visitorId', issues: 'assigneeId' };
/** Fields the `q` words are looked for in. */
const SEARCH_FIELDS: Record<BrowseTable, string[]> = {
  households: ['headName', 'roomNo', 'address'],
  residents: ['name'],
  visits: ['note'],
  issues: ['title', 'description'],
  partyMembers: ['name'],
};
const TAGGED: readonly BrowseTable[] = ['households', 'residents', 'visits'];

/** Columns a list may be sorted by, each a content field (or `care`: tagged households first). */
export const SORTS: Record<BrowseTable, readonly string[]> = {
  households: ['roomNo', 'headName', 'memberCount', 'address', 'care'],
  residents: ['name', 'relation', 'birthYear'],
  visits: ['visitedAt', 'purpose'],
  issues: ['reportedAt', 'status', 'category', 'title'],
  partyMembers: ['name', 'kind', 'groupRole', 'volunteerHours'],
};
export const DEFAULT_SORT: Record<BrowseTable, { sort: string; order: 'asc' | 'desc' }> = {
  households: { sort: 'roomNo', order: 'asc' },
  residents: { sort: 'name', order: 'asc' },
  visits: { sort: 'visitedAt', order: 'desc' },
  issues: { sort: 'reportedAt', order: 'desc' },
  partyMembers: { sort: 'name', order: 'asc' },
};

/** Likes match literally: % and _ typed by a person are not wildcards. */
function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function filteredRecords(
  db: Db,
  kind: DatabaseKind,
  communityId: string,
  table: BrowseTable,
  filters: BrowseFilters,
): RecordsQuery {
  const json = jsonFields(kind);
  let query = db
    .selectFrom('records as r')
    .where('r.tbl', '=', table)
    .where('r.community_id', '=', communityId)
    .where('r.deleted', '=', 0) as unknown as RecordsQuery;
  if (filters.compoundId) query = query.where('r.compound_id', '=', filters.compoundId);
  if (filters.buildingId) query = query.where('r.building_id', '=', filters.buildingId);
  if (filters.gridId) query = query.where('r.grid_id', '=', filters.gridId);
  const workerField = WORKER_FIELD[table];
  if (filters.workerId && workerField) query = query.where(json.text('r', workerField), '=', filters.workerId);
  const timeField = TIME_FIELD[table];
  if (timeField && (filters.from || filters.to)) {
    const between = json.instantBetween(
      'r',
      timeField,
      filters.from ? startOfDay(filters.from) : undefined,
      filters.to ? endOfDay(filters.to) : undefined,
    );
    query = query.where(() => between);
  }
  if (table === 'issues' && filters.category) query = query.where(json.text('r', 'category'), '=', filters.category);
  if (table === 'issues' && filters.status) query = query.where(json.text('r', 'status'), '=', filters.status);
  if (table === 'visits' && filters.purpose) query = query.where(json.text('r', 'purpose'), '=', filters.purpose);
  if (filters.tag && TAGGED.includes(table)) {
    const tag = filters.tag;
    query = query.where(() => json.listHas('r', 'tags', tag));
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query = query.where((eb: ExpressionBuilder<Database & { r: Database['records'] }, 'r'>) =>
      eb.or(SEARCH_FIELDS[table].map((field) => eb(json.text('r', field), 'like', pattern))),
    );
  }
  if (table === 'households' && filters.notVisitedDays) {
    const since = new Date(Date.now() - filters.notVisitedDays * 24 * 3600 * 1000).toISOString();
    // Uncorrelated: the visited households are gathered once, not looked up per household.
    query = query.where('r.id', 'not in', (eb) =>
      eb
        .selectFrom('records as v')
        .select(json.text('v', 'householdId').as('householdId'))
        .where('v.tbl', '=', 'visits')
        .where('v.community_id', '=', communityId)
        .where(() => json.instantBetween('v', 'visitedAt', since))
        .where(json.text('v', 'householdId'), 'is not', null),
    );
  }
  return query;
}

/** The list's order: the chosen column (or the table's default), then the record id for ties. */
export function sorted(
  query: RecordsQuery,
  kind: DatabaseKind,
  table: BrowseTable,
  sort: string | undefined,
  order: 'asc' | 'desc',
): RecordsQuery {
  const json = jsonFields(kind);
  const chosen = sort && SORTS[table].includes(sort) ? { sort, order } : DEFAULT_SORT[table];
  if (chosen.sort === 'care') {
    // Tagged households first ('[]' is an empty list in both dialects' JSON text), then by room.
    return query
      .orderBy(sqlCase(json.text('r', 'tags')), chosen.order === 'asc' ? 'desc' : 'asc')
      .orderBy(json.text('r', 'roomNo'))
      .orderBy('r.id');
  }
  const numeric = ['memberCount', 'birthYear', 'volunteerHours'].includes(chosen.sort);
  const expression = numeric ? json.number('r', chosen.sort) : json.text('r', chosen.sort);
  return query.orderBy(expression, chosen.order).orderBy('r.id', chosen.order);
}

function sqlCase(tags: RawBuilder<string | null>): RawBuilder<number> {
  return sql<number>`case when ${tags} is null or ${tags} = '[]' then 0 else 1 end`;
}

/** The columns a list or an export reads: the record without its field stamps (not shown). */
export const LISTED_COLUMNS = [
  'r.tbl',
  'r.id',
  'r.data',
  'r.updated_at',
  'r.seq',
  'r.community_id',
  'r.compound_id',
  'r.building_id',
  'r.grid_id',
] as const;

export interface ListedRow {
  tbl: string;
  id: string;
  data: string;
  updated_at: string;
  seq: number;
  community_id: string;
  compound_id: string | null;
  building_id: string | null;
  grid_id: string | null;
}

export function listedRecord(row: ListedRow): StoredRecord {
  return {
    table: row.tbl as StoredRecord['table'],
    id: row.id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    stamps: {},
    updatedAt: row.updated_at,
    deleted: false,
    seq: Number(row.seq),
    placeIds: {
      communityId: row.community_id,
      compoundId: row.compound_id,
      buildingId: row.building_id,
      gridId: row.grid_id,
    },
  };
}
