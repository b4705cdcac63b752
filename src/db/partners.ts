/** Co-building units (共建单位): kept by supervisors, read by every device of the community. */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import { createRecord, type Device, updateRecord } from './write.ts';

export type PartnerRecord = LocalRecord<'partners'>;
export type PartnerInput = ContentOf<'partners'>;

/** Current units first, then those that left the co-building; by name within each. */
export async function allPartners(device: Device): Promise<PartnerRecord[]> {
  const partners = (await device.db.partners.toArray()).filter((partner) => !partner.deleted);
  return partners.sort(
    (a, b) => Number(a.retired ?? false) - Number(b.retired ?? false) || a.name.localeCompare(b.name, 'zh-CN'),
  );
}

export function partnerById(device: Device, id: string): Promise<PartnerRecord | undefined> {
  return device.db.partners.get(id);
}

export function addPartner(device: Device, input: PartnerInput): Promise<PartnerRecord> {
  return createRecord(device, 'partners', input);
}

export function editPartner(device: Device, id: string, fields: Partial<PartnerInput>): Promise<PartnerRecord> {
  return updateRecord(device, 'partners', id, fields);
}
