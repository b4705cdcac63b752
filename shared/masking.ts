/**
 * Who sees which personal field in full, outside the phones' own synced data. One rule for the
 * browse lists and the exports:
 *
 * - phone numbers read 138****5678 in every browse list and in supervisors' exports;
 * - administrators, who keep the rosters, get full numbers in exports of households, residents
 *   and party members.
 *
 * - care tags (elderly living alone, released from prison, …) reach only the roles that serve the
 *   households: grid workers, supervisors and administrators. A building lead's phone never
 *   receives them: pull sends a household's tags empty and a resident's or visit's without them.
 *
 * Which fields are personal is each table's descriptor (`personal`); this module decides how each
 * kind of personal field is masked.
 */
import type { Role, SyncTable } from './domain.ts';
import { tableOf } from './tables/index.ts';

/** Where a record is being shown. */
export type Showing = 'browse' | 'export';

/** Tables whose exports are rosters an administrator maintains. */
const ROSTER_TABLES: readonly SyncTable[] = ['households', 'residents', 'partyMembers'];

/** Personal fields masked outside the rosters' keepers, by name, with how. */
const MASKS: Readonly<Record<string, (value: string) => string>> = {
  phone: maskPhone,
};

/** 13812345678 → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** The table's personal fields that are masked for whoever does not see them in full. */
export function maskedFields(table: SyncTable): string[] {
  return tableOf(table).personal.filter((field) => field in MASKS);
}

export function seesInFull(role: Role, table: SyncTable, showing: Showing): boolean {
  return showing === 'export' && role === 'admin' && ROSTER_TABLES.includes(table);
}

/** The record as this role may see it here: masked fields replaced, everything else as is. */
export function maskRecord<T extends Record<string, unknown>>(
  table: SyncTable,
  record: T,
  role: Role,
  showing: Showing,
): T {
  if (seesInFull(role, table, showing)) return record;
  let masked: T | null = null;
  for (const field of maskedFields(table)) {
    const value = record[field];
    const mask = MASKS[field];
    if (typeof value !== 'string' || !mask) continue;
    masked ??= { ...record };
    (masked as Record<string, unknown>)[field] = mask(value);
  }
  return masked ?? record;
}

/** Who serves care households, and so sees their care tags. */
const CARE_TAG_READERS: readonly Role[] = ['grid_worker', 'supervisor', 'admin'];

/** The tables whose `tags` are care tags, and whether the field must be present (then empty). */
const CARE_TAG_TABLES: Partial<Record<SyncTable, 'empty' | 'absent'>> = {
  households: 'empty',
  residents: 'absent',
  visits: 'absent',
};

export function seesCareTags(role: Role): boolean {
  return CARE_TAG_READERS.includes(role);
}

/** Whether this field of this table is care tags the role does not see. */
export function hidesCareTagField(role: Role, table: SyncTable, field: string): boolean {
  return field === 'tags' && table in CARE_TAG_TABLES && !seesCareTags(role);
}

/** The record as it may reach this role's phone: care tags removed for roles that do not serve them. */
export function withoutUnservedTags<T extends Record<string, unknown>>(table: SyncTable, record: T, role: Role): T {
  const shape = CARE_TAG_TABLES[table];
  if (!shape || seesCareTags(role) || !('tags' in record)) return record;
  const { tags: _tags, ...rest } = record;
  return (shape === 'empty' ? { ...rest, tags: [] } : rest) as unknown as T;
}
