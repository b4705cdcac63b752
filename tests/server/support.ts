/**
 * What the server tests share: the demo community's ids (from the deterministic generator, the
 * same data the template database was seeded with), simulated devices that stamp and push
 * mutations, and a pull that follows the cursor to the end.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateDemoData } from '../../server/seed/generate.ts';
import type { SyncTable } from '../../shared/domain.ts';
import { formatHlc } from '../../shared/hlc.ts';
import type { Mutation } from '../../shared/sync-messages.ts';
import type { ApiClient, JsonBody } from '../helpers/server.ts';

export const demo = generateDemoData();
export const communityId = demo.communityId;

type DemoContent = Record<string, unknown>;

function recordsOf(table: SyncTable): { id: string; content: DemoContent }[] {
  return demo.records
    .filter((record) => record.table === table)
    .map((record) => ({ id: record.id, content: record.content as DemoContent }));
}

export function account(username: string) {
  const user = demo.users.find((u) => u.username === username);
  if (!user) throw new Error(`no demo account ${username}`);
  return user;
}

export const places = recordsOf('places');
export const households = recordsOf('households');

export function placesOfKind(kind: string) {
  return places.filter((place) => place.content.kind === kind);
}

export function buildingsInGrid(gridId: string): string[] {
  return placesOfKind('building')
    .filter((building) => building.content.gridId === gridId)
    .map((building) => building.id);
}

export function householdsInBuilding(buildingId: string): string[] {
  return households.filter((h) => h.content.buildingId === buildingId).map((h) => h.id);
}

export function householdsInGrid(gridId: string): string[] {
  return buildingsInGrid(gridId).flatMap(householdsInBuilding);
}

/** The demo household's content, e.g. to know its building. */
export function household(id: string): DemoContent {
  const found = households.find((h) => h.id === id);
  if (!found) throw new Error(`no demo household ${id}`);
  return found.content;
}

export function place(id: string): DemoContent {
  const found = places.find((p) => p.id === id);
  if (!found) throw new Error(`no demo place ${id}`);
  return found.content;
}

/** A phone: a device id of 16 hex digits and an HLC that only moves forward. */
export class Device {
  readonly id = randomBytes(8).toString('hex');
  private counter = 0;

  /** A stamp at the wall clock plus `offsetMs`; the counter keeps stamps of one ms in order. */
  hlc(offsetMs = 0): string {
    this.counter = (this.counter + 1) % 0x10000;
    return formatHlc({ millis: Date.now() + offsetMs, counter: this.counter, node: this.id });
  }

  put(table: SyncTable, recordId: string, fields: Record<string, unknown>, hlc = this.hlc()): Mutation {
    return { id: uuidv7(), table, recordId, op: 'put', fields, hlc };
  }

  delete(table: SyncTable, recordId: string, hlc = this.hlc()): Mutation {
    return { id: uuidv7(), table, recordId, op: 'delete', hlc };
  }

  push(client: ApiClient, mutations: unknown[]) {
    return client.request('POST', '/api/sync/push', { deviceId: this.id, mutations });
  }
}

/**
 * Changes a pull must encode exactly, for a household of the demo: its notes in text that needs
 * escaping (quotes, a backslash, a newline, a tab, an emoji, U+2028), and a household written
 * then deleted in the same building (a tombstone).
 */
export function escapedAndDeleted(phone: Device, householdId: string): Mutation[] {
  const doomed = uuidv7();
  return [
    phone.put('households', householdId, { notes: '引号"和\\反斜杠\n换行\t制表 😀 \u2028' }),
    phone.put('households', doomed, {
      buildingId: household(householdId).buildingId,
      unitId: null,
      roomNo: '临时',
      address: '临时登记',
      headName: '临时',
      memberCount: 1,
      tags: [],
    }),
    phone.delete('households', doomed),
  ];
}

/** A visit's content fields, as the visit form writes them. */
export function visitFields(householdId: string, visitorId: string, overrides: Record<string, unknown> = {}) {
  return {
    householdId,
    purpose: 'sentiment',
    visitedAt: new Date().toISOString(),
    visitorId,
    needs: [{ kind: 'health', text: '血压偏高，需要上门测量' }],
    note: '老人精神不错',
    ...overrides,
  };
}

export function issueFields(buildingId: string, reporterId: string, overrides: Record<string, unknown> = {}) {
  return {
    buildingId,
    category: 'lift',
    title: '电梯停在三楼不动',
    description: '早上八点起电梯不动，楼里有行动不便的老人',
    status: 'reported',
    reporterId,
    reportedAt: new Date().toISOString(),
    ...overrides,
  };
}

export interface Pulled {
  changes: JsonBody[];
  cursor: string;
}

/** Pulls page after page from `cursor` until the server says nothing more remains. */
export async function pullAll(client: ApiClient, cursor = '0', limit = 5000): Promise<Pulled> {
  const changes: JsonBody[] = [];
  let next = cursor;
  for (let page = 0; page < 100; page++) {
    const response = await client.request('GET', `/api/sync/pull?cursor=${next}&limit=${limit}`);
    if (response.status !== 200) throw new Error(`pull failed: ${response.status} ${JSON.stringify(response.body)}`);
    changes.push(...response.body.changes);
    next = response.body.cursor;
    if (!response.body.hasMore) return { changes, cursor: next };
  }
  throw new Error('pull did not end in 100 pages');
}

/** The cursor a device would hold after pulling everything it may see so far. */
export async function currentCursor(client: ApiClient): Promise<string> {
  return (await pullAll(client)).cursor;
}

export function changesOf(pulled: Pulled, table: SyncTable): JsonBody[] {
  return pulled.changes.filter((change) => change.table === table);
}

/** A micro-wish as the visit form writes it, recorded by `recordedBy` on `visitId`. */
export function wishFields(householdId: string, recordedBy: string, overrides: Record<string, unknown> = {}) {
  return {
    householdId,
    visitId: null,
    text: '想要一副老花镜，看报纸方便些',
    recordedBy,
    recordedAt: new Date().toISOString(),
    status: 'open',
    ...overrides,
  };
}

/** A step of a wish, by `by`, now unless `at` says otherwise. */
export function wishEventFields(wishId: string, by: string, action: string, extra: Record<string, unknown> = {}) {
  return { wishId, action, by, at: new Date().toISOString(), ...extra };
}

export function partnersOfDemo(): { id: string; content: DemoContent }[] {
  return recordsOf('partners');
}

export function resourcesOfDemo(): { id: string; content: DemoContent }[] {
  return recordsOf('resources');
}

/** A project of the projects list as the form writes it: proposed by `proposedBy`, filed at `placeId`. */
export function projectFields(placeId: string, proposedBy: string, overrides: Record<string, unknown> = {}) {
  return {
    placeId,
    title: '楼道照明改造',
    description: '楼道灯坏了一半，供电公司出人出料换成声控灯',
    needIds: [],
    resourceIds: [],
    owner: '国网河东供电公司',
    dueOn: null,
    status: 'proposed',
    proposedBy,
    proposedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A step of a project, by `by`, now unless `at` says otherwise. */
export function projectEventFields(projectId: string, by: string, action: string, extra: Record<string, unknown> = {}) {
  return { projectId, action, by, at: new Date().toISOString(), ...extra };
}
