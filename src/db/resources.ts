/** The resources list (资源清单): what units, in-service members, volunteers and venues offer. */
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import { createRecord, type Device, updateRecord } from './write.ts';

export type ResourceRecord = LocalRecord<'resources'>;

export async function resourcesList(device: Device): Promise<ResourceRecord[]> {
  const resources = (await device.db.resources.toArray()).filter((resource) => !resource.deleted);
  return resources.sort(
    (a, b) =>
      Number(a.retired ?? false) - Number(b.retired ?? false) ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

export function addResource(
  device: Device,
  input: Omit<ContentOf<'resources'>, 'recordedBy'>,
  recordedBy: string,
): Promise<ResourceRecord> {
  return createRecord(device, 'resources', { ...input, recordedBy });
}

export function retireResource(device: Device, id: string, retired = true): Promise<ResourceRecord> {
  return updateRecord(device, 'resources', id, { retired });
}
