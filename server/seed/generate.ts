/**
 * Deterministic demo data: one community in Tianjin with its compounds, grids, buildings, units,
 * households, residents and a three-level party organisation, plus the demo accounts.
 *
 * Pure: the same seed always gives the same ids and records, so a demo database can be rebuilt
 * and screenshots, tests and bug reports keep pointing at the same households.
 */
import { CARE_TAGS, type CareTag, type GroupRole, type MemberKind, type SyncTable } from '../../shared/domain.ts';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { NewUser } from '../auth/users.ts';
import { addServiceQuarter } from './service-quarter.ts';

export const DEMO_PASSWORD = 'gridwork-demo';

export interface DemoRecord<T extends SyncTable> {
  table: T;
  id: string;
  content: ContentOf<T>;
}

export interface DemoData {
  communityId: string;
  records: DemoRecord<SyncTable>[];
  users: NewUser[];
}

const DEFAULT_SEED = 20260101;
const COMMUNITY_NAME = '演示社区';
const ADDRESS_PREFIX = `天津市河东区${COMMUNITY_NAME}`;
/** Buildings per compound: 20 in all, an even number each so every grid covers exactly two. */
const COMPOUNDS = [
  { name: '和平里小区', buildings: 8 },
  { name: '春华苑', buildings: 6 },
  { name: '东兴家园', buildings: 6 },
] as const;
const BUILDINGS_PER_GRID = 2;
const HOUSEHOLDS_PER_BUILDING = 30;
/** 8 per group × 20 groups = 160 party members. */
const PARTY_MEMBERS_PER_GROUP = 8;
const VOLUNTEERS_PER_GROUP = 2;
const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** The year ages are computed against, fixed so the data does not drift with the calendar. */
const REFERENCE_YEAR = 2026;

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: tiny, fast and good enough for demo data; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One of the values, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `count` distinct items in random order (Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, count);
  }

  /** A UUIDv4-shaped id drawn from this generator, so ids repeat with the seed. */
  uuid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 32; i++) hex.push(this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Names: each character carries its pinyin initial, so search-by-initials works without a
// pinyin library. Polyphonic characters (长, 乐, 单 …) are left out on purpose.
// ---------------------------------------------------------------------------------------------

type Glyph = readonly [char: string, initial: string];
type Sex = 'male' | 'female';
type Generation = 'older' | 'middle' | 'younger';

/** Parses "王w 李l" — each character written next to its pinyin initial — into glyphs. */
function glyphs(table: string): readonly Glyph[] {
  return table
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [char, initial] = Array.from(pair);
      if (!char || !initial || !/^[a-z]$/.test(initial)) throw new Error(`bad glyph entry "${pair}"`);
      return [char, initial] as const;
    });
}

const SURNAMES = glyphs(
  '王w 李l 张z 刘l 陈c 杨y 赵z 黄h 周z 吴w 徐x 孙s 马m 朱z 胡h 郭g ' +
    '何h 高g 林l 罗l 郑z 梁l 谢x 宋s 唐t 许x 韩h 冯f 邓d 曹c 彭p 田t ' +
    '董d 袁y 潘p 于y 蒋j 蔡c 杜d 叶y 程c 苏s 魏w 吕l 丁d 任r 姚y 卢l ' +
    '姜j 崔c 谭t 陆l 范f 金j 石s 白b',
);

/** Given-name characters by generation and sex, so a grandmother is not called 梓轩 or 建国. */
const GIVEN_NAMES: Record<Generation, Record<Sex, readonly Glyph[]>> = {
  older: {
    male: glyphs('建j 国g 德d 福f 荣r 庆q 宝b 成c 永y 兴x 贵g 春c 占z 树s 金j 山s'),
    female: glyphs('桂g 英y 淑s 珍z 秀x 兰l 凤f 玉y 华h 秋q 云y 芬f 琴q 霞x 梅m'),
  },
  middle: {
    male: glyphs('伟w 强q 磊l 军j 洋y 勇y 杰j 涛t 明m 超c 平p 刚g 海h 辉h 鹏p 志z 文w 斌b 波b'),
    female: glyphs('芳f 娜n 敏m 静j 丽l 艳y 娟j 霞x 红h 梅m 燕y 宁n 婷t 洁j 颖y 慧h'),
  },
  younger: {
    male: glyphs('子z 轩x 浩h 宇y 博b 晨c 铭m 睿r 梓z 航h 泽z 俊j 然r 诺n 一y'),
    female: glyphs('子z 涵h 欣x 怡y 雨y 佳j 琪q 思s 嘉j 瑶y 萱x 梓z 诺n 一y 彤t'),
  },
};

