/**
 * The columns of each exported list: a header row in Chinese (the names the app shows a field by,
 * from src/i18n/terms.ts: one name per field, never a second copy) and each cell as people read
 * it: values by their names, lists joined with 、, times in China Standard Time.
 */

import type { BrowseTable } from '../../shared/desk-messages.ts';
import type { SyncTable } from '../../shared/domain.ts';
import { FIELD_VOCABULARY, zhFields, zhTerms } from '../../src/i18n/terms.ts';
import { chinaDateTime } from './days.ts';

export interface ExportColumn {
  header: string;
  value(record: Record<string, unknown>, labels: Record<string, string>): string | number;
}

function named(table: SyncTable, field: string, value: unknown): string {
  const vocabulary = FIELD_VOCABULARY[`${table}.${field}`];
  const names = vocabulary ? (zhTerms[vocabulary] as Record<string, string>) : undefined;
  if (Array.isArray(value)) return value.map((item) => named(table, field, item)).join('、');
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return names?.[String(value)] ?? String(value);
}

/** A content field under its own name. */
function field<T extends BrowseTable>(table: T, name: keyof (typeof zhFields)[T] & string, time = false): ExportColumn {
  return {
    header: (zhFields[table] as Record<string, string>)[name] ?? name,
    value: (record) => {
      const value = record[name];
      if (typeof value === 'number') return value;
      return time && typeof value === 'string' ? chinaDateTime(value) : named(table, name, value);
    },
  };
}

/** A name looked up for the record (its building, its visitor…). */
function label(header: string, key: string): ExportColumn {
  return { header, value: (_record, labels) => labels[key] ?? '' };
}

const places = [
  label(zhTerms.placeKind.compound, 'compound'),
  label(zhTerms.placeKind.building, 'building'),
  label(zhTerms.placeKind.grid, 'grid'),
];

export const EXPORT_COLUMNS: Record<BrowseTable, ExportColumn[]> = {
  households: [
    ...places,
    label(zhTerms.placeKind.unit, 'unit'),
    field('households', 'roomNo'),
    field('households', 'address'),
    field('households', 'headName'),
    field('households', 'phone'),
    field('households', 'memberCount'),
    field('households', 'tags'),
    field('households', 'notes'),
  ],
  residents: [
    ...places,
    label(zhFields.residents.householdId, 'household'),
    field('residents', 'name'),
    field('residents', 'relation'),
    field('residents', 'phone'),
    field('residents', 'birthYear'),
    field('residents', 'tags'),
  ],
  visits: [
    field('visits', 'visitedAt', true),
    ...places,
    label(zhFields.visits.householdId, 'household'),
    field('visits', 'purpose'),
    label(zhFields.visits.visitorId, 'visitor'),
    field('visits', 'metWith'),
    {
      header: zhFields.visits.needs,
      value: (record) =>
        ((record.needs as { kind: string; text: string }[] | undefined) ?? [])
          .map((need) => `${(zhTerms.needKind as Record<string, string>)[need.kind] ?? need.kind}：${need.text}`)
          .join('；'),
    },
    field('visits', 'tags'),
    field('visits', 'followUpOn'),
    field('visits', 'note'),
  ],
  issues: [
    field('issues', 'reportedAt', true),
    ...places,
    field('issues', 'category'),
    field('issues', 'title'),
    field('issues', 'description'),
    field('issues', 'status'),
    label(zhFields.issues.reporterId, 'reporter'),
    label(zhFields.issues.assigneeId, 'assignee'),
  ],
  partyMembers: [
    field('partyMembers', 'name'),
    field('partyMembers', 'phone'),
    label(zhFields.partyMembers.orgId, 'org'),
    label(zhFields.partyMembers.homeBuildingId, 'homeBuilding'),
    label(zhFields.partyMembers.homeUnitId, 'homeUnit'),
    field('partyMembers', 'kind'),
    field('partyMembers', 'groupRole'),
    field('partyMembers', 'volunteerHours'),
    field('partyMembers', 'pledge'),
  ],
};
