/** Starts the server: opens (and migrates) the database, serves the API and the PWA. */
import { buildApp } from './app.ts';
import { hasAnyUser } from './auth/users.ts';
import { loadConfig } from './config.ts';
import { describeDatabaseUrl } from './db/dialect.ts';
import { openDatabase } from './db/open.ts';
import { bringLatestVisitsUpToDate } from './desk/latest-visits.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  const app = await buildApp({ db: database.db, databaseKind: database.kind, config });
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(
    `Gridwork ${config.version} on ${address}/ (database: ${database.kind}, ${describeDatabaseUrl(config.databaseUrl)})`,
  );
  if (config.districtReportToken) {
    // Each household's latest visit, brought up to date now rather than by the first district
    // report: after an upgrade that means every visit ever written (minutes over a full district).
    bringLatestVisitsUpToDate(database.db, database.kind).catch((error: unknown) =>
      app.log.error({ err: error }, 'bringing the latest visits up to date failed'),
    );
  }
  if (!(await hasAnyUser(database.db))) {
    console.log('No accounts yet: create the first administrator with  npm run admin -- create <username>');
  }
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
