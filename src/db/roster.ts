/** The party roster: organisations (general branch → branch → group) and their members. */
import type { LocalRecord } from './database.ts';
import { createRecord, type Device, deleteRecord, updateRecord } from './write.ts';

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

// ---------------------------------------------------------------------------------------------
// The administrator's edits of the party organisation, mirrored on the places: sync records.
// ---------------------------------------------------------------------------------------------

export async function allPartyOrgs(device: Device): Promise<PartyOrgRecord[]> {
  const orgs = await device.db.partyOrgs.toArray();
  return orgs.filter((org) => !org.deleted).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
}

export function createPartyOrg(
  device: Device,
  org: { level: PartyOrgRecord['level']; name: string; parentId: string | null; placeId: string },
): Promise<PartyOrgRecord> {
  return createRecord(device, 'partyOrgs', org);
}

export function renamePartyOrg(device: Device, id: string, name: string): Promise<PartyOrgRecord> {
  return updateRecord(device, 'partyOrgs', id, { name });
}

export function retirePartyOrg(device: Device, id: string): Promise<void> {
  return deleteRecord(device, 'partyOrgs', id);
}
