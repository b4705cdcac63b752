/**
 * On PostgreSQL, two server instances share one database, and their pushes run in transactions
 * side by side. A grid worker's push has taken its sequence numbers and written its visits but not
 * committed yet (here its last step is held up on purpose), when a second grid worker pushes
 * through the other instance and the supervisor's device pulls. Had the second push been numbered
 * after the first and committed before it, the pull would have moved its cursor past the first
 * push's numbers and never seen those visits. Instead the second push waits for the first to
 * commit, the pull answers at once without either, and following the cursor afterwards gets both,
 * in commit order: nothing is skipped.
 *
 * Run on PostgreSQL only: SQLite has one writer at a time, so this interleaving cannot happen there.
 */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';
import type { Mutation } from '../../shared/sync-messages.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, pullAll, visitFields } from '../server/support.ts';

const firstWorker = account('worker01');

function visits(device: Device, username: 'worker01' | 'worker02', count: number): Mutation[] {
  const user = account(username);
  const households = householdsInGrid(user.place.id);
  return Array.from({ length: count }, (_, i) =>
    device.put('visits', uuidv7(), visitFields(households[i % households.length] as string, user.id)),
  );
}

/** Pushes here wait as long as the test holds them, not the server's one second. */
const PATIENT = 60_000;

describe('a push that commits late on PostgreSQL', () => {
  let server: TestServer;
  let secondServer: TestServer;
  beforeAll(async () => {
    server = await startServer({ postgresLockWaitMs: PATIENT });
    expect(server.databaseKind).toBe('postgres');
    // A second server instance on the same database: its pushes meet the first's in the database.
    secondServer = await startServer({ databaseUrl: server.databaseUrl, postgresLockWaitMs: PATIENT });
  });
  afterAll(async () => {
    await secondServer?.stop();
    await server?.stop();
  });

  it('is never skipped by a pull that ran while it was open', async () => {
    const firstClient = new ApiClient(server.url);
    const secondClient = new ApiClient(secondServer.url);
    const supervisor = new ApiClient(server.url);
    await firstClient.login('worker01');
    await secondClient.login('worker02');
    await supervisor.login('supervisor');
    const before = (await pullAll(supervisor)).cursor;

    // Connections beside the servers' own: one holds up the first push, one watches the waiting.
    const side = await openDatabase(server.databaseUrl);
    const holder = await openDatabase(server.databaseUrl, { postgresLockWaitMs: PATIENT });
    try {
      /** How many of this database's connections wait for a lock another transaction holds. */
      const waiting = async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(side.db);
        return rows[0]?.n ?? 0;
      };
      const untilWaiting = async (count: number) => {
        for (let i = 0; i < 500 && (await waiting()) < count; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await waiting()).toBe(count);
      };

      const firstPhone = new Device();
      const firstBatch = visits(firstPhone, 'worker01', 5);
      const lastId = (firstBatch.at(-1) as Mutation).id;
      // Hold up the first push at its very last step: another transaction has written (and not yet
      // committed) an answer under its last mutation id, so its own insert waits on that row.
      let releaseHolder = () => {};
      let holderWrote = () => {};
      const written = new Promise<void>((resolve) => {
        holderWrote = resolve;
      });
      const holderDone = holder.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('mutations')
          .values({
            id: lastId,
            device_id: firstPhone.id,
            user_id: firstWorker.id,
            tbl: 'visits',
            record_id: uuidv7(),
            op: 'put',
            hlc: firstPhone.hlc(),
            result: '{}',
            received_at: new Date().toISOString(),
          })
          .execute();
        holderWrote();
        await new Promise<void>((resolve) => {
          releaseHolder = resolve;
        });
        throw new Error('rolled back on purpose');
      });
      // The holder's row must be written before the push starts: written after, it would be the
      // holder that waited on the push's row (and then failed as a duplicate), not the push.
      await Promise.race([written, holderDone]);
      await untilWaiting(0);

      const firstPush = firstPhone.push(firstClient, firstBatch);
      await untilWaiting(1); // the first push: numbers taken, visits written, waiting at its last step

      const secondPhone = new Device();
      const secondBatch = visits(secondPhone, 'worker02', 3);
      let secondAnswered = false;
      const secondPush = secondPhone.push(secondClient, secondBatch).then((response) => {
        secondAnswered = true;
        return response;
      });
      await untilWaiting(2); // the second push: waiting for the first to commit

      const during = await supervisor.request('GET', `/api/sync/pull?cursor=${before}&limit=5000`);
      expect(during.status).toBe(200);
      expect(during.body.changes).toEqual([]);
      expect(secondAnswered).toBe(false);

      releaseHolder();
      await expect(holderDone).rejects.toThrow('rolled back on purpose');
      const [firstAnswer, secondAnswer] = await Promise.all([firstPush, secondPush]);
      expect(firstAnswer.status).toBe(200);
      expect(firstAnswer.body.results.map((r: JsonBody) => r.status)).toEqual(firstBatch.map(() => 'accepted'));
      expect(secondAnswer.status).toBe(200);
      expect(secondAnswer.body.results.map((r: JsonBody) => r.status)).toEqual(secondBatch.map(() => 'accepted'));

      const after = await pullAll(supervisor, during.body.cursor);
      const pulled = [...during.body.changes, ...after.changes] as JsonBody[];
      const ids = (batch: Mutation[]) => batch.map((m) => m.recordId);
      // Every visit of both pushes, each once, the first push's before the second's.
      expect(pulled.map((change) => change.recordId)).toEqual([...ids(firstBatch), ...ids(secondBatch)]);
      const seqs = pulled.map((change) => change.seq as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      await holder.close();
      await side.close();
    }
  });
});