interface PersonName {
  name: string;
  initials: string;
  /** Kept so that children can be given the head's surname. */
  surname: Glyph;
}

function generationOf(birthYear: number): Generation {
  if (birthYear < 1965) return 'older';
  if (birthYear < 1995) return 'middle';
  return 'younger';
}

function randomSex(random: Random): Sex {
  return random.chance(0.5) ? 'male' : 'female';
}

function makeName(random: Random, birthYear: number, sex: Sex, surname: Glyph = random.pick(SURNAMES)): PersonName {
  const pool = GIVEN_NAMES[generationOf(birthYear)][sex];
  // Two-character given names are the norm; one-character ones (张伟) are common enough to show.
  const given = random.chance(0.3) ? [random.pick(pool)] : random.sample(pool, 2);
  const parts = [surname, ...given];
  return {
    name: parts.map(([char]) => char).join(''),
    initials: parts.map(([, initial]) => initial).join(''),
    surname,
  };
}

/** A name no one else in `taken` has; staff accounts must be told apart at a glance. */
function uniqueName(random: Random, birthYear: number, taken: Set<string>): PersonName {
  for (;;) {
    const name = makeName(random, birthYear, randomSex(random));
    if (!taken.has(name.name)) {
      taken.add(name.name);
      return name;
    }
  }
}

function mobilePhone(random: Random): string {
  const prefix = random.pick(['13', '15', '18']);
  let rest = String(random.int(0, 9));
  for (let i = 0; i < 8; i++) rest += String(random.int(0, 9));
  return `${prefix}${rest}`;
}

// ---------------------------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------------------------

interface CompoundInfo {
  id: string;
  name: string;
}

interface BuildingInfo {
  id: string;
  name: string;
  number: number;
  compound: CompoundInfo;
  gridId: string;
  units: { id: string; number: number }[];
}

interface ResidentInfo {
  name: string;
  birthYear: number;
  phone: string | null;
  unitId: string;
}

export class DemoBuilder {
  readonly records: DemoRecord<SyncTable>[] = [];

  constructor(readonly random: Random) {}

  add<T extends SyncTable>(table: T, content: ContentOf<T>): string {
    const id = this.random.uuid();
    this.records.push({ table, id, content } as DemoRecord<SyncTable>);
    return id;
  }
}

function ordinal(n: number): string {
  const word = CHINESE_ORDINALS[n - 1];
  if (!word) throw new Error(`no Chinese ordinal for ${n}`);
  return word;
}

