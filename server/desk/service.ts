/**
 * The community service figures (issue 18), each computed by the database: projects agreed and
 * done by compound and quarter, micro-wishes recorded and fulfilled by grid and month, the lists
 * as they stand, and in-service party members' hours per member and per employer unit. Days are
 * China Standard Time, `to` inclusive.
 */
import { sql } from 'kysely';
import type { EmployerHoursRow, MemberHours, MemberHoursRow, ServiceFigures } from '../../shared/desk-messages.ts';
import type { PlaceIdColumn } from '../../shared/scope.ts';
import { type DatabaseKind, jsonFields } from '../db/json-fields.ts';
import type { Db } from '../sync/records.ts';
import { chinaDay, endOfDay, startOfDay } from './days.ts';
import { monthOfDay, quarterOfDay } from './periods.ts';
import { type CommunityTree, comparePlaceIds, placeName } from './places.ts';
import { type PlaceScope, placeScope } from './scope.ts';

export interface Range {
  from: string;
  to: string;
}

/** The scope's column for a table aliased otherwise than `r`. */
export function scopedColumn(scope: PlaceScope, alias: string): string {
  return `${alias}.${scope.column.slice(2) as PlaceIdColumn}`;
}

/** Live records of one table in the scope, aliased `r`. */
export function scopedRecords(db: Db, scope: PlaceScope, table: string) {
  return db
    .selectFrom('records as r')
    .where('r.tbl', '=', table)
    .where(scope.column, '=', scope.placeId)
    .where('r.deleted', '=', 0);
}

/** One decimal: hours are logged in halves, and sums of doubles should not read 12.499999. */
export function tenths(value: unknown): number {
  return Math.round(Number(value ?? 0) * 10) / 10;
}

/** Counts of a content field's values among the rows of a query: `{open: 3, claimed: 1}`. */
async function countsOf(db: Db, kind: DatabaseKind, scope: PlaceScope, table: string, field: string) {
  const json = jsonFields(kind);
  const rows = await scopedRecords(db, scope, table)
    .select((eb) => [json.text('r', field).as('value'), eb.fn.countAll<number>().as('n')])
    .groupBy(json.text('r', field))
    .execute();
  return Object.fromEntries(rows.map((row) => [String(row.value), Number(row.n)]));
}

