/**
 * `npm run bench`: figures and ratios measured in one run, printed as one table and written to
 * bench/last-results.json; never pass or fail. Progress goes to stderr, the table to stdout.
 *
 * `npm run bench -- sync load` (or BENCH_ONLY=sync,load) runs some parts only; such a run writes
 * test-results/bench-results.json instead, so the committed file always holds a whole run.
 * Parts: sync (push and pull, PouchDB, raw ceiling, PostgreSQL), load (1/50/500 devices at once),
 * district (a district-sized database on both), device (Chromium: writes, applying, first pull,
 * a long list), first-load (the built PWA over HTTP), desk (import, browse, export).
 *
 * Needs Debian's PostgreSQL binaries (clusters of its own) and Chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TMP_ROOT } from '../tests/helpers/paths.ts';
import { makeSeededTemplate } from '../tests/helpers/seeded-template.ts';
import { benchDesk } from './desk.ts';
import { benchDevice } from './device.ts';
import { benchDistrict, districtScale } from './district.ts';
import { benchFirstLoad } from './first-load.ts';
import { benchLoad } from './load.ts';
import { formatTable, machine, Report } from './report.ts';
import { benchServerSync } from './server-sync.ts';

const PARTS = {
  sync: benchServerSync,
  load: benchLoad,
  district: benchDistrict,
  device: benchDevice,
  'first-load': benchFirstLoad,
  desk: benchDesk,
} as const satisfies Record<string, (report: Report) => Promise<void>>;
type Part = keyof typeof PARTS;

function chosenParts(): Part[] {
  const named = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? '').split(',')]
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = named.filter((name) => !(name in PARTS));
  if (unknown.length > 0) throw new Error(`unknown bench parts: ${unknown.join(', ')} (known: ${Object.keys(PARTS)})`);
  return named.length > 0 ? (named as Part[]) : (Object.keys(PARTS) as Part[]);
}

const parts = chosenParts();
const whole = parts.length === Object.keys(PARTS).length;
const report = new Report();
const startedAt = new Date();
const onMachine = machine();
const started = performance.now();

await makeSeededTemplate();
for (const part of parts) {
  const partStarted = performance.now();
  await PARTS[part](report);
  report.set(`${part.replace('-', '_')}_seconds`, Math.round((performance.now() - partStarted) / 1000));
}

const results = {
  date: startedAt.toISOString(),
  machine: onMachine,
  scale: {
    visits_pushed: Number(process.env.BENCH_VISITS ?? 20_000),
    district: districtScale(),
  },
  parts,
  seconds: Math.round((performance.now() - started) / 1000),
  ...report.figures,
  notes: report.notes,
};
const file = whole ? join(ROOT, 'bench/last-results.json') : join(TMP_ROOT, 'bench-results.json');
mkdirSync(join(file, '..'), { recursive: true });
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

console.log(
  `\nGridwork bench, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${onMachine.cpu}, ` +
    `${onMachine.cores} cores, load ${onMachine.load_at_start} at start, Node ${onMachine.node}; ` +
    `${results.seconds} s in all\n`,
);
console.log(formatTable(report.rows));
for (const note of report.notes) console.log(`- ${note}`);
console.log(`\nwritten to ${file.slice(ROOT.length + 1)}`);
