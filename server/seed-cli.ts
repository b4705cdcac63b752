/** `npm run seed`: fills an empty database with the demo community and prints the demo accounts. */
import type { NewUser } from './auth/users.ts';
import { loadConfig } from './config.ts';
import { describeDatabaseUrl } from './db/dialect.ts';
import { openDatabase } from './db/open.ts';
import { DEMO_PASSWORD, type DemoData, generateDemoData } from './seed/generate.ts';
import { AlreadySeededError, seedDemoData } from './seed/seed.ts';

interface PlaceLabel {
  name: string;
  parentId: string | null;
  kind: string;
}

function placeLabels(data: DemoData): Map<string, PlaceLabel> {
  const places = new Map<string, PlaceLabel>();
  for (const record of data.records) {
    if (record.table !== 'places') continue;
    const { name, parentId, kind } = record.content as PlaceLabel;
    places.set(record.id, { name, parentId, kind });
  }
  return places;
}

/** "和平里小区 1号楼" rather than "1号楼": building and grid names repeat across compounds. */
function describePlace(places: Map<string, PlaceLabel>, place: NewUser['place']): string {
  const own = places.get(place.id);
  if (!own) return place.id;
  const parent = own.parentId ? places.get(own.parentId) : undefined;
  return parent && parent.kind === 'compound' ? `${parent.name} ${own.name}` : own.name;
}

/** Pads by display width: a CJK character takes two terminal columns. */
function padColumn(text: string, width: number): string {
  const columns = Array.from(text).reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(1, width - columns));
}

function printAccounts(data: DemoData): void {
  const places = placeLabels(data);
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD})`);
  console.log(`  ${padColumn('username', 12)}${padColumn('role', 15)}${padColumn('name', 12)}place`);
  for (const user of data.users) {
    const place = describePlace(places, user.place);
    console.log(
      `  ${padColumn(user.username, 12)}${padColumn(user.role, 15)}${padColumn(user.displayName, 12)}${place}`,
    );
  }
}

function printSummary(databaseUrl: string, data: DemoData): void {
  const counts = new Map<string, number>();
  for (const record of data.records) counts.set(record.table, (counts.get(record.table) ?? 0) + 1);
  const tables = [...counts].map(([table, count]) => `${count} ${table}`).join(', ');
  console.log(
    `Seeded ${describeDatabaseUrl(databaseUrl)} with the demo community 演示社区: ${tables}; ${data.users.length} users.`,
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  try {
    await seedDemoData(database.db);
    // The generator is deterministic, so this is exactly the data just written.
    const data = generateDemoData();
    printSummary(config.databaseUrl, data);
    printAccounts(data);
  } catch (error) {
    // Seeding twice is not a failure: the data is already there, and nothing was changed.
    if (!(error instanceof AlreadySeededError)) throw error;
    console.log(
      `${describeDatabaseUrl(config.databaseUrl)} is already seeded (${error.users} users, ${error.records} records); nothing changed.`,
    );
  } finally {
    await database.close();
  }
}

// Top-level await: `npm run demo` imports this module and starts the server only after it.
await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
