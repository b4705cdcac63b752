/**
 * Names of domain values, by vocabulary (a value may mean different things in two: `floating` is
 * a care tag 流动人口 and a party member kind 流动党员), and names of every record field, as the
 * user knows them. Typed against shared/: a new value or field without a name is a type error.
 */
import type {
  CARE_TAGS,
  GROUP_ROLES,
  ISSUE_CATEGORIES,
  MEMBER_KINDS,
  NEED_KINDS,
  PARTY_ORG_LEVELS,
  PLACE_KINDS,
  ROLES,
  SyncTable,
  VISIT_PURPOSES,
} from '../../shared/domain.ts';
import type { ISSUE_ACTIONS, ISSUE_STATUSES } from '../../shared/issue-lifecycle.ts';
import type { ContentOf } from '../../shared/tables/index.ts';

type Names<T extends readonly string[]> = Record<T[number], string>;

export interface Vocabularies {
  purpose: Names<typeof VISIT_PURPOSES>;
  careTag: Names<typeof CARE_TAGS>;
  needKind: Names<typeof NEED_KINDS>;
  issueCategory: Names<typeof ISSUE_CATEGORIES>;
  issueStatus: Names<typeof ISSUE_STATUSES>;
  issueAction: Names<typeof ISSUE_ACTIONS>;
  memberKind: Names<typeof MEMBER_KINDS>;
  groupRole: Names<typeof GROUP_ROLES>;
  orgLevel: Names<typeof PARTY_ORG_LEVELS>;
  placeKind: Names<typeof PLACE_KINDS>;
  role: Names<typeof ROLES>;
  table: Record<SyncTable, string>;
}

export type Vocabulary = keyof Vocabularies;

export const zhTerms: Vocabularies = {
  purpose: {
    contact: '包挂联系',
    sentiment: '民情走访',
    policy: '政策落实',
    employment: '就业对接',
    service: '精准服务',
  },
  careTag: {
    elderly_alone: '独居老人',
    disabled: '残疾',
    subsistence: '低保',
    floating: '流动人口',
    unemployed: '失业',
    released: '刑释',
    at_risk_youth: '重点青少年',
    left_behind_child: '留守儿童',
  },
  needKind: {
    livelihood: '生活困难',
    health: '医疗健康',
    employment: '就业',
    housing: '住房',
    safety: '安全隐患',
    dispute: '矛盾纠纷',
    other: '其他',
  },
  issueCategory: {
    lift: '电梯故障',
    sanitation: '环境卫生',
    dispute: '矛盾纠纷',
    safety: '安全隐患',
    facility: '公共设施',
    other: '其他',
  },
  issueStatus: {
    reported: '已上报',
    accepted: '已受理',
    in_progress: '处理中',
    escalated: '已上报街道',
    resolved: '已解决',
    closed: '已办结',
  },
  issueAction: {
    accept: '受理',
    start: '开始处理',
    escalate: '上报街道',
    resolve: '办结',
    close: '确认解决',
    reopen: '重新处理',
  },
  memberKind: {
    resident: '居住地党员',
    in_service: '在职党员报到',
    floating: '流动党员',
    retired: '退休党员',
  },
  groupRole: {
    group_leader: '党小组长',
    building_lead: '楼长',
    volunteer: '志愿者',
    member: '党员',
  },
  orgLevel: { general_branch: '社区党总支', branch: '小区党支部', group: '楼栋党小组' },
  placeKind: { community: '社区', compound: '小区', building: '楼栋', unit: '单元', grid: '网格' },
  role: { grid_worker: '网格员', building_lead: '楼长', supervisor: '社区书记', admin: '管理员' },
  table: {
    places: '地点',
    households: '住户',
    residents: '家庭成员',
    visits: '走访记录',
    partyOrgs: '党组织',
    partyMembers: '党员',
    issues: '问题',
    issueEvents: '问题处理记录',
    volunteerLogs: '志愿服务记录',
  },
};

