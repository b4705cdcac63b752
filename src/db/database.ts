/**
 * The device database (Dexie over IndexedDB). Records mirror the wire tables; the outbox holds
 * the mutations not yet acknowledged by the server; syncMeta holds the device's own state (the
 * clock, the pull cursor, whose data this is), read and written only through device-state.ts.
 *
 * Only src/db/ touches this database: screens and the sync engine call the named verbs of the
 * entity modules beside it (households.ts, visits.ts, …), so every compound change is one
 * transaction written in one place.
 *
 * Schema versions are append-only: to change the schema add a version below with its upgrade,
 * never edit a shipped one (devices in the field still hold data at every old version).
 */
import Dexie, { type Table } from 'dexie';
import type { Role, SyncTable, UserPlace } from '../../shared/domain.ts';
import type { Reason } from '../../shared/refusals.ts';
import type { Conflict } from '../../shared/sync-messages.ts';
import type { RecordOf } from '../../shared/tables/index.ts';

export type SyncState = 'pending' | 'synced' | 'rejected';

export type LocalRecord<T extends SyncTable> = RecordOf<T> & {
  syncState: SyncState;
  /** The record left the user's place while changes to it waited here; dropped once they are answered. */
  left?: true;
  /** Why the server refused the last change: a code the UI has words for, and the field to blame. */
  rejection?: Reason;
};

export interface OutboxEntry {
  /** Local order of writes; pushes go out in this order. */
  seq?: number;
  /** The mutation id (UUIDv7): the server's idempotency key. */
  id: string;
  table: SyncTable;
  recordId: string;
  op: 'put' | 'delete';
  fields?: Record<string, unknown>;
  hlc: string;
  createdAt: number;
}

/** Something the user must be told about: a change replaced by a newer one, or refused. */
export interface Notice {
  id: string;
  kind: 'conflict' | 'rejected';
  table: SyncTable;
  recordId: string;
  createdAt: number;
  conflicts?: Conflict[];
  reason?: Reason;
  /** 0 or 1, not a boolean: IndexedDB cannot index booleans, and the header counts unseen ones. */
  seen: 0 | 1;
  /** How the record was named when the notice was made ("1-1-101 王建国"): it may be gone since. */
  label?: string;
}

/** A photo taken on this device, compressed, kept until the server has it (and after, to show). */
export interface Photo {
  /** SHA-256 of the compressed bytes, hex: the photo's name on the server too. */
  hash: string;
  blob: Blob;
  createdAt: number;
  /** 1 once the server has the bytes; a record naming the photo is pushed only after that. */
  uploaded: 0 | 1;
}

/** Someone of the user's community, as records name them (a visitor, an assignee). */
export interface Person {
  id: string;
  displayName: string;
  role: Role;
  place: UserPlace;
}

