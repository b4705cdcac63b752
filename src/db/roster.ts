/** The party roster: organisations (general branch → branch → group) and their members. */
import type { LocalRecord } from './database.ts';
import type { Device } from './write.ts';

export type PartyOrgRecord = LocalRecord<'partyOrgs'>;
export type PartyMemberRecord = LocalRecord<'partyMembers'>;

export async function groupOfBuilding(device: Device, buildingId: string): Promise<PartyOrgRecord | undefined> {
  const orgs = await device.db.partyOrgs.where('placeId').equals(buildingId).toArray();
  return orgs.find((org) => !org.deleted && org.level === 'group');
}

export async function membersOf(device: Device, orgId: string): Promise<PartyMemberRecord[]> {
  const members = await device.db.partyMembers.where('orgId').equals(orgId).toArray();
  return members
    .filter((member) => !member.deleted && !member.retired)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
