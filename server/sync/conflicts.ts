/** The conflict log: every value that lost to a newer one, readable by the community's supervisors. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { endOfDay, startOfDay } from '../desk/days.ts';

export interface ConflictEntry {
  id: number;
  table: string;
  recordId: string;
  field: string;
  /** For a set-valued field: the element whose presence was decided. */
  element?: unknown;
  kept: { value: unknown; hlc: string };
  lost: { value: unknown; hlc: string };
  mutationId: string;
  deviceId: string;
  userId: string;
  /** The display name of the user whose change lost. */
  userName: string;
  at: string;
}

export interface ConflictFilters {
  limit: number;
  table?: string | undefined;
  userId?: string | undefined;
  /** CST days, `to` inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export async function listConflicts(
  db: Kysely<Database>,
  communityId: string,
  filters: ConflictFilters,
): Promise<ConflictEntry[]> {
  let query = db
    .selectFrom('conflicts')
    .leftJoin('users', 'users.id', 'conflicts.user_id')
    .selectAll('conflicts')
    .select('users.display_name')
    .where('conflicts.community_id', '=', communityId);
  if (filters.table) query = query.where('conflicts.tbl', '=', filters.table);
  if (filters.userId) query = query.where('conflicts.user_id', '=', filters.userId);
  if (filters.from) query = query.where('conflicts.created_at', '>=', startOfDay(filters.from));
  if (filters.to) query = query.where('conflicts.created_at', '<', endOfDay(filters.to));
  const rows = await query.orderBy('conflicts.id', 'desc').limit(filters.limit).execute();
  return rows.map((row) => ({
    id: Number(row.id),
    table: row.tbl,
    recordId: row.record_id,
    field: row.field,
    ...(row.element === null ? {} : { element: JSON.parse(row.element) as unknown }),
    kept: { value: JSON.parse(row.kept_value) as unknown, hlc: row.kept_hlc },
    lost: { value: JSON.parse(row.lost_value) as unknown, hlc: row.lost_hlc },
    mutationId: row.mutation_id,
    deviceId: row.device_id,
    userId: row.user_id,
    userName: row.display_name ?? '',
    at: row.created_at,
  }));
}
