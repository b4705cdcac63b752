/**
 * The audit log: who signed in and from where, who read an export, who administered what. Append
 * only: the server writes it, an administrator reads it, and no route changes or deletes it.
 * Record-level changes are in the mutation log (who pushed which change to which record).
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

export type AuditAction =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_in_refused'
  | 'sign_out'
  | 'export'
  | 'import'
  | 'user_created'
  | 'user_changed'
  | 'password_reset';

export interface AuditEntry {
  action: AuditAction;
  userId?: string | null;
  username?: string | null;
  communityId?: string | null;
  address?: string | null;
  /** What was acted on: a user id, an export's table. Never personal data. */
  target?: string | null;
  /** Counts, filters, outcomes. Never names, phones or notes. */
  detail?: Record<string, unknown>;
}

/** The community a place belongs to: where an entry is read. */
export async function communityOfPlace(db: Kysely<Database>, placeId: string): Promise<string | null> {
  const row = await db
    .selectFrom('records')
    .select('community_id')
    .where('tbl', '=', 'places')
    .where('id', '=', placeId)
    .executeTakeFirst();
  return row?.community_id ?? null;
}

export async function audit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      action: entry.action,
      user_id: entry.userId ?? null,
      username: entry.username ?? null,
      community_id: entry.communityId ?? null,
      address: entry.address ?? null,
      target: entry.target ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

/** An entry for something a community's supervisor or administrator did, from where. */
export async function auditBy(
  db: Kysely<Database>,
  actor: { id: string; username: string; place: { id: string } },
  address: string,
  entry: { action: AuditAction; target?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await audit(db, {
    ...entry,
    userId: actor.id,
    username: actor.username,
    communityId: actor.place.id,
    address,
  });
}

export interface AuditRecord {
  id: number;
  at: string;
  action: string;
  userId: string | null;
  username: string | null;
  address: string | null;
  target: string | null;
  detail: unknown;
}

export async function auditOfCommunity(
  db: Kysely<Database>,
  communityId: string,
  options: { limit: number; action?: string | undefined },
): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll().where('community_id', '=', communityId);
  if (options.action) query = query.where('action', '=', options.action);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map((row) => ({
    id: Number(row.id),
    at: row.at,
    action: row.action,
    userId: row.user_id,
    username: row.username,
    address: row.address,
    target: row.target,
    detail: row.detail ? (JSON.parse(row.detail) as unknown) : null,
  }));
}

export interface ChangeRecord {
  mutationId: string;
  userId: string;
  deviceId: string;
  table: string;
  recordId: string;
  op: string;
  status: string;
  at: string;
}

/** Who changed which record of the community, newest first: the mutation log. */
export async function changesOfCommunity(
  db: Kysely<Database>,
  communityId: string,
  options: { limit: number; recordId?: string | undefined },
): Promise<ChangeRecord[]> {
  let query = db
    .selectFrom('mutations')
    .innerJoin('records', (join) =>
      join.onRef('records.tbl', '=', 'mutations.tbl').onRef('records.id', '=', 'mutations.record_id'),
    )
    .select([
      'mutations.id',
      'mutations.user_id',
      'mutations.device_id',
      'mutations.tbl',
      'mutations.record_id',
      'mutations.op',
      'mutations.result',
      'mutations.received_at',
    ])
    .where('records.community_id', '=', communityId);
  if (options.recordId) query = query.where('mutations.record_id', '=', options.recordId);
  const rows = await query.orderBy('mutations.received_at', 'desc').limit(options.limit).execute();
  return rows.map((row) => ({
    mutationId: row.id,
    userId: row.user_id,
    deviceId: row.device_id,
    table: row.tbl,
    recordId: row.record_id,
    op: row.op,
    status: (JSON.parse(row.result) as { status: string }).status,
    at: row.received_at,
  }));
}