function addPlaces(builder: DemoBuilder): {
  communityId: string;
  compounds: CompoundInfo[];
  grids: string[];
  buildings: BuildingInfo[];
} {
  const communityId = builder.add('places', { kind: 'community', name: COMMUNITY_NAME, parentId: null, sort: 0 });
  const compounds = COMPOUNDS.map(({ name }, index) => ({
    id: builder.add('places', { kind: 'compound', name, parentId: communityId, sort: index }),
    name,
  }));

  // Grids before buildings: a building names its grid, and place ids are derived from parents.
  const grids: string[] = [];
  const gridOfBuilding: { compound: CompoundInfo; gridId: string }[] = [];
  COMPOUNDS.forEach(({ buildings }, compoundIndex) => {
    const compound = compounds[compoundIndex] as CompoundInfo;
    for (let b = 0; b < buildings; b += BUILDINGS_PER_GRID) {
      const number = grids.length + 1;
      const gridId = builder.add('places', {
        kind: 'grid',
        name: `第${ordinal(number)}网格`,
        parentId: compound.id,
        sort: number - 1,
      });
      grids.push(gridId);
      for (let k = 0; k < BUILDINGS_PER_GRID; k++) gridOfBuilding.push({ compound, gridId });
    }
  });

  const buildings: BuildingInfo[] = [];
  const numberInCompound = new Map<string, number>();
  for (const { compound, gridId } of gridOfBuilding) {
    const number = (numberInCompound.get(compound.id) ?? 0) + 1;
    numberInCompound.set(compound.id, number);
    const name = `${number}号楼`;
    const id = builder.add('places', { kind: 'building', name, parentId: compound.id, gridId, sort: number - 1 });
    buildings.push({ id, name, number, compound, gridId, units: [] });
  }
  // Units after all buildings, so each level of the tree is contiguous in the record list.
  for (const building of buildings) {
    const unitCount = builder.random.int(2, 3);
    for (let u = 1; u <= unitCount; u++) {
      const id = builder.add('places', { kind: 'unit', name: `${u}单元`, parentId: building.id, sort: u - 1 });
      building.units.push({ id, number: u });
    }
  }
  return { communityId, compounds, grids, buildings };
}

/** Room numbers as on the door: floor then position, 501 = fifth floor, first flat. */
function roomsForUnit(householdsInUnit: number): number[] {
  const perFloor = householdsInUnit % 3 === 0 ? 3 : 2;
  const rooms: number[] = [];
  for (let i = 0; i < householdsInUnit; i++) {
    rooms.push((Math.floor(i / perFloor) + 1) * 100 + (i % perFloor) + 1);
  }
  return rooms;
}

type Relation = '户主' | '配偶' | '子女' | '父母' | '孙子女';

interface MemberPlan {
  relation: Relation;
  birthYear: number;
  sex: Sex;
}

const MEMBER_COUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 15],
  [2, 30],
  [3, 27],
  [4, 15],
  [5, 9],
  [6, 4],
];

function clampYear(year: number): number {
  return Math.min(REFERENCE_YEAR - 1, Math.max(1925, year));
}

/** Who lives in the flat, generation by generation, so ages and relations agree. */
function planMembers(random: Random, memberCount: number): MemberPlan[] {
  const headYear = random.int(1940, 1996);
  // Registered heads of household are still more often men, as in real household books.
  const headSex: Sex = random.chance(0.65) ? 'male' : 'female';
  const plan: MemberPlan[] = [{ relation: '户主', birthYear: headYear, sex: headSex }];
  if (memberCount >= 2) {
    const spouseSex: Sex = headSex === 'male' ? 'female' : 'male';
    plan.push({ relation: '配偶', birthYear: clampYear(headYear + random.int(-4, 4)), sex: spouseSex });
  }
  // Younger heads sometimes take in a parent; older heads more often have grandchildren at home.
  if (memberCount >= 4 && headYear >= 1965 && random.chance(0.5)) {
    plan.push({ relation: '父母', birthYear: clampYear(headYear - random.int(24, 30)), sex: randomSex(random) });
  }
  const childYear = clampYear(headYear + random.int(23, 30));
  while (plan.length < memberCount) {
    const children = plan.filter((m) => m.relation === '子女').length;
    const grandchildrenPossible = headYear < 1970 && children >= 1;
    if (grandchildrenPossible && random.chance(0.6)) {
      plan.push({ relation: '孙子女', birthYear: clampYear(childYear + random.int(24, 32)), sex: randomSex(random) });
    } else {
      plan.push({ relation: '子女', birthYear: clampYear(childYear + random.int(0, 5)), sex: randomSex(random) });
    }
  }
  return plan;
}

