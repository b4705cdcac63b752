/**
 * Simulated devices, in a process of their own so their work does not sit on the probes' event
 * loop: each pushes a batch of new visits to its grid (made before the start), then pulls what its grid gained, for a
 * bounded number of rounds (and never past the deadline), all devices at once. Started by
 * bench/load.ts with its plan in the file BENCH_LOAD_PLAN_FILE; prints `arriving` as the devices
 * start, then one JSON line of figures, and exits.
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
  /** Answers 503 busy (sent again after Retry-After). */
  busy: number;
  failures: Record<string, number>;
}

const PULL_PAGE = 1000;
const MAX_PAGES = 50;
/** Times one batch is sent to a busy server before the device gives up for this round. */
const MAX_ATTEMPTS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's Retry-After, spread by up to half again so that devices do not return all at once. */
function retryDelayMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after') ?? 1) || 1;
  return seconds * 1000 * (1 + Math.random() / 2);
}

function deviceId(index: number): string {
  return (0xd0000000 + index).toString(16).padStart(16, '0');
}

/**
 * A device's push bodies, one a round, made before the load starts: on a machine of two cores the
 * devices' process shares the CPUs with the server, and 500 devices stamping and encoding their
 * batches at the same instant would take CPU from the server in exactly the moment measured.
 */
function pushBodies(plan: LoadPlan, index: number): string[] {
  const worker = plan.workers[index % plan.workers.length];
  if (!worker) throw new Error('no workers in the plan');
  const node = deviceId(index);
  let counter = 0;
  return Array.from({ length: plan.rounds }, () => {
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
    return JSON.stringify({ deviceId: node, mutations });
  });
}

async function runDevice(
  plan: LoadPlan,
  index: number,
  bodies: string[],
  figures: LoadFigures,
  stopAt: number,
): Promise<void> {
  const worker = plan.workers[index % plan.workers.length];
  if (!worker) throw new Error('no workers in the plan');
  const headers = { cookie: worker.cookie, 'content-type': 'application/json' };
  let cursor = plan.cursor;
  const fail = (what: string) => {
    figures.failures[what] = (figures.failures[what] ?? 0) + 1;
  };
  for (const body of bodies) {
    if (Date.now() >= stopAt) break;
    let started = performance.now();
    try {
      // A busy server (503) is sent the same batch again after the Retry-After it gave, as a
      // device's sync does; the batch's time runs from its first sending to its answer.
      let response: Response | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < stopAt; attempt++) {
        response = await fetch(`${plan.url}/api/sync/push`, { method: 'POST', headers, body });
        if (response.status !== 503) break;
        figures.busy++;
        await response.arrayBuffer();
        await sleep(retryDelayMs(response));
      }
      if (!response) throw new Error('no time left to push');
      const answer = (await response.json()) as { results?: MutationResult[] };
      figures.pushMs.push(performance.now() - started);
      if (response.status !== 200) fail(`push ${response.status}`);
      figures.accepted += (answer.results ?? []).filter((result) => result.status === 'accepted').length;
    } catch (error) {
      fail(`push ${(error as Error).name}`);
    }
    started = performance.now();
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await fetch(`${plan.url}/api/sync/pull?limit=${PULL_PAGE}&cursor=${cursor}`, { headers });
        if (response.status === 503) {
          figures.busy++;
          await response.arrayBuffer();
          await sleep(retryDelayMs(response));
          continue;
        }
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
  const figures: LoadFigures = { wallMs: 0, accepted: 0, pulled: 0, pushMs: [], pullMs: [], busy: 0, failures: {} };
  const bodies = Array.from({ length: plan.devices }, (_, index) => pushBodies(plan, index));
  const started = performance.now();
  // Told to the bench, which signs in at this instant: a sign-in made as the crowd arrives.
  process.stdout.write('arriving\n');
  const stopAt = Date.now() + plan.deadlineMs;
  await Promise.all(bodies.map((ofDevice, index) => runDevice(plan, index, ofDevice, figures, stopAt)));
  figures.wallMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

await main();
