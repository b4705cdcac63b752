/**
 * The desk pages' messages (design.md, "Reports and export", "Administration and import"): one
 * schema per request, parsed by the server at the edge and used as types by the PWA.
 */
import * as z from 'zod/mini';
import { CARE_TAGS, ISSUE_CATEGORIES, PLACE_LEVELS, ROLES, VISIT_PURPOSES } from './domain.ts';
import { ISSUE_STATUSES } from './issue-lifecycle.ts';
import { isoDate, uuid } from './tables/fields.ts';

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

export const usernameSchema = z
  .string()
  .check(z.trim(), z.regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/, '2–32 lower-case letters, digits, _ . -'));

const placeSchema = z.strictObject({ level: z.enum(PLACE_LEVELS), id: uuid });
const displayName = z.string().check(z.trim(), z.minLength(1), z.maxLength(50));

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  displayName,
  role: z.enum(ROLES),
  place: placeSchema,
});

export const updateUserSchema = z.strictObject({
  displayName: z.optional(displayName),
  role: z.optional(z.enum(ROLES)),
  place: z.optional(placeSchema),
  active: z.optional(z.boolean()),
});

export type CreateUserRequest = z.infer<typeof createUserSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: (typeof ROLES)[number];
  place: { level: (typeof PLACE_LEVELS)[number]; id: string };
  active: boolean;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export const IMPORT_KINDS = ['households', 'partyMembers'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';
/** Spreadsheets larger than this are refused (413): a community's rosters are far smaller. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportRejection {
  /** The row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  /** The column's header, as in the template. */
  column: string;
  /** Why, in Chinese, for the office that keeps the sheet. */
  message: string;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
}

// ---------------------------------------------------------------------------------------------
// Browse, reports, export: the workspace's filters, the same for a list and its export
// ---------------------------------------------------------------------------------------------

export const BROWSE_TABLES = ['households', 'residents', 'visits', 'issues', 'partyMembers'] as const;
export type BrowseTable = (typeof BROWSE_TABLES)[number];

export const MAX_BROWSE_LIMIT = 200;

export const browseQuerySchema = z.strictObject({
  compoundId: z.optional(uuid),
  buildingId: z.optional(uuid),
  gridId: z.optional(uuid),
  /** A visit's visitor, an issue's assignee. */
  workerId: z.optional(uuid),
  /** Days in China Standard Time, `to` inclusive: a visit's time, an issue's report time. */
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  category: z.optional(z.enum(ISSUE_CATEGORIES)),
  purpose: z.optional(z.enum(VISIT_PURPOSES)),
  status: z.optional(z.enum(ISSUE_STATUSES)),
  tag: z.optional(z.enum(CARE_TAGS)),
  /** Households not visited in this many days (care households first when sorted by `care`). */
  notVisitedDays: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3650))),
  /** Words in a name, a room, a title. */
  q: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  sort: z.optional(z.string().check(z.regex(/^[A-Za-z]{1,30}$/, 'a column name'))),
  order: z._default(z.enum(['asc', 'desc']), 'asc'),
  offset: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(10_000_000)), 0),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_BROWSE_LIMIT)), 50),
});

export type BrowseQuery = z.infer<typeof browseQuerySchema>;
export type BrowseFilters = Omit<BrowseQuery, 'offset' | 'limit'>;

export interface BrowseRow {
  /** The record as the caller may see it (phones masked), with its place ids. */
  record: Record<string, unknown>;
  /** Names of what the record points at: its compound, building, grid, household, people. */
  labels: Record<string, string>;
}

export interface BrowseResponse {
  rows: BrowseRow[];
  total: number;
  offset: number;
  limit: number;
}

export const overviewQuerySchema = z.strictObject({
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  placeId: z.optional(uuid),
});

export interface Overview {
  from: string;
  to: string;
  households: number;
  visitedHouseholds: number;
  visits: number;
  coverageByGrid: { gridId: string; name: string; households: number; visited: number }[];
  visitsByWorker: { userId: string; displayName: string; visits: number }[];
  issuesByStatus: Record<string, number>;
  issuesByCategory: Record<string, number>;
  /** Open issues (not resolved or closed) by days since reported. */
  openIssuesByAge: { under3Days: number; from3To7Days: number; from7To30Days: number; over30Days: number };
  escalated: number;
  medianResolveHours: number | null;
  /** Share (0–1) of resolved issues resolved within 7 days of being reported; null when none. */
  resolvedWithin7Days: number | null;
  notVisitedIn30Days: number;
  careHouseholdsNotVisitedIn30Days: number;
  volunteerHours: number;
}

