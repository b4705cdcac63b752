/**
 * `npm run admin -- create <username> [--community 名称]`: creates an administrator, the first
 * account of a new installation. The password comes from GRIDWORK_ADMIN_PASSWORD or a prompt and
 * is never printed. A database with no community yet gets one (named by --community), written
 * through the change log like every record, so that phones pull it.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { usernameSchema } from '../shared/desk-messages.ts';
import { createUser } from './auth/users.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import type { Database } from './db/schema.ts';
import { changeTransaction } from './sync/records.ts';
import { ServerWriter } from './sync/server-writes.ts';

const USAGE = 'usage: npm run admin -- create <username> [--community 社区名称] [--name 显示名]';
const MIN_PASSWORD = 8;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.GRIDWORK_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new Error('no terminal to ask for a password: set GRIDWORK_ADMIN_PASSWORD');
  const first = await promptHidden('Password: ');
  const again = await promptHidden('Password again: ');
  if (first !== again) throw new Error('the two passwords differ; nothing was created');
  return first;
}

/** The community the administrator will keep: the only one, the one named, or a new one. */
async function communityFor(
  db: Kysely<Database>,
  named: string | undefined,
): Promise<{ id: string; created: boolean }> {
  const rows = await db
    .selectFrom('records')
    .select(['id', 'data'])
    .where('tbl', '=', 'places')
    .where('deleted', '=', 0)
    .execute();
  const communities = rows
    .map((row) => ({ id: row.id, ...(JSON.parse(row.data) as { kind: string; name: string }) }))
    .filter((place) => place.kind === 'community');
  const match = named ? communities.find((community) => community.name === named) : undefined;
  if (match) return { id: match.id, created: false };
  if (!named && communities.length === 1 && communities[0]) return { id: communities[0].id, created: false };
  if (!named && communities.length > 1) {
    throw new Error(
      `several communities here (${communities.map((c) => c.name).join(', ')}): name one with --community`,
    );
  }
  const id = uuidv7();
  const name = named ?? '新社区';
  await changeTransaction(db, async (trx, seq) => {
    const writer = new ServerWriter(trx, seq, 'admin-command');
    await writer.put('places', id, { kind: 'community', name, parentId: null, sort: 0 });
  });
  return { id, created: true };
}

async function main(args: string[]): Promise<void> {
  const [command, rawUsername] = args;
  if (command !== 'create' || !rawUsername) throw new Error(USAGE);
  const username = usernameSchema.safeParse(rawUsername);
  if (!username.success) throw new Error(`username "${rawUsername}": 2–32 lower-case letters, digits, _ . -`);
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  try {
    const taken = await database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username.data)
      .executeTakeFirst();
    if (taken) throw new Error(`the username ${username.data} is taken; nothing was created`);
    const password = await readPassword();
    if (password.length < MIN_PASSWORD) throw new Error(`a password of at least ${MIN_PASSWORD} characters, please`);
    const community = await communityFor(database.db, option(args, '--community'));
    await createUser(database.db, {
      id: uuidv7(),
      username: username.data,
      displayName: option(args, '--name') ?? '管理员',
      role: 'admin',
      place: { level: 'community', id: community.id },
      password,
    });
    console.log(
      `Created the administrator ${username.data}${community.created ? ' and a new community (rename it on the places page)' : ''}. Sign in at the app.`,
    );
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
