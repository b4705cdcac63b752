/**
 * Record shapes for every table on the wire, as zod schemas. The server parses with them; the
 * PWA imports only their inferred types, so no validation code ships to the phone.
 *
 * A record = its content fields (what a device may write) + the envelope every record carries
 * (id, updatedAt, deleted, place ids). Place ids are derived on the server from the record's
 * parent (a visit's from its household, a household's from its building), never trusted.
 */
import { z } from 'zod';
import {
  CARE_TAGS,
  GROUP_ROLES,
  ISSUE_CATEGORIES,
  MEMBER_KINDS,
  NEED_KINDS,
  PARTY_ORG_LEVELS,
  PLACE_KINDS,
  type SyncTable,
  VISIT_PURPOSES,
} from './domain.ts';
import { isHlc } from './hlc.ts';
import { ISSUE_ACTIONS, ISSUE_STATUSES } from './issue-lifecycle.ts';

export const uuid = z.uuid();
export const hlcString = z.string().refine(isHlc, { message: 'not an HLC stamp (ISO time-counter-device id)' });
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const name = text(50).min(1);
const phone = z.string().regex(/^[0-9+\- ]{5,20}$/, 'a phone number of 5–20 digits');

const placeContent = z.strictObject({
  kind: z.enum(PLACE_KINDS),
  name,
  parentId: uuid.nullable(),
  /** Buildings belong to a grid; the grid id is what scopes a grid worker. */
  gridId: uuid.nullable().optional(),
  sort: z.number().int().min(0).max(100000).optional(),
});

const householdContent = z.strictObject({
  buildingId: uuid,
  unitId: uuid.nullable(),
  roomNo: text(20).min(1),
  address: text(200).min(1),
  headName: name,
  /** Pinyin initials of the head's name, for search by initials. */
  headInitials: text(20).optional(),
  phone: phone.nullable().optional(),
  memberCount: z.number().int().min(0).max(50),
  tags: z.array(z.enum(CARE_TAGS)).max(CARE_TAGS.length),
  notes: text(2000).optional(),
});

const residentContent = z.strictObject({
  householdId: uuid,
  name,
  relation: text(20).min(1),
  phone: phone.nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  tags: z.array(z.enum(CARE_TAGS)).max(CARE_TAGS.length).optional(),
});

const need = z.strictObject({ kind: z.enum(NEED_KINDS), text: text(500), resolved: z.boolean().optional() });

const visitContent = z.strictObject({
  householdId: uuid,
  purpose: z.enum(VISIT_PURPOSES),
  visitedAt: isoDateTime,
  visitorId: uuid,
  metWith: text(100).optional(),
  needs: z.array(need).max(20),
  tags: z.array(z.enum(CARE_TAGS)).max(CARE_TAGS.length).optional(),
  followUpOn: isoDate.nullable().optional(),
  note: text(2000).optional(),
  photoHashes: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(9)
    .optional(),
  location: z
    .strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0) })
    .nullable()
    .optional(),
});

const partyOrgContent = z.strictObject({
  level: z.enum(PARTY_ORG_LEVELS),
  name: text(100).min(1),
  parentId: uuid.nullable(),
  /** The place the organisation mirrors: community, compound or building. */
  placeId: uuid,
});

const partyMemberContent = z.strictObject({
  orgId: uuid,
  name,
  phone: phone.nullable().optional(),
  /** Where the member lives; the group they belong to is orgId. */
  homeBuildingId: uuid.nullable().optional(),
  homeUnitId: uuid.nullable().optional(),
  kind: z.enum(MEMBER_KINDS),
  groupRole: z.enum(GROUP_ROLES),
  pledge: text(500).optional(),
  dutyShifts: z.array(text(50)).max(14).optional(),
  volunteerHours: z.number().min(0).max(100000).optional(),
  retired: z.boolean().optional(),
});

const issueContent = z.strictObject({
  buildingId: uuid,
  householdId: uuid.nullable().optional(),
  visitId: uuid.nullable().optional(),
  category: z.enum(ISSUE_CATEGORIES),
  title: text(100).min(1),
  description: text(4000),
  /** Set to "reported" at creation; changed only by issue events on the server. */
  status: z.enum(ISSUE_STATUSES),
  reporterId: uuid,
  assigneeId: uuid.nullable().optional(),
  reportedAt: isoDateTime,
});

const issueEventContent = z.strictObject({
  issueId: uuid,
  kind: z.enum(['action', 'comment', 'assign']),
  action: z.enum(ISSUE_ACTIONS).optional(),
  assigneeId: uuid.nullable().optional(),
  note: text(2000).optional(),
  by: uuid,
  at: isoDateTime,
});

export const CONTENT_SCHEMAS = {
  places: placeContent,
  households: householdContent,
  residents: residentContent,
  visits: visitContent,
  partyOrgs: partyOrgContent,
  partyMembers: partyMemberContent,
  issues: issueContent,
  issueEvents: issueEventContent,
} as const satisfies Record<SyncTable, z.ZodObject>;

/** The envelope every record carries, whatever its table. */
export interface RecordEnvelope {
  id: string;
  updatedAt: string;
  deleted?: boolean;
  communityId: string;
  compoundId?: string | null;
  buildingId?: string | null;
  gridId?: string | null;
}

export type PlaceIds = Pick<RecordEnvelope, 'communityId' | 'compoundId' | 'buildingId' | 'gridId'>;

export type ContentOf<T extends SyncTable> = z.infer<(typeof CONTENT_SCHEMAS)[T]>;
export type RecordOf<T extends SyncTable> = ContentOf<T> & RecordEnvelope;

export type Place = RecordOf<'places'>;
export type Household = RecordOf<'households'>;
export type Resident = RecordOf<'residents'>;
export type Visit = RecordOf<'visits'>;
export type PartyOrg = RecordOf<'partyOrgs'>;
export type PartyMember = RecordOf<'partyMembers'>;
export type Issue = RecordOf<'issues'>;
export type IssueEvent = RecordOf<'issueEvents'>;
