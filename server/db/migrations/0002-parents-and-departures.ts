/**
 * Place moves and set-valued fields:
 * - records.parent_id: the id of a record's parent (its household, its building…), so that a move
 *   can find every descendant without reading JSON;
 * - departures: a record that left some place (moved to another grid or building) leaves a row
 *   for the place it left, so devices of that place pull a "left" change and drop it;
 * - conflicts.element: which element of a set-valued field a conflict was about.
 */
import type { Kysely, Migration } from 'kysely';
import type { SyncTable } from '../../../shared/domain.ts';
import { parentField } from '../../../shared/tables/place-ids.ts';

export const parentsAndDepartures: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('records').addColumn('parent_id', 'text').execute();
    // Filled in from each record's data, in pages, with the same rule pushes use from now on.
    const records = db as unknown as Kysely<{ records: { tbl: string; id: string; data: string; parent_id: string } }>;
    for (let after = ''; ; ) {
      const page = await records
        .selectFrom('records')
        .select(['tbl', 'id', 'data'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .execute();
      for (const row of page) {
        const parent = (JSON.parse(row.data) as Record<string, unknown>)[parentField(row.tbl as SyncTable)];
        if (typeof parent !== 'string') continue;
        await records
          .updateTable('records')
          .set({ parent_id: parent })
          .where('tbl', '=', row.tbl)
          .where('id', '=', row.id)
          .execute();
      }
      const last = page.at(-1);
      if (!last) break;
      after = last.id;
    }
    await db.schema.createIndex('records_parent').on('records').column('parent_id').execute();

    await db.schema
      .createTable('departures')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      // The place ids the record no longer has; null where it stayed (a move within a compound
      // leaves the compound's devices alone).
      .addColumn('community_id', 'text')
      .addColumn('compound_id', 'text')
      .addColumn('building_id', 'text')
      .addColumn('grid_id', 'text')
      .execute();
    for (const column of ['community_id', 'compound_id', 'building_id', 'grid_id']) {
      await db.schema.createIndex(`departures_${column}_seq`).on('departures').columns([column, 'seq']).execute();
    }

    await db.schema.alterTable('conflicts').addColumn('element', 'text').execute();
  },
};
