/**
 * Imports a roster (households with their residents, or party members) from spreadsheet rows:
 * every bad row is reported with its row number, column and reason; the good rows are written in
 * one transaction through the server's change log, so phones pull them. Idempotent by natural key
 * (building + unit + room for a household, its member's name within it; name + phone for a party
 * member): the same file twice changes nothing, an edited file updates what changed.
 */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ImportKind, ImportRejection, ImportReport } from '../../shared/desk-messages.ts';
import { CARE_TAGS, type CareTag, GROUP_ROLES, MEMBER_KINDS } from '../../shared/domain.ts';
import { personName, phone as phoneSchema, requiredText, text } from '../../shared/tables/fields.ts';
import { zhTerms } from '../../src/i18n/terms.ts';
import type { Database } from '../db/schema.ts';
import { type CommunityTree, loadCommunityTree, type PlaceNode } from '../desk/places.ts';
import { changeTransaction, type Db, fromRow, type StoredRecord } from '../sync/records.ts';
import { ServerWriter, type WriteOutcome } from '../sync/server-writes.ts';
import { COLUMNS_OF, REQUIRED_COLUMNS, say } from './columns.ts';
import { PlaceFinder } from './places-by-name.ts';
import type { SheetRow } from './read-sheet.ts';

type Cells<K extends string> = Record<K, string>;

/** A row's cells by column key, or the columns the header lacks. */
function mapHeader(kind: ImportKind, header: SheetRow | undefined): { index: Map<string, number>; missing: string[] } {
  const columns = COLUMNS_OF[kind];
  const index = new Map<string, number>();
  const headers = (header?.cells ?? []).map((cell) => cell.replace(/\s+/g, ''));
  for (const [key, title] of Object.entries(columns)) {
    const at = headers.indexOf(title);
    if (at >= 0) index.set(key, at);
  }
  const missing = REQUIRED_COLUMNS[kind].filter((key) => !index.has(key)).map((key) => columns[key] as string);
  return { index, missing };
}

function cellsOf<K extends string>(row: SheetRow, index: Map<string, number>, keys: readonly K[]): Cells<K> {
  return Object.fromEntries(
    keys.map((key) => {
      const at = index.get(key);
      return [key, at === undefined ? '' : (row.cells[at] ?? '').trim()];
    }),
  ) as Cells<K>;
}

class Report {
  readonly rejected: ImportRejection[] = [];
  private readonly outcomes = new Map<number, WriteOutcome>();
  private readonly badRows = new Set<number>();

  constructor(
    readonly kind: ImportKind,
    readonly rows: number,
  ) {}

  reject(row: number, key: string, message: string): void {
    this.rejected.push({ row, column: COLUMNS_OF[this.kind][key] ?? key, message });
    this.badRows.add(row);
  }

  isBad(row: number): boolean {
    return this.badRows.has(row);
  }

  /** The row's outcome: the strongest of its records' (created > updated > unchanged). */
  record(row: number, outcome: WriteOutcome): void {
    const rank = { unchanged: 0, updated: 1, created: 2 };
    const before = this.outcomes.get(row);
    if (!before || rank[outcome] > rank[before]) this.outcomes.set(row, outcome);
  }

  result(): ImportReport {
    const count = (outcome: WriteOutcome) => [...this.outcomes.values()].filter((o) => o === outcome).length;
    this.rejected.sort((a, b) => a.row - b.row);
    return {
      rows: this.rows,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rejected: this.rejected,
    };
  }
}