/** One entry of the device's own state; device-state.ts types each key's value. */
export interface MetaEntry {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'gridwork';

/** Version 1: the first shipped schema. */
export const SCHEMA_V1 = {
  places: 'id, parentId, kind, gridId',
  households: 'id, buildingId, unitId, gridId, syncState',
  residents: 'id, householdId',
  visits: 'id, householdId, syncState',
  partyOrgs: 'id, parentId, placeId',
  partyMembers: 'id, orgId',
  issues: 'id, buildingId, status, syncState',
  issueEvents: 'id, issueId',
  photos: 'hash',
  outbox: '++seq, &id, recordId',
  syncMeta: 'key',
} as const;

/** Version 2: visit history by household in time order; notices for the user; members by home. */
export const SCHEMA_V2 = {
  visits: 'id, householdId, syncState, visitedAt, [householdId+visitedAt]',
  partyMembers: 'id, orgId, homeBuildingId',
  notices: 'id, createdAt, seen',
} as const;

/**
 * Version 3: photos waiting for upload; the people of the community; volunteer hours; follow-ups
 * by date; issues by assignee and reporter.
 */
export const SCHEMA_V3 = {
  photos: 'hash, uploaded',
  people: 'id',
  volunteerLogs: 'id, memberId',
  visits: 'id, householdId, syncState, visitedAt, [householdId+visitedAt], followUpOn',
  issues: 'id, buildingId, status, syncState, assigneeId, reporterId',
} as const;

/**
 * Version 4: community service (issue 18): co-building units, the three lists, micro-wishes and
 * their events, co-building activities, and volunteer hours by the activity they were given at.
 */
export const SCHEMA_V4 = {
  partners: 'id, placeId',
  serviceNeeds: 'id, placeId, householdId',
  resources: 'id, placeId',
  projects: 'id, placeId, status',
  projectEvents: 'id, projectId',
  wishes: 'id, householdId, status',
  wishEvents: 'id, wishId',
  activities: 'id, placeId, date',
  volunteerLogs: 'id, memberId, activityId',
} as const;

/**
 * Version 5: visits keep only the indexes something reads. Every index is one more write for each
 * of the thousands of visits a first pull stores: `householdId` is served by the compound
 * `[householdId+visitedAt]` (Dexie reads a compound index's first part as an index of its own),
 * and nothing looks visits up by `syncState`.
 */
export const SCHEMA_V5 = {
  visits: 'id, visitedAt, [householdId+visitedAt], followUpOn',
} as const;

export class GridworkDatabase extends Dexie {
  places!: Table<LocalRecord<'places'>, string>;
  households!: Table<LocalRecord<'households'>, string>;
  residents!: Table<LocalRecord<'residents'>, string>;
  visits!: Table<LocalRecord<'visits'>, string>;
  partyOrgs!: Table<LocalRecord<'partyOrgs'>, string>;
  partyMembers!: Table<LocalRecord<'partyMembers'>, string>;
  issues!: Table<LocalRecord<'issues'>, string>;
  issueEvents!: Table<LocalRecord<'issueEvents'>, string>;
  volunteerLogs!: Table<LocalRecord<'volunteerLogs'>, string>;
  partners!: Table<LocalRecord<'partners'>, string>;
  serviceNeeds!: Table<LocalRecord<'serviceNeeds'>, string>;
  resources!: Table<LocalRecord<'resources'>, string>;
  projects!: Table<LocalRecord<'projects'>, string>;
  projectEvents!: Table<LocalRecord<'projectEvents'>, string>;
  wishes!: Table<LocalRecord<'wishes'>, string>;
  wishEvents!: Table<LocalRecord<'wishEvents'>, string>;
  activities!: Table<LocalRecord<'activities'>, string>;
  people!: Table<Person, string>;
  photos!: Table<Photo, string>;
  outbox!: Table<OutboxEntry, number>;
  syncMeta!: Table<MetaEntry, string>;
  notices!: Table<Notice, string>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        // Version 1 let a visit be saved without a needs list; history screens expect one.
        await tx
          .table('visits')
          .toCollection()
          .modify((visit: { needs?: unknown[] }) => {
            visit.needs ??= [];
          });
      });
    this.version(3)
      .stores(SCHEMA_V3)
      .upgrade(async (tx) => {
        // Version 2 never stored photos; any row there is a leftover without an upload state.
        await tx.table('photos').clear();
      });
    // New tables only: nothing stored at version 3 changes shape.
    this.version(4).stores(SCHEMA_V4);
    // Indexes dropped only: the stored visits stay as they are.
    this.version(5).stores(SCHEMA_V5);
  }

  recordTable<T extends SyncTable>(table: T): Table<LocalRecord<T>, string> {
    return this.table(table) as Table<LocalRecord<T>, string>;
  }
}

let shared: GridworkDatabase | undefined;

/** The one database handle of this JavaScript context (page, worker or service worker). */
export function database(): GridworkDatabase {
  shared ??= new GridworkDatabase();
  return shared;
}
