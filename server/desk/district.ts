/**
 * The district's figures: every community of this server side by side, and their sum, for the
 * district (or street) office's own systems. On PostgreSQL each figure is one query grouped by
 * community, never one round trip per community: a district has 150–200 of them. On SQLite, in
 * the process and without round trips, the same queries are asked one community at a time.
 *
 * The same counts as the community dashboard (overview.ts) for the same days: visits in the
 * range (China Standard Time days), households visited, current open and escalated issues, and
 * households not visited in the 30 days up to the end of the range.
 *
 * Households visited and not visited are read from each household's latest visit
 * (latest-visits.ts), brought up to date first, for a range that ends now: one index range a
 * community, where testing each household against the window's visits took most of a full
 * district's 1.5–2.2 s. For a range that ends in the past, or a community with a visit stamped
 * after now (a phone's clock ahead), from the visits themselves, as the dashboard does.
 */
import { sql } from 'kysely';
import type { DistrictFigures, DistrictOverview } from '../../shared/desk-messages.ts';
import { type DatabaseKind, type JsonFields, jsonFields } from '../db/json-fields.ts';
import { TimeSlice } from '../loop-turns.ts';
import type { Db } from '../sync/records.ts';
import { chinaDay, endOfDay, firstOfMonth, notVisitedWindow, startOfDay } from './days.ts';
import { bringLatestVisitsUpToDate } from './latest-visits.ts';

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

  await bringLatestVisitsUpToDate(db, kind);
  const range = { start: startOfDay(from), end: rangeEnd };
  // Not visited in the 30 days up to the end of the range (or now, if that is earlier).
  const window = notVisitedWindow(rangeEnd, now);
  const figures = new Map<string, DistrictFigures>(communityIds.map((id) => [id, { ...NO_FIGURES }]));
  if (kind === 'postgres') {
    await addFigures(db, kind, communityIds, range, window, figures);
  } else {
    // On SQLite one community at a time, giving way to waiting requests between two
    // (`TimeSlice`): each statement holds the one thread while it runs, and a full district's
    // figures at once held it for two seconds. The households not visited are also counted in
    // half the time (see notVisitedQuery). PostgreSQL is asked once.
    const slice = new TimeSlice();
    for (const communityId of communityIds) {
      await addFigures(db, kind, [communityId], range, window, figures);
      await slice.pause();
    }
  }

  const communities = places.map((place) => ({
    communityId: place.id,
    name: String(place.name ?? ''),
    ...(figures.get(place.id) ?? NO_FIGURES),
  }));
  const total = { ...NO_FIGURES };
  for (const community of communities) {
    for (const key of Object.keys(total) as (keyof DistrictFigures)[]) total[key] += community[key];
  }
  return { from, to, communities, total };
}

/** The figures of these communities, each one's added to its entry in `figures`. */
async function addFigures(
  db: Db,
  kind: DatabaseKind,
  communityIds: string[],
  range: { start: string; end: string },
  window: { since: string; until: string },
  figures: Map<string, DistrictFigures>,
): Promise<void> {
  const json = jsonFields(kind);
  const of = (communityId: string | null) => figures.get(communityId ?? '') ?? { ...NO_FIGURES };

  // Communities with a visit at or after the window's end (a range that ends in the past, or a
  // device's clock ahead of the server's): their latest visits cannot say who was visited within
  // the window, so their visits are read instead.
  const late = new Set(
    (
      await db
        .selectFrom('household_visits')
        .select('community_id')
        .distinct()
        .where('community_id', 'in', communityIds)
        .where('last_visit_at', '>=', window.until)
        .execute()
    ).map((row) => row.community_id),
  );
  const latest = communityIds.filter((id) => !late.has(id));
  const earlier = communityIds.filter((id) => late.has(id));

  const liveCare = new Map<string, number>();
  const households = await db
    .selectFrom('records as r')
    .select([
      'r.community_id as communityId',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`coalesce(sum(case when ${json.hasCareTag('r')} then 1 else 0 end), 0)`.as('care'),
    ])
    .where('r.tbl', '=', 'households')
    .where('r.community_id', 'in', communityIds)
    .where('r.deleted', '=', 0)
    .groupBy('r.community_id')
    .execute();
  for (const row of households) {
    of(row.communityId).households = Number(row.n);
    liveCare.set(row.communityId ?? '', Number(row.care));
  }

  if (latest.length > 0) {
    for (const row of await visitsBetween(db, json, latest, range.start, range.end)
      .select((eb) => ['v.community_id as communityId', eb.fn.countAll<number>().as('n')])
      .groupBy('v.community_id')
      .execute()) {
      of(row.communityId).visits = Number(row.n);
    }
    // No visit at or after the window's end: a household was visited within the window (or the
    // range) exactly when its latest visit is at or after the window's (or the range's) start.
    const since = window.since < range.start ? window.since : range.start;
    const recent = sql<number>`(h.live = 1 and h.last_visit_at >= ${window.since})`;
    const visitedLately = new Map<string, { n: number; care: number }>();
    for (const row of await db
      .selectFrom('household_visits as h')
      .select([
        'h.community_id as communityId',
        sql<number>`sum(case when h.last_visit_at >= ${range.start} then 1 else 0 end)`.as('visited'),
        sql<number>`sum(case when ${recent} then 1 else 0 end)`.as('recent'),
        sql<number>`sum(case when ${recent} then h.care else 0 end)`.as('recentCare'),
      ])
      .where('h.community_id', 'in', latest)
      .where('h.last_visit_at', '>=', since)
      .groupBy('h.community_id')
      .execute()) {
      of(row.communityId).visitedHouseholds = Number(row.visited);
      visitedLately.set(row.communityId, { n: Number(row.recent), care: Number(row.recentCare) });
    }
    // Not visited lately: the live households less those visited lately.
    for (const communityId of latest) {
      const figure = of(communityId);
      const visited = visitedLately.get(communityId) ?? { n: 0, care: 0 };
      figure.notVisitedIn30Days = figure.households - visited.n;
      figure.careHouseholdsNotVisitedIn30Days = (liveCare.get(communityId) ?? 0) - visited.care;
    }
  }

  if (earlier.length > 0) {
    for (const row of await visitsBetween(db, json, earlier, range.start, range.end)
      .select((eb) => [
        'v.community_id as communityId',
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('v.parent_id').distinct().as('households'),
      ])
      .groupBy('v.community_id')
      .execute()) {
      of(row.communityId).visits = Number(row.n);
      of(row.communityId).visitedHouseholds = Number(row.households);
    }
    for (const row of await notVisitedQuery(db, kind, earlier, window).execute()) {
      of(row.communityId).notVisitedIn30Days = Number(row.n);
      of(row.communityId).careHouseholdsNotVisitedIn30Days = Number(row.care);
    }
  }

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
  for (const row of issues) {
    of(row.communityId).openIssues = Number(row.open);
    of(row.communityId).escalated = Number(row.escalated);
  }
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
 *
 * Grouped by community even when asked for one (or, by the dashboard, for a place inside one):
 * with no GROUP BY, SQLite reads every household's row for the same count, 6.2 against 2.9 ms a
 * community of 2,700 households.
 *
 * SQLite tests each household's id against a set it builds of the ids the window's visits name.
 * Over a full district (500,000 households, 6 million visits) a community at a time, 187 small
 * sets, took 0.7–1.0 s, and the whole district's half a million at once 1.75–2.2 s; over 100,000
 * households 105–127 ms against 132–177 ms.
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
