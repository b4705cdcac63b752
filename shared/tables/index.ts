/**
 * Every table on the wire, by name, and the record types that follow from their descriptors.
 *
 * A record = its content fields (what a device may write) + the envelope every record carries
 * (id, updatedAt, deleted, place ids). Place ids are derived on the server from the record's
 * parent (a visit's from its household, a household's from its building), never trusted.
 */
import type * as z from 'zod/mini';
import type { SyncTable } from '../domain.ts';
import { activities } from './activities.ts';
import type { TableDescriptor } from './define.ts';
import { households } from './households.ts';
import { issueEvents } from './issue-events.ts';
import { issues } from './issues.ts';
import { partners } from './partners.ts';
import { partyMembers } from './party-members.ts';
import { partyOrgs } from './party-orgs.ts';
import { places } from './places.ts';
import { projectEvents } from './project-events.ts';
import { projects } from './projects.ts';
import { residents } from './residents.ts';
import { resources } from './resources.ts';
import { serviceNeeds } from './service-needs.ts';
import { visits } from './visits.ts';
import { volunteerLogs } from './volunteer-logs.ts';
import { wishEvents } from './wish-events.ts';
import { wishes } from './wishes.ts';

export const TABLES = {
  places,
  households,
  residents,
  visits,
  partyOrgs,
  partyMembers,
  issues,
  issueEvents,
  volunteerLogs,
  partners,
  serviceNeeds,
  resources,
  projects,
  projectEvents,
  wishes,
  wishEvents,
  activities,
} as const satisfies { [T in SyncTable]: TableDescriptor<T> };

export function tableOf(name: SyncTable): TableDescriptor {
  return TABLES[name] as TableDescriptor;
}

/** The envelope every record carries, whatever its table. */
export interface RecordEnvelope extends PlaceIds {
  id: string;
  updatedAt: string;
  deleted?: boolean;
}

/** Where a record sits; the user's place is compared against one of these (shared/scope.ts). */
export interface PlaceIds {
  communityId: string;
  compoundId?: string | null;
  buildingId?: string | null;
  gridId?: string | null;
}

export type ContentOf<T extends SyncTable> = z.infer<(typeof TABLES)[T]['content']>;
export type RecordOf<T extends SyncTable> = ContentOf<T> & RecordEnvelope;

export type Place = RecordOf<'places'>;
export type Household = RecordOf<'households'>;
export type Resident = RecordOf<'residents'>;
export type Visit = RecordOf<'visits'>;
export type PartyOrg = RecordOf<'partyOrgs'>;
export type PartyMember = RecordOf<'partyMembers'>;
export type Issue = RecordOf<'issues'>;
export type IssueEvent = RecordOf<'issueEvents'>;
export type VolunteerLog = RecordOf<'volunteerLogs'>;
export type Partner = RecordOf<'partners'>;
export type ServiceNeed = RecordOf<'serviceNeeds'>;
export type Resource = RecordOf<'resources'>;
export type Project = RecordOf<'projects'>;
export type ProjectEvent = RecordOf<'projectEvents'>;
export type Wish = RecordOf<'wishes'>;
export type WishEvent = RecordOf<'wishEvents'>;
export type Activity = RecordOf<'activities'>;

export type { ParentRule, TableDescriptor } from './define.ts';
