/**
 * A simulated district: devices (fake-indexeddb, the real client code) used by demo accounts
 * against the real server process over HTTP on 127.0.0.1, with seeded faults. Every decision — who
 * writes what, who syncs, which request is lost, when a phone or the server dies — is drawn from
 * the seed, and requests go one at a time, so SIM_SEED replays a run step by step.
 *
 * Faults: requests dropped before they are sent; answers lost after the server committed; the
 * server SIGKILLed after committing and before answering, and between steps; phones killed
 * mid-sync and started again (their database reopened); a phone's IndexedDB wiped; phone clocks
 * up to a day fast or slow (a fast one is refused and stamps its outbox again from the server's
 * clock).
 */

import { generateDemoData, Random } from '../../server/seed/generate.ts';
import { CARE_TAGS } from '../../shared/domain.ts';
import { ISSUE_ACTIONS } from '../../shared/issue-lifecycle.ts';
import { seesCareTags } from '../../shared/masking.ts';
import type { Mutation, MutationResult, PullResponse, PushRequest } from '../../shared/sync-messages.ts';
import type { GridworkDatabase } from '../../src/db/database.ts';
import type { Device } from '../../src/db/write.ts';
import type { FetchLike, Transport } from '../../src/sync/transport.ts';
import { ApiClient, type ServerProcess } from '../helpers/server.ts';

/** The device code under test, loaded by the test (so that a deliberately broken copy can stand in). */
export interface DeviceCode {
  GridworkDatabase: typeof import('../../src/db/database.ts').GridworkDatabase;
  adoptDevice: typeof import('../../src/db/ownership.ts').adoptDevice;
  logVisit: typeof import('../../src/db/visits.ts').logVisit;
  updateRecord: typeof import('../../src/db/write.ts').updateRecord;
  reportIssue: typeof import('../../src/db/issues.ts').reportIssue;
  recordIssueAction: typeof import('../../src/db/issues.ts').recordIssueAction;
  assignIssue: typeof import('../../src/db/issues.ts').assignIssue;
  syncOnce: typeof import('../../src/sync/sync-once.ts').syncOnce;
  httpTransport: typeof import('../../src/sync/transport.ts').httpTransport;
}

