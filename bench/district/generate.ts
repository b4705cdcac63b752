/**
 * A district-shaped database, written straight into SQLite or PostgreSQL (no HTTP, no seeding
 * one record at a time): communities of about 3,000 households, each with its compounds, grids of
 * 300–600 households (one grid worker each), buildings, households and a year of visits; a
 * supervisor per community. Rows are shaped exactly as the server stores them: place ids derived
 * by the server's own rule (shared/tables/place-ids.ts), parent ids, field stamps and fresh
 * sequence numbers in parent-first order; visits as tests/helpers/bulk-visits.ts makes them.
 *
 * Every account's password is the demo one, hashed once (the hash is memory-hard on purpose;
 * a thousand of them would take minutes and measure nothing). The schema comes from our
 * migrations: the database is opened (and migrated) by the server's own code first.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { hashPassword } from '../../server/auth/password.ts';
import { databaseKindOf } from '../../server/db/dialect.ts';
import { openDatabase, sqlitePath } from '../../server/db/open.ts';
import type { RecordsTable, UsersTable } from '../../server/db/schema.ts';
import { bringLatestVisitsUpToDate } from '../../server/desk/latest-visits.ts';
import { DEMO_PASSWORD, Random } from '../../server/seed/generate.ts';
import type { SyncTable } from '../../shared/domain.ts';
import { formatHlc } from '../../shared/hlc.ts';
import type { PlaceIds } from '../../shared/tables/index.ts';
import { derivePlaceIds, type ParentView, parentField } from '../../shared/tables/place-ids.ts';
import { type HouseholdRow, visitRow } from '../../tests/helpers/bulk-visits.ts';

export interface DistrictShape {
  households: number;
  visits: number;
  /** Households of one grid: drawn between these, both included. */
  householdsPerGrid: readonly [number, number];
  gridsPerCommunity: number;
  compoundsPerCommunity: number;
  buildingsPerGrid: number;
  /** Visits spread over this many days back from now. */
  visitDays: number;
}

export interface GridSummary {
  id: string;
  workerId: string;
  workerUsername: string;
  households: number;
  /** The ids of its first households (up to 100), for visits to be pushed to. */
  someHouseholds: string[];
}

export interface CommunitySummary {
  id: string;
  supervisorId: string;
  supervisorUsername: string;
  grids: GridSummary[];
  households: number;
}

export interface DistrictSummary {
  communities: CommunitySummary[];
  households: number;
  visits: number;
  /** Rows written into the records table. */
  records: number;
  ms: number;
  /** Each household's latest visit brought up to date from nothing, after the rows were written. */
  latestVisitsMs: number;
}

type UserRow = Omit<UsersTable, 'active'>;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '淑珍', '海涛', '丽娟', '德福', '玉兰', '文斌', '春梅', '国庆'];
const NODE = '0000000000000000';
const ROWS_PER_WRITE = 5000;

/** Row sink: SQLite through one prepared statement, PostgreSQL through batched unnest inserts. */
interface Sink {
  add(row: RecordsTable): Promise<void>;
  users(rows: UserRow[]): Promise<void>;
  finish(seq: number): Promise<void>;
  close(): Promise<void>;
}

const RECORD_COLUMNS = [
  'tbl',
  'id',
  'data',
  'field_hlcs',
  'updated_at',
  'deleted',
  'seq',
  'community_id',
  'compound_id',
  'building_id',
  'grid_id',
  'parent_id',
] as const satisfies readonly (keyof RecordsTable)[];
const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'place_level',
  'place_id',
  'password_hash',
  'created_at',
] as const satisfies readonly (keyof UserRow)[];

