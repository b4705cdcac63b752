/**
 * The device bench page (built by bench/device.ts, run in real Chromium): our real device code on
 * real IndexedDB. Each function makes a fresh database, opens it before the clock starts, times
 * only the work named, deletes the database and returns the figures. Nothing here asserts.
 */
import { v7 as uuidv7 } from 'uuid';
import { formatHlc } from '../../shared/hlc.ts';
import type { Change, PullResponse } from '../../shared/sync-messages.ts';
import { applyServerChanges } from '../../src/db/apply-server-changes.ts';
import { GridworkDatabase, type LocalRecord } from '../../src/db/database.ts';
import type { HouseholdRecord } from '../../src/db/households.ts';
import { logVisit, type VisitInput } from '../../src/db/visits.ts';
import type { Device } from '../../src/db/write.ts';
import { pullAndApply } from '../../src/sync/pull-and-apply.ts';
import { httpTransport } from '../../src/sync/transport.ts';
import { type FrameFigures, scrollLongList } from './long-list.ts';

export interface LatencyFigures {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ThroughputFigures {
  n: number;
  ms: number;
  perSecond: number;
  /** Mean size of one record as JSON, UTF-8 bytes. */
  recordBytes: number;
}

export interface DeviceBench {
  /** n sequential `logVisit` calls (record + outbox in one transaction each): latency per call, ms. */
  writes(n: number): Promise<LatencyFigures>;
  /** n pulled visits applied through `applyServerChanges` in pages of 1,000. */
  applyPulled(n: number): Promise<ThroughputFigures>;
  /** The same n records stored by raw Dexie `bulkPut`, one transaction per 1,000-record page. */
  rawBulkPut(n: number): Promise<ThroughputFigures>;
  /** n of the same records stored by raw Dexie `put`, one transaction per record. */
  rawPerRecord(n: number): Promise<ThroughputFigures>;
  /** Signs in as `username` and pulls everything their place covers into a fresh database, as a new phone does. */
  firstPull(username: string): Promise<FirstPullFigures>;
  /** A list of n households scrolled top to bottom over 300 frames. */
  longList(n: number): Promise<FrameFigures>;
}

export interface FirstPullFigures {
  changes: number;
  ms: number;
  households: number;
  visits: number;
}

const PAGE_SIZE = 1000;
const THIS_DEVICE = '00000000000be7c4';
const OTHER_DEVICES = ['0123456789abcdef', 'fedcba9876543210', '1a2b3c4d5e6f7a8b'];
const HOUSEHOLDS = 600;

const PLACE = {
  communityId: uuidv7(),
  compoundId: uuidv7(),
  buildingId: uuidv7(),
  gridId: uuidv7(),
};
const VISITOR_ID = uuidv7();
const HOUSEHOLD_IDS = Array.from({ length: HOUSEHOLDS }, () => uuidv7());

const MET_WITH = ['户主本人', '户主配偶', '老人子女', '租户本人'];
const NEEDS: VisitInput['needs'][] = [
  [{ kind: 'livelihood', text: '希望联系家政服务' }],
  [{ kind: 'health', text: '需要家庭医生上门' }],
  [{ kind: 'housing', text: '楼道灯坏了需维修' }],
  [],
];
const NOTES = [
  '老人身体尚可，子女在外地。',
  '家中无人，已留联系卡。',
  '反映楼下噪音，已转物业。',
  '低保材料已收齐待审核。',
];

let databases = 0;

/** A fresh, opened device database under a name no other measurement uses. */
async function freshDatabase(label: string): Promise<GridworkDatabase> {
  databases += 1;
  const db = new GridworkDatabase(`bench-${label}-${databases}-${Date.now()}`);
  await db.open();
  return db;
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function throughput(n: number, ms: number, recordBytes: number): ThroughputFigures {
  return { n, ms: round(ms, 1), perSecond: Math.round((n / ms) * 1000), recordBytes };
}

const encoder = new TextEncoder();

function meanBytes(records: readonly object[]): number {
  let total = 0;
  for (const record of records) total += encoder.encode(JSON.stringify(record)).length;
  return records.length > 0 ? Math.round(total / records.length) : 0;
}

function visitInput(i: number): VisitInput {
  return {
    purpose: i % 3 === 0 ? 'contact' : 'sentiment',
    metWith: MET_WITH[i % MET_WITH.length] ?? '户主本人',
    needs: NEEDS[i % NEEDS.length] ?? [],
    tags: i % 2 === 0 ? ['elderly_alone'] : ['subsistence'],
    note: NOTES[i % NOTES.length] ?? '',
  };
}

/** Pulled visits as the server sends them (record = content + place ids + envelope), made once per n. */
const changesMade = new Map<number, Change[]>();

function pulledVisits(n: number): Change[] {
  const made = changesMade.get(n);
  if (made) return made;
  const start = Date.now() - 24 * 60 * 60 * 1000;
  const changes = Array.from({ length: n }, (_, i): Change => {
    const id = uuidv7();
    const hlc = formatHlc({
      millis: start + Math.floor(i / 100),
      counter: i % 100,
      node: OTHER_DEVICES[i % OTHER_DEVICES.length] ?? OTHER_DEVICES[0] ?? THIS_DEVICE,
    });
    return {
      seq: i + 1,
      table: 'visits',
      recordId: id,
      record: {
        id,
        ...PLACE,
        ...visitInput(i),
        householdId: HOUSEHOLD_IDS[i % HOUSEHOLDS] ?? PLACE.buildingId,
        visitorId: VISITOR_ID,
        visitedAt: new Date(start + i * 1000).toISOString(),
        updatedAt: hlc,
      },
      deleted: false,
      hlc,
    };
  });
  changesMade.set(n, changes);
  return changes;
}

/** The stored form of pulled visits: what a raw put writes, made before the clock starts. */
function storedVisits(n: number): LocalRecord<'visits'>[] {
  return pulledVisits(n).map((change) => ({ ...change.record, syncState: 'synced' }) as LocalRecord<'visits'>);
}

async function writes(n: number): Promise<LatencyFigures> {
  const db = await freshDatabase('writes');
  try {
    const device: Device = { db, deviceId: THIS_DEVICE };
    const household: HouseholdRecord = {
      id: HOUSEHOLD_IDS[0] ?? uuidv7(),
      ...PLACE,
      unitId: null,
      roomNo: '3-502',
      address: '幸福里小区3号楼2单元502室',
      headName: '王秀英',
      headInitials: 'wxy',
      phone: '138 0000 0000',
      memberCount: 2,
      tags: ['elderly_alone'],
      updatedAt: formatHlc({ millis: Date.now() - 60_000, counter: 0, node: OTHER_DEVICES[0] ?? THIS_DEVICE }),
      syncState: 'synced',
    };
    await db.households.put(household);
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const input = visitInput(i);
      const started = performance.now();
      await logVisit(device, household, VISITOR_ID, input);
      latencies.push(performance.now() - started);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const mean = latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length);
    return {
      n,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? Number.NaN),
      mean: round(mean),
    };
  } finally {
    await db.delete();
  }
}

