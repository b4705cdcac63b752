/** The conflict log: every value that lost to a newer one, readable by the community's supervisors. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

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
  at: string;
}

export async function listConflicts(
  db: Kysely<Database>,
  communityId: string,
  limit: number,
): Promise<ConflictEntry[]> {
  const rows = await db
    .selectFrom('conflicts')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
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
    at: row.created_at,
  }));
}
