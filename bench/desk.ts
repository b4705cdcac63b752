/**
 * The desk's figures, each from one run on this machine, printed rather than asserted:
 *
 * - import: a 10,000-row household roster (XLSX) into the demo community, over HTTP, check and
 *   import, then the same file again (nothing to change);
 * - browse: list pages of visits at 100,000 visits (first page, a deep page, a filtered page),
 *   and the dashboard's figures over them;
 * - export: 200,000 visit rows to CSV and to XLSX from a server process of its own (with a
 *   128 MB JavaScript heap), rows per second and that process's peak resident memory (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { XLSX_TYPE } from '../shared/desk-messages.ts';
import { addBulkVisits } from '../tests/helpers/bulk-visits.ts';
import { xlsxOf } from '../tests/helpers/roster-fixture.ts';
import { ApiClient, startServer, startServerProcess } from '../tests/helpers/server.ts';
import { ms as formatMs, perSecond, type Report, rps } from './report.ts';

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const BROWSE_VISITS = Number(process.env.BENCH_BROWSE_VISITS ?? 100_000);
// A community's year is measured at district scale (bench/district.ts); this is the long haul.
const EXPORT_VISITS = Number(process.env.BENCH_EXPORT_VISITS ?? 200_000);
const SQLITE = { kind: 'sqlite' } as const;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function peakMemory(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** 10,000 people in new rooms of the demo buildings: households of one to three, one head each. */
function rosterRows(count: number): string[][] {
  const rows: string[][] = [];
  const buildings = ['1号楼', '2号楼', '3号楼', '4号楼', '5号楼', '6号楼', '7号楼', '8号楼'];
  const relations = ['户主', '配偶', '子女'];
  for (let i = 0; rows.length < count; i++) {
    const building = buildings[i % buildings.length] as string;
    const room = `${Math.floor(i / buildings.length) + 1001}`;
    const size = 1 + (i % 3);
    for (let k = 0; k < size && rows.length < count; k++) {
      const phone = `139${String(i * 3 + k).padStart(8, '0')}`;
      rows.push([
        '和平里小区',
        building,
        '1单元',
        room,
        `居民${i}-${k}`,
        relations[k] as string,
        phone,
        String(1950 + (i % 50)),
        k === 0 && i % 7 === 0 ? '独居老人' : '',
        '',
      ]);
    }
  }
  return rows;
}

async function benchImport(report: Report): Promise<void> {
  const server = await startServer({ seeded: true, database: SQLITE });
  try {
    const admin = new ApiClient(server.url);
    await admin.login('admin');
    const header = ['小区', '楼栋', '单元', '门牌', '姓名', '与户主关系', '电话', '出生年份', '重点关爱', '备注'];
    const file = await xlsxOf(header, rosterRows(IMPORT_ROWS));
    for (const [label, path] of [
      ['check (dry run)', '/api/import/households?dryRun=1'],
      ['import', '/api/import/households'],
      ['import again', '/api/import/households'],
    ] as const) {
      const started = performance.now();
      const { status, body } = await admin.upload(path, file, XLSX_TYPE);
      const took = performance.now() - started;
      if (status !== 200) throw new Error(`import failed: ${status} ${JSON.stringify(body).slice(0, 300)}`);
      report.row(
        'desk',
        `roster ${label}, ${IMPORT_ROWS.toLocaleString('en-US')} rows`,
        seconds(took),
        `${mb(file.length)} XLSX: ${body.created} created, ${body.updated} updated, ${body.unchanged} unchanged, ${body.rejected.length} rejected`,
      );
      report.set(`import_${label.replace(/\W+/g, '_').replace(/_$/, '')}_s`, took / 1000);
    }
  } finally {
    await server.stop();
  }
}

async function benchBrowse(report: Report): Promise<void> {
  const server = await startServer({ seeded: true, database: SQLITE });
  try {
    await addBulkVisits(server.databaseUrl, BROWSE_VISITS);
    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    const month = new Date(Date.now() + 8 * 3600_000 - 30 * 86400_000).toISOString().slice(0, 10);
    const cases: [string, string][] = [
      ['visits, first page (newest first)', '/api/browse/visits?limit=50'],
      ['visits, page at row 50,000', '/api/browse/visits?limit=50&offset=50000'],
      [
        'visits, one grid, last 30 days',
        `/api/browse/visits?limit=50&gridId=${await firstGrid(supervisor)}&from=${month}`,
      ],
      ['visits, sorted by purpose', '/api/browse/visits?limit=50&sort=purpose'],
      ['households not visited in 30 days', '/api/browse/households?notVisitedDays=30&sort=care'],
      ['dashboard figures (this month)', '/api/reports/overview'],
    ];
    for (const [label, path] of cases) {
      await supervisor.request('GET', path); // warm the statement cache and the page cache
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const { status } = await supervisor.request('GET', path);
        if (status !== 200) throw new Error(`${path}: ${status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      report.row(
        'desk',
        `browse: ${label}`,
        formatMs(times[2] as number),
        `median of 5, ${BROWSE_VISITS.toLocaleString('en-US')} visits`,
      );
    }
  } finally {
    await server.stop();
  }
}

async function firstGrid(client: ApiClient): Promise<string> {
  const { body } = await client.request('GET', '/api/reports/overview');
  return body.coverageByGrid[0].gridId;
}

async function benchExport(report: Report): Promise<void> {
  // A JavaScript heap of 128 MB, far below what a million rows would take if held: the export
  // must stream to finish at all.
  const server = await startServerProcess({
    seeded: true,
    database: SQLITE,
    nodeOptions: ['--max-old-space-size=128'],
  });
  try {
    await addBulkVisits(server.databaseUrl, EXPORT_VISITS);
    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    const before = peakMemory(server.pid);
    for (const format of ['csv', 'xlsx'] as const) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/export/visits.${format}`, {
        headers: { cookie: supervisor.sessionCookie() },
      });
      const rows = Number(response.headers.get('x-export-rows'));
      if (response.status !== 200) throw new Error(`export failed: ${response.status}`);
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      const took = performance.now() - started;
      report.row(
        'desk',
        `export ${format.toUpperCase()}, ${rows.toLocaleString('en-US')} visits, 128 MB heap`,
        rps(perSecond(rows, took)),
        `${mb(bytes)} in ${seconds(took)}; server peak RSS ${mb(peakMemory(server.pid))} (${mb(before)} before)`,
      );
    }
  } finally {
    await server.stop();
  }
}

export async function benchDesk(report: Report): Promise<void> {
  console.error(`desk: roster import (${IMPORT_ROWS} rows)`);
  await benchImport(report);
  console.error(`desk: browse and dashboard at ${BROWSE_VISITS} visits`);
  await benchBrowse(report);
  console.error(`desk: export of ${EXPORT_VISITS} visit rows`);
  await benchExport(report);
}
