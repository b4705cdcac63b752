/**
 * Slows password guessing without locking out the real user:
 * - per username AND address: after a few failures, each further attempt from that address for
 *   that username waits, the wait doubling with each failure (the attacker's address is held,
 *   the user signing in from their own phone is not);
 * - per address, across usernames (password spraying): after many failures, attempts for
 *   usernames that never signed in from that address wait too — colleagues who have signed in
 *   from a shared street-office address before are not held back.
 * Failures live in the database, so concurrent attempts are each counted (an attempt is counted
 * as a failure BEFORE the password is checked, and cleared if it was right), and a restart
 * forgets nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface LoginLimits {
  /** Failures for one username from one address before attempts wait. */
  pairFailures: number;
  /** Failures from one address, all usernames together, before unknown usernames wait. */
  addressFailures: number;
  /** How far back failures count. */
  windowMs: number;
  /** The first wait; it doubles with each further failure, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  pairFailures: 5,
  addressFailures: 50,
  windowMs: 15 * 60 * 1000,
  baseDelayMs: 30 * 1000,
  maxDelayMs: 15 * 60 * 1000,
};

/** How long to wait after `failures` failures, the last at `lastAt`; 0 when an attempt may go. */
export function waitAfter(failures: number, allowed: number, lastAt: number, now: number, limits: LoginLimits): number {
  if (failures < allowed) return 0;
  const delay = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.min(failures - allowed, 20));
  return Math.max(0, lastAt + delay - now);
}

export class LoginLimiter {
  /** Attempts for one username run one at a time in this process, so their counts are exact. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  private serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  /**
   * Asks to try a password: answers the milliseconds to wait (and counts nothing), or 0 — and then
   * the attempt is already counted as a failure, until `succeeded` clears it. `read` runs in the
   * same transaction (the account the password is for): one wait for the database's connection,
   * not two, while a crowd of syncs shares it.
   */
  begin<T>(
    username: string,
    address: string,
    read: (trx: Transaction<Database>) => Promise<T>,
    now = Date.now(),
  ): Promise<{ wait: number; read: T }> {
    return this.serialize(username, () =>
      this.db
        .transaction()
        .execute(async (trx) => ({ wait: await this.count(trx, username, address, now), read: await read(trx) })),
    );
  }

  /** The wait for this attempt; when none, the attempt counted as a failure. */
  private async count(trx: Transaction<Database>, username: string, address: string, now: number): Promise<number> {
    const since = now - this.limits.windowMs;
    const pair = await trx
      .selectFrom('login_failures')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
      .where('username', '=', username)
      .where('address', '=', address)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    let wait = waitAfter(Number(pair.n), this.limits.pairFailures, Number(pair.last ?? 0), now, this.limits);
    const known = await trx
      .selectFrom('known_sign_ins')
      .select('username')
      .where('username', '=', username)
      .where('address', '=', address)
      .executeTakeFirst();
    if (!known) {
      const all = await trx
        .selectFrom('login_failures')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
        .where('address', '=', address)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      const fromAddress = waitAfter(
        Number(all.n),
        this.limits.addressFailures,
        Number(all.last ?? 0),
        now,
        this.limits,
      );
      wait = Math.max(wait, fromAddress);
    }
    if (wait > 0) return wait;
    await trx.insertInto('login_failures').values({ username, address, at: now }).execute();
    return 0;
  }

  /**
   * The password was right: this pair's failures are forgotten, and the pair is known from now on.
   * `then` runs in the same transaction (the sign-in's session and its line in the audit log), so
   * a sign-in waits for the database's connection once after its hash, not once a statement.
   */
  succeeded<T>(
    username: string,
    address: string,
    then: (trx: Transaction<Database>) => Promise<T>,
    now = Date.now(),
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('login_failures').where('username', '=', username).where('address', '=', address).execute();
      await trx
        .insertInto('known_sign_ins')
        .values({ username, address, last_at: now })
        .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ last_at: now }))
        .execute();
      return then(trx);
    });
  }

  /** Drops failures older than the window, so the table stays small. */
  async forgetOld(now = Date.now()): Promise<void> {
    await this.db
      .deleteFrom('login_failures')
      .where('at', '<=', now - this.limits.windowMs)
      .execute();
  }
}
