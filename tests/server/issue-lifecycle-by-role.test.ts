/**
 * An issue worked end to end over HTTP, by every role: who may take which action in which state,
 * as design.md's lifecycle says (the table below is written from it, not from the code), that no
 * one but a supervisor assigns, that a report can never be self-assigned, and that an event the
 * server accepted always takes effect, whatever its stamp.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRecord } from '../../server/sync/records.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, issueFields, pullAll } from './support.ts';

const lead = account('lead01');
const worker = account('worker01');
const supervisor = account('supervisor');
const otherLead = account('lead05');
const buildingId = lead.place.id;

type State = 'reported' | 'accepted' | 'in_progress' | 'escalated' | 'resolved' | 'closed';
type Action = 'accept' | 'start' | 'escalate' | 'resolve' | 'close' | 'reopen';
type Actor = 'supervisor' | 'reporter' | 'assignee';

/** design.md, "Issue lifecycle": where each action may be taken, and where it leads. */
const LIFECYCLE: Record<Action, { from: State[]; to: State }> = {
  accept: { from: ['reported'], to: 'accepted' },
  start: { from: ['accepted', 'escalated'], to: 'in_progress' },
  escalate: { from: ['accepted', 'in_progress'], to: 'escalated' },
  resolve: { from: ['in_progress', 'escalated'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'in_progress' },
};

/** Issue 14: supervisors do everything; the assignee starts and resolves; the reporter closes or reopens. */
const MAY: Record<Actor, Action[]> = {
  supervisor: ['accept', 'start', 'escalate', 'resolve', 'close', 'reopen'],
  assignee: ['start', 'resolve'],
  reporter: ['close', 'reopen'],
};

/** Supervisor actions that bring a new issue (assigned to the worker) into each state. */
const PATH: Record<State, Action[]> = {
  reported: [],
  accepted: ['accept'],
  in_progress: ['accept', 'start'],
  escalated: ['accept', 'escalate'],
  resolved: ['accept', 'start', 'resolve'],
  closed: ['accept', 'start', 'resolve', 'close'],
};

describe('an issue worked by every role', () => {
  let server: TestServer;
  const clients = {} as Record<Actor | 'otherLead', ApiClient>;
  const ids: Record<Actor | 'otherLead', string> = {
    supervisor: supervisor.id,
    reporter: lead.id,
    assignee: worker.id,
    otherLead: otherLead.id,
  };
  const phones = {} as Record<Actor | 'otherLead', Device>;

  beforeAll(async () => {
    server = await startServer();
    const logins: [Actor | 'otherLead', string][] = [
      ['supervisor', 'supervisor'],
      ['reporter', 'lead01'],
      ['assignee', 'worker01'],
      ['otherLead', 'lead05'],
    ];
    for (const [actor, username] of logins) {
      clients[actor] = new ApiClient(server.url);
      await clients[actor].login(username);
      phones[actor] = new Device();
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  function event(actor: Actor | 'otherLead', issueId: string, fields: Record<string, unknown>, hlc?: string) {
    const content = { issueId, by: ids[actor], at: new Date().toISOString(), ...fields };
    return phones[actor].put('issueEvents', uuidv7(), content, hlc);
  }

  async function push(actor: Actor | 'otherLead', mutations: unknown[]): Promise<JsonBody[]> {
    const response = await phones[actor].push(clients[actor], mutations);
    expect(response.status).toBe(200);
    return response.body.results;
  }

  /** The issue as stored on the server now (the row pulls are served from). */
  async function issueNow(issueId: string): Promise<Record<string, unknown>> {
    return (await getRecord(server.db, 'issues', issueId))?.data ?? {};
  }

  /** A new report by the lead, assigned to the worker, brought into `state` by the supervisor. */
  async function issueIn(state: State): Promise<string> {
    const issueId = uuidv7();
    const [created] = await push('reporter', [
      phones.reporter.put('issues', issueId, issueFields(buildingId, lead.id)),
    ]);
    expect(created.status).toBe('accepted');
    const steps = [
      event('supervisor', issueId, { kind: 'assign', assigneeId: worker.id }),
      ...PATH[state].map((action) => event('supervisor', issueId, { kind: 'action', action })),
    ];
    const results = await push('supervisor', steps);
    expect(results.map((result) => result.status)).toEqual(steps.map(() => 'accepted'));
    return issueId;
  }

  it('lets each role take exactly its actions, in exactly the states the lifecycle allows', async () => {
    let checked = 0;
    for (const state of Object.keys(PATH) as State[]) {
      for (const actor of Object.keys(MAY) as Actor[]) {
        for (const action of Object.keys(LIFECYCLE) as Action[]) {
          const issueId = await issueIn(state);
          const [result] = await push(actor, [event(actor, issueId, { kind: 'action', action })]);
          const label = `${actor} ${action}s a ${state} issue`;
          if (!MAY[actor].includes(action)) {
            expect(result, label).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
            expect((await issueNow(issueId)).status, label).toBe(state);
          } else if (!LIFECYCLE[action].from.includes(state)) {
            expect(result, label).toMatchObject({ status: 'rejected', reason: { code: 'illegal_transition' } });
            expect((await issueNow(issueId)).status, label).toBe(state);
          } else {
            expect(result, label).toMatchObject({ status: 'accepted' });
            expect((await issueNow(issueId)).status, label).toBe(LIFECYCLE[action].to);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(6 * 3 * 6);
  }, 120_000);

  it('refuses anyone outside the building with out_of_scope, whatever they try', async () => {
    const issueId = await issueIn('accepted');
    const results = await push('otherLead', [
      event('otherLead', issueId, { kind: 'action', action: 'start' }),
      event('otherLead', issueId, { kind: 'comment', note: '我来看看' }),
    ]);
    expect(results.map((result) => result.reason?.code)).toEqual(['out_of_scope', 'out_of_scope']);
  });

  describe('assignment', () => {
    it('is refused when a reporter creates an issue assigned to themselves', async () => {
      const [result] = await push('reporter', [
        phones.reporter.put('issues', uuidv7(), issueFields(buildingId, lead.id, { assigneeId: lead.id })),
      ]);
      expect(result).toMatchObject({
        status: 'rejected',
        reason: { code: 'status_by_event', field: 'fields.assigneeId' },
      });
    });

    it('is refused when a reporter or worker puts an assignee on an existing issue', async () => {
      const issueId = await issueIn('reported');
      const [byLead] = await push('reporter', [phones.reporter.put('issues', issueId, { assigneeId: lead.id })]);
      const [byWorker] = await push('assignee', [phones.assignee.put('issues', issueId, { assigneeId: lead.id })]);
      expect(byLead).toMatchObject({ status: 'rejected', reason: { code: 'status_by_event' } });
      expect(byWorker).toMatchObject({ status: 'rejected', reason: { code: 'status_by_event' } });
      expect((await issueNow(issueId)).assigneeId).toBe(worker.id);
    });

    it('is a supervisor’s: an assign event by anyone else is refused', async () => {
      const issueId = await issueIn('accepted');
      const [byLead] = await push('reporter', [event('reporter', issueId, { kind: 'assign', assigneeId: lead.id })]);
      expect(byLead).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
      expect((await issueNow(issueId)).assigneeId).toBe(worker.id);
    });

    it('goes only to someone who can see the issue', async () => {
      const issueId = await issueIn('accepted');
      const [result] = await push('supervisor', [
        event('supervisor', issueId, { kind: 'assign', assigneeId: otherLead.id }),
        event('supervisor', issueId, { kind: 'assign', assigneeId: uuidv7() }),
      ]);
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'unknown_assignee' } });
      expect((await issueNow(issueId)).assigneeId).toBe(worker.id);
    });

    it('with a due date set by the supervisor, and by no one else', async () => {
      const issueId = await issueIn('accepted');
      const [bySupervisor] = await push('supervisor', [
        event('supervisor', issueId, { kind: 'due', dueOn: '2026-12-05' }),
      ]);
      const [byLead] = await push('reporter', [event('reporter', issueId, { kind: 'due', dueOn: '2027-01-01' })]);
      expect(bySupervisor.status).toBe('accepted');
      expect(byLead).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
      expect((await issueNow(issueId)).dueOn).toBe('2026-12-05');
    });
  });

  describe('an event the server accepted always takes effect', () => {
    it('even when a second supervisor device stamped its start a minute before the accept', async () => {
      const issueId = await issueIn('reported');
      const deviceA = new Device();
      const deviceB = new Device();
      const accept = deviceA.put(
        'issueEvents',
        uuidv7(),
        { issueId, kind: 'action', action: 'accept', by: supervisor.id, at: new Date().toISOString() },
        deviceA.hlc(0),
      );
      const start = deviceB.put(
        'issueEvents',
        uuidv7(),
        { issueId, kind: 'action', action: 'start', by: supervisor.id, at: new Date().toISOString() },
        deviceB.hlc(-60_000),
      );
      expect((await deviceA.push(clients.supervisor, [accept])).body.results[0].status).toBe('accepted');
      expect((await deviceB.push(clients.supervisor, [start])).body.results[0].status).toBe('accepted');
      expect((await issueNow(issueId)).status).toBe('in_progress');
      const resolve = deviceB.put('issueEvents', uuidv7(), {
        issueId,
        kind: 'action',
        action: 'resolve',
        by: supervisor.id,
        at: new Date().toISOString(),
      });
      expect((await deviceB.push(clients.supervisor, [resolve])).body.results[0].status).toBe('accepted');
      expect((await issueNow(issueId)).status).toBe('resolved');
    });

    it('even after a worker pushed the issue’s status stamped minutes ahead', async () => {
      const issueId = await issueIn('accepted');
      const ahead = phones.assignee.hlc(9 * 60_000);
      const sameStatus = phones.assignee.put('issues', issueId, { status: 'accepted', title: '电梯停在三楼' }, ahead);
      const otherStatus = phones.assignee.put('issues', issueId, { status: 'closed' }, phones.assignee.hlc(9 * 60_000));
      const results = await push('assignee', [sameStatus, otherStatus]);
      expect(results[0].status).toBe('accepted');
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'status_by_event' } });
      const [start] = await push('supervisor', [event('supervisor', issueId, { kind: 'action', action: 'start' })]);
      expect(start.status).toBe('accepted');
      expect(await issueNow(issueId)).toMatchObject({ status: 'in_progress', title: '电梯停在三楼' });
      // And a device pulling sees the same.
      const pulled = (await pullAll(clients.reporter)).changes.filter((change) => change.recordId === issueId);
      expect(pulled.at(-1)?.record).toMatchObject({ status: 'in_progress' });
    });
  });
});