async function countOf(db: Db, scope: PlaceScope, table: string): Promise<number> {
  const row = await scopedRecords(db, scope, table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function serviceFigures(
  db: Db,
  kind: DatabaseKind,
  tree: CommunityTree,
  query: { from?: string | undefined; to?: string | undefined; placeId?: string | undefined },
  now = Date.now(),
): Promise<ServiceFigures> {
  const json = jsonFields(kind);
  const to = query.to ?? chinaDay(now);
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  const scope = placeScope(tree, query.placeId);
  const [start, end] = [startOfDay(from), endOfDay(to)];

  /** Rows of `table` whose date-time `field` is in the range, counted per place column and period. */
  const perPeriod = async (
    table: string,
    field: string,
    placeColumn: 'compound_id' | 'grid_id',
    period: typeof monthOfDay,
  ) => {
    const dated = scopedRecords(db, scope, table)
      .where(() => json.instantBetween('r', field, start, end))
      .select([`r.${placeColumn} as placeId`, period(json.chinaDay(json.instant('r', field))).as('period')]);
    const rows = await db
      .selectFrom(dated.as('x'))
      .select((eb) => ['x.placeId', 'x.period', eb.fn.countAll<number>().as('n')])
      .groupBy(['x.placeId', 'x.period'])
      .execute();
    return rows.map((row) => ({ placeId: row.placeId as string | null, period: String(row.period), n: Number(row.n) }));
  };

  const name = (id: string | null) => (id ? placeName(tree, id) : placeName(tree, tree.communityId));
  const merged = <K extends string>(parts: Record<K, { placeId: string | null; period: string; n: number }[]>) => {
    const rows = new Map<string, { placeId: string | null; period: string } & Record<K, number>>();
    for (const [key, list] of Object.entries(parts) as [K, { placeId: string | null; period: string; n: number }[]][]) {
      for (const { placeId, period, n } of list) {
        const id = `${placeId ?? ''}|${period}`;
        const row =
          rows.get(id) ??
          ({ placeId, period, ...Object.fromEntries(Object.keys(parts).map((k) => [k, 0])) } as {
            placeId: string | null;
            period: string;
          } & Record<K, number>);
        (row as Record<string, unknown>)[key] = n;
        rows.set(id, row);
      }
    }
    return [...rows.values()].sort(
      (a, b) => a.period.localeCompare(b.period) || comparePlaceIds(tree, a.placeId, b.placeId),
    );
  };

  const projects = merged({
    agreed: await perPeriod('projects', 'agreedAt', 'compound_id', quarterOfDay),
    done: await perPeriod('projects', 'doneAt', 'compound_id', quarterOfDay),
  });
  const wishes = merged({
    recorded: await perPeriod('wishes', 'recordedAt', 'grid_id', monthOfDay),
    fulfilled: await perPeriod('wishes', 'fulfilledAt', 'grid_id', monthOfDay),
  });
  const needsOpen = await scopedRecords(db, scope, 'serviceNeeds')
    .where(sql<boolean>`not ${json.isTrue('r', 'closed')}`)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return {
    from,
    to,
    projectsByCompoundAndQuarter: projects.map((row) => ({
      compoundId: row.placeId,
      name: name(row.placeId),
      quarter: row.period,
      agreed: row.agreed,
      done: row.done,
    })),
    wishesByGridAndMonth: wishes.map((row) => ({
      gridId: row.placeId,
      name: name(row.placeId),
      month: row.period,
      recorded: row.recorded,
      fulfilled: row.fulfilled,
    })),
    lists: {
      openNeeds: Number(needsOpen.n),
      needs: await countOf(db, scope, 'serviceNeeds'),
      resources: await countOf(db, scope, 'resources'),
      projectsByStatus: await countsOf(db, kind, scope, 'projects', 'status'),
      wishesByStatus: await countsOf(db, kind, scope, 'wishes', 'status'),
      partners: await countOf(db, placeScope(tree, undefined), 'partners'),
    },
  };
}

/** The community's co-building units by id, with their names. */
export async function partnerNames(db: Db, communityId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('records')
    .select(['id', 'data'])
    .where('tbl', '=', 'partners')
    .where('community_id', '=', communityId)
    .execute();
  return new Map(rows.map((row) => [row.id, String((JSON.parse(row.data) as { name?: unknown }).name ?? '')]));
}

/**
 * In-service members' volunteer hours in the range (by the day each was given), per member and
 * per the co-building unit they work at: what their employers ask for at the year's evaluation.
 */
export async function memberHours(
  db: Db,
  kind: DatabaseKind,
  tree: CommunityTree,
  query: { from?: string | undefined; to?: string | undefined; placeId?: string | undefined },
  now = Date.now(),
): Promise<MemberHours> {
  const json = jsonFields(kind);
  const to = query.to ?? chinaDay(now);
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  const scope = placeScope(tree, query.placeId);
  const logs = scopedRecords(db, scope, 'volunteerLogs')
    .innerJoin('records as m', (join) =>
      join.on((eb) =>
        eb.and([
          eb('m.tbl', '=', 'partyMembers'),
          eb('m.id', '=', json.text('r', 'memberId')),
          eb('m.deleted', '=', 0),
        ]),
      ),
    )
    .where(json.text('r', 'date'), '>=', from)
    .where(json.text('r', 'date'), '<=', to)
    .where(json.text('m', 'kind'), '=', 'in_service')
    .select([
      'm.id as memberId',
      json.text('m', 'name').as('name'),
      json.text('m', 'employerId').as('employerId'),
      json.number('r', 'hours').as('hours'),
      json.text('r', 'activityId').as('activityId'),
    ]);
  const perMember = await db
    .selectFrom(logs.as('x'))
    .select([
      'x.memberId',
      'x.name',
      'x.employerId',
      sql<number>`sum(x.hours)`.as('hours'),
      sql<number>`count(distinct ${sql.ref('x.activityId')})`.as('activities'),
    ])
    .groupBy(['x.memberId', 'x.name', 'x.employerId'])
    .orderBy(sql`sum(x.hours)`, 'desc')
    .orderBy('x.name')
    .execute();
  const perEmployer = await db
    .selectFrom(logs.as('x'))
    .select([
      'x.employerId',
      sql<number>`count(distinct ${sql.ref('x.memberId')})`.as('members'),
      sql<number>`sum(x.hours)`.as('hours'),
    ])
    .groupBy('x.employerId')
    .orderBy(sql`sum(x.hours)`, 'desc')
    .execute();
  const total = await db
    .selectFrom(logs.as('x'))
    .select(sql<number>`coalesce(sum(x.hours), 0)`.as('hours'))
    .executeTakeFirstOrThrow();

  const units = await partnerNames(db, tree.communityId);
  const employerName = (id: unknown) => (typeof id === 'string' ? (units.get(id) ?? '') : '');
  const members: MemberHoursRow[] = perMember.map((row) => ({
    memberId: String(row.memberId),
    name: String(row.name ?? ''),
    employerId: (row.employerId as string | null) ?? null,
    employer: employerName(row.employerId),
    activities: Number(row.activities),
    hours: tenths(row.hours),
  }));
  const employers: EmployerHoursRow[] = perEmployer.map((row) => ({
    partnerId: (row.employerId as string | null) ?? null,
    name: employerName(row.employerId),
    members: Number(row.members),
    hours: tenths(row.hours),
  }));
  return { from, to, totalHours: tenths(total.hours), members, employers };
}
