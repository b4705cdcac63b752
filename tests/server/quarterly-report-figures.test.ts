/**
 * The quarterly report (季度述职) against figures worked out by hand. The administrator lays out a
 * new compound in the demo community (two grids, five households, an in-service members' branch);
 * the supervisor records one quarter's work there over HTTP, each date written out, some with
 * China's offset and some in UTC, a few just outside the quarter. The demo's own records all lie
 * in 2026-Q3 and in other compounds, so in this compound only ours count. Every figure of the
 * report, of its workbook and of the service figures is compared with the number below.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync-messages.ts';
import { ApiClient, type JsonBody, startServer, type TestServer } from '../helpers/server.ts';
import {
  account,
  communityId,
  Device,
  demo,
  households as demoHouseholds,
  issueFields,
  partnersOfDemo,
  projectFields,
  visitFields,
  wishFields,
} from './support.ts';

const QUARTER = '2026-Q4';
const PHOTO = 'cd'.repeat(32);
const supervisor = account('supervisor');
const generalBranch = demo.records.find(
  (r) => r.table === 'partyOrgs' && (r.content as { level?: string }).level === 'general_branch',
) as { id: string };
type Unit = { id: string; content: { name: string } };
const [hospital, school] = partnersOfDemo() as [Unit, Unit];

/** The new compound's places and people, made up here. */
const place = {
  compound: uuidv7(),
  grid1: uuidv7(),
  grid2: uuidv7(),
  building1: uuidv7(),
  building2: uuidv7(),
  branch: uuidv7(),
};
/** h1–h3 live in building 1 (grid 1), h4–h5 in building 2 (grid 2). */
const [h1, h2, h3, h4, h5] = Array.from({ length: 5 }, () => uuidv7()) as [string, string, string, string, string];
const member = { wang: uuidv7(), li: uuidv7(), zhao: uuidv7(), chen: uuidv7() };
const project = { p1: uuidv7(), p2: uuidv7(), p3: uuidv7(), p4: uuidv7(), p5: uuidv7() };
const activity = { a1: uuidv7(), a2: uuidv7(), a3: uuidv7(), a4: uuidv7() };

