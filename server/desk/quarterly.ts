/**
 * The quarterly report (季度述职) of a compound branch or the community: the quarter's visits and
 * coverage, issues by category and time to resolve, micro-wishes, projects, co-building
 * activities and in-service members' hours. Every figure is counted by the database; days are
 * China Standard Time.
 */
import { sql } from 'kysely';
import type { QuarterlyReport } from '../../shared/desk-messages.ts';
import { type DatabaseKind, jsonFields } from '../db/json-fields.ts';
import { ApiError } from '../http-errors.ts';
import type { Db } from '../sync/records.ts';
import { endOfDay, startOfDay } from './days.ts';
import { lastWholeQuarter, quarterDays } from './periods.ts';
import { byPlaceOrder, type CommunityTree, comparePlaceIds, placeName } from './places.ts';
import { firstResolves, resolveFigures } from './resolve-times.ts';
import { placeScope } from './scope.ts';
import { memberHours, partnerNames, scopedColumn, scopedRecords, tenths } from './service.ts';

const count = (value: unknown) => Number(value ?? 0);

export async function quarterlyReport(
  db: Db,
  kind: DatabaseKind,
  tree: CommunityTree,
  query: { quarter?: string | undefined; placeId?: string | undefined },
  now = Date.now(),
): Promise<QuarterlyReport> {
  const json = jsonFields(kind);
  const quarter = query.quarter ?? lastWholeQuarter(now);
  const { from, to } = quarterDays(quarter);
  const scope = placeScope(tree, query.placeId);
  const place = tree.places.get(scope.placeId);
  if (place?.kind !== 'community' && place?.kind !== 'compound') {
    throw new ApiError(422, 'invalid', 'placeId: the community or one of its compounds', 'placeId');
  }
  const [start, end] = [startOfDay(from), endOfDay(to)];
  const records = (table: string) => scopedRecords(db, scope, table);
  const inQuarter = (table: string, field: string) =>
    records(table).where(() => json.instantBetween('r', field, start, end));
  const tally = async (query: ReturnType<typeof records>) =>
    count((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const grids = [...tree.places.values()]
    .filter((p) => p.kind === 'grid' && (place.kind === 'community' || p.placeIds.compoundId === place.id))
    .sort(byPlaceOrder);
  const byGridOf = async (query: ReturnType<typeof records>, what: 'rows' | 'households') => {
    const rows = await query
      .select((eb) => [
        'r.grid_id as gridId',
        what === 'rows'
          ? eb.fn.countAll<number>().as('n')
          : eb.fn.count<number>(json.text('r', 'householdId')).distinct().as('n'),
      ])
      .groupBy('r.grid_id')
      .execute();
    return new Map(rows.map((row) => [row.gridId as string | null, count(row.n)]));
  };

  // Visits and coverage.
  const households = await byGridOf(records('households'), 'rows');
  const visited = await byGridOf(inQuarter('visits', 'visitedAt'), 'households');
  const visitsIn = await byGridOf(inQuarter('visits', 'visitedAt'), 'rows');
  const visitTotals = await inQuarter('visits', 'visitedAt')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>(json.text('r', 'householdId')).distinct().as('households'),
    ])
    .executeTakeFirstOrThrow();

  // Issues reported in the quarter, and those first resolved in it with the time it took.
  const byCategory = await inQuarter('issues', 'reportedAt')
    .select((eb) => [json.text('r', 'category').as('category'), eb.fn.countAll<number>().as('n')])
    .groupBy(json.text('r', 'category'))
    .execute();
  const resolveHours = records('issues')
    .innerJoin(firstResolves(db, json, tree.communityId).as('f'), 'f.issueId', 'r.id')
    .where('f.resolvedAt', '>=', start)
    .where('f.resolvedAt', '<', end)
    .select(json.hoursBetween(json.instant('r', 'reportedAt'), sql.ref<string>('f.resolvedAt')).as('hours'));
  const resolution = await resolveFigures(db, resolveHours);

  // Micro-wishes: cards recorded, claims made, wishes fulfilled and confirmed in the quarter.
  const wishesRecorded = await byGridOf(inQuarter('wishes', 'recordedAt'), 'rows');
  const wishesFulfilled = await byGridOf(inQuarter('wishes', 'fulfilledAt'), 'rows');
  // Events outlive a deleted wish (they are append-only): count claims on live wishes only, as
  // the wishes recorded, fulfilled and confirmed are.
  const claimed = await inQuarter('wishEvents', 'at')
    .innerJoin('records as w', (join) =>
      join.on((eb) =>
        eb.and([eb('w.tbl', '=', 'wishes'), eb('w.id', '=', json.text('r', 'wishId')), eb('w.deleted', '=', 0)]),
      ),
    )
    .where(json.text('r', 'action'), '=', 'claim')
    .select((eb) => eb.fn.count<number>(json.text('r', 'wishId')).distinct().as('n'))
    .executeTakeFirstOrThrow();
  const wishGrids = [...new Set([...wishesRecorded.keys(), ...wishesFulfilled.keys()])];

  // Projects proposed, agreed and done in the quarter, and those worked on in it.
  const projectList = await records('projects')
    .where(json.instant('r', 'agreedAt'), '<', end)
    .where((eb) => eb.or([eb(json.text('r', 'doneAt'), 'is', null), eb(json.instant('r', 'doneAt'), '>=', start)]))
    .select([
      'r.id as id',
      json.text('r', 'title').as('title'),
      json.text('r', 'owner').as('owner'),
      json.text('r', 'status').as('status'),
      json.text('r', 'dueOn').as('dueOn'),
      json.text('r', 'doneAt').as('doneAt'),
    ])
    .orderBy(json.instant('r', 'agreedAt'))
    .execute();

  // Co-building activities held in the quarter (a day field), and the units that took part.
  const activitiesIn = () =>
    records('activities').where(json.text('r', 'date'), '>=', from).where(json.text('r', 'date'), '<=', to);
  const activityKinds = await activitiesIn()
    .select((eb) => [json.text('r', 'kind').as('kind'), eb.fn.countAll<number>().as('n')])
    .groupBy(json.text('r', 'kind'))
    .execute();
  const served = await activitiesIn()
    .select(sql<number>`coalesce(sum(${json.number('r', 'residentsServed')}), 0)`.as('n'))
    .executeTakeFirstOrThrow();
  const partnerRows = await db
    .selectFrom('records as p')
    .innerJoin('records as a', (join) => join.on(json.listHas('a', 'partnerIds', sql.ref('p.id'))))
    .where('p.tbl', '=', 'partners')
    .where('p.community_id', '=', tree.communityId)
    .where('a.tbl', '=', 'activities')
    .where(sql.ref(scopedColumn(scope, 'a')), '=', scope.placeId)
    .where('a.deleted', '=', 0)
    .where(json.text('a', 'date'), '>=', from)
    .where(json.text('a', 'date'), '<=', to)
    .select((eb) => ['p.id as partnerId', eb.fn.countAll<number>().as('n')])
    .groupBy('p.id')
    .orderBy(sql`count(*)`, 'desc')
    .execute();
  const units = await partnerNames(db, tree.communityId);

  const hours = await memberHours(db, kind, tree, { from, to, placeId: scope.placeId });
  return {
    quarter,
    from,
    to,
    place: { id: place.id, kind: place.kind, name: place.name },
    visits: {
      households: [...households.values()].reduce((sum, n) => sum + n, 0),
      visitedHouseholds: count(visitTotals.households),
      visits: count(visitTotals.n),
      byGrid: grids.map((grid) => ({
        gridId: grid.id,
        name: grid.name,
        households: households.get(grid.id) ?? 0,
        visited: visited.get(grid.id) ?? 0,
        visits: visitsIn.get(grid.id) ?? 0,
      })),
    },
    issues: {
      reported: byCategory.reduce((sum, row) => sum + count(row.n), 0),
      byCategory: Object.fromEntries(byCategory.map((row) => [String(row.category), count(row.n)])),
      resolved: count(resolution.n),
      medianResolveHours: resolution.median === null ? null : tenths(resolution.median),
      resolvedWithin7Days: resolution.within7 === null ? null : Math.round(Number(resolution.within7) * 1000) / 1000,
    },
    wishes: {
      recorded: await tally(inQuarter('wishes', 'recordedAt')),
      claimed: count(claimed.n),
      fulfilled: await tally(inQuarter('wishes', 'fulfilledAt')),
      confirmed: await tally(inQuarter('wishes', 'closedAt')),
      byGrid: wishGrids
        .map((gridId) => ({
          gridId,
          name: placeName(tree, gridId),
          recorded: wishesRecorded.get(gridId) ?? 0,
          fulfilled: wishesFulfilled.get(gridId) ?? 0,
        }))
        .sort((a, b) => comparePlaceIds(tree, a.gridId, b.gridId)),
    },
    projects: {
      proposed: await tally(inQuarter('projects', 'proposedAt')),
      agreed: await tally(inQuarter('projects', 'agreedAt')),
      done: await tally(inQuarter('projects', 'doneAt')),
      list: projectList.map((row) => ({
        id: String(row.id),
        title: String(row.title),
        owner: String(row.owner ?? ''),
        status: String(row.status),
        dueOn: (row.dueOn as string | null) ?? null,
        doneAt: (row.doneAt as string | null) ?? null,
      })),
    },
    activities: {
      count: activityKinds.reduce((sum, row) => sum + count(row.n), 0),
      byKind: Object.fromEntries(activityKinds.map((row) => [String(row.kind), count(row.n)])),
      residentsServed: count(served.n),
      partners: partnerRows.map((row) => ({
        partnerId: String(row.partnerId),
        name: units.get(String(row.partnerId)) ?? '',
        activities: count(row.n),
      })),
    },
    hours: { totalHours: hours.totalHours, members: hours.members, employers: hours.employers },
  };
}
