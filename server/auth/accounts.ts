/**
 * Accounts as an administrator keeps them: list, create with a password shown once, change role
 * or place, switch off, reset a password. Every change of who someone is or where they stand ends
 * their sessions at once; what their phone has not synced yet stays in its outbox and is answered
 * by their new scope when they sign in again.
 */
import { randomInt } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Account, CreateUserRequest, UpdateUserRequest } from '../../shared/desk-messages.ts';
import type { PlaceLevel, Role } from '../../shared/domain.ts';
import type { Database, UsersTable } from '../db/schema.ts';
import { ApiError } from '../http-errors.ts';
import { hashPassword } from './password.ts';
import { createUser, endSessionsOf } from './users.ts';

/** Where each role may stand: a grid worker in a grid, a building lead in a building… */
export const LEVELS_OF_ROLE: Record<Role, readonly PlaceLevel[]> = {
  grid_worker: ['grid'],
  building_lead: ['building'],
  supervisor: ['community', 'compound'],
  admin: ['community'],
};

// No 0/O, 1/l/I: the password is read off a screen and typed on a phone.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newPassword(length = 12): string {
  let password = '';
  for (let i = 0; i < length; i++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

function toAccount(row: Selectable<UsersTable>): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    place: { level: row.place_level as PlaceLevel, id: row.place_id },
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

/** Accounts whose place lies in the community (unknown places belong to no one's list). */
export async function listAccounts(db: Kysely<Database>, communityId: string): Promise<Account[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('records', (join) => join.onRef('records.id', '=', 'users.place_id').on('records.tbl', '=', 'places'))
    .selectAll('users')
    .where('records.community_id', '=', communityId)
    .orderBy('users.username')
    .execute();
  return rows.map(toAccount);
}

async function accountIn(db: Kysely<Database>, communityId: string, id: string): Promise<Account> {
  const found = (await listAccounts(db, communityId)).find((account) => account.id === id);
  // An account of another community is as unknown as one that does not exist.
  if (!found) throw new ApiError(404, 'not_found', 'no such account in your community');
  return found;
}

/** The place must be a live place of this community, of the level named, fit for the role. */
async function checkPlace(
  db: Kysely<Database>,
  communityId: string,
  role: Role,
  place: { level: PlaceLevel; id: string },
): Promise<void> {
  const row = await db
    .selectFrom('records')
    .select(['data', 'community_id', 'deleted'])
    .where('tbl', '=', 'places')
    .where('id', '=', place.id)
    .executeTakeFirst();
  if (!row || row.deleted === 1 || row.community_id !== communityId) {
    throw new ApiError(422, 'invalid', 'place: not a place of your community', 'place.id');
  }
  const kind = (JSON.parse(row.data) as { kind: string }).kind;
  if (kind !== place.level) throw new ApiError(422, 'invalid', `place: that place is a ${kind}`, 'place.level');
  if (!LEVELS_OF_ROLE[role].includes(place.level)) {
    throw new ApiError(
      422,
      'invalid',
      `place: a ${role} stands at a ${LEVELS_OF_ROLE[role].join(' or ')}`,
      'place.level',
    );
  }
}

export async function createAccount(
  db: Kysely<Database>,
  communityId: string,
  request: CreateUserRequest,
): Promise<{ user: Account; password: string }> {
  await checkPlace(db, communityId, request.role, request.place);
  const taken = await db.selectFrom('users').select('id').where('username', '=', request.username).executeTakeFirst();
  if (taken) throw new ApiError(409, 'conflict', 'username: that username is taken', 'username');
  const password = newPassword();
  const id = uuidv7();
  await createUser(db, { id, ...request, password });
  return { user: await accountIn(db, communityId, id), password };
}

export async function updateAccount(
  db: Kysely<Database>,
  admin: { id: string },
  communityId: string,
  id: string,
  changes: UpdateUserRequest,
): Promise<Account> {
  const account = await accountIn(db, communityId, id);
  const role = changes.role ?? account.role;
  const place = changes.place ?? account.place;
  if (id === admin.id && (changes.active === false || (changes.role && changes.role !== 'admin'))) {
    // The community must never be left without anyone who can administer it.
    throw new ApiError(
      409,
      'conflict',
      'you cannot switch off or demote your own account',
      changes.role ? 'role' : 'active',
    );
  }
  if (changes.role || changes.place) await checkPlace(db, communityId, role, place);
  const set: Updateable<UsersTable> = {};
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.place !== undefined) {
    set.place_level = changes.place.level;
    set.place_id = changes.place.id;
  }
  if (changes.active !== undefined) set.active = changes.active ? 1 : 0;
  if (Object.keys(set).length === 0) return account;
  const endsSessions =
    (changes.role !== undefined && changes.role !== account.role) ||
    (changes.place !== undefined &&
      (changes.place.id !== account.place.id || changes.place.level !== account.place.level)) ||
    (changes.active !== undefined && changes.active !== account.active);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set(set).where('id', '=', id).execute();
    if (endsSessions) await endSessionsOf(trx, id);
  });
  return accountIn(db, communityId, id);
}

/** A new password, shown once; the old one and every session of the account stop working. */
export async function resetPassword(db: Kysely<Database>, communityId: string, id: string): Promise<string> {
  await accountIn(db, communityId, id);
  const password = newPassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute();
    await endSessionsOf(trx, id);
  });
  return password;
}