describe('the quarterly report of a compound, against figures worked out by hand', () => {
  let server: TestServer;
  const adminClient = new ApiClient('');
  const supervisorClient = new ApiClient('');
  const adminPhone = new Device();
  const phone = new Device();
  let report: JsonBody;

  async function push(client: ApiClient, device: Device, mutations: Mutation[]) {
    const response = await device.push(client, mutations);
    expect(response.status).toBe(200);
    const refused = (response.body.results as JsonBody[]).filter((result) => result.status !== 'accepted');
    expect(refused).toEqual([]);
  }

  const put = (table: Mutation['table'], id: string, fields: Record<string, unknown>) => phone.put(table, id, fields);
  const by = supervisor.id;

  /** The compound, laid out by the administrator: places, households and the party branch. */
  function layout(): Mutation[] {
    const at = (table: Mutation['table'], id: string, fields: Record<string, unknown>) =>
      adminPhone.put(table, id, fields);
    const household = (id: string, buildingId: string, roomNo: string) =>
      at('households', id, {
        buildingId,
        unitId: null,
        roomNo,
        address: `测试苑 ${roomNo}`,
        headName: `住户${roomNo}`,
        phone: null,
        memberCount: 2,
        tags: [],
      });
    const partyMember = (id: string, name: string, kind: string, employerId: string | null) =>
      at('partyMembers', id, {
        orgId: place.branch,
        name,
        phone: null,
        homeBuildingId: place.building1,
        homeUnitId: null,
        kind,
        groupRole: 'member',
        employerId,
      });
    return [
      at('places', place.compound, { kind: 'compound', name: '测试苑', parentId: communityId, sort: 90 }),
      at('places', place.grid1, { kind: 'grid', name: '测试苑一网格', parentId: place.compound, sort: 0 }),
      at('places', place.grid2, { kind: 'grid', name: '测试苑二网格', parentId: place.compound, sort: 1 }),
      at('places', place.building1, {
        kind: 'building',
        name: '1号楼',
        parentId: place.compound,
        gridId: place.grid1,
        sort: 0,
      }),
      at('places', place.building2, {
        kind: 'building',
        name: '2号楼',
        parentId: place.compound,
        gridId: place.grid2,
        sort: 1,
      }),
      household(h1, place.building1, '101'),
      household(h2, place.building1, '102'),
      household(h3, place.building1, '201'),
      household(h4, place.building2, '101'),
      household(h5, place.building2, '102'),
      at('partyOrgs', place.branch, {
        level: 'branch',
        name: '测试苑党支部',
        parentId: generalBranch.id,
        placeId: place.compound,
      }),
      partyMember(member.wang, '王建国', 'in_service', hospital.id),
      partyMember(member.li, '李红', 'in_service', school.id),
      partyMember(member.zhao, '赵大爷', 'retired', null),
      partyMember(member.chen, '陈静', 'in_service', hospital.id),
    ];
  }

  /** Visits: four in the quarter (h1 twice, h2, h4), one the evening before it began. */
  function visits(): Mutation[] {
    const visit = (householdId: string, visitedAt: string) =>
      put('visits', uuidv7(), visitFields(householdId, by, { visitedAt }));
    return [
      visit(h1, '2026-10-08T09:00:00+08:00'),
      visit(h1, '2026-11-12T10:00:00+08:00'),
      // Still 30 September in UTC, but half past midnight on 1 October in China: in the quarter.
      visit(h2, '2026-09-30T16:30:00.000Z'),
      visit(h4, '2026-11-20T15:00:00.000Z'),
      // A minute before the quarter began, China time: not counted.
      visit(h3, '2026-09-30T23:59:00+08:00'),
    ];
  }

  /**
   * Issues: i1–i4 reported in the quarter (lift, sanitation, lift, safety); i5 reported in Q3.
   * First resolved in the quarter: i1 after 24 h (resolved again later: the first counts), i2 after
   * 240 h, i3 after 54 h, i5 after 96 h; i4 is still open.
   */
  function issues(): Mutation[] {
    const mutations: Mutation[] = [];
    const issue = (buildingId: string, category: string, reportedAt: string, steps: [string, string][]) => {
      const issueId = uuidv7();
      mutations.push(put('issues', issueId, issueFields(buildingId, by, { category, reportedAt })));
      for (const [action, at] of steps) {
        mutations.push(put('issueEvents', uuidv7(), { issueId, kind: 'action', action, by, at }));
      }
    };
    issue(place.building1, 'lift', '2026-10-10T09:00:00+08:00', [
      ['accept', '2026-10-10T10:00:00+08:00'],
      ['start', '2026-10-10T11:00:00+08:00'],
      ['resolve', '2026-10-11T09:00:00+08:00'],
      ['reopen', '2026-10-12T09:00:00+08:00'],
      ['resolve', '2026-10-15T09:00:00+08:00'],
    ]);
    issue(place.building1, 'sanitation', '2026-10-20T08:00:00+08:00', [
      ['accept', '2026-10-20T09:00:00+08:00'],
      ['start', '2026-10-21T09:00:00+08:00'],
      ['resolve', '2026-10-30T08:00:00+08:00'],
    ]);
    issue(place.building2, 'lift', '2026-11-02T10:00:00+08:00', [
      ['accept', '2026-11-02T11:00:00+08:00'],
      ['start', '2026-11-03T09:00:00+08:00'],
      ['resolve', '2026-11-04T08:00:00.000Z'],
    ]);
    issue(place.building2, 'safety', '2026-11-25T10:00:00+08:00', [['accept', '2026-11-25T11:00:00+08:00']]);
    issue(place.building1, 'dispute', '2026-09-28T10:00:00+08:00', [
      ['accept', '2026-09-28T11:00:00+08:00'],
      ['start', '2026-09-29T09:00:00+08:00'],
      ['resolve', '2026-10-02T10:00:00+08:00'],
    ]);
    return mutations;
  }

  /**
   * Micro-wishes: w1–w4 recorded in the quarter, w5 in Q3, w6 recorded, claimed and then deleted.
   * w1 claimed, fulfilled, confirmed; w2 claimed, fulfilled; w3 claimed, let go, claimed again;
   * w4 open; w5 claimed in Q3, fulfilled and confirmed in the quarter.
   */
  function wishes(): Mutation[] {
    const mutations: Mutation[] = [];
    const wish = (householdId: string, recordedAt: string, steps: [string, string, Record<string, unknown>?][]) => {
      const wishId = uuidv7();
      mutations.push(put('wishes', wishId, wishFields(householdId, by, { recordedAt })));
      for (const [action, at, extra] of steps) {
        mutations.push(put('wishEvents', uuidv7(), { wishId, action, by, at, ...extra }));
      }
      return wishId;
    };
    const forPartner = (partner: { id: string }) => ({ claimantKind: 'partner', claimantId: partner.id });
    const forMember = (id: string) => ({ claimantKind: 'member', claimantId: id });
    const proof = { note: '已送到家中', photoHashes: [PHOTO] };
    // Half past one on 1 October in China, written in UTC.
    wish(h1, '2026-09-30T17:30:00.000Z', [
      ['claim', '2026-10-09T10:00:00+08:00', forPartner(hospital)],
      ['fulfil', '2026-10-20T10:00:00+08:00', proof],
      ['confirm', '2026-10-22T10:00:00+08:00'],
    ]);
    wish(h2, '2026-10-15T10:00:00+08:00', [
      ['claim', '2026-10-16T10:00:00+08:00', forMember(member.wang)],
      ['fulfil', '2026-11-05T10:00:00+08:00', proof],
    ]);
    wish(h4, '2026-11-20T15:30:00+08:00', [
      ['claim', '2026-11-21T10:00:00+08:00', forPartner(school)],
      ['release', '2026-11-22T10:00:00+08:00'],
      ['claim', '2026-11-23T10:00:00+08:00', forMember(member.li)],
    ]);
    wish(h5, '2026-11-25T10:00:00+08:00', []);
    wish(h3, '2026-09-20T10:00:00+08:00', [
      ['claim', '2026-09-21T10:00:00+08:00', forPartner(hospital)],
      ['fulfil', '2026-10-03T10:00:00+08:00', proof],
      ['confirm', '2026-10-05T10:00:00+08:00'],
    ]);
    // Recorded by mistake, claimed, then deleted: no longer a wish, and none of its steps count.
    const deleted = wish(h5, '2026-11-26T10:00:00+08:00', [['claim', '2026-11-26T11:00:00+08:00', forPartner(school)]]);
    mutations.push(phone.delete('wishes', deleted));
    return mutations;
  }

  /**
   * Projects: p1 agreed in Q3 and done in the quarter; p2 proposed and agreed in it, in progress;
   * p3 proposed, agreed and done in it; p4 only proposed; p5 all in Q3.
   */
  function projects(): Mutation[] {
    const mutations: Mutation[] = [];
    const plan = (
      id: string,
      fields: { placeId: string; title: string; owner: string; dueOn: string | null; proposedAt: string },
      steps: [string, string][],
    ) => {
      mutations.push(put('projects', id, projectFields(fields.placeId, by, fields)));
      for (const [action, at] of steps) {
        mutations.push(put('projectEvents', uuidv7(), { projectId: id, action, by, at }));
      }
    };
    const compoundId = place.compound;
    plan(
      project.p1,
      {
        placeId: compoundId,
        title: '小区健身器材更新',
        owner: '物业公司',
        dueOn: '2026-10-31',
        proposedAt: '2026-09-10T09:00:00+08:00',
      },
      [
        ['agree', '2026-09-20T14:00:00+08:00'],
        ['start', '2026-09-25T14:00:00+08:00'],
        ['complete', '2026-10-15T14:00:00+08:00'],
      ],
    );
    plan(
      project.p2,
      {
        placeId: place.building1,
        title: '1号楼楼道照明改造',
        owner: '国网河东供电公司',
        dueOn: '2026-12-15',
        proposedAt: '2026-10-05T09:00:00+08:00',
      },
      [
        ['agree', '2026-10-12T14:00:00+08:00'],
        ['start', '2026-10-20T14:00:00+08:00'],
      ],
    );
    plan(
      project.p3,
      {
        placeId: compoundId,
        title: '老年助餐送餐上门',
        owner: '社区居委会',
        dueOn: null,
        proposedAt: '2026-10-20T09:00:00+08:00',
      },
      [
        ['agree', '2026-10-25T14:00:00+08:00'],
        ['start', '2026-10-26T14:00:00+08:00'],
        ['complete', '2026-11-20T14:00:00+08:00'],
      ],
    );
    plan(
      project.p4,
      {
        placeId: compoundId,
        title: '四点半课堂',
        owner: '河东区第二实验小学',
        dueOn: null,
        proposedAt: '2026-11-10T09:00:00+08:00',
      },
      [],
    );
    plan(
      project.p5,
      {
        placeId: compoundId,
        title: '暑期防溺水宣传',
        owner: '社区居委会',
        dueOn: '2026-09-30',
        proposedAt: '2026-08-01T09:00:00+08:00',
      },
      [
        ['agree', '2026-08-05T14:00:00+08:00'],
        ['start', '2026-08-06T14:00:00+08:00'],
        ['complete', '2026-09-15T14:00:00+08:00'],
      ],
    );
    return mutations;
  }

  /**
   * Activities a1 (talk, 10 Oct, both units, 30 served), a2 (clinic, 5 Nov, the hospital, 45),
   * a4 (talk, 28 Nov, no unit, 12) in the quarter; a3 (clean-up, 30 Sep, the school) before it.
   * Hours: Wang 2 (a1) + 3.5 (a2); Li 2 (a1), and 4 at a3 before the quarter; Zhao 3 at a2 but
   * retired, not in service; Chen 1.5 on no activity.
   */
  function activitiesAndHours(): Mutation[] {
    const held = (id: string, kind: string, date: string, partnerIds: string[], residentsServed: number) =>
      put('activities', id, {
        placeId: place.compound,
        title: `${kind} ${date}`,
        kind,
        date,
        venue: '测试苑活动室',
        partnerIds,
        residentsServed,
        recordedBy: by,
      });
    const hours = (memberId: string, date: string, given: number, activityId: string | null) =>
      put('volunteerLogs', uuidv7(), { memberId, date, hours: given, activity: '志愿服务', loggedBy: by, activityId });
    return [
      held(activity.a1, 'talk', '2026-10-10', [hospital.id, school.id], 30),
      held(activity.a2, 'clinic', '2026-11-05', [hospital.id], 45),
      held(activity.a3, 'cleanup', '2026-09-30', [school.id], 20),
      held(activity.a4, 'talk', '2026-11-28', [], 12),
      hours(member.wang, '2026-10-10', 2, activity.a1),
      hours(member.wang, '2026-11-05', 3.5, activity.a2),
      hours(member.li, '2026-10-10', 2, activity.a1),
      hours(member.li, '2026-09-30', 4, activity.a3),
      hours(member.zhao, '2026-11-05', 3, activity.a2),
      hours(member.chen, '2026-11-15', 1.5, null),
    ];
  }

  beforeAll(async () => {
    server = await startServer();
    Object.assign(adminClient, { baseUrl: server.url });
    Object.assign(supervisorClient, { baseUrl: server.url });
    await adminClient.login('admin');
    await supervisorClient.login('supervisor');
    await push(adminClient, adminPhone, layout());
    await push(supervisorClient, phone, [
      ...visits(),
      ...issues(),
      ...wishes(),
      ...projects(),
      ...activitiesAndHours(),
    ]);
    const response = await supervisorClient.request(
      'GET',
      `/api/reports/quarterly?quarter=${QUARTER}&placeId=${place.compound}`,
    );
    expect(response.status).toBe(200);
    report = response.body;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('names the compound and the quarter, China time', () => {
    expect(report).toMatchObject({
      quarter: QUARTER,
      from: '2026-10-01',
      to: '2026-12-31',
      place: { id: place.compound, kind: 'compound', name: '测试苑' },
    });
  });

  it('counts visits and coverage: 4 visits to 3 of the 5 households', () => {
    expect(report.visits).toEqual({
      households: 5,
      visitedHouseholds: 3, // h1, h2, h4
      visits: 4, // h1 twice, h2 (just after midnight China time), h4
      byGrid: [
        { gridId: place.grid1, name: '测试苑一网格', households: 3, visited: 2, visits: 3 },
        { gridId: place.grid2, name: '测试苑二网格', households: 2, visited: 1, visits: 1 },
      ],
    });
  });

  it('counts issues reported by category, and those first resolved with their hours', () => {
    expect(report.issues).toEqual({
      reported: 4, // i1–i4; i5 was reported in Q3
      byCategory: { lift: 2, sanitation: 1, safety: 1 },
      resolved: 4, // i1, i2, i3, and i5 from Q3
      medianResolveHours: 75, // of 24, 54, 96, 240 hours: (54 + 96) / 2
      resolvedWithin7Days: 0.75, // 3 of 4 within 168 hours
    });
  });

  it('counts micro-wishes recorded, claimed, fulfilled and confirmed, by grid', () => {
    expect(report.wishes).toEqual({
      recorded: 4, // w1–w4; w5 is from Q3, w6 was deleted
      claimed: 3, // w1, w2, w3 (claimed twice, counted once); w5's claim was in Q3, w6 was deleted
      fulfilled: 3, // w1, w2, w5
      confirmed: 2, // w1, w5
      byGrid: [
        { gridId: place.grid1, name: '测试苑一网格', recorded: 2, fulfilled: 3 },
        { gridId: place.grid2, name: '测试苑二网格', recorded: 2, fulfilled: 0 },
      ],
    });
  });

  it('counts projects proposed, agreed and done, and lists those worked on in the quarter', () => {
    expect(report.projects).toEqual({
      proposed: 3, // p2, p3, p4
      agreed: 2, // p2, p3
      done: 2, // p1, p3
      // Agreed before the quarter ended and not done before it began, in the order agreed: not p4
      // (never agreed) nor p5 (done in Q3).
      list: [
        {
          id: project.p1,
          title: '小区健身器材更新',
          owner: '物业公司',
          status: 'done',
          dueOn: '2026-10-31',
          doneAt: '2026-10-15T14:00:00+08:00',
        },
        {
          id: project.p2,
          title: '1号楼楼道照明改造',
          owner: '国网河东供电公司',
          status: 'in_progress',
          dueOn: '2026-12-15',
          doneAt: null,
        },
        {
          id: project.p3,
          title: '老年助餐送餐上门',
          owner: '社区居委会',
          status: 'done',
          dueOn: null,
          doneAt: '2026-11-20T14:00:00+08:00',
        },
      ],
    });
  });

  it("counts co-building activities, the units that took part, and in-service members' hours", () => {
    expect(report.activities).toEqual({
      count: 3, // a1, a2, a4
      byKind: { talk: 2, clinic: 1 },
      residentsServed: 87, // 30 + 45 + 12
      partners: [
        { partnerId: hospital.id, name: hospital.content.name, activities: 2 }, // a1, a2
        { partnerId: school.id, name: school.content.name, activities: 1 }, // a1
      ],
    });
    expect(report.hours).toEqual({
      totalHours: 9, // 5.5 + 2 + 1.5
      members: [
        {
          memberId: member.wang,
          name: '王建国',
          employerId: hospital.id,
          employer: hospital.content.name,
          activities: 2,
          hours: 5.5,
        },
        {
          memberId: member.li,
          name: '李红',
          employerId: school.id,
          employer: school.content.name,
          activities: 1,
          hours: 2,
        },
        {
          memberId: member.chen,
          name: '陈静',
          employerId: hospital.id,
          employer: hospital.content.name,
          activities: 0,
          hours: 1.5,
        },
      ],
      employers: [
        { partnerId: hospital.id, name: hospital.content.name, members: 2, hours: 7 }, // Wang 5.5 + Chen 1.5
        { partnerId: school.id, name: school.content.name, members: 1, hours: 2 },
      ],
    });
  });

  it('writes the same figures into its workbook, under Chinese labels', async () => {
    const download = await supervisorClient.download(
      `/api/reports/quarterly.xlsx?quarter=${QUARTER}&placeId=${place.compound}`,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('测试苑2026 年第四季度述职.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([download.bytes]));
    /** A sheet's rows as values, each as wide as its header: an empty cell is not written, read as ''. */
    const rowsOf = (name: string) => {
      const sheet = workbook.getWorksheet(name);
      expect(sheet, name).toBeDefined();
      const width = sheet?.getRow(1).cellCount ?? 0;
      const rows: unknown[][] = [];
      sheet?.eachRow((row) => {
        rows.push(Array.from({ length: Math.max(width, row.cellCount) }, (_, i) => row.getCell(i + 1).value ?? ''));
      });
      return rows;
    };
    const summary = new Map(rowsOf('概况').map(([label, value]) => [label, value]));
    expect(Object.fromEntries(summary)).toMatchObject({
      述职单位: '测试苑',
      季度: '2026 年第四季度',
      住户: 5,
      走访次数: 4,
      已走访户数: 3,
      走访覆盖率: '60%',
      新上报问题: 4,
      办结问题: 4,
      办结用时中位数: '75 小时',
      '7 天内办结': '75%',
      发布心愿: 4,
      被认领: 3,
      已实现: 3,
      居民确认: 2,
      新拟定项目: 3,
      议定项目: 2,
      完成项目: 2,
      开展活动: 3,
      '服务居民（人次）': 87,
      参与共建单位: 2,
      在职党员志愿时长: '9 小时',
      党员人数: 3,
    });
    expect(rowsOf('走访到户')).toEqual([
      ['网格', '住户', '已走访户数', '走访次数', '覆盖率'],
      ['测试苑一网格', 3, 2, 3, '66.7%'],
      ['测试苑二网格', 2, 1, 1, '50%'],
    ]);
    const [issueHeader, ...issueRows] = rowsOf('问题处理');
    expect(issueHeader).toEqual(['类别', '问题数']);
    expect(new Map(issueRows as [string, number][])).toEqual(
      new Map([
        ['电梯故障', 2],
        ['环境卫生', 1],
        ['安全隐患', 1],
      ]),
    );
    expect(rowsOf('点亮微心愿')).toEqual([
      ['网格', '发布心愿', '实现心愿'],
      ['测试苑一网格', 2, 3],
      ['测试苑二网格', 2, 0],
    ]);
    expect(rowsOf('项目清单')).toEqual([
      ['项目', '责任人', '状态', '完成期限', '完成时间'],
      ['小区健身器材更新', '物业公司', '已完成', '2026-10-31', '2026-10-15'],
      ['1号楼楼道照明改造', '国网河东供电公司', '实施中', '2026-12-15', ''],
      ['老年助餐送餐上门', '社区居委会', '已完成', '', '2026-11-20'],
    ]);
    expect(rowsOf('按党员')).toEqual([
      ['党员', '工作单位', '参加活动', '时长（小时）'],
      ['王建国', hospital.content.name, 2, 5.5],
      ['李红', school.content.name, 1, 2],
      ['陈静', hospital.content.name, 0, 1.5],
    ]);
    expect(rowsOf('按工作单位')).toEqual([
      ['工作单位', '党员人数', '时长（小时）'],
      [hospital.content.name, 2, 7],
      [school.content.name, 1, 2],
    ]);
  });

  it('counts the same projects by compound and quarter, and wishes by grid and month, in the service figures', async () => {
    const response = await supervisorClient.request(
      'GET',
      `/api/reports/service?from=2026-07-01&to=2026-11-30&placeId=${place.compound}`,
    );
    expect(response.status).toBe(200);
    const figures = response.body;
    expect(figures.projectsByCompoundAndQuarter).toEqual([
      { compoundId: place.compound, name: '测试苑', quarter: '2026-Q3', agreed: 2, done: 1 }, // p1, p5 agreed; p5 done
      { compoundId: place.compound, name: '测试苑', quarter: '2026-Q4', agreed: 2, done: 2 }, // p2, p3; p1, p3
    ]);
    expect(figures.wishesByGridAndMonth).toEqual([
      { gridId: place.grid1, name: '测试苑一网格', month: '2026-09', recorded: 1, fulfilled: 0 }, // w5
      { gridId: place.grid1, name: '测试苑一网格', month: '2026-10', recorded: 2, fulfilled: 2 }, // w1, w2; w1, w5
      { gridId: place.grid1, name: '测试苑一网格', month: '2026-11', recorded: 0, fulfilled: 1 }, // w2
      { gridId: place.grid2, name: '测试苑二网格', month: '2026-11', recorded: 2, fulfilled: 0 }, // w3, w4
    ]);
    expect(figures.lists).toMatchObject({
      needs: 0,
      openNeeds: 0,
      resources: 0,
      projectsByStatus: { proposed: 1, in_progress: 1, done: 3 },
      wishesByStatus: { open: 1, claimed: 1, fulfilled: 1, closed: 2 },
    });
  });

  it("adds the compound's quarter to the community's, where the demo recorded nothing that quarter", async () => {
    const response = await supervisorClient.request('GET', `/api/reports/quarterly?quarter=${QUARTER}`);
    expect(response.status).toBe(200);
    const community = response.body;
    expect(community.place).toMatchObject({ id: communityId, kind: 'community' });
    expect(community.visits).toMatchObject({
      households: demoHouseholds.length + 5,
      visits: 4,
      visitedHouseholds: 3,
    });
    expect(community.issues).toMatchObject({ reported: 4, resolved: 4, medianResolveHours: 75 });
    expect(community.wishes).toMatchObject({ recorded: 4, claimed: 3, fulfilled: 3, confirmed: 2 });
    expect(community.activities).toMatchObject({ count: 3, residentsServed: 87 });
    expect(community.hours.totalHours).toBe(9);
  });
});
