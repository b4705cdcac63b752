/**
 * A project of the projects list (项目清单) over HTTP: the grid worker proposes one that answers a
 * listed need with a listed resource; the supervisor agrees to it; the worker starts it and
 * reports it done. Each step is a project event the server folds on arrival: a step out of order,
 * an agreement given twice and a step by a role that may not take it are refused in their own
 * codes and leave nothing behind; the state and its dates are never moved by a put; two phones
 * acting offline on one project are folded in the order the server accepts them, whatever their
 * stamps; and a user outside the project's place can neither act on it nor see it.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRecord } from '../../server/sync/records.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  changesOf,
  currentCursor,
  Device,
  projectEventFields,
  projectFields,
  pullAll,
  resourcesOfDemo,
} from './support.ts';

const worker = account('worker01');
const lead = account('lead01');
const supervisor = account('supervisor');
/** Building 1 is in worker01's grid; lead02's building is in the same grid, lead05's in another. */
const buildingId = lead.place.id;
const resource = resourcesOfDemo()[0] as { id: string };

type Who = 'worker' | 'lead' | 'supervisor' | 'neighbourLead' | 'otherLead' | 'otherWorker';
const LOGINS: Record<Who, string> = {
  worker: 'worker01',
  lead: 'lead01',
  supervisor: 'supervisor',
  neighbourLead: 'lead02',
  otherLead: 'lead05',
  otherWorker: 'worker02',
};

