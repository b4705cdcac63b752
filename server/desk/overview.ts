/**
 * The dashboard's figures (design.md, "Reports and export"), each computed by the database:
 * counts, distinct counts, groupings and the median time to resolve, never by loading rows here.
 * Days are China Standard Time; visit figures count visits in the range, issue figures every
 * current issue of the place.
 */
import { sql } from 'kysely';
import type { Overview } from '../../shared/desk-messages.ts';
import { type DatabaseKind, jsonFields } from '../db/json-fields.ts';
import type { Db } from '../sync/records.ts';
import { chinaDay, endOfDay, firstOfMonth, notVisitedWindow, startOfDay } from './days.ts';
import { notVisitedQuery } from './district.ts';
import { byPlaceOrder, type CommunityTree } from './places.ts';
import { firstResolves, resolveFigures } from './resolve-times.ts';
import { type PlaceScope, placeScope } from './scope.ts';

export async function overview(
  db: Db,
  kind: DatabaseKind,
  tree: CommunityTree,
  users: Map<string, string>,
  query: { from?: string | undefined; to?: string | undefined; placeId?: string | undefined },
  now = Date.now(),
): Promise<Overview> {
  const json = jsonFields(kind);
  const to = query.to ?? chinaDay(now);
  const from = query.from ?? firstOfMonth(to);
  const scope: PlaceScope = placeScope(tree, query.placeId);
  const rangeStart = startOfDay(from);
  const rangeEnd = endOfDay(to);

  const records = (table: string) =>
    db
      .selectFrom('records as r')
      .where('r.tbl', '=', table)
      .where(scope.column, '=', scope.placeId)
      .where('r.deleted', '=', 0);
  const visitsInRange = () =>
    records('visits').where(() => json.instantBetween('r', 'visitedAt', rangeStart, rangeEnd));

  const households = await records('households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const visits = await visitsInRange()
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('r.parent_id').distinct().as('households')])
    .executeTakeFirstOrThrow();

  const householdsByGrid = await records('households')
    .select((eb) => ['r.grid_id as gridId', eb.fn.countAll<number>().as('n')])
    .groupBy('r.grid_id')
    .execute();
  const visitedByGrid = await visitsInRange()
    .select((eb) => ['r.grid_id as gridId', eb.fn.count<number>('r.parent_id').distinct().as('n')])
    .groupBy('r.grid_id')
    .execute();
  const visitedIn = new Map(visitedByGrid.map((row) => [row.gridId, Number(row.n)]));
  const householdsIn = new Map(householdsByGrid.map((row) => [row.gridId, Number(row.n)]));
  const grids = [...tree.places.values()].filter(
    (place) =>
      place.kind === 'grid' &&
      (scope.column === 'r.community_id' ||
        (scope.column === 'r.compound_id' && place.placeIds.compoundId === scope.placeId) ||
        (scope.column === 'r.grid_id' && place.id === scope.placeId) ||
        householdsIn.has(place.id)),
  );
  const coverageByGrid = grids.sort(byPlaceOrder).map((grid) => ({
    gridId: grid.id,
    name: grid.name,
    households: householdsIn.get(grid.id) ?? 0,
    visited: visitedIn.get(grid.id) ?? 0,
  }));

  const byWorker = await visitsInRange()
    .select((eb) => [json.text('r', 'visitorId').as('userId'), eb.fn.countAll<number>().as('n')])
    .groupBy(json.text('r', 'visitorId'))
    .orderBy(sql`count(*)`, 'desc')
    .execute();
  const visitsByWorker = byWorker.map((row) => ({
    userId: String(row.userId),
    displayName: users.get(String(row.userId)) ?? '',
    visits: Number(row.n),
  }));

  const countsBy = async (field: string) => {
    const rows = await records('issues')
      .select((eb) => [json.text('r', field).as('value'), eb.fn.countAll<number>().as('n')])
      .groupBy(json.text('r', field))
      .execute();
    return Object.fromEntries(rows.map((row) => [String(row.value), Number(row.n)]));
  };
  const issuesByStatus = await countsBy('status');
  const issuesByCategory = await countsBy('category');

  const nowIso = new Date(now).toISOString();
  const age = json.hoursBetween(json.instant('r', 'reportedAt'), sql<string>`${nowIso}`);
  const ages = await records('issues')
    .where(json.text('r', 'status'), 'not in', ['resolved', 'closed'])
    .select([
      sql<number>`coalesce(sum(case when ${age} < 72 then 1 else 0 end), 0)`.as('under3'),
      sql<number>`coalesce(sum(case when ${age} >= 72 and ${age} < 168 then 1 else 0 end), 0)`.as('to7'),
      sql<number>`coalesce(sum(case when ${age} >= 168 and ${age} < 720 then 1 else 0 end), 0)`.as('to30'),
      sql<number>`coalesce(sum(case when ${age} >= 720 then 1 else 0 end), 0)`.as('over30'),
    ])
    .executeTakeFirstOrThrow();

  // Time to resolve: from the report to the issue's first `resolve` event, for issues resolved or
  // closed now. The median is the middle row (or the mean of the middle two) by a window count.
  const resolveHours = records('issues')
    .where(json.text('r', 'status'), 'in', ['resolved', 'closed'])
    .innerJoin(firstResolves(db, json, tree.communityId).as('e'), 'e.issueId', 'r.id')
    .select(json.hoursBetween(json.instant('r', 'reportedAt'), sql.ref<string>('e.resolvedAt')).as('hours'));
  const resolution = await resolveFigures(db, resolveHours);

  // Not visited in the 30 days up to the end of the range (or now, if that is earlier): the
  // district report's count (district.ts), of the place asked for.
  const notVisited = (await notVisitedQuery(db, kind, [tree.communityId], notVisitedWindow(rangeEnd, now))
    .where(scope.column, '=', scope.placeId)
    .executeTakeFirst()) ?? { n: 0, care: 0 };

  const hours = await records('partyMembers')
    .where(sql<boolean>`not ${json.isTrue('r', 'retired')}`)
    .select(sql<number>`coalesce(sum(${json.number('r', 'volunteerHours')}), 0)`.as('n'))
    .executeTakeFirstOrThrow();

  const round = (value: number | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);
  return {
    from,
    to,
    households: Number(households.n),
    visitedHouseholds: Number(visits.households),
    visits: Number(visits.n),
    coverageByGrid,
    visitsByWorker,
    issuesByStatus,
    issuesByCategory,
    openIssuesByAge: {
      under3Days: Number(ages.under3),
      from3To7Days: Number(ages.to7),
      from7To30Days: Number(ages.to30),
      over30Days: Number(ages.over30),
    },
    escalated: issuesByStatus.escalated ?? 0,
    medianResolveHours: round(resolution.median),
    resolvedWithin7Days: resolution.within7 === null ? null : Math.round(Number(resolution.within7) * 1000) / 1000,
    notVisitedIn30Days: Number(notVisited.n),
    careHouseholdsNotVisitedIn30Days: Number(notVisited.care),
    volunteerHours: Number(hours.n),
  };
}