/** Care tags that fit the household's ages and make-up (elderly_alone is decided separately). */
function careTagCandidates(plan: MemberPlan[]): CareTag[] {
  const headYear = plan[0]?.birthYear ?? REFERENCE_YEAR;
  const candidates: CareTag[] = ['disabled', 'subsistence'];
  if (headYear >= 1970) candidates.push('floating', 'unemployed');
  if (headYear >= 1965 && headYear < 1990) candidates.push('released');
  if (
    plan.some((m) => m.relation === '子女' && REFERENCE_YEAR - m.birthYear >= 12 && REFERENCE_YEAR - m.birthYear < 18)
  ) {
    candidates.push('at_risk_youth');
  }
  if (plan.some((m) => m.relation === '孙子女' && REFERENCE_YEAR - m.birthYear < 16)) {
    candidates.push('left_behind_child');
  }
  return candidates;
}

function livesAloneElderly(plan: MemberPlan[]): boolean {
  const head = plan[0];
  return plan.length === 1 && head !== undefined && REFERENCE_YEAR - head.birthYear >= 65;
}

function pickCareTags(random: Random, plan: MemberPlan[]): CareTag[] {
  // Old people living alone are the first thing grid workers track, so most of them are tagged.
  const lonely = livesAloneElderly(plan) && random.chance(0.7);
  if (!lonely && !random.chance(0.23)) return [];
  const candidates = careTagCandidates(plan);
  const first: CareTag = lonely ? 'elderly_alone' : random.pick(candidates);
  if (!random.chance(0.3)) return [first];
  const others = candidates.filter((tag) => tag !== first);
  const second = others.length > 0 ? random.pick(others) : undefined;
  // Keep the list in catalogue order so the same tags always read the same way.
  return CARE_TAGS.filter((tag) => tag === first || tag === second);
}

const HOUSEHOLD_NOTES: readonly string[] = [
  '老人行动不便，走访请提前电话联系',
  '家中养犬，敲门后请稍候',
  '租户，房东住在本小区另一栋楼',
  '白天上班，晚上七点后在家',
  '子女在外地工作，每月回来一次',
  '听力不好，敲门请用力些',
  '刚搬来不久，已登记',
];

function relationSurname(random: Random, relation: Relation, head: PersonName): Glyph {
  // Children take the head's surname; spouses and a parent-in-law keep their own.
  if (relation === '子女' || relation === '孙子女') return head.surname;
  if (relation === '父母' && random.chance(0.5)) return head.surname;
  return random.pick(SURNAMES);
}

function addHousehold(
  builder: DemoBuilder,
  building: BuildingInfo,
  unit: { id: string; number: number },
  room: number,
): ResidentInfo[] {
  const { random } = builder;
  const memberCount = random.weighted(MEMBER_COUNT_WEIGHTS);
  const plan = planMembers(random, memberCount);
  const headPlan = plan[0] as MemberPlan;
  const head = makeName(random, headPlan.birthYear, headPlan.sex);
  const phone = random.chance(0.85) ? mobilePhone(random) : null;
  const notes = random.chance(0.1) ? random.pick(HOUSEHOLD_NOTES) : undefined;

  const householdId = builder.add('households', {
    buildingId: building.id,
    unitId: unit.id,
    roomNo: `${building.number}-${unit.number}-${room}`,
    address: `${ADDRESS_PREFIX}${building.compound.name}${building.name}${unit.number}单元${room}`,
    headName: head.name,
    headInitials: head.initials,
    phone,
    memberCount,
    tags: pickCareTags(random, plan),
    ...(notes ? { notes } : {}),
  });

  return plan.map((member) => {
    const person =
      member.relation === '户主'
        ? head
        : makeName(random, member.birthYear, member.sex, relationSurname(random, member.relation, head));
    const memberPhone = member.relation === '户主' ? phone : adultPhone(random, member.birthYear);
    builder.add('residents', {
      householdId,
      name: person.name,
      relation: member.relation,
      phone: memberPhone,
      birthYear: member.birthYear,
    });
    return { name: person.name, birthYear: member.birthYear, phone: memberPhone, unitId: unit.id };
  });
}

function adultPhone(random: Random, birthYear: number): string | null {
  const age = REFERENCE_YEAR - birthYear;
  return age >= 16 && random.chance(0.6) ? mobilePhone(random) : null;
}