export const districtQuerySchema = z.strictObject({
  from: z.optional(isoDate),
  to: z.optional(isoDate),
});

/** A community's figures in the district report, and the district's sum of them. */
export interface DistrictFigures {
  households: number;
  visits: number;
  visitedHouseholds: number;
  /** Issues not resolved or closed now. */
  openIssues: number;
  escalated: number;
  notVisitedIn30Days: number;
  careHouseholdsNotVisitedIn30Days: number;
}

export interface DistrictOverview {
  from: string;
  to: string;
  communities: ({ communityId: string; name: string } & DistrictFigures)[];
  total: DistrictFigures;
}

export const conflictFiltersSchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100),
  table: z.optional(z.string().check(z.regex(/^[A-Za-z]{1,30}$/, 'a table name'))),
  userId: z.optional(uuid),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
});

// ---------------------------------------------------------------------------------------------
// Community service (issue 18): the lists' figures, members' hours, the quarterly report
// ---------------------------------------------------------------------------------------------

/** A quarter as people name it: 2026-Q3 (July to September, China Standard Time). */
export const quarterSchema = z.string().check(z.regex(/^\d{4}-Q[1-4]$/, 'a quarter such as 2026-Q3'));

export const serviceQuerySchema = z.strictObject({
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  placeId: z.optional(uuid),
});

export const quarterlyQuerySchema = z.strictObject({
  quarter: z.optional(quarterSchema),
  placeId: z.optional(uuid),
});

/** Projects agreed and done, and wishes recorded and fulfilled, by place and period. */
export interface ServiceFigures {
  from: string;
  to: string;
  /** Per compound (null: filed at the community) and quarter (2026-Q3), by the day agreed or done. */
  projectsByCompoundAndQuarter: {
    compoundId: string | null;
    name: string;
    quarter: string;
    agreed: number;
    done: number;
  }[];
  /** Per grid and month (2026-07): wish cards recorded, and wishes fulfilled. */
  wishesByGridAndMonth: { gridId: string | null; name: string; month: string; recorded: number; fulfilled: number }[];
  /** The lists as they stand now. */
  lists: {
    openNeeds: number;
    needs: number;
    resources: number;
    projectsByStatus: Record<string, number>;
    wishesByStatus: Record<string, number>;
    partners: number;
  };
}

export interface MemberHoursRow {
  memberId: string;
  name: string;
  /** The co-building unit the member works at (null: none recorded). */
  employerId: string | null;
  employer: string;
  activities: number;
  hours: number;
}

export interface EmployerHoursRow {
  partnerId: string | null;
  name: string;
  members: number;
  hours: number;
}

/** In-service party members' volunteer hours, per member and per employer unit. */
export interface MemberHours {
  from: string;
  to: string;
  totalHours: number;
  members: MemberHoursRow[];
  employers: EmployerHoursRow[];
}

/** The quarterly report (季度述职) of a compound branch or the community; every figure from SQL. */
export interface QuarterlyReport {
  quarter: string;
  from: string;
  to: string;
  place: { id: string; kind: 'community' | 'compound'; name: string };
  visits: {
    households: number;
    visitedHouseholds: number;
    visits: number;
    byGrid: { gridId: string; name: string; households: number; visited: number; visits: number }[];
  };
  issues: {
    reported: number;
    byCategory: Record<string, number>;
    /** Issues whose first resolution fell in the quarter, and how long it took from the report. */
    resolved: number;
    medianResolveHours: number | null;
    resolvedWithin7Days: number | null;
  };
  wishes: {
    recorded: number;
    claimed: number;
    fulfilled: number;
    confirmed: number;
    byGrid: { gridId: string | null; name: string; recorded: number; fulfilled: number }[];
  };
  projects: {
    proposed: number;
    agreed: number;
    done: number;
    /** Projects agreed, worked on or done in the quarter. */
    list: { id: string; title: string; owner: string; status: string; dueOn: string | null; doneAt: string | null }[];
  };
  activities: {
    count: number;
    byKind: Record<string, number>;
    residentsServed: number;
    /** Co-building units that took part, with how many of the quarter's activities. */
    partners: { partnerId: string; name: string; activities: number }[];
  };
  hours: { totalHours: number; members: MemberHoursRow[]; employers: EmployerHoursRow[] };
}
