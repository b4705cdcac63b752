/**
 * Simulated devices, in a process of their own so their work does not sit on the probes' event
 * loop: each pushes a batch of new visits to its grid (made before the start), then pulls what its grid gained, for a
 * bounded number of rounds (and never past the deadline), all devices at once. Started by
 * bench/load.ts with its plan in the file BENCH_LOAD_PLAN_FILE; prints `arriving` as the devices
 * start, then one JSON line of figures, and exits.
 * Talks only to the 127.0.0.1 server it is given.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { formatHlc } from '../../shared/hlc.ts';
import type { Mutation, MutationResult } from '../../shared/sync-messages.ts';

/**
 * How the devices send: fetch (the default, as the app's own sync does), or Node's own HTTP
 * client. node:http costs the devices' process about a third of fetch's CPU, time the devices
 * take from the server on a machine of two cores, and it sends 500 devices' first requests within
 * about 50 ms where fetch spreads them over half a second: a tighter arrival.
 */
export type LoadClient = 'fetch' | 'node-http';

export interface LoadPlan {
  url: string;
  client: LoadClient;
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

interface Answer {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

type Send = (url: string, headers: Record<string, string>, body?: string) => Promise<Answer>;

const viaFetch: Send = async (url, headers, body) => {
  const response = await fetch(url, body === undefined ? { headers } : { method: 'POST', headers, body });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after') ?? undefined,
    text: await response.text(),
  };
};

/** Connections kept open and reused, as fetch keeps them. */
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

const viaNodeHttp: Send = (url, headers, body) =>
  new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        agent,
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });

/** The server's Retry-After, spread by up to half again so that devices do not return all at once. */
function retryDelayMs(answer: Answer): number {
  const seconds = Number(answer.retryAfter ?? 1) || 1;
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
  const send = plan.client === 'node-http' ? viaNodeHttp : viaFetch;
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
      let answer: Answer | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < stopAt; attempt++) {
        answer = await send(`${plan.url}/api/sync/push`, headers, body);
        if (answer.status !== 503) break;
        figures.busy++;
        await sleep(retryDelayMs(answer));
      }
      if (!answer) throw new Error('no time left to push');
      figures.pushMs.push(performance.now() - started);
      if (answer.status !== 200) fail(`push ${answer.status}`);
      const { results } = JSON.parse(answer.text) as { results?: MutationResult[] };
      figures.accepted += (results ?? []).filter((result) => result.status === 'accepted').length;
    } catch (error) {
      fail(`push ${(error as Error).name}`);
    }
    started = performance.now();
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await send(`${plan.url}/api/sync/pull?limit=${PULL_PAGE}&cursor=${cursor}`, headers);
        if (answer.status === 503) {
          figures.busy++;
          await sleep(retryDelayMs(answer));
          continue;
        }
        if (answer.status !== 200) {
          fail(`pull ${answer.status}`);
          break;
        }
        const body = JSON.parse(answer.text) as { changes?: unknown[]; cursor?: string; hasMore?: boolean };
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