export async function loadDeviceCode(): Promise<DeviceCode> {
  // One at a time, the write module first: a module standing in for it (SIM_BREAK) must be in
  // place before anything that imports it loads.
  const write = await import('../../src/db/write.ts');
  const database = await import('../../src/db/database.ts');
  const ownership = await import('../../src/db/ownership.ts');
  const visits = await import('../../src/db/visits.ts');
  const issues = await import('../../src/db/issues.ts');
  const syncOnce = await import('../../src/sync/sync-once.ts');
  const transport = await import('../../src/sync/transport.ts');
  return {
    GridworkDatabase: database.GridworkDatabase,
    adoptDevice: ownership.adoptDevice,
    logVisit: visits.logVisit,
    updateRecord: write.updateRecord,
    reportIssue: issues.reportIssue,
    recordIssueAction: issues.recordIssueAction,
    assignIssue: issues.assignIssue,
    syncOnce: syncOnce.syncOnce,
    httpTransport: transport.httpTransport,
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
const demo = generateDemoData();

export interface SimDevice extends Device {
  name: string;
  username: string;
  userId: string;
  /** Whether the user serves care households (a building lead neither sees nor writes care tags). */
  keepsCareTags: boolean;
  dbName: string;
  online: boolean;
  client: ApiClient;
  transport: Transport;
  /** Mutation ids whose answer reached this device as accepted or merged. */
  acknowledged: Set<string>;
  visitsCreated: Set<string>;
  /** Visits that were only on a wiped phone: never sent, so never on the server. */
  visitsLost: Set<string>;
  /** The newest stamp this device has pulled: a write made after it must sort after it. */
  newestSeen: string;
  /** Each local write's stamp, beside the newest stamp seen before it was made. */
  writes: { hlc: string; seen: string; what: string }[];
  faults: Random;
  clockOffsetMs: number;
}

export interface SimStats {
  droppedBeforeSend: number;
  droppedAfterCommit: number;
  serverKilledAfterCommit: number;
  serverRestarts: number;
  racyCrashes: number;
  deviceKills: number;
  wipes: number;
  writes: number;
  syncs: number;
  clockSkewRefusals: number;
}

/** What a device in the simulation is told when it dies mid-sync. */
class Killed extends Error {
  constructor() {
    super('the phone was killed');
  }
}

export interface WorldOptions {
  seed: number;
  /** Probability that a request is hit by a fault, while faults are on. */
  faultRate?: number;
  /** Break: a push now and then is answered "accepted" without reaching the server. */
  dropAnswered?: boolean;
}

export class World {
  readonly random: Random;
  readonly devices: SimDevice[] = [];
  readonly stats: SimStats = {
    droppedBeforeSend: 0,
    droppedAfterCommit: 0,
    serverKilledAfterCommit: 0,
    serverRestarts: 0,
    racyCrashes: 0,
    deviceKills: 0,
    wipes: 0,
    writes: 0,
    syncs: 0,
    clockSkewRefusals: 0,
  };
  /** Every mutation any device sent, by `${userId}:${id}`: what the oracle folds. */
  readonly sent = new Map<string, { userId: string; mutation: Mutation }>();
  faultsOn = true;
  /** Lost-request kinds owed by `oweMissingFaults`: each is forced on the next request it fits. */
  private readonly owed = new Set<'droppedBeforeSend' | 'droppedAfterCommit'>();
  private serverDown = false;
  private pushes = 0;
  /** The simulation's clock: advanced by each step, not by the wall (so a seed replays). */
  private simTime = Date.now();

  constructor(
    readonly server: ServerProcess,
    readonly code: DeviceCode,
    readonly options: WorldOptions,
  ) {
    this.random = new Random(options.seed);
  }

  tick(ms = 250): void {
    this.simTime += ms;
  }

  now(): number {
    return this.simTime;
  }

  private fetchFor(device: SimDevice): FetchLike {
    return async (url, init) => {
      if (!device.online || this.serverDown) throw new TypeError('fetch failed: offline');
      const headers = { ...(init?.headers as Record<string, string>), cookie: device.client.sessionCookie() };
      const target = url.startsWith('http') ? url : `${this.server.url}${url}`;
      const rate = this.options.faultRate ?? 0.16;
      const roll = this.faultsOn ? this.owedRoll(device.faults.float(), rate, init?.method === 'POST') : 1;
      if (roll < rate * 0.4) {
        this.stats.droppedBeforeSend++;
        throw new TypeError('fetch failed: connection refused');
      }
      const response = await fetch(target, { ...init, headers });
      const body = await response.arrayBuffer();
      if (init?.method === 'POST' && roll < rate * 0.75) {
        // The server committed; the answer never reaches the phone.
        this.stats.droppedAfterCommit++;
        throw new TypeError('fetch failed: connection reset');
      }
      if (init?.method === 'POST' && roll < rate) {
        // The server dies after committing, before the phone hears back; it starts again.
        this.stats.serverKilledAfterCommit++;
        await this.restartServer();
        throw new TypeError('fetch failed: socket hang up');
      }
      return new Response(body, { status: response.status, headers: response.headers });
    };
  }

  /**
   * Makes sure the run sees every kind of lost request, whatever the seed: a kind that has not
   * happened yet is forced on the next request it fits. Called partway through, while faults are on;
   * the draws from the seed go on unchanged, so a seed still replays.
   */
  oweMissingFaults(): void {
    if (this.stats.droppedBeforeSend === 0) this.owed.add('droppedBeforeSend');
    if (this.stats.droppedAfterCommit === 0) this.owed.add('droppedAfterCommit');
  }

  /** The roll a request is judged by: the drawn one, or one that lands in an owed fault's band. */
  private owedRoll(drawn: number, rate: number, isPost: boolean): number {
    if (this.owed.delete('droppedBeforeSend')) return 0;
    if (isPost && this.owed.delete('droppedAfterCommit')) return rate * 0.5;
    return drawn;
  }

  private transportFor(device: SimDevice): Transport {
    const inner = this.code.httpTransport('', this.fetchFor(device));
    return {
      whoAmI: inner.whoAmI,
      push: async (request: PushRequest) => {
        for (const mutation of request.mutations) {
          this.sent.set(`${device.userId}:${mutation.id}`, { userId: device.userId, mutation });
        }
        if (this.options.dropAnswered && this.faultsOn && ++this.pushes % 20 === 0) {
          // Broken on purpose: answered as kept, never kept.
          const results = request.mutations.map((m) => ({ id: m.id, status: 'accepted' as const }));
          for (const result of results) device.acknowledged.add(result.id);
          return { results };
        }
        let response: Awaited<ReturnType<Transport['push']>>;
        try {
          response = await inner.push(request);
        } catch (error) {
          if ((error as { code?: string }).code === 'clock_skew') this.stats.clockSkewRefusals++;
          throw error;
        }
        // Killed between the server's answer and the transaction that records it.
        if (this.faultsOn && device.faults.float() < 0.03) throw new Killed();
        for (const result of response.results as MutationResult[]) {
          if (result.status !== 'rejected') device.acknowledged.add(result.id);
        }
        return response;
      },
      pull: async (cursor, limit) => {
        const page: PullResponse = await inner.pull(cursor, limit);
        // Killed between two pulled pages: the page never lands, the cursor stays.
        if (this.faultsOn && device.faults.float() < 0.03) throw new Killed();
        for (const change of page.changes) if (change.hlc > device.newestSeen) device.newestSeen = change.hlc;
        return page;
      },
    };
  }

  async addDevice(index: number, username: string, clockOffsetMs: number): Promise<SimDevice> {
    const client = new ApiClient(this.server.url);
    const user = await client.login(username);
    const dbName = `sim-${this.options.seed}-${index}-${Math.random()}`;
    const device = {
      name: `${username}#${index}`,
      username,
      userId: user.id,
      keepsCareTags: seesCareTags(user.role),
      dbName,
      db: new this.code.GridworkDatabase(dbName),
      deviceId: index.toString(16).padStart(4, '0') + this.options.seed.toString(16).padStart(12, '0').slice(-12),
      online: true,
      client,
      acknowledged: new Set<string>(),
      visitsCreated: new Set<string>(),
      visitsLost: new Set<string>(),
      newestSeen: '',
      writes: [],
      faults: new Random(this.options.seed + index + 1),
      clockOffsetMs,
      now: () => this.simTime + clockOffsetMs,
    } as unknown as SimDevice;
    device.transport = this.transportFor(device);
    await this.code.adoptDevice(device, user);
    this.devices.push(device);
    return device;
  }

  async sync(device: SimDevice): Promise<void> {
    this.stats.syncs++;
    await this.code.syncOnce(device, device.transport);
  }

  /** The phone dies and starts again: what it had in IndexedDB is still there; memory is not. */
  restartDevice(device: SimDevice): void {
    this.stats.deviceKills++;
    device.db.close();
    device.db = new this.code.GridworkDatabase(device.dbName) as GridworkDatabase;
  }

  /** The browser clears the phone's storage: what it had not sent is gone; it signs in and pulls again. */
  async wipeDevice(device: SimDevice): Promise<void> {
    this.stats.wipes++;
    const unsent = await device.db.outbox.toArray();
    for (const entry of unsent) if (entry.table === 'visits') device.visitsLost.add(entry.recordId);
    device.db.close();
    await device.db.delete();
    device.dbName = `${device.dbName}-wiped`;
    device.db = new this.code.GridworkDatabase(device.dbName) as GridworkDatabase;
    device.newestSeen = '';
    const user = await device.client.login(device.username);
    await this.code.adoptDevice(device, user);
  }

  async restartServer(): Promise<void> {
    this.serverDown = true;
    await this.server.kill();
    await this.server.restart();
    this.serverDown = false;
    this.stats.serverRestarts++;
  }

  /** SIGKILL while requests are in flight: whether each committed is up to the race. */
  async crashDuringSync(): Promise<void> {
    const inFlight = this.devices.filter((d) => d.online).slice(0, 4);
    const syncs = inFlight.map((device) => this.sync(device).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, this.random.int(0, 40)));
    this.stats.racyCrashes++;
    await this.restartServer();
    await Promise.all(syncs);
  }

  /** One thing a user does on their phone, drawn from the seed: a visit, an edit, an issue, an action. */
  async randomWrite(device: SimDevice): Promise<void> {
    const { random, code } = this;
    const households = (await device.db.households.toArray()).filter((h) => !h.deleted);
    if (households.length === 0) return;
    const household = random.pick(households);
    const kind = random.weighted([
      ['visit', 5],
      ['household', 3],
      ['member', 1],
      ['issue', 1],
      ['issue-action', 2],
      ['assign', 1],
    ] as const);
    const before = await device.db.outbox.count();
    if (kind === 'visit') {
      const visit = await code.logVisit(device, household, device.userId, {
        purpose: random.pick(['contact', 'sentiment', 'policy', 'employment', 'service'] as const),
        needs: random.chance(0.3) ? [{ kind: 'livelihood', text: `need ${random.int(1, 999)}` }] : [],
      });
      device.visitsCreated.add(visit.id);
    } else if (kind === 'household') {
      // A few fields only, so that devices often collide on the same field of the same record.
      const field = random.pick(
        device.keepsCareTags ? (['notes', 'memberCount', 'tags'] as const) : (['notes', 'memberCount'] as const),
      );
      // Care tags are toggled one at a time, so devices add and remove the same and other tags at once.
      const tag = random.pick(CARE_TAGS);
      const value =
        field === 'notes'
          ? `note ${device.name} ${random.int(1, 99)}`
          : field === 'memberCount'
            ? random.int(1, 6)
            : household.tags.includes(tag)
              ? household.tags.filter((t) => t !== tag)
              : [...household.tags, tag];
      await code.updateRecord(device, 'households', household.id, { [field]: value });
    } else if (kind === 'member') {
      const members = (await device.db.partyMembers.toArray()).filter((m) => !m.deleted);
      if (members.length === 0) return;
      const member = random.pick(members);
      const shift = random.pick(['周一上午', '周三下午', '周六上午', '周日下午']);
      const shifts = member.dutyShifts ?? [];
      await code.updateRecord(device, 'partyMembers', member.id, {
        dutyShifts: shifts.includes(shift) ? shifts.filter((s) => s !== shift) : [...shifts, shift],
      });
    } else if (kind === 'issue') {
      const building = await device.db.places.get(household.buildingId);
      if (!building) return;
      await code.reportIssue(device, building, device.userId, {
        category: 'facility',
        title: `issue ${random.int(1, 9999)}`,
        description: 'simulated',
      });
    } else {
      const issues = (await device.db.issues.toArray()).filter((issue) => !issue.deleted);
      if (issues.length === 0) return;
      const issue = random.pick(issues);
      if (kind === 'assign') {
        const assignee = World.workerOfBuilding(issue.buildingId);
        if (!assignee) return;
        await code.assignIssue(device, issue, device.userId, assignee);
      } else {
        // Often illegal on purpose: the state machine must refuse it, and nothing diverges.
        await code.recordIssueAction(device, issue, device.userId, random.pick(ISSUE_ACTIONS));
      }
    }
    await this.noteWritesSince(device, before);
  }

  /**
   * An issue action the lifecycle refuses whatever the issue's state: a building lead reports an
   * issue, then accepts it (only supervisors accept). The random actions are often illegal, but a
   * short run may draw none that reaches the server illegal; after this one, every run compares
   * the server's refusals with the oracle's.
   */
  async refusedIssueAction(lead: SimDevice): Promise<void> {
    const households = (await lead.db.households.toArray()).filter((h) => !h.deleted);
    const building = households[0] && (await lead.db.places.get(households[0].buildingId));
    if (!building) throw new Error(`${lead.name} holds no building to report an issue in`);
    const before = await lead.db.outbox.count();
    const issue = await this.code.reportIssue(lead, building, lead.userId, {
      category: 'facility',
      title: 'accepted by its reporter',
      description: 'simulated',
    });
    await this.code.recordIssueAction(lead, issue, lead.userId, 'accept');
    await this.noteWritesSince(lead, before);
  }

  /** Notes the stamps of a device's outbox entries written since it held `before` of them. */
  private async noteWritesSince(device: SimDevice, before: number): Promise<void> {
    const entries = await device.db.outbox.orderBy('seq').offset(before).toArray();
    for (const entry of entries) this.noteWrite(device, entry.hlc, `${entry.table} ${entry.op}`);
    this.stats.writes++;
  }

  /** Records the stamp a write got against the newest stamp the device had seen when it was made. */
  noteWrite(device: SimDevice, hlc: string, what: string): void {
    device.writes.push({ hlc, seen: device.newestSeen, what });
  }

  static isKilled(error: unknown): boolean {
    return error instanceof Killed;
  }

  /** People who can be given an issue of this building: the grid worker of its grid. */
  static workerOfBuilding(buildingId: string): string | undefined {
    const building = demo.records.find((r) => r.id === buildingId)?.content as { gridId?: string } | undefined;
    return demo.users.find((u) => u.role === 'grid_worker' && u.place.id === building?.gridId)?.id;
  }
}
