/**
 * Who sees which personal field in full, outside the phones' own synced data. One rule for the
 * browse lists and the exports:
 *
 * - phone numbers read 138****5678 in every browse list and in supervisors' exports;
 * - administrators, who keep the rosters, get full numbers in exports of households, residents
 *   and party members.
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