function sqliteSink(databaseUrl: string): Sink {
  const db = new SQLite(sqlitePath(databaseUrl));
  db.pragma('journal_mode = WAL');
  // Loading, not measuring: no fsync per transaction, and the indexes' pages kept in memory.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  const insert = db.prepare(
    `insert into records (${RECORD_COLUMNS.join(', ')}) values (${RECORD_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const insertUser = db.prepare(
    `insert into users (${USER_COLUMNS.join(', ')}) values (${USER_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const pending: RecordsTable[] = [];
  const flush = db.transaction((rows: RecordsTable[]) => {
    for (const row of rows) insert.run(row);
  });
  return {
    async add(row) {
      pending.push(row);
      if (pending.length >= 50_000) flush(pending.splice(0));
    },
    async users(rows) {
      db.transaction(() => {
        for (const row of rows) insertUser.run(row);
      })();
    },
    async finish(seq) {
      flush(pending.splice(0));
      db.prepare("update meta set value = ? where key = 'seq'").run(String(seq));
    },
    async close() {
      db.close();
    },
  };
}

function postgresSink(databaseUrl: string): Sink {
  const client = new pg.Client({ connectionString: databaseUrl });
  const connected = client.connect().then(() => client.query('set synchronous_commit = off'));
  const pending: RecordsTable[] = [];
  const types = ['text', 'text', 'text', 'text', 'text', 'int', 'bigint', 'text', 'text', 'text', 'text', 'text'];
  // One statement per few thousand rows, each column sent as one array: far fewer round trips
  // and parameters than a multi-row VALUES list. One insert is in flight while the next rows are
  // made, so this process and PostgreSQL each keep a core busy.
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const rows = pending.splice(0);
    await inFlight;
    if (rows.length === 0) return;
    await connected;
    inFlight = client.query(
      `insert into records (${RECORD_COLUMNS.join(', ')})
       select * from unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`,
      RECORD_COLUMNS.map((column) => rows.map((row) => row[column])),
    );
  };
  return {
    async add(row) {
      pending.push(row);
      if (pending.length >= ROWS_PER_WRITE) await flush();
    },
    async users(rows) {
      await connected;
      await client.query(
        `insert into users (${USER_COLUMNS.join(', ')})
         select * from unnest(${USER_COLUMNS.map((_, i) => `$${i + 1}::text[]`).join(', ')})`,
        USER_COLUMNS.map((column) => rows.map((row) => row[column])),
      );
    },
    async finish(seq) {
      await flush();
      await inFlight;
      await client.query("update meta set value = $1 where key = 'seq'", [String(seq)]);
      // The planner's statistics and the pages' visibility, as autovacuum would have them on a
      // database that grew for a year (a read from an index alone needs the second).
      await client.query('vacuum analyze');
    },
    async close() {
      await client.end();
    },
  };
}

class RecordWriter {
  seq: number;
  readonly known = new Map<string, ParentView>();
  readonly hlc = formatHlc({ millis: Date.now() - 400 * 86_400_000, counter: 0, node: NODE });
  written = 0;

  constructor(
    readonly sink: Sink,
    readonly random: Random,
    startSeq: number,
  ) {
    this.seq = startSeq;
  }

  /** A record with its place ids derived from its (already written) parent, as a push would file it. */
  async add(table: SyncTable, content: Record<string, unknown>): Promise<{ id: string; placeIds: PlaceIds }> {
    const id = this.random.uuid();
    const derived = await derivePlaceIds(table, id, content, async (_table, parentId) => this.known.get(parentId));
    if (!derived.ok) throw new Error(`district ${table}: ${derived.field}: ${derived.message}`);
    const ids = derived.placeIds;
    if (table === 'places' || table === 'households') {
      this.known.set(id, { kind: content.kind, deleted: false, ids });
    }
    const parent = content[parentField(table)];
    this.seq += 1;
    this.written += 1;
    await this.sink.add({
      tbl: table,
      id,
      data: JSON.stringify(content),
      field_hlcs: JSON.stringify(Object.fromEntries(Object.keys(content).map((field) => [field, this.hlc]))),
      updated_at: this.hlc,
      deleted: 0,
      seq: this.seq,
      community_id: ids.communityId,
      compound_id: ids.compoundId ?? null,
      building_id: ids.buildingId ?? null,
      grid_id: ids.gridId ?? null,
      parent_id: typeof parent === 'string' ? parent : null,
    });
    return { id, placeIds: ids };
  }
}

function userRow(id: string, username: string, role: string, level: string, placeId: string, hash: string): UserRow {
  return {
    id,
    username,
    display_name: username,
    role,
    place_level: level,
    place_id: placeId,
    password_hash: hash,
    created_at: new Date().toISOString(),
  };
}

export async function generateDistrict(databaseUrl: string, shape: DistrictShape, seed = 17): Promise<DistrictSummary> {
  const started = performance.now();
  // The schema, by our migrations: opened once by the server's code, then closed.
  const opened = await openDatabase(databaseUrl);
  const startSeq = Number(
    (await opened.db.selectFrom('meta').select('value').where('key', '=', 'seq').executeTakeFirstOrThrow()).value,
  );
  await opened.close();
  const sink = databaseKindOf(databaseUrl) === 'sqlite' ? sqliteSink(databaseUrl) : postgresSink(databaseUrl);
  const random = new Random(seed);
  const writer = new RecordWriter(sink, random, startSeq);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: UserRow[] = [];
  const communities: CommunitySummary[] = [];
  const households: HouseholdRow[] = [];
  const workerOfGrid = new Map<string, string>();
  try {
    for (let c = 0; households.length < shape.households; c++) {
      const community = await writer.add('places', {
        kind: 'community',
        name: `第${c + 1}社区`,
        parentId: null,
        sort: c,
      });
      const supervisorId = random.uuid();
      const summary: CommunitySummary = {
        id: community.id,
        supervisorId,
        supervisorUsername: `sup-${c + 1}`,
        grids: [],
        households: 0,
      };
      users.push(
        userRow(supervisorId, summary.supervisorUsername, 'supervisor', 'community', community.id, passwordHash),
      );
      const compounds: string[] = [];
      for (let k = 0; k < shape.compoundsPerCommunity; k++) {
        compounds.push(
          (await writer.add('places', { kind: 'compound', name: `第${k + 1}小区`, parentId: community.id, sort: k }))
            .id,
        );
      }
      for (let g = 0; g < shape.gridsPerCommunity && households.length < shape.households; g++) {
        const compoundId = compounds[g % compounds.length] as string;
        const grid = await writer.add('places', {
          kind: 'grid',
          name: `第${g + 1}网格`,
          parentId: compoundId,
          sort: g,
        });
        const workerId = random.uuid();
        const workerUsername = `worker-${c + 1}-${g + 1}`;
        users.push(userRow(workerId, workerUsername, 'grid_worker', 'grid', grid.id, passwordHash));
        workerOfGrid.set(grid.id, workerId);
        const [least, most] = shape.householdsPerGrid;
        const inGrid = Math.min(random.int(least, most), shape.households - households.length);
        const gridSummary: GridSummary = {
          id: grid.id,
          workerId,
          workerUsername,
          households: inGrid,
          someHouseholds: [],
        };
        summary.grids.push(gridSummary);
        summary.households += inGrid;
        for (let b = 0; b < shape.buildingsPerGrid; b++) {
          const building = await writer.add('places', {
            kind: 'building',
            name: `${g * shape.buildingsPerGrid + b + 1}号楼`,
            parentId: compoundId,
            gridId: grid.id,
            sort: b,
          });
          const inBuilding =
            Math.floor(inGrid / shape.buildingsPerGrid) + (b < inGrid % shape.buildingsPerGrid ? 1 : 0);
          for (let h = 0; h < inBuilding; h++) {
            const room = `${Math.floor(h / 4) + 1}0${(h % 4) + 1}`;
            const head = `${random.pick(SURNAMES)}${random.pick(GIVEN)}`;
            const household = await writer.add('households', {
              buildingId: building.id,
              unitId: null,
              roomNo: room,
              address: `天津市河东区第${c + 1}社区${g * shape.buildingsPerGrid + b + 1}号楼${room}室`,
              headName: head,
              phone: `139${String(households.length).padStart(8, '0')}`,
              memberCount: random.int(1, 5),
              tags: random.chance(0.15) ? ['elderly_alone'] : [],
            });
            if (gridSummary.someHouseholds.length < 100) gridSummary.someHouseholds.push(household.id);
            const ids = household.placeIds;
            households.push({
              id: household.id,
              community_id: ids.communityId,
              compound_id: ids.compoundId ?? null,
              building_id: ids.buildingId ?? null,
              grid_id: ids.gridId ?? null,
            });
          }
        }
      }
      communities.push(summary);
    }
    await sink.users(users);
    const now = Date.now();
    for (let i = 0; i < shape.visits; i++) {
      const household = households[i % households.length] as HouseholdRow;
      writer.seq += 1;
      writer.written += 1;
      const visitor = workerOfGrid.get(household.grid_id ?? '') ?? 'unknown';
      await sink.add(visitRow(i, household, visitor, writer.seq, shape.visitDays, now) as RecordsTable);
    }
    await sink.finish(writer.seq);
  } finally {
    await sink.close();
  }
  const ms = performance.now() - started;
  // As a server that had been running would have them: each household's latest visit, brought up
  // to date from the change log (the district report's; server/desk/latest-visits.ts).
  const reopened = await openDatabase(databaseUrl);
  try {
    await bringLatestVisitsUpToDate(reopened.db, reopened.kind);
  } finally {
    await reopened.close();
  }
  return {
    communities,
    households: households.length,
    visits: shape.visits,
    records: writer.written,
    ms,
    latestVisitsMs: performance.now() - started - ms,
  };
}