function addHouseholds(builder: DemoBuilder, buildings: BuildingInfo[]): Map<string, ResidentInfo[]> {
  const residentsByBuilding = new Map<string, ResidentInfo[]>();
  for (const building of buildings) {
    const residents: ResidentInfo[] = [];
    const perUnit = HOUSEHOLDS_PER_BUILDING / building.units.length;
    for (const unit of building.units) {
      for (const room of roomsForUnit(perUnit)) residents.push(...addHousehold(builder, building, unit, room));
    }
    residentsByBuilding.set(building.id, residents);
  }
  return residentsByBuilding;
}

// ---------------------------------------------------------------------------------------------
// Party organisation
// ---------------------------------------------------------------------------------------------

const PLEDGES: readonly string[] = [
  '每月为独居老人代购一次生活用品',
  '每周清理一次楼道杂物',
  '帮助邻居调解家庭矛盾',
  '为楼内学生义务辅导功课',
  '每月参加一次社区志愿服务',
  '定期检查楼内消防通道是否畅通',
  '陪同行动不便的老人就医',
  '宣传垃圾分类，带头做好分类投放',
];
const DUTY_SHIFTS: readonly string[] = [
  '周一上午',
  '周二下午',
  '周三上午',
  '周四下午',
  '周五上午',
  '周六上午',
  '周六下午',
  '周日上午',
];

function memberKindFor(random: Random, birthYear: number): MemberKind {
  if (REFERENCE_YEAR - birthYear >= 63) return 'retired';
  return random.weighted<MemberKind>([
    ['resident', 4],
    ['in_service', 4],
    ['floating', 1],
  ]);
}

function groupRoles(): GroupRole[] {
  const roles: GroupRole[] = ['group_leader', 'building_lead'];
  for (let i = 0; i < VOLUNTEERS_PER_GROUP; i++) roles.push('volunteer');
  while (roles.length < PARTY_MEMBERS_PER_GROUP) roles.push('member');
  return roles;
}

function volunteerHoursFor(random: Random, role: GroupRole): number {
  // Leaders and volunteers do most of the hours; ordinary members a few.
  return role === 'member' ? random.int(0, 40) : random.int(30, 120);
}

function addPartyMember(
  builder: DemoBuilder,
  orgId: string,
  building: BuildingInfo,
  resident: ResidentInfo,
  role: GroupRole,
): void {
  const { random } = builder;
  const kind = memberKindFor(random, resident.birthYear);
  const pledge = role !== 'member' || random.chance(0.3) ? random.pick(PLEDGES) : undefined;
  const dutyShifts = role === 'member' ? undefined : random.sample(DUTY_SHIFTS, random.int(1, 2));
  builder.add('partyMembers', {
    orgId,
    name: resident.name,
    phone: resident.phone ?? mobilePhone(random),
    homeBuildingId: building.id,
    homeUnitId: resident.unitId,
    kind,
    groupRole: role,
    ...(pledge ? { pledge } : {}),
    ...(dutyShifts ? { dutyShifts } : {}),
    volunteerHours: volunteerHoursFor(random, role),
  });
}

