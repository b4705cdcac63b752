/**
 * The district report (GET /api/reports/district): every community side by side and their sum,
 * read by a district office's system with the district key. Its figures must be the very ones
 * each community's supervisor sees on their dashboard for the same days, so each is checked
 * against that community's own overview: the demo community (visits, issues in every state, care
 * households, an issue reported here) and generated ones (a few hundred households and visits over the last weeks).
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictSummary, generateDistrict } from '../../bench/district/generate.ts';
import { loadConfig } from '../../server/config.ts';
import type { DistrictOverview, Overview } from '../../shared/desk-messages.ts';
import { databaseOfThisRun, freshDatabaseUrl } from '../helpers/databases.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, issueFields, visitFields } from './support.ts';

const KEY = 'district-key-0123456789-abcdefghijklmnop';
const chinaDayAgo = (days: number) => new Date(Date.now() + 8 * 3600_000 - days * 86400_000).toISOString().slice(0, 10);
const from = chinaDayAgo(20);
const to = chinaDayAgo(0);

describe('the district report', () => {
  let server: TestServer;
  let switchedOff: TestServer;
  let district: DistrictSummary;

  beforeAll(async () => {
    const databaseUrl = await freshDatabaseUrl(databaseOfThisRun(), true);
    district = await generateDistrict(databaseUrl, {
      households: 360,
      visits: 900,
      householdsPerGrid: [30, 60],
      gridsPerCommunity: 3,
      compoundsPerCommunity: 2,
      buildingsPerGrid: 2,
      visitDays: 60,
    });
    server = await startServer({ databaseUrl, env: { DISTRICT_REPORT_TOKEN: KEY } });
    switchedOff = await startServer({ databaseUrl });
    // A visit in the demo community today, so that its figures for the range are not all zero.
    const phone = new Device();
    const worker = new ApiClient(server.url);
    await worker.login('worker01');
    const [household] = householdsInGrid(account('worker01').place.id) as [string];
    const pushed = await phone.push(worker, [
      phone.put(
        'visits',
        uuidv7(),
        visitFields(household, account('worker01').id, { visitedAt: new Date().toISOString() }),
      ),
    ]);
    expect(pushed.body.results[0].status).toBe('accepted');
    // A household visited today, then deleted: no longer counted, visited or not.
    const [, departed] = householdsInGrid(account('worker01').place.id) as [string, string];
    const visitedThenDeleted = await phone.push(worker, [
      phone.put('visits', uuidv7(), visitFields(departed, account('worker01').id)),
    ]);
    expect(visitedThenDeleted.body.results[0].status).toBe('accepted');
    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    const deleted = await phone.push(supervisor, [phone.delete('households', departed)]);
    expect(deleted.body.results[0].status).toBe('accepted');
    // And an issue reported by a building lead, open.
    const leadPhone = new Device();
    const lead = new ApiClient(server.url);
    await lead.login('lead01');
    const reported = await leadPhone.push(lead, [
      leadPhone.put('issues', uuidv7(), issueFields(account('lead01').place.id, account('lead01').id, {})),
    ]);
    expect(reported.body.results[0].status).toBe('accepted');
  });

  afterAll(async () => {
    await switchedOff?.stop();
    await server?.stop();
  });

  const read = (target: TestServer, headers: Record<string, string>, query = `from=${from}&to=${to}`) =>
    fetch(`${target.url}/api/reports/district?${query}`, { headers });

  it('is read with the district key only, and is off without one', async () => {
    const missing = await read(server, {});
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe('unauthenticated');
    expect((await read(server, { authorization: `Bearer ${KEY}x` })).status).toBe(401);
    expect((await read(server, { authorization: KEY })).status).toBe(401);
    const off = await read(switchedOff, { authorization: `Bearer ${KEY}` });
    expect(off.status).toBe(403);
    expect((await off.json()).error.message).toContain('DISTRICT_REPORT_TOKEN');
    // A supervisor's session is not the district key.
    const supervisor = new ApiClient(server.url);
    await supervisor.login('supervisor');
    expect((await supervisor.request('GET', `/api/reports/district?from=${from}&to=${to}`)).status).toBe(401);
    // A key short enough to guess is refused at start, by name.
    expect(() => loadConfig({ DISTRICT_REPORT_TOKEN: 'district' })).toThrow(
      /DISTRICT_REPORT_TOKEN must be at least 32/,
    );
  });

  it('names what is wrong with the days asked for', async () => {
    const backwards = await read(server, { authorization: `Bearer ${KEY}` }, `from=${to}&to=${from}`);
    expect(backwards.status).toBe(422);
    expect((await backwards.json()).error.field).toBe('from');
    const unknown = await read(server, { authorization: `Bearer ${KEY}` }, 'placeId=x');
    expect(unknown.status).toBe(422);
  });

  /** Each community's figures against its own supervisor's dashboard for the same days. */
  async function expectDashboards(report: DistrictOverview, query: string) {
    const supervisors = new Map([
      [account('supervisor').place.id, 'supervisor'],
      ...district.communities.map((community) => [community.id, community.supervisorUsername] as const),
    ]);
    expect(new Set(report.communities.map((community) => community.communityId))).toEqual(new Set(supervisors.keys()));

    for (const community of report.communities) {
      const client = new ApiClient(server.url);
      await client.login(supervisors.get(community.communityId) ?? '');
      const own = (await client.request('GET', `/api/reports/overview?${query}`)).body as Overview;
      const openIssues = Object.entries(own.issuesByStatus)
        .filter(([status]) => status !== 'resolved' && status !== 'closed')
        .reduce((sum, [, n]) => sum + n, 0);
      expect(community, community.name).toEqual({
        communityId: community.communityId,
        name: community.name,
        households: own.households,
        visits: own.visits,
        visitedHouseholds: own.visitedHouseholds,
        openIssues,
        escalated: own.escalated,
        notVisitedIn30Days: own.notVisitedIn30Days,
        careHouseholdsNotVisitedIn30Days: own.careHouseholdsNotVisitedIn30Days,
      });
    }
  }

  it("gives each community the figures of its own dashboard, and the district's sum", async () => {
    const response = await read(server, { authorization: `Bearer ${KEY}` });
    expect(response.status).toBe(200);
    const report = (await response.json()) as DistrictOverview;
    expect([report.from, report.to]).toEqual([from, to]);
    await expectDashboards(report, `from=${from}&to=${to}`);
    const demo = report.communities.find((community) => community.communityId === account('supervisor').place.id);
    expect(demo?.name).toBe('演示社区');
    expect(demo?.visits).toBeGreaterThan(0);
    expect(demo?.openIssues).toBeGreaterThan(0);
    expect(report.communities.filter((community) => community.visits > 0).length).toBe(report.communities.length);

    const sum = (key: keyof DistrictOverview['total']) =>
      report.communities.reduce((total, community) => total + community[key], 0);
    for (const key of Object.keys(report.total) as (keyof DistrictOverview['total'])[]) {
      expect(report.total[key], key).toBe(sum(key));
    }
    expect(report.total.households).toBe(district.households + (demo?.households ?? 0));
  });

  // Households visited and not visited lately are read from each household's latest visit
  // (household_visits) when no visit of the community is at or after the window's end, and from
  // the visits themselves otherwise: both ways must give the dashboard's figures.
  it('gives the same figures for days in the past, and beside a visit stamped ahead of the clock', async () => {
    const past = `from=${chinaDayAgo(40)}&to=${chinaDayAgo(10)}`;
    const before = await read(server, { authorization: `Bearer ${KEY}` }, past);
    expect(before.status).toBe(200);
    const pastReport = (await before.json()) as DistrictOverview;
    expect(pastReport.total.visits).toBeGreaterThan(0);
    expect(pastReport.total.notVisitedIn30Days).toBeGreaterThan(0);
    await expectDashboards(pastReport, past);

    // A phone whose clock is two hours fast: its visit is after "now" in the demo community only.
    const phone = new Device();
    const worker = new ApiClient(server.url);
    await worker.login('worker02');
    const [household] = householdsInGrid(account('worker02').place.id) as [string];
    const ahead = new Date(Date.now() + 2 * 3600_000).toISOString();
    const pushed = await phone.push(worker, [
      phone.put('visits', uuidv7(), visitFields(household, account('worker02').id, { visitedAt: ahead })),
    ]);
    expect(pushed.body.results[0].status).toBe('accepted');
    const response = await read(server, { authorization: `Bearer ${KEY}` });
    const report = (await response.json()) as DistrictOverview;
    await expectDashboards(report, `from=${from}&to=${to}`);
    const demo = report.communities.find((community) => community.communityId === account('supervisor').place.id);
    expect(demo?.notVisitedIn30Days).toBeGreaterThan(0);
  });
});
