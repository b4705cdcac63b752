/**
 * Session renewals, written behind. A session's expiry slides on use, and writing it during the
 * request cost a commit of its own: on SQLite a synchronous fsync on the server's one thread. When a
 * crowd of devices comes back at once, each first request renews, and 500 such commits held every
 * request, a sign-in or a health check included, for most of a second. Renewals are now gathered
 * and written together, in one transaction, a moment later.
 *
 * Nothing a user sent is at stake: a renewal lost in a crash leaves the session's earlier expiry,
 * which was still ahead (only a valid session is renewed), and the next use renews it again.
 */
import type { Kysely } from 'kysely';
import { isBusy } from '../db/busy.ts';
import type { Database } from '../db/schema.ts';

/** How long renewals gather before they are written. */
const GATHER_MS = 200;
/** How long to wait before trying again when another writer holds the database. */
const BUSY_RETRY_MS = 1000;

export class SessionRenewals {
  /** New expiry by session token hash, not yet written. */
  readonly #pending = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    readonly db: Kysely<Database>,
    /** Told of a write that failed other than by a busy database; those renewals are dropped. */
    readonly onError: (error: unknown) => void,
  ) {}

  /** How many renewals wait to be written. */
  get pending(): number {
    return this.#pending.size;
  }

  /** The session's expiry moves to `expiresAt` (ISO 8601), written shortly. */
  renew(tokenHash: string, expiresAt: string): void {
    this.#keepLater(tokenHash, expiresAt);
    this.#schedule(GATHER_MS);
  }

  /** Of a waiting renewal and this one, the later expiry waits to be written. */
  #keepLater(tokenHash: string, expiresAt: string): void {
    const waiting = this.#pending.get(tokenHash);
    if (waiting === undefined || waiting < expiresAt) this.#pending.set(tokenHash, expiresAt);
  }

  /** Writes every waiting renewal now (also called as the server closes). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  #schedule(delayMs: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), delayMs);
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending];
    this.#pending.clear();
    const now = new Date().toISOString();
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const [tokenHash, expiresAt] of batch) {
          // Only ever later, and only a session still open: a renewal never shortens a session,
          // nor revives one that has ended or run out meanwhile.
          await trx
            .updateTable('sessions')
            .set({ expires_at: expiresAt })
            .where('token_hash', '=', tokenHash)
            .where('expires_at', '<', expiresAt)
            .where('expires_at', '>', now)
            .execute();
        }
      });
    } catch (error) {
      if (!isBusy(error)) {
        this.onError(error);
        return;
      }
      // Another writer holds the database: keep them (a newer renewal made meanwhile wins).
      for (const [tokenHash, expiresAt] of batch) this.#keepLater(tokenHash, expiresAt);
      this.#schedule(BUSY_RETRY_MS);
    }
  }
}