async function applyPulled(n: number): Promise<ThroughputFigures> {
  const changes = pulledVisits(n);
  const pages: PullResponse[] = [];
  for (let i = 0; i < n; i += PAGE_SIZE) {
    const slice = changes.slice(i, i + PAGE_SIZE);
    pages.push({ changes: slice, cursor: String(slice[slice.length - 1]?.seq ?? i), hasMore: i + PAGE_SIZE < n });
  }
  const db = await freshDatabase('apply');
  try {
    const device: Device = { db, deviceId: THIS_DEVICE };
    const started = performance.now();
    for (const page of pages) await applyServerChanges(device, page);
    const ms = performance.now() - started;
    const stored = await db.visits.count();
    if (stored !== n) throw new Error(`applyServerChanges stored ${stored} visits, expected ${n}`);
    return throughput(n, ms, meanBytes(changes.map((change) => change.record ?? {})));
  } finally {
    await db.delete();
  }
}

async function rawBulkPut(n: number): Promise<ThroughputFigures> {
  const records = storedVisits(n);
  const pages: LocalRecord<'visits'>[][] = [];
  for (let i = 0; i < n; i += PAGE_SIZE) pages.push(records.slice(i, i + PAGE_SIZE));
  const db = await freshDatabase('bulk');
  try {
    const started = performance.now();
    for (const page of pages) await db.visits.bulkPut(page);
    const ms = performance.now() - started;
    const stored = await db.visits.count();
    if (stored !== n) throw new Error(`bulkPut stored ${stored} visits, expected ${n}`);
    return throughput(n, ms, meanBytes(records));
  } finally {
    await db.delete();
  }
}

async function rawPerRecord(n: number): Promise<ThroughputFigures> {
  const records = storedVisits(n);
  const db = await freshDatabase('single');
  try {
    const started = performance.now();
    for (const record of records) await db.visits.put(record);
    const ms = performance.now() - started;
    return throughput(n, ms, meanBytes(records));
  } finally {
    await db.delete();
  }
}

async function firstPull(username: string): Promise<FirstPullFigures> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'gridwork-demo' }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const db = await freshDatabase('first-pull');
  try {
    const device: Device = { db, deviceId: THIS_DEVICE };
    const started = performance.now();
    const changes = await pullAndApply(device, httpTransport());
    const ms = performance.now() - started;
    return { changes, ms: round(ms, 1), households: await db.households.count(), visits: await db.visits.count() };
  } finally {
    await db.delete();
  }
}

async function longList(n: number): Promise<FrameFigures> {
  const households = Array.from(
    { length: n },
    (_, i): HouseholdRecord => ({
      id: uuidv7(),
      ...PLACE,
      unitId: null,
      roomNo: `${Math.floor(i / 4) + 1}0${(i % 4) + 1}`,
      address: `幸福里小区${Math.floor(i / 100) + 1}号楼${i}室`,
      headName: ['王秀英', '李建国', '张桂兰', '刘志强'][i % 4] ?? '王秀英',
      headInitials: 'wxy',
      phone: '138 0000 0000',
      memberCount: 1 + (i % 4),
      tags: i % 5 === 0 ? ['elderly_alone', 'subsistence'] : i % 3 === 0 ? ['disabled'] : [],
      updatedAt: formatHlc({ millis: Date.now() - 60_000, counter: 0, node: THIS_DEVICE }),
      syncState: i % 50 === 0 ? 'pending' : 'synced',
    }),
  );
  return scrollLongList(households, 300);
}

const bench: DeviceBench = { writes, applyPulled, rawBulkPut, rawPerRecord, firstPull, longList };
(window as unknown as { deviceBench: DeviceBench }).deviceBench = bench;