export const enTerms: Vocabularies = {
  purpose: {
    contact: 'Contact',
    sentiment: 'Sentiment visit',
    policy: 'Policy delivery',
    employment: 'Employment matching',
    service: 'Targeted service',
  },
  careTag: {
    elderly_alone: 'Elderly living alone',
    disabled: 'Disabled',
    subsistence: 'Subsistence allowance',
    floating: 'Floating population',
    unemployed: 'Unemployed',
    released: 'Released from prison',
    at_risk_youth: 'At-risk youth',
    left_behind_child: 'Left-behind child',
  },
  needKind: {
    livelihood: 'Livelihood',
    health: 'Health',
    employment: 'Employment',
    housing: 'Housing',
    safety: 'Safety hazard',
    dispute: 'Dispute',
    other: 'Other',
  },
  issueCategory: {
    lift: 'Lift broken',
    sanitation: 'Sanitation',
    dispute: 'Dispute',
    safety: 'Safety hazard',
    facility: 'Facilities',
    other: 'Other',
  },
  issueStatus: {
    reported: 'Reported',
    accepted: 'Accepted',
    in_progress: 'In progress',
    escalated: 'Escalated',
    resolved: 'Resolved',
    closed: 'Closed',
  },
  issueAction: {
    accept: 'Accept',
    start: 'Start',
    escalate: 'Escalate',
    resolve: 'Resolve',
    close: 'Confirm resolved',
    reopen: 'Reopen',
  },
  memberKind: {
    resident: 'Resident member',
    in_service: 'In-service, registered here',
    floating: 'Floating member',
    retired: 'Retired member',
  },
  groupRole: {
    group_leader: 'Group leader',
    building_lead: 'Building lead',
    volunteer: 'Volunteer',
    member: 'Member',
  },
  orgLevel: { general_branch: 'General branch', branch: 'Compound branch', group: 'Building group' },
  placeKind: { community: 'Community', compound: 'Compound', building: 'Building', unit: 'Unit', grid: 'Grid' },
  role: {
    grid_worker: 'Grid worker',
    building_lead: 'Building lead',
    supervisor: 'Supervisor',
    admin: 'Administrator',
  },
  table: {
    places: 'Place',
    households: 'Household',
    residents: 'Resident',
    visits: 'Visit',
    partyOrgs: 'Party organisation',
    partyMembers: 'Party member',
    issues: 'Issue',
    issueEvents: 'Issue event',
    volunteerLogs: 'Volunteer hours',
  },
};

/** Every content field of every table, by the name the user knows it by. */
export type FieldNames = { [T in SyncTable]: Record<keyof ContentOf<T>, string> };

export const zhFields: FieldNames = {
  places: { kind: '类别', name: '名称', parentId: '上级', gridId: '所属网格', sort: '排序' },
  households: {
    buildingId: '楼栋',
    unitId: '单元',
    roomNo: '门牌',
    address: '地址',
    headName: '户主',
    headInitials: '户主拼音首字母',
    phone: '电话',
    memberCount: '家庭人数',
    tags: '重点关爱',
    notes: '备注',
  },
  residents: {
    householdId: '住户',
    name: '姓名',
    relation: '与户主关系',
    phone: '电话',
    birthYear: '出生年份',
    tags: '重点关爱',
    movedOutOn: '迁出日期',
  },
  visits: {
    householdId: '住户',
    purpose: '走访事项',
    visitedAt: '走访时间',
    visitorId: '走访人',
    metWith: '接待人',
    needs: '诉求',
    resolvedNeeds: '已解决的诉求',
    tags: '重点关爱',
    followUpOn: '回访日期',
    note: '情况记录',
    photoHashes: '照片',
    location: '位置',
  },
  partyOrgs: { level: '层级', name: '名称', parentId: '上级组织', placeId: '对应地点' },
  partyMembers: {
    orgId: '所在党组织',
    name: '姓名',
    phone: '电话',
    homeBuildingId: '居住楼栋',
    homeUnitId: '居住单元',
    kind: '党员类别',
    groupRole: '党内职务',
    pledge: '公开承诺',
    dutyShifts: '值班时段',
    volunteerHours: '志愿时长',
    retired: '退出',
  },
  issues: {
    buildingId: '楼栋',
    householdId: '住户',
    visitId: '来源走访',
    needId: '来源诉求',
    photoHashes: '照片',
    category: '类别',
    title: '标题',
    description: '问题描述',
    status: '状态',
    reporterId: '上报人',
    assigneeId: '承办人',
    dueOn: '办理期限',
    reportedAt: '上报时间',
  },
  issueEvents: {
    issueId: '问题',
    kind: '类型',
    action: '处理动作',
    assigneeId: '承办人',
    dueOn: '办理期限',
    note: '说明',
    by: '操作人',
    at: '时间',
  },
  volunteerLogs: { memberId: '党员', date: '日期', hours: '时长（小时）', activity: '服务内容', loggedBy: '记录人' },
};

