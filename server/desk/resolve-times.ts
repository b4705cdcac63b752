/** How long issues took to resolve, counted in SQL: the dashboard's and the quarterly report's. */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { JsonFields } from '../db/json-fields.ts';
import type { Db } from '../sync/records.ts';

/** Each issue of the community with the time of its first `resolve` event (`issueId`, `resolvedAt`). */
export function firstResolves(db: Db, json: JsonFields, communityId: string) {
  return db
    .selectFrom('records as e')
    .where('e.tbl', '=', 'issueEvents')
    .where('e.community_id', '=', communityId)
    .where(json.text('e', 'action'), '=', 'resolve')
    .select([json.text('e', 'issueId').as('issueId'), sql<string>`min(${json.instant('e', 'at')})`.as('resolvedAt')])
    .groupBy(json.text('e', 'issueId'));
}

/**
 * Over rows of `hours` (report to first resolve): how many, the median (the middle row, or the
 * mean of the middle two, by a window count) and the share resolved within 7 days.
 */
export function resolveFigures(
  db: Db,
  // biome-ignore lint/suspicious/noExplicitAny: any query whose rows carry `hours`
  hours: SelectQueryBuilder<any, any, { hours: number | null }>,
): Promise<{ n: number; median: number | null; within7: number | null }> {
  const ranked = db
    .selectFrom(hours.as('h'))
    .select([
      'h.hours',
      sql<number>`row_number() over (order by h.hours)`.as('position'),
      sql<number>`count(*) over ()`.as('total'),
    ]);
  return db
    .selectFrom(ranked.as('x'))
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number | null>`avg(case when x.position in ((x.total + 1) / 2, (x.total + 2) / 2) then x.hours end)`.as(
        'median',
      ),
      sql<number | null>`avg(case when x.hours <= 168 then 1.0 else 0.0 end)`.as('within7'),
    ])
    .executeTakeFirstOrThrow();
}
