/**
 * The party roster: organisations (社区党总支 → 小区党支部 → 楼栋党小组) mirrored on the places, their
 * members, and the volunteer hours members give. Members are edited offline like every record.
 */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import { createRecord, type Device, updateRecord } from './write.ts';

export type PartyOrgRecord = LocalRecord<'partyOrgs'>;
export type PartyMemberRecord = LocalRecord<'partyMembers'>;
export type VolunteerLogRecord = LocalRecord<'volunteerLogs'>;
export type MemberInput = ContentOf<'partyMembers'>;

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true });

export async function groupOfBuilding(device: Device, buildingId: string): Promise<PartyOrgRecord | undefined> {
  const orgs = await device.db.partyOrgs.where('placeId').equals(buildingId).toArray();
  return orgs.find((org) => !org.deleted && org.level === 'group');
}

/** Current members of an organisation (retired members are kept on record, listed apart). */
export async function membersOf(device: Device, orgId: string): Promise<PartyMemberRecord[]> {
  const members = await device.db.partyMembers.where('orgId').equals(orgId).toArray();
  return members.filter((member) => !member.deleted && !member.retired).sort(byName);
}

export async function retiredMembersOf(device: Device, orgId: string): Promise<PartyMemberRecord[]> {
  const members = await device.db.partyMembers.where('orgId').equals(orgId).toArray();
  return members.filter((member) => !member.deleted && member.retired).sort(byName);
}

export interface OrgNode {
  org: PartyOrgRecord;
  members: number;
  children: OrgNode[];
}

/** The organisation tree this device holds, from the top it can see, with member counts. */
export async function orgTree(device: Device): Promise<OrgNode[]> {
  const orgs = (await device.db.partyOrgs.toArray()).filter((org) => !org.deleted);
  const members = (await device.db.partyMembers.toArray()).filter((member) => !member.deleted && !member.retired);
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member.orgId, (counts.get(member.orgId) ?? 0) + 1);
  const ids = new Set(orgs.map((org) => org.id));
  const node = (org: PartyOrgRecord): OrgNode => ({
    org,
    members: counts.get(org.id) ?? 0,
    children: orgs
      .filter((child) => child.parentId === org.id)
      .sort(byName)
      .map(node),
  });
  return orgs
    .filter((org) => !org.parentId || !ids.has(org.parentId))
    .sort(byName)
    .map(node);
}

export function orgById(device: Device, id: string): Promise<PartyOrgRecord | undefined> {
  return device.db.partyOrgs.get(id);
}

export function memberById(device: Device, id: string): Promise<PartyMemberRecord | undefined> {
  return device.db.partyMembers.get(id);
}

/** Groups a member can be moved to: the building groups this device holds. */
export async function groupsForMembers(device: Device): Promise<PartyOrgRecord[]> {
  const orgs = await device.db.partyOrgs.toArray();
  return orgs.filter((org) => !org.deleted && org.level === 'group').sort(byName);
}

export function addMember(device: Device, input: MemberInput): Promise<PartyMemberRecord> {
  return createRecord(device, 'partyMembers', input);
}

/** Edits a member; moving them to another group is an edit of `orgId`, and their place follows. */
export function editMember(device: Device, id: string, fields: Partial<MemberInput>): Promise<PartyMemberRecord> {
  return updateRecord(device, 'partyMembers', id, fields);
}

/** A member who left keeps their record and hours, marked retired. */
export function retireMember(device: Device, id: string, retired = true): Promise<PartyMemberRecord> {
  return updateRecord(device, 'partyMembers', id, { retired });
}

export async function hoursOf(device: Device, memberId: string): Promise<VolunteerLogRecord[]> {
  const logs = await device.db.volunteerLogs.where('memberId').equals(memberId).toArray();
  return logs.filter((log) => !log.deleted).sort((a, b) => b.date.localeCompare(a.date));
}

export function logHours(
  device: Device,
  member: PartyMemberRecord,
  loggedBy: string,
  entry: { date: string; hours: number; activity: string },
): Promise<VolunteerLogRecord> {
  return createRecord(device, 'volunteerLogs', { ...entry, memberId: member.id, loggedBy });
}
