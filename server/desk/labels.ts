/**
 * Names for what a record points at (its compound, building, grid, household, the people who
 * wrote it), so that a browse row or an export line reads as people talk, not as ids.
 */
import type { BrowseTable } from '../../shared/desk-messages.ts';
import type { Db, StoredRecord } from '../sync/records.ts';
import { fromRow } from '../sync/records.ts';
import { type CommunityTree, loadCommunityTree, placeName } from './places.ts';

export class Labeller {
  private readonly households = new Map<string, { roomNo: string; headName: string; buildingId: string }>();

  private constructor(
    private readonly db: Db,
    readonly tree: CommunityTree,
    private readonly users: Map<string, string>,
  ) {}

  static async load(db: Db, communityId: string): Promise<Labeller> {
    const tree = await loadCommunityTree(db, communityId);
    const rows = await db.selectFrom('users').select(['id', 'display_name']).execute();
    return new Labeller(db, tree, new Map(rows.map((row) => [row.id, row.display_name])));
  }

  userName(id: unknown): string {
    return typeof id === 'string' ? (this.users.get(id) ?? '') : '';
  }

  /** Reads the households a page of visits, residents or issues points at, in one query. */
  async prepare(table: BrowseTable, records: readonly StoredRecord[]): Promise<void> {
    if (table !== 'visits' && table !== 'residents' && table !== 'issues') return;
    const wanted = [
      ...new Set(records.map((record) => record.data.householdId).filter((id): id is string => typeof id === 'string')),
    ].filter((id) => !this.households.has(id));
    for (let start = 0; start < wanted.length; start += 500) {
      const rows = await this.db
        .selectFrom('records')
        .selectAll()
        .where('tbl', '=', 'households')
        .where('id', 'in', wanted.slice(start, start + 500))
        .execute();
      for (const row of rows) {
        const household = fromRow(row);
        this.households.set(household.id, {
          roomNo: String(household.data.roomNo),
          headName: String(household.data.headName),
          buildingId: String(household.data.buildingId),
        });
      }
    }
    // A long export keeps only what the next pages may need.
    if (this.households.size > 20_000) this.households.clear();
  }

  labels(table: BrowseTable, record: StoredRecord): Record<string, string> {
    const { data, placeIds } = record;
    const labels: Record<string, string> = {
      compound: placeName(this.tree, placeIds.compoundId),
      building: placeName(this.tree, placeIds.buildingId),
      grid: placeName(this.tree, placeIds.gridId),
    };
    if (table === 'households') labels.unit = placeName(this.tree, data.unitId as string | null);
    if (typeof data.householdId === 'string') {
      const household = this.households.get(data.householdId);
      labels.household = household ? `${household.roomNo} ${household.headName}` : '';
      labels.headName = household?.headName ?? '';
    }
    if (table === 'visits') labels.visitor = this.userName(data.visitorId);
    if (table === 'issues') {
      labels.reporter = this.userName(data.reporterId);
      labels.assignee = this.userName(data.assigneeId);
    }
    if (table === 'partyMembers') {
      labels.org = this.tree.orgs.get(String(data.orgId))?.name ?? '';
      labels.homeBuilding = placeName(this.tree, data.homeBuildingId as string | null);
      labels.homeUnit = placeName(this.tree, data.homeUnitId as string | null);
    }
    return labels;
  }
}
