/**
 * A pull's page on SQLite: the reads of pull.ts as statements prepared once per connection, each
 * change's JSON written by SQLite itself (page-text.ts) and sent as the bytes SQLite gave. A full
 * pull of a community read each record's JSON into a JavaScript string and encoded it again for
 * the response; that was most of its time. For roles that see every record whole: a building
 * lead's records are masked first, in JavaScript (pull.ts).
 */
import type SQLite from 'better-sqlite3';
import type { PlaceLevel } from '../../shared/domain.ts';
import { PLACE_ID_OF_LEVEL, type PlaceIdColumn } from '../../shared/scope.ts';
import { changeTextSql, departureJson, firstPage, pageJson } from './page-text.ts';

/** A change as SQLite wrote it: its sequence, and its JSON as UTF-8 bytes. */
type Change = [seq: number, json: Buffer];

type Statement<Row> = SQLite.Statement<[number, string, number], Row>;

interface PullStatements {
  ownPlace: Record<PlaceIdColumn, Statement<Change>>;
  departures: Record<PlaceIdColumn, Statement<[number, string, string, string]>>;
  /** The places above the user's own (ids as a JSON array). */
  ancestors: Statement<Change>;
  /** Their party organisations and co-building units. */
  ancestorsOrgs: Statement<Change>;
}

const prepared = new WeakMap<SQLite.Database, PullStatements>();

function statementsOf(sqlite: SQLite.Database): PullStatements {
  let statements = prepared.get(sqlite);
  if (statements) return statements;
  // Each read takes the rows after the cursor in sequence order from an index, a page plus one.
  const changeText = changeTextSql();
  const changes = (where: string) =>
    sqlite
      .prepare<[number, string, number], Change>(
        `select seq, ${changeText} from records where seq > ? and ${where} order by seq limit ?`,
      )
      .raw(true);
  const departures = (column: PlaceIdColumn) =>
    sqlite
      .prepare<[number, string, number], [number, string, string, string]>(
        `select seq, tbl, record_id, hlc from departures where seq > ? and ${column} = ? order by seq limit ?`,
      )
      .raw(true);
  const byColumn = <Row>(make: (column: PlaceIdColumn) => Statement<Row>) =>
    Object.fromEntries(Object.values(PLACE_ID_OF_LEVEL).map(({ column }) => [column, make(column)])) as Record<
      PlaceIdColumn,
      Statement<Row>
    >;
  statements = {
    ownPlace: byColumn((column) => changes(`${column} = ?`)),
    departures: byColumn(departures),
    ancestors: changes(`tbl = 'places' and id in (select value from json_each(?))`),
    ancestorsOrgs: changes(`tbl in ('partyOrgs', 'partners') and parent_id in (select value from json_each(?))`),
  };
  prepared.set(sqlite, statements);
  return statements;
}

/**
 * The page after `cursor` for a user at `place`, with `ancestors` the places above it. Runs on
 * the connection of the snapshot transaction the caller holds.
 */
export function sqlitePullPage(
  sqlite: SQLite.Database,
  place: { level: PlaceLevel; id: string },
  ancestors: readonly string[],
  cursor: number,
  limit: number,
): Buffer {
  const statements = statementsOf(sqlite);
  const { column } = PLACE_ID_OF_LEVEL[place.level];
  const reads = [statements.ownPlace[column].all(cursor, place.id, limit + 1)];
  if (ancestors.length > 0) {
    const ids = JSON.stringify(ancestors);
    reads.push(statements.ancestors.all(cursor, ids, limit + 1), statements.ancestorsOrgs.all(cursor, ids, limit + 1));
  }
  const departures = statements.departures[column]
    .all(cursor, place.id, limit + 1)
    .map(([seq, tbl, record_id, hlc]): Change => [seq, Buffer.from(departureJson({ seq, tbl, record_id, hlc }))]);
  const { page, hasMore } = firstPage(reads, departures, ([seq]) => seq, limit);
  return pageJson(
    page.map(([, json]) => json),
    page.at(-1)?.[0] ?? cursor,
    hasMore,
  );
}