describe('a project goes proposed → agreed → in progress → done', () => {
  let server: TestServer;
  const clients = {} as Record<Who, ApiClient>;
  const phones = {} as Record<Who, Device>;
  const idOf = (who: Who) => account(LOGINS[who]).id;

  beforeAll(async () => {
    server = await startServer();
    for (const [who, username] of Object.entries(LOGINS) as [Who, string][]) {
      clients[who] = new ApiClient(server.url);
      await clients[who].login(username);
      phones[who] = new Device();
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function push(who: Who, mutations: unknown[]): Promise<JsonBody[]> {
    const response = await phones[who].push(clients[who], mutations);
    expect(response.status).toBe(200);
    return response.body.results;
  }

  function step(who: Who, projectId: string, action: string, extra: Record<string, unknown> = {}, hlc?: string) {
    return phones[who].put('projectEvents', uuidv7(), projectEventFields(projectId, idOf(who), action, extra), hlc);
  }

  /** The worker takes a resident's request onto the needs list and proposes a project answering it. */
  async function proposed(): Promise<{ projectId: string; needId: string }> {
    const needId = uuidv7();
    const projectId = uuidv7();
    const results = await push('worker', [
      phones.worker.put('serviceNeeds', needId, {
        placeId: buildingId,
        source: 'request',
        kind: 'housing',
        text: '楼道照明不亮，老人晚上下楼不方便',
        raisedAt: new Date().toISOString(),
        recordedBy: worker.id,
      }),
      phones.worker.put(
        'projects',
        projectId,
        projectFields(buildingId, worker.id, { needIds: [needId], resourceIds: [resource.id] }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    return { projectId, needId };
  }

  /** The project as stored now; its dates are absent until an event sets them, read here as null. */
  async function projectOnServer(id: string) {
    const data = (await getRecord(server.db, 'projects', id))?.data;
    return data && { ...data, agreedAt: data.agreedAt ?? null, doneAt: data.doneAt ?? null };
  }

  /** The project as `who`'s phone last pulled it since `cursor`, or undefined if it came not. */
  async function pulledProject(who: Who, projectId: string, cursor = '0') {
    const pulled = await pullAll(clients[who], cursor);
    return changesOf(pulled, 'projects')
      .filter((change) => change.recordId === projectId)
      .at(-1)?.record;
  }

  it('is agreed by the supervisor, then started and reported done by whoever proposed it', async () => {
    const { projectId, needId } = await proposed();
    const proposedRecord = await getRecord(server.db, 'projects', projectId);
    expect(proposedRecord?.placeIds).toMatchObject({ buildingId, gridId: worker.place.id });
    expect(await projectOnServer(projectId)).toMatchObject({
      status: 'proposed',
      agreedAt: null,
      doneAt: null,
      proposedBy: worker.id,
      needIds: [needId],
      resourceIds: [resource.id],
    });
    expect(await pulledProject('lead', projectId)).toMatchObject({ status: 'proposed', needIds: [needId] });
    const leadCursor = await currentCursor(clients.lead);

    const agreedAt = '2026-11-02T06:00:00.000Z';
    const [agreed] = await push('supervisor', [step('supervisor', projectId, 'agree', { at: agreedAt })]);
    expect(agreed.status).toBe('accepted');
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'agreed', agreedAt, doneAt: null });
    // The building lead's phone pulls the new state, and nothing of the project's before it.
    expect(await pulledProject('lead', projectId, leadCursor)).toMatchObject({ status: 'agreed', agreedAt });

    const [started] = await push('worker', [step('worker', projectId, 'start')]);
    expect(started.status).toBe('accepted');
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'in_progress', agreedAt, doneAt: null });
    expect(await pulledProject('worker', projectId)).toMatchObject({ status: 'in_progress' });

    const doneAt = '2026-11-20T08:30:00.000Z';
    const [done] = await push('worker', [step('worker', projectId, 'complete', { at: doneAt, note: '已换成声控灯' })]);
    expect(done.status).toBe('accepted');
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'done', agreedAt, doneAt });
    expect(await pulledProject('supervisor', projectId)).toMatchObject({ status: 'done', agreedAt, doneAt });

    // Every step is kept under the project, in the order the server took them.
    const events = await server.db
      .selectFrom('records')
      .select('data')
      .where('tbl', '=', 'projectEvents')
      .where('parent_id', '=', projectId)
      .orderBy('seq')
      .execute();
    expect(events.map((row) => JSON.parse(row.data).action)).toEqual(['agree', 'start', 'complete']);
  });

  it('refuses a step out of order, a second agreement and a step by a role that may not take it', async () => {
    const { projectId } = await proposed();
    const early = [
      step('worker', projectId, 'complete'),
      step('worker', projectId, 'start'),
      step('worker', projectId, 'agree'),
      step('lead', projectId, 'agree'),
      step('supervisor', projectId, 'start'),
    ];
    const refusedEarly = [
      ...(await push('worker', early.slice(0, 3))),
      ...(await push('lead', early.slice(3, 4))),
      ...(await push('supervisor', early.slice(4))),
    ];
    expect(refusedEarly.map((r) => [r.status, r.reason?.code, r.reason?.field])).toEqual([
      // Done from proposed: the proposer may report it done, but not before it was agreed and started.
      ['rejected', 'illegal_transition', 'fields.action'],
      ['rejected', 'illegal_transition', 'fields.action'],
      // Only a supervisor agrees to a project, the one who proposed it included.
      ['rejected', 'forbidden', 'fields.action'],
      ['rejected', 'forbidden', 'fields.action'],
      ['rejected', 'illegal_transition', 'fields.action'],
    ]);
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'proposed', agreedAt: null });
    for (const refused of early) expect(await getRecord(server.db, 'projectEvents', refused.recordId)).toBeNull();

    const agreedAt = '2026-11-03T02:00:00.000Z';
    const agreedEvent = step('supervisor', projectId, 'agree', { at: agreedAt });
    const [agreed, again] = await push('supervisor', [
      agreedEvent,
      step('supervisor', projectId, 'agree', { at: '2026-11-04T02:00:00.000Z' }),
    ]);
    expect(agreed.status).toBe('accepted');
    expect(again).toMatchObject({ status: 'rejected', reason: { code: 'illegal_transition', field: 'fields.action' } });
    // The lead sees the project but did not propose it: they may not start it or report it done.
    const byLead = await push('lead', [step('lead', projectId, 'start'), step('lead', projectId, 'complete')]);
    expect(byLead.map((r) => r.reason?.code)).toEqual(['forbidden', 'forbidden']);
    const [tooSoon] = await push('worker', [step('worker', projectId, 'complete')]);
    expect(tooSoon.reason?.code).toBe('illegal_transition');
    // The second agreement did not move the day it was agreed.
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'agreed', agreedAt, doneAt: null });

    expect((await push('worker', [step('worker', projectId, 'start')]))[0].status).toBe('accepted');
    expect((await push('worker', [step('worker', projectId, 'complete')]))[0].status).toBe('accepted');
    // Done is done: no step leads out of it, whoever takes it.
    const afterDone = await push('supervisor', [
      step('supervisor', projectId, 'complete'),
      step('supervisor', projectId, 'start'),
      step('supervisor', projectId, 'agree'),
    ]);
    expect(afterDone.map((r) => r.reason?.code)).toEqual([
      'illegal_transition',
      'illegal_transition',
      'illegal_transition',
    ]);
    // An event is written once: the agreement sent again under another mutation id is refused,
    // not folded a second time.
    const [rewritten] = await push('supervisor', [
      phones.supervisor.put(
        'projectEvents',
        agreedEvent.recordId,
        projectEventFields(projectId, supervisor.id, 'agree'),
      ),
    ]);
    expect(rewritten.reason?.code).toBe('append_only');
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'done', agreedAt });
  });

  it('never moves its state or its dates by a put, only its other fields', async () => {
    const { projectId } = await proposed();
    const refused = await push('worker', [
      phones.worker.put('projects', projectId, { status: 'done' }),
      phones.worker.put('projects', projectId, { agreedAt: '2026-11-01T00:00:00.000Z' }),
      phones.worker.put('projects', projectId, { doneAt: '2026-11-01T00:00:00.000Z' }),
      phones.worker.put('projects', uuidv7(), projectFields(buildingId, worker.id, { status: 'agreed' })),
    ]);
    expect(refused.map((r) => [r.reason?.code, r.reason?.field])).toEqual([
      ['status_by_event', 'fields.status'],
      ['status_by_event', 'fields.agreedAt'],
      ['status_by_event', 'fields.doneAt'],
      ['status_by_event', 'fields.status'],
    ]);
    // Not even a supervisor's put, stamped minutes ahead of everything.
    const [bySupervisor] = await push('supervisor', [
      phones.supervisor.put('projects', projectId, { status: 'agreed' }, phones.supervisor.hlc(5 * 60_000)),
    ]);
    expect(bySupervisor.reason?.code).toBe('status_by_event');
    // A put that repeats the state as it stands and changes the title is taken; the state stays.
    const [edited] = await push('worker', [
      phones.worker.put('projects', projectId, { status: 'proposed', title: '1号楼楼道照明改造' }),
    ]);
    expect(edited.status).toBe('accepted');
    expect(await projectOnServer(projectId)).toMatchObject({
      title: '1号楼楼道照明改造',
      status: 'proposed',
      agreedAt: null,
      doneAt: null,
    });
  });

  it('folds two offline phones in the order the server accepts their steps, not by their stamps', async () => {
    const { projectId } = await proposed();
    const agreedAt = '2026-11-05T01:00:00.000Z';
    expect((await push('supervisor', [step('supervisor', projectId, 'agree', { at: agreedAt })]))[0].status).toBe(
      'accepted',
    );
    // Both phones are offline. The supervisor starts the project and reports it done, stamped now;
    // the worker starts it too, stamped a minute later.
    const supervisorStart = step('supervisor', projectId, 'start');
    const doneAt = '2026-11-25T09:00:00.000Z';
    const supervisorDone = step('supervisor', projectId, 'complete', { at: doneAt });
    const workerStart = step('worker', projectId, 'start', {}, phones.worker.hlc(60_000));
    expect(supervisorDone.hlc < workerStart.hlc).toBe(true);

    // The worker's phone finds a signal first: its start is the one that counts.
    expect((await push('worker', [workerStart]))[0].status).toBe('accepted');
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'in_progress', doneAt: null });

    // The supervisor's start comes second and finds the project started already; the completion
    // stamped before the worker's start is still taken, because it arrives after it.
    const late = await push('supervisor', [supervisorStart, supervisorDone]);
    expect(late.map((r) => [r.status, r.reason?.code])).toEqual([
      ['rejected', 'illegal_transition'],
      ['accepted', undefined],
    ]);
    const stored = await getRecord(server.db, 'projects', projectId);
    expect(stored?.data).toMatchObject({ status: 'done', agreedAt, doneAt });
    // The state's stamp does not go back behind the worker's start, though the completion was
    // stamped before it: the record's newest stamp is what devices and conflicts compare.
    expect(String(stored?.stamps.status) >= workerStart.hlc).toBe(true);
    expect(String(stored?.updatedAt) >= workerStart.hlc).toBe(true);
    expect(await getRecord(server.db, 'projectEvents', supervisorStart.recordId)).toBeNull();
    for (const who of ['worker', 'lead'] as const) {
      expect(await pulledProject(who, projectId)).toMatchObject({ status: 'done', agreedAt, doneAt });
    }
    // The refused start is answered the same when the phone sends it again.
    expect((await push('supervisor', [supervisorStart]))[0]).toEqual(late[0]);
  });

  it('is out of scope for a user outside its place: they can neither act on it nor see it', async () => {
    const { projectId } = await proposed();
    const outsiders = ['neighbourLead', 'otherLead', 'otherWorker'] as const;
    for (const who of outsiders) {
      const refused = await push(who, [
        step(who, projectId, 'start'),
        phones[who].put('projects', projectId, { title: '改个名字' }),
      ]);
      expect(refused.map((r) => [r.status, r.reason?.code])).toEqual([
        ['rejected', 'out_of_scope'],
        ['rejected', 'out_of_scope'],
      ]);
      expect(await pulledProject(who, projectId)).toBeUndefined();
    }
    // Nor may one of them file a project at a building that is not theirs.
    const [filedElsewhere] = await push('otherLead', [
      phones.otherLead.put('projects', uuidv7(), projectFields(buildingId, idOf('otherLead'))),
    ]);
    expect(filedElsewhere).toMatchObject({ status: 'rejected', reason: { code: 'out_of_scope' } });
    // A step on a project the server does not know is refused as such.
    const [unknown] = await push('supervisor', [step('supervisor', uuidv7(), 'agree')]);
    expect(unknown).toMatchObject({
      status: 'rejected',
      reason: { code: 'unknown_parent', field: 'fields.projectId' },
    });
    expect(await projectOnServer(projectId)).toMatchObject({ status: 'proposed', title: '楼道照明改造' });
    expect(await pulledProject('worker', projectId)).toMatchObject({ status: 'proposed' });
  });
});
