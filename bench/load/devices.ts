/**
 * Simulated devices, in a process of their own so their work does not sit on the probes' event
 * loop: each pushes a batch of new visits to its grid, then pulls what its grid gained, for a
 * bounded number of rounds (and never past the deadline), all devices at once. Started by
 * bench/load.ts with its plan in the file BENCH_LOAD_PLAN_FILE; prints one JSON line of figures and
 * exits.
 * Talks only to the 127.0.0.1 server it is given.
 */
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { formatHlc } from '../../shared/hlc.ts';
import type { Mutation, MutationResult } from '../../shared/sync-messages.ts';

export interface LoadPlan {
  url: string;
  devices: number;
  batch: number;
  rounds: number;
  deadlineMs: number;
  /** The sequence when the load starts: devices pull from there, as devices already in sync. */
  cursor: string;
  workers: { cookie: string; userId: string; households: string[] }[];
}

export interface LoadFigures {
  wallMs: number;
  accepted: number;
  pulled: number;
  pushMs: number[];
  pullMs: number[];
  failures: Record<string, number>;
}

const PULL_PAGE = 1000;
const MAX_PAGES = 50;

function deviceId(index: number): string {
  return (0xd0000000 + index).toString(16).padStart(16, '0');
}

async function runDevice(plan: LoadPlan, index: number, figures: LoadFigures, stopAt: number): Promise<void> {
  const worker = plan.workers[index % plan.workers.length];
  if (!worker) throw new Error('no workers in the plan');
  const node = deviceId(index);
  const headers = { cookie: worker.cookie, 'content-type': 'application/json' };
  let cursor = plan.cursor;
  let counter = 0;
  const fail = (what: string) => {
    figures.failures[what] = (figures.failures[what] ?? 0) + 1;
  };
  for (let round = 0; round < plan.rounds && Date.now() < stopAt; round++) {
    const mutations: Mutation[] = Array.from({ length: plan.batch }, (_, i) => ({
      id: uuidv7(),
      table: 'visits',
      recordId: uuidv7(),
      op: 'put',
      hlc: formatHlc({ millis: Date.now(), counter: counter++ % 0xffff, node }),
      fields: {
        householdId: worker.households[(index + i) % worker.households.length],
        purpose: 'contact',
        visitedAt: new Date().toISOString(),
        visitorId: worker.userId,
        metWith: '户主本人',
        needs: [{ kind: 'health', text: '血压偏高，需要社区医生上门测量' }],
        note: '老人精神不错，已转告子女注意用药，下周再来。',
      },
    }));
    let started = performance.now();
    try {
      const response = await fetch(`${plan.url}/api/sync/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ deviceId: node, mutations }),
      });
      const body = (await response.json()) as { results?: MutationResult[] };
      figures.pushMs.push(performance.now() - started);
      if (response.status !== 200) fail(`push ${response.status}`);
      figures.accepted += (body.results ?? []).filter((result) => result.status === 'accepted').length;
    } catch (error) {
      fail(`push ${(error as Error).name}`);
    }
    started = performance.now();
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await fetch(`${plan.url}/api/sync/pull?limit=${PULL_PAGE}&cursor=${cursor}`, { headers });
        const body = (await response.json()) as { changes?: unknown[]; cursor?: string; hasMore?: boolean };
        if (response.status !== 200) {
          fail(`pull ${response.status}`);
          break;
        }
        figures.pulled += body.changes?.length ?? 0;
        cursor = body.cursor ?? cursor;
        if (!body.hasMore) break;
      }
      figures.pullMs.push(performance.now() - started);
    } catch (error) {
      fail(`pull ${(error as Error).name}`);
    }
  }
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.env.BENCH_LOAD_PLAN_FILE ?? '', 'utf8')) as LoadPlan;
  if (!new URL(plan.url).hostname.startsWith('127.')) throw new Error('the load goes to 127.0.0.1 only');
  const figures: LoadFigures = { wallMs: 0, accepted: 0, pulled: 0, pushMs: [], pullMs: [], failures: {} };
  const started = performance.now();
  const stopAt = Date.now() + plan.deadlineMs;
  await Promise.all(Array.from({ length: plan.devices }, (_, index) => runDevice(plan, index, figures, stopAt)));
  figures.wallMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

await main();
