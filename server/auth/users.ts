/** User accounts and sessions. */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { PlaceLevel, Role } from '../../shared/domain.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import type { Database, UsersTable } from '../db/schema.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import type { SessionRenewals } from './session-renewals.ts';

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  place: { level: PlaceLevel; id: string };
  password: string;
}

function toSessionUser(row: Selectable<UsersTable>): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    place: { level: row.place_level as PlaceLevel, id: row.place_id },
  };
}

export async function createUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      place_level: user.place.level,
      place_id: user.place.id,
      password_hash: await hashPassword(user.password),
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** An account as stored, password hash included: only for checking a password. */
export type Account = Selectable<UsersTable>;

/** The account of a username, or undefined. */
export function findAccount(db: Kysely<Database>, username: string): Promise<Account | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/**
 * The user of `row` (what `findAccount` read) if `password` is theirs, or null; costs the same
 * time whether or not the username exists. A right password stored under an older hashing
 * (password.ts) is stored again under today's.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  row: Account | undefined,
  password: string,
): Promise<SessionUser | null> {
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  // A switched-off account gets the same answer as a wrong password.
  if (!row || !ok || row.active !== 1) return null;
  if (needsRehash(row.password_hash)) {
    const rehashed = await hashPassword(password);
    // Only if the hash is still the one just checked: a reset meanwhile is not undone.
    await db
      .updateTable('users')
      .set({ password_hash: rehashed })
      .where('id', '=', row.id)
      .where('password_hash', '=', row.password_hash)
      .execute();
  }
  return toSessionUser(row);
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Kysely<Database>, userId: string, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlMs).toISOString(),
    })
    .execute();
  return token;
}

/** The session's user, sliding its expiry forward; null when missing or expired. */
export async function sessionUser(
  db: Kysely<Database>,
  token: string,
  ttlMs: number,
  renewals: SessionRenewals,
): Promise<{ user: SessionUser; renewed: boolean } | null> {
  const hash = tokenHash(token);
  const now = new Date();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.expires_at')
    .where('sessions.token_hash', '=', hash)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  const renewed = new Date(now.getTime() + ttlMs).toISOString();
  // Renew at most once a minute, and never during the request: it is written behind, with others.
  const renew = Date.parse(renewed) - Date.parse(row.expires_at) > 60_000;
  if (renew) renewals.renew(hash, renewed);
  return { user: toSessionUser(row), renewed: renew };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Ends every session of a user at once: their next request is answered 401. */
export async function endSessionsOf(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Whether anyone can sign in at all: a new installation has no account until `npm run admin`. */
export async function hasAnyUser(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}