/** Writes, or (dry run) says what a write would do, from the record as it stands. */
interface Sink {
  put(
    table: 'households' | 'residents' | 'partyMembers' | 'partyOrgs',
    id: string,
    fields: Record<string, unknown>,
    known: StoredRecord | null,
  ): Promise<WriteOutcome>;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const dryRun: Sink = {
  async put(_table, _id, fields, known) {
    if (!known) return 'created';
    return Object.entries(fields).some(([field, value]) => !sameValue(known.data[field], value))
      ? 'updated'
      : 'unchanged';
  },
};

function writing(writer: ServerWriter): Sink {
  return { put: (table, id, fields, known) => writer.put(table, id, fields, known) };
}

async function recordsOf(db: Db, table: string, communityId: string): Promise<StoredRecord[]> {
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .where('tbl', '=', table)
    .where('community_id', '=', communityId)
    .where('deleted', '=', 0)
    .execute();
  return rows.map(fromRow);
}

function parseTags(value: string): { tags: CareTag[] } | { bad: string } {
  const names = value.split(/[、,，;；/\s]+/).filter(Boolean);
  const byName = new Map<string, CareTag>(CARE_TAGS.map((tag) => [zhTerms.careTag[tag], tag]));
  const tags = new Set<CareTag>();
  for (const name of names) {
    const tag = byName.get(name) ?? (CARE_TAGS as readonly string[]).find((t) => t === name);
    if (!tag) return { bad: name };
    tags.add(tag as CareTag);
  }
  return { tags: CARE_TAGS.filter((tag) => tags.has(tag)) };
}

/** A text cell checked against the field's own rule (shared/tables/fields.ts). */
function checkText(report: Report, row: number, key: string, value: string, max: number, required: boolean): boolean {
  const rule = required ? requiredText(max) : text(max);
  const parsed = rule.safeParse(value);
  if (parsed.success) return true;
  report.reject(row, key, value === '' ? say('required') : say('tooLong', { limit: max }));
  return false;
}

function checkName(report: Report, row: number, key: string, value: string): boolean {
  if (personName.safeParse(value).success) return true;
  report.reject(row, key, value ? say('tooLong', { limit: 50 }) : say('required'));
  return false;
}

function checkPhone(report: Report, row: number, key: string, value: string): boolean {
  if (value === '' || phoneSchema.safeParse(value).success) return true;
  report.reject(row, key, say('badPhone'));
  return false;
}

// ---------------------------------------------------------------------------------------------
// Households with their residents: one row per person, rows of one room make one household
// ---------------------------------------------------------------------------------------------

const HOUSEHOLD_KEYS = [
  'compound',
  'building',
  'unit',
  'room',
  'name',
  'relation',
  'phone',
  'birthYear',
  'tags',
  'notes',
] as const;
type PersonCells = Cells<(typeof HOUSEHOLD_KEYS)[number]>;

interface PersonRow {
  row: number;
  cells: PersonCells;
  tags: CareTag[];
  birthYear: number | null;
  building: PlaceNode;
  unit: PlaceNode | null;
  compound: PlaceNode | null;
}

const HEAD = '户主';

async function importHouseholds(
  db: Db,
  tree: CommunityTree,
  rows: SheetRow[],
  index: Map<string, number>,
  report: Report,
  sink: Sink,
): Promise<void> {
  const finder = new PlaceFinder(tree);
  const households = new Map<string, PersonRow[]>();
  for (const sheetRow of rows) {
    const row = sheetRow.row;
    const cells = cellsOf(sheetRow, index, HOUSEHOLD_KEYS);
    let ok = checkText(report, row, 'room', cells.room, 20, true);
    ok = checkName(report, row, 'name', cells.name) && ok;
    ok = checkText(report, row, 'relation', cells.relation, 20, false) && ok;
    ok = checkPhone(report, row, 'phone', cells.phone) && ok;
    ok = checkText(report, row, 'notes', cells.notes, 2000, false) && ok;
    let birthYear: number | null = null;
    if (cells.birthYear) {
      birthYear = Number(cells.birthYear);
      if (!/^\d{4}$/.test(cells.birthYear) || birthYear < 1900 || birthYear > 2100) {
        report.reject(row, 'birthYear', say('badYear'));
        ok = false;
      }
    }
    const tags = parseTags(cells.tags);
    if ('bad' in tags) {
      report.reject(row, 'tags', say('badTag', { name: tags.bad }));
      ok = false;
    }
    const place = finder.resolve(cells);
    if (!place.ok) {
      report.reject(row, place.field, place.message);
      continue;
    }
    if (!ok) continue;
    const key = `${place.building.id}|${place.unit?.id ?? ''}|${cells.room}`;
    const person: PersonRow = {
      row,
      cells,
      tags: 'tags' in tags ? tags.tags : [],
      birthYear,
      building: place.building,
      unit: place.unit,
      compound: place.compound,
    };
    households.set(key, [...(households.get(key) ?? []), person]);
  }

  // Rows whose room could be placed but that failed a cell check still belong to their room:
  // a household is written whole or not at all.
  const existingHouseholds = new Map<string, StoredRecord>();
  for (const household of await recordsOf(db, 'households', tree.communityId)) {
    const data = household.data;
    existingHouseholds.set(`${data.buildingId}|${data.unitId ?? ''}|${data.roomNo}`, household);
  }
  const residentsOf = new Map<string, Map<string, StoredRecord>>();
  for (const resident of await recordsOf(db, 'residents', tree.communityId)) {
    const householdId = String(resident.data.householdId);
    const byName = residentsOf.get(householdId) ?? new Map<string, StoredRecord>();
    byName.set(String(resident.data.name), resident);
    residentsOf.set(householdId, byName);
  }
  const communityName = tree.places.get(tree.communityId)?.name ?? '';

  for (const people of households.values()) {
    const first = people[0] as PersonRow;
    const heads = people.filter((p) => p.cells.relation === HEAD || (people.length === 1 && p.cells.relation === ''));
    let bad = false;
    if (heads.length === 0) {
      report.reject(first.row, 'relation', say('noHead'));
      bad = true;
    }
    for (const extra of heads.slice(1)) {
      report.reject(extra.row, 'room', say('duplicateRoom', { row: (heads[0] as PersonRow).row }));
      bad = true;
    }
    const seen = new Map<string, number>();
    for (const person of people) {
      const earlier = seen.get(person.cells.name);
      if (earlier !== undefined) {
        report.reject(person.row, 'name', say('duplicatePerson', { row: earlier }));
        bad = true;
      } else seen.set(person.cells.name, person.row);
      if (!person.cells.relation && people.length > 1) {
        report.reject(person.row, 'relation', say('required'));
        bad = true;
      }
    }
    if (bad) {
      for (const person of people)
        if (!report.isBad(person.row)) report.reject(person.row, 'room', say('householdRejected'));
      continue;
    }
    const head = heads[0] as PersonRow;
    const key = `${first.building.id}|${first.unit?.id ?? ''}|${first.cells.room}`;
    const known = existingHouseholds.get(key) ?? null;
    const householdId = known?.id ?? uuidv7();
    const tags = CARE_TAGS.filter((tag) => people.some((person) => person.tags.includes(tag)));
    const notes = people.find((person) => person.cells.notes)?.cells.notes;
    const address = [communityName, first.compound?.name, first.building.name, first.unit?.name, first.cells.room]
      .filter(Boolean)
      .join('');
    const householdOutcome = await sink.put(
      'households',
      householdId,
      {
        buildingId: first.building.id,
        unitId: first.unit?.id ?? null,
        roomNo: first.cells.room,
        address: address.slice(0, 200),
        headName: head.cells.name,
        phone: head.cells.phone || null,
        memberCount: Math.max(people.length, known ? Number(known.data.memberCount ?? 0) : 0),
        tags,
        ...(notes ? { notes } : {}),
      },
      known,
    );
    report.record(head.row, householdOutcome);
    const residents = residentsOf.get(householdId);
    for (const person of people) {
      const existing = residents?.get(person.cells.name) ?? null;
      const outcome = await sink.put(
        'residents',
        existing?.id ?? uuidv7(),
        {
          householdId,
          name: person.cells.name,
          relation: person.cells.relation || HEAD,
          phone: person.cells.phone || null,
          birthYear: person.birthYear,
          tags: person.tags,
        },
        existing,
      );
      report.record(person.row, outcome);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Party members: one row each, filed in their building's party group
// ---------------------------------------------------------------------------------------------

const MEMBER_KEYS = [
  'name',
  'phone',
  'compound',
  'building',
  'unit',
  'kind',
  'groupRole',
  'volunteerHours',
  'pledge',
] as const;

function reverse<T extends string>(values: readonly T[], names: Record<T, string>): Map<string, T> {
  const map = new Map<string, T>();
  for (const value of values) {
    map.set(names[value], value);
    map.set(value, value);
  }
  return map;
}

/** The organisation a member at this place belongs to, made (with any missing level above it) when absent. */
class OrgFinder {
  constructor(
    private readonly tree: CommunityTree,
    private readonly sink: Sink,
  ) {}

  private find(level: string, placeId: string): string | undefined {
    for (const org of this.tree.orgs.values()) if (org.level === level && org.placeId === placeId) return org.id;
    return undefined;
  }

  async orgFor(compound: PlaceNode | null, building: PlaceNode | null): Promise<string> {
    const community = this.tree.places.get(this.tree.communityId);
    const general = await this.ensure('general_branch', this.tree.communityId, `${community?.name ?? ''}党总支`, null);
    const branch = compound ? await this.ensure('branch', compound.id, `${compound.name}党支部`, general) : general;
    if (!building) return branch;
    return this.ensure('group', building.id, `${compound?.name ?? ''}${building.name}党小组`, branch);
  }

  private async ensure(level: string, placeId: string, name: string, parentId: string | null): Promise<string> {
    const found = this.find(level, placeId);
    if (found) return found;
    const id = uuidv7();
    await this.sink.put('partyOrgs', id, { level, name, parentId, placeId }, null);
    this.tree.orgs.set(id, { id, level, name, parentId, placeId });
    return id;
  }
}

async function importPartyMembers(
  db: Db,
  tree: CommunityTree,
  rows: SheetRow[],
  index: Map<string, number>,
  report: Report,
  sink: Sink,
): Promise<void> {
  const finder = new PlaceFinder(tree);
  const orgs = new OrgFinder(tree, sink);
  const kinds = reverse(MEMBER_KINDS, zhTerms.memberKind);
  const roles = reverse(GROUP_ROLES, zhTerms.groupRole);
  const existing = new Map<string, StoredRecord>();
  for (const member of await recordsOf(db, 'partyMembers', tree.communityId)) {
    existing.set(`${member.data.name}|${member.data.phone ?? ''}`, member);
  }
  const seen = new Map<string, number>();
  for (const sheetRow of rows) {
    const row = sheetRow.row;
    const cells = cellsOf(sheetRow, index, MEMBER_KEYS);
    let ok = checkName(report, row, 'name', cells.name);
    ok = checkPhone(report, row, 'phone', cells.phone) && ok;
    ok = checkText(report, row, 'pledge', cells.pledge, 500, false) && ok;
    const kind = cells.kind ? kinds.get(cells.kind) : 'resident';
    if (!kind) {
      report.reject(row, 'kind', say('badKind', { name: cells.kind }));
      ok = false;
    }
    const groupRole = cells.groupRole ? roles.get(cells.groupRole) : 'member';
    if (!groupRole) {
      report.reject(row, 'groupRole', say('badRole', { name: cells.groupRole }));
      ok = false;
    }
    const hours = cells.volunteerHours === '' ? undefined : Number(cells.volunteerHours);
    if (hours !== undefined && !(Number.isFinite(hours) && hours >= 0 && hours <= 100000)) {
      report.reject(row, 'volunteerHours', say('badHours'));
      ok = false;
    }
    let compound: PlaceNode | null = null;
    let building: PlaceNode | null = null;
    let unit: PlaceNode | null = null;
    if (cells.building) {
      const place = finder.resolve(cells);
      if (!place.ok) {
        report.reject(row, place.field, place.message);
        continue;
      }
      ({ compound, building, unit } = place);
    } else if (cells.compound) {
      const place = finder.resolve({ ...cells, building: '' });
      if (!place.ok && place.field === 'compound') {
        report.reject(row, place.field, place.message);
        continue;
      }
      compound = [...tree.places.values()].find((p) => p.kind === 'compound' && p.name === cells.compound) ?? null;
    }
    const key = `${cells.name}|${cells.phone}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report.reject(row, 'name', say('duplicateMember', { row: earlier }));
      continue;
    }
    seen.set(key, row);
    if (!ok || !kind || !groupRole) continue;
    const known = existing.get(key) ?? null;
    const outcome = await sink.put(
      'partyMembers',
      known?.id ?? uuidv7(),
      {
        orgId: await orgs.orgFor(compound, building),
        name: cells.name,
        phone: cells.phone || null,
        homeBuildingId: building?.id ?? null,
        homeUnitId: unit?.id ?? null,
        kind,
        groupRole,
        ...(cells.pledge ? { pledge: cells.pledge } : {}),
        ...(hours !== undefined ? { volunteerHours: hours } : {}),
      },
      known,
    );
    report.record(row, outcome);
  }
}

/** Checks every row and, unless `dryRun`, writes the good ones in one transaction. */
export async function importRoster(
  db: Kysely<Database>,
  user: { id: string; place: { id: string } },
  kind: ImportKind,
  sheet: SheetRow[],
  options: { dryRun: boolean },
): Promise<ImportReport> {
  const [header, ...rows] = sheet;
  const report = new Report(kind, rows.length);
  const { index, missing } = mapHeader(kind, header);
  if (missing.length > 0) {
    for (const title of missing)
      report.rejected.push({ row: header?.row ?? 1, column: title, message: say('missingColumn') });
    return report.result();
  }
  const run = kind === 'households' ? importHouseholds : importPartyMembers;
  if (options.dryRun) {
    const tree = await loadCommunityTree(db, user.place.id);
    await run(db, tree, rows, index, report, dryRun);
    return report.result();
  }
  await changeTransaction(db, async (trx, seq) => {
    const tree = await loadCommunityTree(trx, user.place.id);
    const writer = new ServerWriter(trx, seq, user.id);
    await run(trx, tree, rows, index, report, writing(writer));
  });
  return report.result();
}
