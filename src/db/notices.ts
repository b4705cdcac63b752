/** Notices: the user's changes the server replaced or refused, kept until the user has read them. */
import type { SyncTable } from '../../shared/domain.ts';
import type { LocalRecord, Notice } from './database.ts';
import type { Device } from './write.ts';

/** How a record is named to its user: a household by room and head, a member by name. */
export function recordLabel(table: SyncTable, record: LocalRecord<SyncTable> | undefined): string {
  if (!record) return '';
  const fields = record as unknown as Record<string, unknown>;
  switch (table) {
    case 'households':
      return `${fields.roomNo} ${fields.headName}`;
    case 'issues':
      return String(fields.title);
    case 'visits':
      return String(fields.visitedAt).slice(0, 10);
    default:
      return typeof fields.name === 'string' ? fields.name : '';
  }
}

/** The newest notices, each with the name of the record it is about. */
export async function latestNoticesWithRecords(
  device: Device,
  limit = 100,
): Promise<{ notice: Notice; label: string }[]> {
  const notices = await device.db.notices.orderBy('createdAt').reverse().limit(limit).toArray();
  return Promise.all(
    notices.map(async (notice) => ({
      notice,
      label: notice.label ?? recordLabel(notice.table, await device.db.recordTable(notice.table).get(notice.recordId)),
    })),
  );
}

export function unseenNoticeCount(device: Device): Promise<number> {
  return device.db.notices.where('seen').equals(0).count();
}

export async function dismissNotice(device: Device, id: string): Promise<void> {
  await device.db.notices.update(id, { seen: 1 });
}
