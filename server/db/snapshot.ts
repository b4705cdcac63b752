/** Reads that must all see the database at one moment. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs `read` in one read-only snapshot. A pull reads records and departures in two queries: had
 * a push committed between them, the second would show changes numbered after ones the first
 * missed, and the device's cursor would pass those for good. On PostgreSQL this is a REPEATABLE
 * READ transaction (READ COMMITTED, the default, takes a new snapshot for every statement); on
 * SQLite a transaction on its one connection, so no write runs in between.
 */
export function inOneSnapshot<T>(db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}
