/**
 * The domain vocabulary shared by the PWA and the server.
 *
 * Glossary (the only place the Chinese terms appear outside the i18n catalogue):
 *   community 社区 · compound 小区 · building 楼栋 · unit 单元 · household 户 · grid 网格
 *   grid worker 网格员 · building lead 楼长 · supervisor 社区书记/街道
 *   visit 走访到户 · need 诉求 · issue report 问题上报
 *   party general branch 社区党总支 → compound branch 小区党支部 → building group 楼栋党小组
 *   community service: the three lists 三张清单 (needs 居民需求清单, resources 资源清单,
 *   projects 项目清单) · micro-wish 微心愿 (点亮微心愿) · co-building unit (partner) 共建单位 ·
 *   co-building activity 共建活动 · in-service party member 在职党员 · quarterly report 季度述职
 */

export const ROLES = ['grid_worker', 'building_lead', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Supervisors and administrators see and steer the whole of their place; field roles do their own work. */
export function isSupervising(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** Levels a user's place can be at (the scope of what they see and write). */
export const PLACE_LEVELS = ['community', 'compound', 'building', 'grid'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/** Where a user stands: the place whose records they see and write. */
export interface UserPlace {
  level: PlaceLevel;
  id: string;
}

/** Levels of the place tree; units sit under buildings and never scope a user. */
export const PLACE_KINDS = ['community', 'compound', 'building', 'unit', 'grid'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The "five to households" visit purposes. */
export const VISIT_PURPOSES = ['contact', 'sentiment', 'policy', 'employment', 'service'] as const;
export type VisitPurpose = (typeof VISIT_PURPOSES)[number];

/** Special-care household tags tracked by visits. */
export const CARE_TAGS = [
  'elderly_alone',
  'disabled',
  'subsistence',
  'floating',
  'unemployed',
  'released',
  'at_risk_youth',
  'left_behind_child',
] as const;
export type CareTag = (typeof CARE_TAGS)[number];

export const NEED_KINDS = ['livelihood', 'health', 'employment', 'housing', 'safety', 'dispute', 'other'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

export const MEMBER_KINDS = ['resident', 'in_service', 'floating', 'retired'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const GROUP_ROLES = ['group_leader', 'building_lead', 'volunteer', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** Party organisation levels, mirroring community → compound → building. */
export const PARTY_ORG_LEVELS = ['general_branch', 'branch', 'group'] as const;
export type PartyOrgLevel = (typeof PARTY_ORG_LEVELS)[number];

export const ISSUE_CATEGORIES = ['lift', 'sanitation', 'dispute', 'safety', 'facility', 'other'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

/** Where an entry of the needs list came from: a need raised on a visit, or a resident's own request. */
export const NEED_SOURCES = ['visit', 'request'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** What a co-building unit is: 机关, 企业, 学校, 医院, 社会组织, other. */
export const PARTNER_KINDS = ['government', 'enterprise', 'school', 'hospital', 'social', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Who or what offers a resource on the resources list. */
export const RESOURCE_KINDS = ['partner', 'member', 'volunteer', 'venue', 'other'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Co-building activities: talks, free clinics, performances, clean-ups. */
export const ACTIVITY_KINDS = ['talk', 'clinic', 'performance', 'cleanup', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Who may claim a micro-wish: a party member or a co-building unit. */
export const CLAIMANT_KINDS = ['member', 'partner'] as const;
export type ClaimantKind = (typeof CLAIMANT_KINDS)[number];

/** Tables that travel on the wire (design.md, "Tables on the wire"); each has a descriptor in tables/. */
export const SYNC_TABLES = [
  'places',
  'households',
  'residents',
  'visits',
  'partyOrgs',
  'partyMembers',
  'issues',
  'issueEvents',
  'volunteerLogs',
  'partners',
  'serviceNeeds',
  'resources',
  'projects',
  'projectEvents',
  'wishes',
  'wishEvents',
  'activities',
] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];
