/**
 * A grid worker's phone pulls at the very moment the supervisor's push commits: a visit in the
 * worker's grid, then a household moved out of it, so the push numbers the visit before the
 * "left" changes of the move. A pull reads the records it may see and the records that left its
 * place in two queries; here the push commits exactly between them, through another connection. The page must come from one
 * moment: had it shown the "left" changes without the visit, the phone's cursor would have passed
 * the visit, and the worker would never see it.
 */
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  SelectQueryNode,
  TableNode,
} from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';
import { pullPage } from '../../server/sync/pull.ts';
import { applyPush, validatePush } from '../../server/sync/push.ts';
import type { MutationResult, PullResponse, SessionUser } from '../../shared/sync-messages.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import { account, buildingsInGrid, currentCursor, Device, householdsInGrid, pullAll, visitFields } from './support.ts';

const worker = account('worker01');
const [visitedHousehold, movingHousehold] = householdsInGrid(worker.place.id) as [string, string];
const targetBuilding = buildingsInGrid(account('worker02').place.id)[0] as string;

/** Runs `between` right after a query reading a page of `records` (one with a limit) returns. */
function afterRecordsPage(between: () => Promise<void>): KyselyPlugin {
  const pages = new Set<string>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs) {
      const from = SelectQueryNode.is(node) && node.limit ? node.from?.froms[0] : undefined;
      if (from && TableNode.is(from) && from.table.identifier.name === 'records') pages.add(queryId.queryId);
      return node;
    },
    async transformResult({ queryId, result }: PluginTransformResultArgs) {
      if (pages.delete(queryId.queryId)) await between();
      return result;
    },
  };
}

describe('a pull while a push commits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it('shows the page as of one moment, so the cursor never passes a change it did not show', async () => {
    const workerClient = new ApiClient(server.url);
    const user = (await workerClient.login('worker01')) as SessionUser;
    const supervisor = (await new ApiClient(server.url).login('supervisor')) as SessionUser;
    const cursor = Number(await currentCursor(workerClient));

    const phone = new Device();
    const visit = phone.put('visits', uuidv7(), visitFields(visitedHousehold, supervisor.id));
    const move = phone.put('households', movingHousehold, { buildingId: targetBuilding, unitId: null });
    // The push goes through a connection of its own, as another request of the server would.
    const other = await openDatabase(server.databaseUrl);
    let answers: MutationResult[] = [];
    try {
      const pulling = server.db.withPlugin(
        afterRecordsPage(async () => {
          answers = await applyPush(
            other.db,
            supervisor,
            await validatePush({ deviceId: phone.id, mutations: [visit, move] }),
          );
        }),
      );
      const page = JSON.parse((await pullPage(pulling, user, cursor, 5000)).toString()) as PullResponse;
      expect(answers.map((answer) => answer.status)).toEqual(['accepted', 'accepted']);

      const rest = await pullAll(workerClient, page.cursor);
      const seen: JsonBody[] = [...page.changes, ...rest.changes];
      expect(seen.find((change) => change.recordId === visit.recordId)?.record).toMatchObject({
        gridId: worker.place.id,
      });
      expect(seen.find((change) => change.recordId === movingHousehold)).toMatchObject({ left: true });
      const seqs = seen.map((change) => change.seq as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      await other.close();
    }
  });
});
