/**
 * On SQLite, a pull's JSON is written by SQLite itself, in the query that reads the records. The
 * pages it writes must be the bytes the query builder's rows spliced in JavaScript give (the way
 * PostgreSQL and a building lead's masked pull go, which the push-and-pull tests hold equal to the
 * change built as an object and encoded): for a community, a compound and a grid, page after
 * page at several sizes, over deleted records, text that needs escaping, records that left a grid
 * and the names of the places above.
 */
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { sqlitePath } from '../../server/db/open.ts';
import { ancestorPlaceIds, pullPageThroughBuilder } from '../../server/sync/pull.ts';
import { sqlitePullPage } from '../../server/sync/sqlite-pull.ts';
import type { PullResponse, SessionUser } from '../../shared/sync-messages.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  buildingsInGrid,
  Device,
  escapedAndDeleted,
  householdsInGrid,
  placesOfKind,
  visitFields,
} from '../server/support.ts';

const worker1 = account('worker01');
const worker2 = account('worker02');

function sessionUser(user: ReturnType<typeof account>): SessionUser {
  const { id, username, displayName, role, place } = user;
  return { id, username, displayName, role, place };
}

describe('a pull written by SQLite', () => {
  let server: TestServer;
  let sqlite: Database.Database;
  const compound = placesOfKind('compound')[0];
  const compoundSupervisor: SessionUser = {
    id: uuidv7(),
    username: 'compound-secretary',
    displayName: '小区书记',
    role: 'supervisor',
    place: { level: 'compound', id: compound?.id as string },
  };

  beforeAll(async () => {
    server = await startServer();
    await createUser(server.db, { ...compoundSupervisor, password: 'compound-pass-1' });
    const admin = new ApiClient(server.url);
    await admin.login('admin');
    const phone = new Device();
    const [householdId] = householdsInGrid(worker1.place.id) as [string];
    const pushed = await phone.push(admin, [
      // Text that needs escaping, in a record whose content names its building; a tombstone.
      ...escapedAndDeleted(phone, householdId),
      phone.put('visits', uuidv7(), visitFields(householdId, account('admin').id, { note: "“弯引号”与 '单引号'" })),
      // A building of the first grid moves to the second: the first grid's worker pulls "left".
      phone.put('places', buildingsInGrid(worker1.place.id)[1] as string, { gridId: worker2.place.id }),
    ]);
    expect(pushed.body.results.map((result: { status: string }) => result.status)).toEqual(Array(5).fill('accepted'));
    sqlite = new Database(sqlitePath(server.databaseUrl), { readonly: true });
  });

  afterAll(async () => {
    sqlite?.close();
    await server?.stop();
  });

  /** Every page after `cursor` both ways, compared byte for byte; the changes, parsed. */
  async function pullBothWays(user: SessionUser, limit: number) {
    const ancestors = await ancestorPlaceIds(server.db, user.place.id);
    const changes: PullResponse['changes'] = [];
    let cursor = 0;
    for (let page = 0; page < 20_000; page++) {
      const written = sqlitePullPage(sqlite, user.place, ancestors, cursor, limit);
      const spliced = await pullPageThroughBuilder(server.db, user, cursor, limit);
      expect(written.toString(), `${user.username}, page ${page} of ${limit}`).toBe(spliced.toString());
      const body = JSON.parse(written.toString()) as PullResponse;
      changes.push(...body.changes);
      if (!body.hasMore) return changes;
      cursor = Number(body.cursor);
    }
    throw new Error('the pull did not end');
  }

  it('writes the bytes the builder’s rows spliced in JavaScript give, page after page', async () => {
    const users = [sessionUser(account('supervisor')), compoundSupervisor, sessionUser(worker1), sessionUser(worker2)];
    for (const user of users) {
      const whole = await pullBothWays(user, 5000);
      expect(whole.length, user.username).toBeGreaterThan(100);
      for (const limit of [1, 7, 1000]) {
        // Cheaper for the single-record pages: only the grid workers' pulls are walked one by one.
        if (limit === 1 && user.place.level !== 'grid') continue;
        const paged = await pullBothWays(user, limit);
        expect(paged.map((change) => change.seq)).toEqual(whole.map((change) => change.seq));
      }
    }
  });

  it('covers what it claims to: deletions, departures, escaped text and the places above', async () => {
    const community = await pullBothWays(sessionUser(account('supervisor')), 5000);
    expect(community.some((change) => change.deleted)).toBe(true);
    expect(community.some((change) => change.record && JSON.stringify(change.record).includes('\\"和\\\\'))).toBe(true);
    const grid = await pullBothWays(sessionUser(worker1), 5000);
    expect(grid.some((change) => change.left)).toBe(true);
    const inCompound = await pullBothWays(compoundSupervisor, 5000);
    expect(inCompound.some((change) => change.table === 'places' && change.record?.kind === 'community')).toBe(true);
  });
});
