/**
 * The domain vocabulary shared by the PWA and the server.
 *
 * Glossary (the only place the Chinese terms appear outside the i18n catalogue):
 *   community 社区 · compound 小区 · building 楼栋 · unit 单元 · household 户 · grid 网格
 *   grid worker 网格员 · building lead 楼长 · supervisor 社区书记/街道
 *   visit 走访到户 · need 诉求 · issue report 问题上报
 *   party general branch 社区党总支 → compound branch 小区党支部 → building group 楼栋党小组
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
] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];
