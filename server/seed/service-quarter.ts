/**
 * A quarter of the demo community's life (the third quarter of 2026, fixed like the rest of the
 * demo so it does not drift with the calendar): grid workers' visits with the needs they heard,
 * micro-wishes recorded on them and claimed, fulfilled and confirmed; co-building units and their
 * activities with the party members who gave hours; the three lists, with projects at every step.
 *
 * Drawn from its own generator (seeded from the demo's seed), after everything else: the rest of
 * the demo keeps the ids and names it always had.
 */
import type { ActivityKind, NeedKind, PartnerKind, VisitPurpose } from '../../shared/domain.ts';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { NewUser } from '../auth/users.ts';
import { DEMO_PHOTO_HASH } from './demo-photo.ts';
import type { DemoBuilder } from './generate.ts';

export const DEMO_QUARTER = '2026-Q3';
/** Days of the quarter: 1 July (day 0) to 30 September (day 91), China Standard Time. */
const QUARTER_DAYS = 92;
const QUARTER_START = Date.UTC(2026, 6, 1);

/** A CST day of the quarter as YYYY-MM-DD. */
function dayOf(day: number): string {
  return new Date(QUARTER_START + day * 86_400_000).toISOString().slice(0, 10);
}

/** A moment of that day, as a phone in Tianjin writes it. */
function momentOf(day: number, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${dayOf(day)}T${hh}:${mm}:00+08:00`;
}

export interface QuarterContext {
  communityId: string;
  compounds: { id: string; name: string }[];
  buildings: { id: string; compound: { id: string }; gridId: string }[];
  users: NewUser[];
}

const VISIT_NOTES = [
  '老人身体还好，叮嘱按时吃药',
  '家里暖气阀门有点漏水，已告知物业',
  '孩子暑假在家，提醒注意用电安全',
  '宣传了防诈骗知识',
  '了解到老人想参加社区活动',
  '租户已办理居住登记',
];
const NEED_TEXTS: Record<NeedKind, string[]> = {
  livelihood: ['希望帮忙申请临时救助', '想找人上门理发'],
  health: ['血压偏高，希望定期上门测量', '想预约家庭医生签约'],
  employment: ['孩子毕业想找份工作', '希望参加技能培训'],
  housing: ['楼道照明不亮', '屋顶漏雨需要维修'],
  safety: ['楼道堆放杂物挡住通道', '电动车在楼道充电'],
  dispute: ['与楼上邻居因噪音有矛盾'],
  other: ['想了解老年证怎么办'],
};
const WISH_TEXTS = [
  '想要一副老花镜，看报纸方便些',
  '希望有人教我用智能手机挂号',
  '孙子想要一套课外读物',
  '想要一台电风扇，夏天太热',
  '希望有人帮忙修好旧收音机',
  '想和老伴拍一张合影',
  '想要一个助行器，出门买菜方便',
  '希望能去海河边看看夜景',
  '想要一床新被褥',
  '孩子想要一个书包和文具',
  '希望有人每周陪我聊聊天',
  '想学做几道家常菜的新做法',
];
const FULFIL_NOTES = [
  '已送到家中，老人很高兴',
  '志愿者上门手把手教会了',
  '已采购送达并帮忙安装好',
  '联系好车辆，陪同完成了心愿',
];
const PARTNERS: { name: string; kind: PartnerKind; partyOrg: string; offers: string }[] = [
  { name: '河东区人民医院', kind: 'hospital', partyOrg: '河东区人民医院党委', offers: '每月一次义诊、健康讲座' },
  { name: '河东区第二实验小学', kind: 'school', partyOrg: '第二实验小学党支部', offers: '四点半课堂、暑期托管' },
  { name: '国网河东供电公司', kind: 'enterprise', partyOrg: '河东供电公司党委', offers: '楼道线路检修、安全用电宣传' },
  { name: '河东区税务局', kind: 'government', partyOrg: '河东区税务局机关党委', offers: '政策宣讲、志愿者服务' },
  { name: '天津银行河东支行', kind: 'enterprise', partyOrg: '河东支行党支部', offers: '防诈骗宣传、助老金融服务' },
  { name: '河东区图书馆', kind: 'government', partyOrg: '河东区图书馆党支部', offers: '流动图书、读书会' },
  { name: '暖心家政服务中心', kind: 'social', partyOrg: '暖心家政党支部', offers: '助老助残上门服务' },
  { name: '河东区司法所', kind: 'government', partyOrg: '河东区司法所党支部', offers: '法律咨询、矛盾调解' },
];
const ACTIVITIES: { title: string; kind: ActivityKind; venue: string }[] = [
  { title: '夏季义诊进小区', kind: 'clinic', venue: '社区卫生服务站' },
  { title: '防范电信诈骗讲座', kind: 'talk', venue: '社区党群服务中心' },
  { title: '楼道杂物清理', kind: 'cleanup', venue: '各楼栋楼道' },
  { title: '纳凉晚会', kind: 'performance', venue: '小区广场' },
  { title: '垃圾分类宣传', kind: 'talk', venue: '小区广场' },
  { title: '老年人健康体检', kind: 'clinic', venue: '社区卫生服务站' },
  { title: '河道周边环境整治', kind: 'cleanup', venue: '小区东侧河道' },
  { title: '红色电影放映', kind: 'performance', venue: '社区党群服务中心' },
  { title: '安全用电进家庭', kind: 'talk', venue: '社区党群服务中心' },
];
const REQUESTS: { kind: NeedKind; text: string }[] = [
  { kind: 'livelihood', text: '小区缺少老年助餐点' },
  { kind: 'health', text: '希望社区多组织几次义诊' },
  { kind: 'safety', text: '电动车没有集中充电的地方' },
  { kind: 'other', text: '放学后孩子无人照看' },
  { kind: 'housing', text: '老旧楼道照明需要改造' },
  { kind: 'other', text: '老人不会用智能手机' },
  { kind: 'dispute', text: '希望有律师定期来社区答疑' },
  { kind: 'livelihood', text: '希望有人上门帮独居老人打扫' },
];
const PROJECTS: { title: string; owner: string; description: string }[] = [
  { title: '长者助餐点', owner: '暖心家政服务中心', description: '在党群服务中心开设午间助餐点' },
  { title: '楼道照明改造', owner: '国网河东供电公司', description: '和平里小区老旧楼道换装声控灯' },
  { title: '四点半课堂', owner: '河东区第二实验小学', description: '工作日放学后在社区辅导作业' },
  { title: '电动车集中充电', owner: '社区居委会', description: '春华苑增设集中充电车棚' },
  { title: '智能手机课堂', owner: '天津银行河东支行', description: '每周一次教老人使用手机' },
  { title: '法律顾问进社区', owner: '河东区司法所', description: '每月两次律师坐班答疑' },
  { title: '独居老人上门保洁', owner: '暖心家政服务中心', description: '为独居老人每月上门保洁一次' },
  { title: '社区义诊常态化', owner: '河东区人民医院', description: '每月第一个周六在社区义诊' },
];
const VOLUNTEERS = [
  { name: '社区志愿服务队', offers: '助老陪伴、活动组织' },
  { name: '和平里小区楼长队伍', offers: '楼道巡查、信息上报' },
];
const VENUES = [
  { name: '社区党群服务中心', offers: '活动室两间，可容纳 80 人' },
  { name: '春华苑小区广场', offers: '户外活动场地' },
];
const MEMBER_SKILLS = ['家电维修', '法律咨询', '书法教学', '健康咨询', '心理疏导', '电脑维修'];

type Content<T extends Parameters<DemoBuilder['add']>[0]> = ContentOf<T>;

export function addServiceQuarter(builder: DemoBuilder, context: QuarterContext): void {
  const { random } = builder;
  const supervisor = context.users.find((user) => user.role === 'supervisor') as NewUser;
  const workerOfGrid = new Map(
    context.users.filter((u) => u.role === 'grid_worker').map((user) => [user.place.id, user.id]),
  );
  const leadOfBuilding = new Map(
    context.users.filter((u) => u.role === 'building_lead').map((user) => [user.place.id, user.id]),
  );
  const buildingById = new Map(context.buildings.map((building) => [building.id, building]));
  const records = <T extends Parameters<DemoBuilder['add']>[0]>(table: T) =>
    builder.records.filter((record) => record.table === table) as unknown as { id: string; content: Content<T> }[];
  const households = records('households');
  const members = records('partyMembers');
  const inService = members.filter((member) => member.content.kind === 'in_service');
  const orgPlace = new Map(records('partyOrgs').map((org) => [org.id, org.content.placeId]));
  const compoundOfMember = (member: (typeof members)[number]) =>
    buildingById.get(String(orgPlace.get(member.content.orgId)))?.compound.id;

  // Co-building units, and the in-service members who work at them.
  const partners = PARTNERS.map((partner, index) => ({
    ...partner,
    id: builder.add('partners', {
      placeId: context.communityId,
      name: partner.name,
      kind: partner.kind,
      partyOrgName: partner.partyOrg,
      contactName: ['王主任', '李书记', '张科长', '刘老师', '陈经理', '赵馆长', '孙站长', '周所长'][index] ?? '联系人',
      contactPhone: `022-2431${String(1000 + index * 37)}`,
      offers: partner.offers,
    }),
  }));
  const employers = partners.filter((partner) => partner.kind !== 'social');
  for (const member of inService) {
    if (random.chance(0.8)) member.content.employerId = random.pick(employers).id;
  }

  // Visits: most households once in the quarter, some twice; a few with a need.
  const visits: { id: string; content: Content<'visits'>; day: number; gridId: string }[] = [];
  for (const household of households) {
    const building = buildingById.get(household.content.buildingId);
    const visitorId = building && workerOfGrid.get(building.gridId);
    if (!building || !visitorId) continue;
    const count = random.chance(0.15) ? 0 : random.chance(0.25) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const day = k * 46 + random.int(0, 44);
      const needKind = random.pick(Object.keys(NEED_TEXTS) as NeedKind[]);
      const content: Content<'visits'> = {
        householdId: household.id,
        purpose: random.weighted<VisitPurpose>([
          ['sentiment', 4],
          ['contact', 3],
          ['service', 2],
          ['policy', 1],
          ['employment', 1],
        ]),
        visitedAt: momentOf(day, random.int(9 * 60, 17 * 60)),
        visitorId,
        needs: random.chance(0.12)
          ? [{ id: random.uuid(), kind: needKind, text: random.pick(NEED_TEXTS[needKind]) }]
          : [],
        ...(random.chance(0.25) ? { note: random.pick(VISIT_NOTES) } : {}),
      };
      visits.push({ id: builder.add('visits', content), content, day, gridId: building.gridId });
    }
  }

  // Micro-wishes recorded on visits, then claimed, fulfilled and confirmed as days allow.
  for (const gridId of workerOfGrid.keys()) {
    const early = visits.filter((visit) => visit.gridId === gridId && visit.day < 80);
    for (const visit of random.sample(early, random.int(4, 6))) {
      const household = households.find((h) => h.id === visit.content.householdId);
      const buildingId = household?.content.buildingId ?? '';
      const wish: Content<'wishes'> = {
        householdId: visit.content.householdId,
        visitId: visit.id,
        text: random.pick(WISH_TEXTS),
        recordedBy: visit.content.visitorId,
        recordedAt: visit.content.visitedAt,
        status: 'open',
      };
      const wishId = builder.add('wishes', wish);
      const event = (content: Omit<Content<'wishEvents'>, 'wishId'>) =>
        builder.add('wishEvents', { ...content, wishId });
      if (!random.chance(0.85)) continue;
      const claimDay = visit.day + random.int(1, 6);
      const claimedBy = leadOfBuilding.get(buildingId) ?? supervisor.id;
      const compoundId = buildingById.get(buildingId)?.compound.id;
      const nearby = members.filter((member) => compoundOfMember(member) === compoundId);
      const byMember = nearby.length > 0 && random.chance(0.6);
      const claimantKind = byMember ? 'member' : 'partner';
      const claimantId = byMember ? random.pick(nearby).id : random.pick(partners).id;
      event({ action: 'claim', claimantKind, claimantId, by: claimedBy, at: momentOf(claimDay, 10 * 60) });
      Object.assign(wish, { status: 'claimed', claimantKind, claimantId, claimedBy });
      const fulfilDay = claimDay + random.int(3, 20);
      if (fulfilDay >= QUARTER_DAYS || !random.chance(0.85)) continue;
      const fulfilledAt = momentOf(fulfilDay, 15 * 60);
      event({
        action: 'fulfil',
        note: random.pick(FULFIL_NOTES),
        photoHashes: [DEMO_PHOTO_HASH],
        by: claimedBy,
        at: fulfilledAt,
      });
      Object.assign(wish, { status: 'fulfilled', fulfilledAt });
      const confirmDay = fulfilDay + random.int(1, 5);
      if (confirmDay >= QUARTER_DAYS || !random.chance(0.85)) continue;
      const closedAt = momentOf(confirmDay, 11 * 60);
      event({ action: 'confirm', note: '居民说心愿实现了，很满意', by: visit.content.visitorId, at: closedAt });
      Object.assign(wish, { status: 'closed', closedAt });
    }
  }

  // The needs list: needs heard on visits, and residents' own requests.
  const needs: { id: string; content: Content<'serviceNeeds'> }[] = [];
  for (const visit of visits.filter((v) => v.content.needs.length > 0).slice(0, 12)) {
    const need = visit.content.needs[0] as Content<'visits'>['needs'][number];
    const household = households.find((h) => h.id === visit.content.householdId);
    const content: Content<'serviceNeeds'> = {
      placeId: household?.content.buildingId ?? context.communityId,
      source: 'visit',
      householdId: visit.content.householdId,
      visitId: visit.id,
      visitNeedId: need.id ?? null,
      kind: need.kind,
      text: need.text,
      raisedAt: visit.content.visitedAt,
      recordedBy: visit.content.visitorId,
    };
    needs.push({ id: builder.add('serviceNeeds', content), content });
  }
  for (const request of REQUESTS) {
    const compound = random.chance(0.5) ? random.pick(context.compounds) : null;
    const content: Content<'serviceNeeds'> = {
      placeId: compound?.id ?? context.communityId,
      source: 'request',
      kind: request.kind,
      text: request.text,
      raisedAt: momentOf(random.int(0, 30), 10 * 60),
      recordedBy: supervisor.id,
    };
    needs.push({ id: builder.add('serviceNeeds', content), content });
  }

  // The resources list: what units, members, volunteers and venues offer.
  const resource = (content: Omit<Content<'resources'>, 'placeId' | 'recordedBy'>) =>
    builder.add('resources', { ...content, placeId: context.communityId, recordedBy: supervisor.id });
  const resourceIds = partners.map((partner) =>
    resource({ kind: 'partner', name: partner.name, partnerId: partner.id, offers: partner.offers }),
  );
  for (const member of random.sample(inService, 4)) {
    resourceIds.push(
      resource({ kind: 'member', name: member.content.name, memberId: member.id, offers: random.pick(MEMBER_SKILLS) }),
    );
  }
  for (const volunteer of VOLUNTEERS) resourceIds.push(resource({ kind: 'volunteer', ...volunteer }));
  for (const venue of VENUES) resourceIds.push(resource({ kind: 'venue', ...venue }));

  // The projects list: two at each step, each answering listed needs with listed resources.
  const requests = needs.filter((need) => need.content.source === 'request');
  PROJECTS.forEach((plan, index) => {
    const steps = Math.floor(index / 2); // 0 proposed, 1 agreed, 2 in progress, 3 done
    const proposedDay = random.int(2, 30);
    const answered = [requests[index % requests.length] as (typeof needs)[number]];
    const project: Content<'projects'> = {
      placeId: index % 3 === 0 ? context.communityId : (context.compounds[index % context.compounds.length]?.id ?? ''),
      title: plan.title,
      description: plan.description,
      needIds: answered.map((need) => need.id),
      resourceIds: random.sample(resourceIds, random.int(1, 2)),
      owner: plan.owner,
      dueOn: dayOf(Math.min(QUARTER_DAYS - 1, proposedDay + 60)),
      status: 'proposed',
      proposedBy: supervisor.id,
      proposedAt: momentOf(proposedDay, 9 * 60),
    };
    const projectId = builder.add('projects', project);
    let day = proposedDay;
    const step = (action: Content<'projectEvents'>['action'], after: number) => {
      day += after;
      const at = momentOf(day, 14 * 60);
      builder.add('projectEvents', { projectId, action, by: supervisor.id, at });
      return at;
    };
    if (steps >= 1) Object.assign(project, { status: 'agreed', agreedAt: step('agree', random.int(5, 12)) });
    if (steps >= 2) {
      step('start', random.int(3, 8));
      project.status = 'in_progress';
    }
    if (steps >= 3) {
      Object.assign(project, { status: 'done', doneAt: step('complete', random.int(15, 25)) });
      for (const need of answered) need.content.closed = true;
    }
  });

  // Co-building activities, each with the party members who took part and their hours.
  for (let index = 0; index < 18; index++) {
    const plan = ACTIVITIES[index % ACTIVITIES.length] as (typeof ACTIVITIES)[number];
    const day = Math.floor((index * QUARTER_DAYS) / 18) + random.int(0, 3);
    const compound = random.chance(0.5) ? random.pick(context.compounds) : null;
    const pool = compound ? members.filter((member) => compoundOfMember(member) === compound.id) : members;
    const takingPart = random.sample(
      [
        ...random.sample(
          pool.filter((m) => m.content.kind === 'in_service'),
          4,
        ),
        ...random.sample(pool, 3),
      ],
      random.int(3, 6),
    );
    const date = dayOf(Math.min(QUARTER_DAYS - 1, day));
    const activityId = builder.add('activities', {
      placeId: compound?.id ?? context.communityId,
      title: plan.title,
      kind: plan.kind,
      date,
      venue: compound && plan.venue === '小区广场' ? `${compound.name}广场` : plan.venue,
      partnerIds: random.sample(partners, random.int(1, 2)).map((partner) => partner.id),
      residentsServed: random.int(20, 150),
      recordedBy: supervisor.id,
    });
    for (const member of new Map(takingPart.map((m) => [m.id, m])).values()) {
      builder.add('volunteerLogs', {
        memberId: member.id,
        date,
        hours: random.int(2, 8) / 2,
        activity: plan.title,
        loggedBy: supervisor.id,
        activityId,
      });
    }
  }
}