export const enFields: FieldNames = {
  places: { kind: 'kind', name: 'name', parentId: 'parent', gridId: 'grid', sort: 'order' },
  households: {
    buildingId: 'building',
    unitId: 'unit',
    roomNo: 'room',
    address: 'address',
    headName: 'head of household',
    headInitials: 'initials of the head',
    phone: 'phone',
    memberCount: 'members',
    tags: 'special care',
    notes: 'notes',
  },
  residents: {
    householdId: 'household',
    name: 'name',
    relation: 'relation to the head',
    phone: 'phone',
    birthYear: 'year of birth',
    tags: 'special care',
    movedOutOn: 'moved out on',
  },
  visits: {
    householdId: 'household',
    purpose: 'purpose',
    visitedAt: 'time of the visit',
    visitorId: 'visitor',
    metWith: 'met with',
    needs: 'needs',
    resolvedNeeds: 'needs resolved',
    tags: 'special care',
    followUpOn: 'follow-up date',
    note: 'notes',
    photoHashes: 'photos',
    location: 'location',
  },
  partyOrgs: { level: 'level', name: 'name', parentId: 'parent organisation', placeId: 'place' },
  partyMembers: {
    orgId: 'party organisation',
    name: 'name',
    phone: 'phone',
    homeBuildingId: 'home building',
    homeUnitId: 'home unit',
    kind: 'kind of member',
    groupRole: 'role in the group',
    pledge: 'public pledge',
    dutyShifts: 'duty shifts',
    volunteerHours: 'volunteer hours',
    retired: 'retired',
  },
  issues: {
    buildingId: 'building',
    householdId: 'household',
    visitId: 'visit it came from',
    needId: 'need it came from',
    photoHashes: 'photos',
    category: 'category',
    title: 'title',
    description: 'description',
    status: 'status',
    reporterId: 'reporter',
    assigneeId: 'assignee',
    dueOn: 'due date',
    reportedAt: 'time reported',
  },
  issueEvents: {
    issueId: 'issue',
    kind: 'kind',
    action: 'action',
    assigneeId: 'assignee',
    dueOn: 'due date',
    note: 'note',
    by: 'by',
    at: 'time',
  },
  volunteerLogs: {
    memberId: 'party member',
    date: 'date',
    hours: 'hours',
    activity: 'what was done',
    loggedBy: 'logged by',
  },
};

/** Which vocabulary names a field's values, where one does (for telling a replaced value in words). */
export const FIELD_VOCABULARY: Partial<Record<string, Vocabulary>> = {
  'households.tags': 'careTag',
  'residents.tags': 'careTag',
  'visits.tags': 'careTag',
  'visits.purpose': 'purpose',
  'issues.category': 'issueCategory',
  'issues.status': 'issueStatus',
  'partyMembers.kind': 'memberKind',
  'partyMembers.groupRole': 'groupRole',
  'partyOrgs.level': 'orgLevel',
  'places.kind': 'placeKind',
};
