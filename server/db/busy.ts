/** Whether a database error means "locked by another writer right now" rather than a fault. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  // SQLite's lock errors, and PostgreSQL's lock_not_available.
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '55P03';
}
