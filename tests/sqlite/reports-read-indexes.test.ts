/**
 * On SQLite, the district report's count of households not visited in 30 days (asked one
 * community at a time there) reads two indexes and no record's row: the live households of each community with their ids and care flags
 * (migration 0015), and the visits by time (0013). Over 100,000 households that is about 0.2 s
 * instead of 0.25–0.5 s (bench/district.ts). The plan is SQLite's own, with no statistics
 * gathered, as on a server's database: a query reworded so that its care expression no longer
 * matches the index's, or an index dropped, shows here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/db/open.ts';
import { notVisitedWindow } from '../../server/desk/days.ts';
import { notVisitedQuery } from '../../server/desk/district.ts';

describe("the district report's households not visited, on SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridwork-plan-'));
  let opened: OpenDatabase;
  beforeAll(async () => {
    opened = await openDatabase(`file:${join(dir, 'plan.db')}`);
  });
  afterAll(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // One community at a time, as the district report asks on SQLite, and several at once.
  it.each([[['community-a']], [['community-a', 'community-b']]])(
    'reads the households and the visits from their indexes alone (%j)',
    async (communityIds) => {
      const { db, kind } = opened;
      const query = notVisitedQuery(db, kind, communityIds, notVisitedWindow(new Date().toISOString(), Date.now()));
      const { sql, parameters } = query.compile();
      const plan = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]),
      );
      const steps = plan.rows.map((row) => row.detail);
      expect(steps, steps.join('\n')).toContainEqual(
        expect.stringMatching(/^SEARCH r USING COVERING INDEX records_households_care /),
      );
      expect(steps, steps.join('\n')).toContainEqual(expect.stringMatching(/USING COVERING INDEX records_visited_at /));
      expect(
        steps.filter((step) => /^SEARCH \w+ USING INDEX /.test(step) || /^SCAN /.test(step)),
        steps.join('\n'),
      ).toEqual([]);
    },
  );
});