/** The building lead of each building, by building id, for the lead accounts' display names. */
function addPartyOrganisation(
  builder: DemoBuilder,
  communityId: string,
  compounds: CompoundInfo[],
  buildings: BuildingInfo[],
  residentsByBuilding: Map<string, ResidentInfo[]>,
): Map<string, string> {
  const generalBranchId = builder.add('partyOrgs', {
    level: 'general_branch',
    name: `${COMMUNITY_NAME}党总支`,
    parentId: null,
    placeId: communityId,
  });
  const branchOf = new Map<string, string>();
  for (const compound of compounds) {
    branchOf.set(
      compound.id,
      builder.add('partyOrgs', {
        level: 'branch',
        name: `${compound.name}党支部`,
        parentId: generalBranchId,
        placeId: compound.id,
      }),
    );
  }
  const groupOf = new Map<string, string>();
  for (const building of buildings) {
    const parentId = branchOf.get(building.compound.id) ?? null;
    groupOf.set(
      building.id,
      builder.add('partyOrgs', {
        level: 'group',
        name: `${building.compound.name}${building.name}党小组`,
        parentId,
        placeId: building.id,
      }),
    );
  }

  const leadNames = new Map<string, string>();
  for (const building of buildings) {
    const orgId = groupOf.get(building.id) as string;
    // Members are real adult residents of the building, so the roster and the household book agree.
    const adults = (residentsByBuilding.get(building.id) ?? []).filter((r) => REFERENCE_YEAR - r.birthYear >= 22);
    const chosen = builder.random.sample(adults, PARTY_MEMBERS_PER_GROUP);
    if (chosen.length < PARTY_MEMBERS_PER_GROUP)
      throw new Error(`too few adults in ${building.name} for a party group`);
    groupRoles().forEach((role, index) => {
      const resident = chosen[index] as ResidentInfo;
      if (role === 'building_lead') leadNames.set(building.id, resident.name);
      addPartyMember(builder, orgId, building, resident, role);
    });
  }
  return leadNames;
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

function makeUsers(
  random: Random,
  communityId: string,
  grids: string[],
  buildings: BuildingInfo[],
  leadNames: Map<string, string>,
): NewUser[] {
  const taken = new Set<string>(leadNames.values());
  const user = (username: string, displayName: string, role: NewUser['role'], place: NewUser['place']): NewUser => ({
    id: random.uuid(),
    username,
    displayName,
    role,
    place,
    password: DEMO_PASSWORD,
  });
  const users: NewUser[] = [
    user('admin', '系统管理员', 'admin', { level: 'community', id: communityId }),
    user('supervisor', uniqueName(random, 1972, taken).name, 'supervisor', { level: 'community', id: communityId }),
  ];
  grids.forEach((gridId, index) => {
    const name = uniqueName(random, random.int(1978, 1998), taken).name;
    users.push(user(`worker${twoDigits(index + 1)}`, name, 'grid_worker', { level: 'grid', id: gridId }));
  });
  buildings.forEach((building, index) => {
    const name = leadNames.get(building.id) ?? uniqueName(random, 1960, taken).name;
    users.push(user(`lead${twoDigits(index + 1)}`, name, 'building_lead', { level: 'building', id: building.id }));
  });
  return users;
}

export function generateDemoData(options: { seed?: number } = {}): DemoData {
  const random = new Random(options.seed ?? DEFAULT_SEED);
  const builder = new DemoBuilder(random);
  const { communityId, compounds, grids, buildings } = addPlaces(builder);
  const residentsByBuilding = addHouseholds(builder, buildings);
  const leadNames = addPartyOrganisation(builder, communityId, compounds, buildings, residentsByBuilding);
  const users = makeUsers(random, communityId, grids, buildings, leadNames);
  // A quarter of activity, from a generator of its own: what came before keeps its ids and names.
  const quarter = new DemoBuilder(new Random((options.seed ?? DEFAULT_SEED) + 18));
  quarter.records.push(...builder.records);
  addServiceQuarter(quarter, { communityId, compounds, buildings, users });
  return { communityId, records: orderParentsFirst(quarter.records), users };
}

/** Parents before children (a record's place ids are read from its parent when it is written). */
const TABLE_ORDER: readonly SyncTable[] = [
  'places',
  'households',
  'residents',
  'partyOrgs',
  'partyMembers',
  'visits',
  'partners',
  'serviceNeeds',
  'resources',
  'projects',
  'projectEvents',
  'wishes',
  'wishEvents',
  'activities',
  'volunteerLogs',
];

/**
 * Households and their residents are generated together; the seeder needs every household stored
 * before any resident, so group by table (a stable sort keeps each table's own order).
 */
function orderParentsFirst(records: DemoRecord<SyncTable>[]): DemoRecord<SyncTable>[] {
  return [...records].sort((a, b) => TABLE_ORDER.indexOf(a.table) - TABLE_ORDER.indexOf(b.table));
}
