/**
 * Reports count records by what is inside them (visits by purpose, by visitor) in SQL, over each
 * record's stored JSON. The one expression for a record's field (server/db/dialect.ts) reads the
 * same values on SQLite and on PostgreSQL: Chinese text, quotes, absent fields.
 */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonFields } from '../../server/db/json-fields.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, visitFields } from './support.ts';

const worker = account('worker03');
const households = householdsInGrid(worker.place.id);

describe("a record's fields in SQL", () => {
  let server: TestServer;
  const visitIds: string[] = [];
  const note = '老人说："电梯坏了" \'三天\'，请尽快修';

  beforeAll(async () => {
    server = await startServer();
    const client = new ApiClient(server.url);
    await client.login('worker03');
    const phone = new Device();
    const purposes = ['contact', 'contact', 'policy', 'service'];
    const mutations = purposes.map((purpose, i) => {
      const { note: _default, ...fields } = visitFields(households[i] as string, worker.id, { purpose });
      return phone.put('visits', uuidv7(), i === 0 ? { ...fields, note } : fields);
    });
    const push = await phone.push(client, mutations);
    expect(push.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    visitIds.push(...mutations.map((m) => m.recordId));
  });
  afterAll(() => server?.stop());

  function visits() {
    return server.db.selectFrom('records').where('tbl', '=', 'visits').where('id', 'in', visitIds);
  }

  it('groups visits by a field', async () => {
    const purpose = jsonFields(server.databaseKind).text('records', 'purpose');
    const rows = await visits()
      .select([purpose.as('purpose'), sql<number>`count(*)`.as('visits')])
      .groupBy(purpose)
      .orderBy(purpose)
      .execute();
    expect(rows.map((row) => ({ ...row, visits: Number(row.visits) }))).toEqual([
      { purpose: 'contact', visits: 2 },
      { purpose: 'policy', visits: 1 },
      { purpose: 'service', visits: 1 },
    ]);
  });

  it('filters on a field, and reads text with quotes and Chinese as written; an absent field is null', async () => {
    const rows = await visits()
      .select(['id', jsonFields(server.databaseKind).text('records', 'note').as('note')])
      .where(jsonFields(server.databaseKind).text('records', 'visitorId'), '=', worker.id)
      .execute();
    expect(rows).toHaveLength(4);
    const notes = new Map(rows.map((row) => [row.id, row.note]));
    expect(notes.get(visitIds[0] as string)).toBe(note);
    expect(notes.get(visitIds[1] as string)).toBeNull();
  });

  it('qualifies the column with a table alias, and refuses a field name that is not a plain name', async () => {
    const row = await server.db
      .selectFrom('records as r')
      .select(jsonFields(server.databaseKind).text('r', 'purpose').as('purpose'))
      .where('r.id', '=', visitIds[2] as string)
      .executeTakeFirstOrThrow();
    expect(row.purpose).toBe('policy');
    expect(() => jsonFields(server.databaseKind).text('records', "note') or 1=1 --")).toThrow(/not a plain name/);
  });

  it('finds the times within a range by their instant, whatever offset they were written with', async () => {
    // Bounds as the desk gives them (UTC); times written with offsets from UTC-12 to UTC+14, at
    // the edges (where the text alone cannot tell) and well inside (where it can).
    const from = '2026-10-01T00:00:00.000Z';
    const to = '2026-11-01T00:00:00.000Z';
    const times = [
      '2026-10-01T13:59:00+14:00', // a minute before `from`
      '2026-09-30T12:01:00-12:00', // a minute after `from`
      '2026-10-01T08:00:00+08:00', // `from` itself
      '2026-10-01T13:59:00Z', // inside, by less than the widest offset
      '2026-10-15T12:00:00+14:00', // well inside
      '2026-10-15T12:00:00-12:00',
      '2026-10-30T10:00:00-12:00', // inside, its text well before `to`
      '2026-11-01T13:59:00+14:00', // a minute before `to`
      '2026-10-31T18:59:59.999-05:00', // a millisecond before `to`
      '2026-10-31T19:00:00-05:00', // `to` itself: outside
      '2026-11-01T14:01:00+14:00', // a minute after `to`
    ];
    const client = new ApiClient(server.url);
    await client.login('worker03');
    const phone = new Device();
    const mutations = times.map((visitedAt, i) =>
      phone.put('visits', uuidv7(), visitFields(households[i % households.length] as string, worker.id, { visitedAt })),
    );
    const push = await phone.push(client, mutations);
    expect(push.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    const json = jsonFields(server.databaseKind);
    const rows = await server.db
      .selectFrom('records')
      .select(json.text('records', 'visitedAt').as('visitedAt'))
      .where('tbl', '=', 'visits')
      .where(
        'id',
        'in',
        mutations.map((m) => m.recordId),
      )
      .where(() => json.instantBetween('records', 'visitedAt', from, to))
      .execute();
    const inside = times.filter((time) => Date.parse(time) >= Date.parse(from) && Date.parse(time) < Date.parse(to));
    expect(inside).toHaveLength(8);
    expect(rows.map((row) => row.visitedAt).sort()).toEqual([...inside].sort());
  });
});
