/**
 * The supervisor's figures and downloads on a fixed data set: the demo community plus visits and
 * issues pushed here with known times. Every expected figure is worked out by hand below (days in
 * China Standard Time, `to` inclusive); the exports are parsed back with the same libraries a
 * person's Excel would stand in for; a large export keeps memory flat.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBulkVisits } from '../helpers/bulk-visits.ts';
import { ApiClient, startServer, startServerProcess, type TestServer } from '../helpers/server.ts';
import { account, Device, demo, household, householdsInGrid, issueFields, visitFields } from './support.ts';

const worker01 = account('worker01');
const worker02 = account('worker02');
const lead01 = account('lead01');
const [hhA, hhB, hhC] = householdsInGrid(worker01.place.id) as [string, string, string];
const [hhD] = householdsInGrid(worker02.place.id) as [string];
/** The peak resident memory of a process so far, in bytes (Linux /proc). */
function peakMemory(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
function chinaDayAgo(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 - days * 86400_000).toISOString().slice(0, 10);
}
const T0 = Date.parse('2026-10-05T00:00:00Z');
const hours = (n: number) => new Date(T0 + n * 3600_000).toISOString();

describe('supervisor reports and exports', () => {
  let server: TestServer;
  const supervisor = new ApiClient('');
  const admin = new ApiClient('');

  beforeAll(async () => {
    server = await startServer({ seeded: true });
    Object.assign(supervisor, { baseUrl: server.url });
    Object.assign(admin, { baseUrl: server.url });
    await supervisor.login('supervisor');
    await admin.login('admin');

    const phone1 = new Device();
    const w1 = new ApiClient(server.url);
    await w1.login('worker01');
    const visit = (id: string, at: string, by = worker01.id) =>
      phone1.put('visits', uuidv7(), visitFields(id, by, { visitedAt: at }));
    const pushed1 = await phone1.push(w1, [
      visit(hhA, '2026-09-30T16:00:00Z'), // 10-01 00:00 CST: the first moment of the range
      visit(hhA, '2026-10-15T10:00:00+08:00'),
      visit(hhB, '2026-10-31T23:30:00+08:00'), // the last half hour of the range
      visit(hhC, '2026-10-31T16:30:00Z'), // 11-01 00:30 CST: outside
    ]);
    expect(pushed1.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    const phone2 = new Device();
    const w2 = new ApiClient(server.url);
    await w2.login('worker02');
    await phone2.push(w2, [
      phone2.put('visits', uuidv7(), visitFields(hhD, worker02.id, { visitedAt: '2026-10-20T09:00:00+08:00' })),
    ]);

    // Four issues from lead01's building: two resolved (after 30 h and after 200 h), one accepted, one new.
    const leadPhone = new Device();
    const lead = new ApiClient(server.url);
    await lead.login('lead01');
    const issueIds = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const categories = ['lift', 'lift', 'sanitation', 'safety'];
    await leadPhone.push(
      lead,
      issueIds.map((id, i) =>
        leadPhone.put(
          'issues',
          id,
          issueFields(lead01.place.id, lead01.id, { category: categories[i], reportedAt: hours(0) }),
        ),
      ),
    );
    const deskPhone = new Device();
    const event = (issueId: string, action: string, at: string) =>
      deskPhone.put('issueEvents', uuidv7(), { issueId, kind: 'action', action, by: account('supervisor').id, at });
    const [fast, slow, accepted] = issueIds as [string, string, string];
    const actions = await deskPhone.push(supervisor, [
      event(fast, 'accept', hours(1)),
      event(fast, 'start', hours(2)),
      event(fast, 'resolve', hours(30)),
      event(slow, 'accept', hours(1)),
      event(slow, 'start', hours(2)),
      event(slow, 'resolve', hours(200)),
      event(accepted, 'accept', hours(3)),
    ]);
    expect(actions.body.results.map((r: { status: string }) => r.status)).toEqual(Array(7).fill('accepted'));
  });
  afterAll(() => server.stop());

  it('computes the overview figures by the hand-counted answers', async () => {
    const { status, body } = await supervisor.request('GET', '/api/reports/overview?from=2026-10-01&to=2026-10-31');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      from: '2026-10-01',
      to: '2026-10-31',
      households: 600,
      visits: 4,
      visitedHouseholds: 3,
    });
    const grid1 = body.coverageByGrid.find((g: { gridId: string }) => g.gridId === worker01.place.id);
    const grid2 = body.coverageByGrid.find((g: { gridId: string }) => g.gridId === worker02.place.id);
    expect(grid1).toMatchObject({ name: '第一网格', households: 60, visited: 2 });
    expect(grid2).toMatchObject({ name: '第二网格', households: 60, visited: 1 });
    expect(body.coverageByGrid).toHaveLength(10);
    expect(body.visitsByWorker).toEqual([
      { userId: worker01.id, displayName: worker01.displayName, visits: 3 },
      { userId: worker02.id, displayName: worker02.displayName, visits: 1 },
    ]);
    expect(body.issuesByStatus).toEqual({ resolved: 2, accepted: 1, reported: 1 });
    expect(body.issuesByCategory).toEqual({ lift: 2, sanitation: 1, safety: 1 });
    expect(body.medianResolveHours).toBe(115); // (30 + 200) / 2
    expect(body.resolvedWithin7Days).toBe(0.5); // 30 h yes, 200 h no
    expect(body.escalated).toBe(0);
    expect(body.openIssuesByAge).toEqual({ under3Days: 0, from3To7Days: 0, from7To30Days: 0, over30Days: 2 });

    // 30 days up to the end of October: A (10-15), B (10-31) and D (10-20) were visited; C only after.
    const tagged = demo.records.filter(
      (r) => r.table === 'households' && (r.content as { tags: string[] }).tags.length > 0,
    ).length;
    const visitedTagged = [hhA, hhB, hhD].filter((id) => (household(id).tags as string[]).length > 0).length;
    expect(body.notVisitedIn30Days).toBe(597);
    expect(body.careHouseholdsNotVisitedIn30Days).toBe(tagged - visitedTagged);
    const hoursOfMembers = demo.records
      .filter((r) => r.table === 'partyMembers')
      .reduce((sum, r) => sum + Number((r.content as { volunteerHours?: number }).volunteerHours ?? 0), 0);
    expect(body.volunteerHours).toBe(hoursOfMembers);

    const oneGrid = await supervisor.request(
      'GET',
      `/api/reports/overview?from=2026-10-01&to=2026-10-31&placeId=${worker01.place.id}`,
    );
    expect(oneGrid.body).toMatchObject({ households: 60, visits: 3, visitedHouseholds: 2 });
    // A and B of its 60 were visited in the 30 days up to the end of October.
    expect(oneGrid.body.notVisitedIn30Days).toBe(58);
    expect(oneGrid.body.coverageByGrid).toHaveLength(1);
    const bad = await supervisor.request('GET', '/api/reports/overview?from=2026-10-31&to=2026-10-01');
    expect(bad.status).toBe(422);
    const elsewhere = await supervisor.request('GET', `/api/reports/overview?placeId=${uuidv7()}`);
    expect(elsewhere.status).toBe(422);
    expect((await new ApiClient(server.url).request('GET', '/api/reports/overview')).status).toBe(401);
    const worker = new ApiClient(server.url);
    await worker.login('worker03');
    expect((await worker.request('GET', '/api/reports/overview')).status).toBe(403);
  });

  it('browses with filters and sorting, phones masked', async () => {
    const visits = await supervisor.request(
      'GET',
      '/api/browse/visits?from=2026-10-01&to=2026-10-31&sort=visitedAt&order=asc',
    );
    expect(visits.status).toBe(200);
    expect(visits.body.total).toBe(4);
    expect(visits.body.rows[0].record.householdId).toBe(hhA);
    expect(visits.body.rows[0].labels.visitor).toBe(worker01.displayName);
    expect(visits.body.rows[0].labels.household).toContain(household(hhA).headName as string);
    // October: the demo's quarter of visits (July to September) is not in it.
    const byWorker = await supervisor.request(
      'GET',
      `/api/browse/visits?workerId=${worker02.id}&from=2026-10-01&to=2026-10-31`,
    );
    expect(byWorker.body.total).toBe(1);
    const lifts = await supervisor.request('GET', '/api/browse/issues?category=lift&status=resolved');
    expect(lifts.body.total).toBe(2);
    const households = await admin.request(
      'GET',
      `/api/browse/households?gridId=${worker01.place.id}&sort=roomNo&limit=5`,
    );
    expect(households.body.total).toBe(60);
    expect(households.body.rows).toHaveLength(5);
    const phones = households.body.rows.map((row: { record: { phone?: string } }) => row.record.phone).filter(Boolean);
    expect(phones.length).toBeGreaterThan(0);
    for (const phone of phones) expect(phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const tagged = await supervisor.request('GET', '/api/browse/households?tag=elderly_alone');
    expect(
      tagged.body.rows.every((row: { record: { tags: string[] } }) => row.record.tags.includes('elderly_alone')),
    ).toBe(true);
    const search = await supervisor.request(
      'GET',
      `/api/browse/households?q=${encodeURIComponent(household(hhA).headName as string)}`,
    );
    expect(search.body.rows.map((row: { record: { id: string } }) => row.record.id)).toContain(hhA);
    const unknownColumn = await supervisor.request('GET', '/api/browse/visits?sort=drop%20table');
    expect(unknownColumn.status).toBe(422);
    expect((await supervisor.request('GET', '/api/browse/places')).status).toBe(422);
  });

  it('exports CSV with a BOM and XLSX, parsed back with the Chinese intact', async () => {
    const csv = await supervisor.download('/api/export/visits.csv?from=2026-10-01&to=2026-10-31');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-export-rows')).toBe('4');
    expect(decodeURIComponent(csv.headers.get('content-disposition') ?? '')).toContain('走访记录-');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(csv.bytes, { bom: true });
    expect(rows).toHaveLength(5);
    expect(rows[0]?.slice(0, 6)).toEqual(['走访时间', '小区', '楼栋', '网格', '住户', '走访事项']);
    expect(rows[1]?.[0]).toBe('2026-10-01 00:00');
    expect(rows[1]?.[3]).toBe('第一网格');
    expect(rows[1]?.[4]).toContain(household(hhA).headName as string);
    expect(rows[1]?.[5]).toBe('民情走访');
    expect(rows[1]?.join()).toContain('医疗健康：血压偏高，需要上门测量');

    const xlsx = await supervisor.download('/api/export/households.xlsx');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([xlsx.bytes]));
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(601);
    expect(sheet.getRow(1).getCell(1).value).toBe('小区');
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const phoneColumn = header.indexOf('电话') + 1;
    const nameColumn = header.indexOf('户主') + 1;
    const first = demo.records.find((r) => r.table === 'households');
    const names = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) names.add(String(row.getCell(nameColumn).value));
    });
    expect(names.has(String((first?.content as { headName?: string } | undefined)?.headName))).toBe(true);
    const supervisorPhones: string[] = [];
    sheet.eachRow((row, n) => {
      const phone = row.getCell(phoneColumn).value;
      if (n > 1 && phone) supervisorPhones.push(String(phone));
    });
    expect(supervisorPhones.every((phone) => /^\d{3}\*{4}\d{4}$/.test(phone))).toBe(true);

    // The administrator keeps the roster: full numbers in household exports, masked in visits.
    const full: string[][] = parse((await admin.download('/api/export/households.csv')).bytes, { bom: true });
    const fullPhones = full
      .slice(1)
      .map((row) => row[full[0]?.indexOf('电话') ?? 0])
      .filter(Boolean);
    expect(fullPhones.length).toBe(supervisorPhones.length);
    expect(fullPhones.every((phone) => /^\d{11}$/.test(phone ?? ''))).toBe(true);
    expect((await supervisor.download('/api/export/places.csv')).status).toBe(422);
  });

  it('streams a large export with flat memory', { timeout: 120_000 }, async () => {
    // A server process of its own, so its peak memory (VmHWM) is the export's and not this test's,
    // with a JavaScript heap far smaller than the rows it exports would take if held.
    const process = await startServerProcess({ seeded: true, nodeOptions: ['--max-old-space-size=96'] });
    try {
      await addBulkVisits(process.databaseUrl, 60_000, { days: 100 });
      const client = new ApiClient(process.url);
      await client.login('supervisor');
      const exportLines = async (query: string, format = 'csv') => {
        const response = await fetch(`${process.url}/api/export/visits.${format}${query}`, {
          headers: { cookie: client.sessionCookie() },
        });
        let lines = 0;
        let bytes = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          lines += chunk.filter((byte) => byte === 0x0a).length;
        }
        return { rows: lines - 1, bytes, peak: peakMemory(process.pid) };
      };
      const lastDays = `?from=${chinaDayAgo(19)}`;
      const fifth = await exportLines(lastDays);
      const whole = await exportLines('');
      // The server loads exceljs with the first workbook: a fifth as XLSX first, so that the
      // whole XLSX is measured against a peak that holds exceljs too.
      const fifthXlsx = await exportLines(lastDays, 'xlsx');
      const xlsx = await exportLines('', 'xlsx');
      console.log(
        `export: ${fifth.rows} rows → peak RSS ${mb(fifth.peak)}; ${whole.rows} rows (${mb(whole.bytes)}) → peak RSS ${mb(whole.peak)}; ` +
          `as XLSX, the fifth → peak RSS ${mb(fifthXlsx.peak)}; the whole (${mb(xlsx.bytes)}) → peak RSS ${mb(xlsx.peak)}`,
      );
      expect(whole.rows).toBeGreaterThanOrEqual(60_000);
      expect(fifth.rows).toBeLessThan(whole.rows / 3);
      // Five times the rows: the peak barely moves (the rows as objects would be hundreds of MB).
      expect(whole.peak - fifth.peak).toBeLessThan(24e6);
      // The zip's compressor is slower than the rows come: its intake must not hold the sheet.
      expect(xlsx.peak - fifthXlsx.peak).toBeLessThan(24e6);
    } finally {
      await process.stop();
    }
  });
});
