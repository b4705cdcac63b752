/**
 * The district's figures: every community of this server side by side, and their sum, for the
 * district (or street) office's own systems. Each figure is one query grouped by community,
 * never one query per community: a district has 150–200 of them.
 *
 * The same counts as the community dashboard (overview.ts) for the same days: visits in the
 * range (China Standard Time days), households visited, current open and escalated issues, and
 * households not visited in the 30 days up to the end of the range.
 */
import { sql } from 'kysely';
import type { DistrictFigures, DistrictOverview } from '../../shared/desk-messages.ts';
import { type DatabaseKind, type JsonFields, jsonFields } from '../db/json-fields.ts';
import type { Db } from '../sync/records.ts';
import { chinaDay, endOfDay, firstOfMonth, notVisitedWindow, startOfDay } from './days.ts';

const DONE = ['resolved', 'closed'];

const NO_FIGURES: DistrictFigures = {
  households: 0,
  visits: 0,
  visitedHouseholds: 0,
  openIssues: 0,
  escalated: 0,
  notVisitedIn30Days: 0,
  careHouseholdsNotVisitedIn30Days: 0,
};

export async function districtOverview(
  db: Db,
  kind: DatabaseKind,
  query: { from?: string | undefined; to?: string | undefined },
  now = Date.now(),
): Promise<DistrictOverview> {
  const json = jsonFields(kind);
  const to = query.to ?? chinaDay(now);
  const from = query.from ?? firstOfMonth(to);
  const rangeStart = startOfDay(from);
  const rangeEnd = endOfDay(to);

  const places = await db
    .selectFrom('records as r')
    .select(['r.id', json.text('r', 'name').as('name')])
    .where('r.tbl', '=', 'places')
    .where('r.deleted', '=', 0)
    .where(json.text('r', 'kind'), '=', 'community')
    .orderBy(json.text('r', 'name'))
    .execute();
  const communityIds = places.map((place) => place.id);
  if (communityIds.length === 0) return { from, to, communities: [], total: { ...NO_FIGURES } };

  const households = await db
    .selectFrom('records as r')
    .select(['r.community_id as communityId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.tbl', '=', 'households')
    .where('r.community_id', 'in', communityIds)
    .where('r.deleted', '=', 0)
    .groupBy('r.community_id')
    .execute();

  const visits = await visitsBetween(db, json, communityIds, rangeStart, rangeEnd)
    .select((eb) => [
      'v.community_id as communityId',
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('v.parent_id').distinct().as('households'),
    ])
    .groupBy('v.community_id')
    .execute();

  const issues = await db
    .selectFrom('records as r')
    .select([
      'r.community_id as communityId',
      sql<number>`sum(case when ${json.text('r', 'status')} in (${sql.join(DONE)}) then 0 else 1 end)`.as('open'),
      sql<number>`sum(case when ${json.text('r', 'status')} = 'escalated' then 1 else 0 end)`.as('escalated'),
    ])
    .where('r.tbl', '=', 'issues')
    .where('r.community_id', 'in', communityIds)
    .where('r.deleted', '=', 0)
    .groupBy('r.community_id')
    .execute();

  // Not visited in the 30 days up to the end of the range (or now, if that is earlier).
  const notVisited = await notVisitedQuery(db, kind, communityIds, notVisitedWindow(rangeEnd, now)).execute();

  const figures = new Map<string, DistrictFigures>(communityIds.map((id) => [id, { ...NO_FIGURES }]));
  const of = (communityId: string | null) => figures.get(communityId ?? '') ?? { ...NO_FIGURES };
  for (const row of households) of(row.communityId).households = Number(row.n);
  for (const row of visits) {
    of(row.communityId).visits = Number(row.n);
    of(row.communityId).visitedHouseholds = Number(row.households);
  }
  for (const row of issues) {
    of(row.communityId).openIssues = Number(row.open);
    of(row.communityId).escalated = Number(row.escalated);
  }
  for (const row of notVisited) {
    of(row.communityId).notVisitedIn30Days = Number(row.n);
    of(row.communityId).careHouseholdsNotVisitedIn30Days = Number(row.care);
  }

  const communities = places.map((place) => ({
    communityId: place.id,
    name: String(place.name ?? ''),
    ...of(place.id),
  }));
  const total = { ...NO_FIGURES };
  for (const community of communities) {
    for (const key of Object.keys(total) as (keyof DistrictFigures)[]) total[key] += community[key];
  }
  return { from, to, communities, total };
}

/**
 * The communities' visits in a time range, found by the (kind, community, time, household,
 * deleted) index: one range a community, read from the index alone on SQLite. A visit's household
 * is its parent.
 */
function visitsBetween(db: Db, json: JsonFields, communityIds: string[], start: string, end: string) {
  return db
    .selectFrom('records as v')
    .where('v.tbl', '=', 'visits')
    .where('v.community_id', 'in', communityIds)
    .where('v.deleted', '=', 0)
    .where(() => json.instantBetween('v', 'visitedAt', start, end));
}

/**
 * Each community's live households with no visit in the window, and how many of them have a care
 * tag. On SQLite the households are read from the index that carries each one's id and care flag
 * (migration 0015), on PostgreSQL from the index of one table of one community (0014); the visits
 * from the visits-by-time index (0013): neither reads a record's row.
 */
export function notVisitedQuery(
  db: Db,
  kind: DatabaseKind,
  communityIds: string[],
  { since, until }: { since: string; until: string },
) {
  const json = jsonFields(kind);
  const recentlyVisited = visitsBetween(db, json, communityIds, since, until)
    .select('v.parent_id')
    .where('v.parent_id', 'is not', null);
  return db
    .selectFrom('records as r')
    .select([
      'r.community_id as communityId',
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(case when ${json.hasCareTag('r')} then 1 else 0 end), 0)`.as('care'),
    ])
    .where('r.tbl', '=', 'households')
    .where('r.community_id', 'in', communityIds)
    .where('r.deleted', '=', 0)
    .where('r.id', 'not in', recentlyVisited)
    .groupBy('r.community_id');
}
