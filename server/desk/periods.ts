/**
 * Months and quarters as the community counts them (China Standard Time): 2026-07, 2026-Q3. The
 * SQL forms take a CST day as text (YYYY-MM-DD) and are the same on SQLite and PostgreSQL.
 */
import { type RawBuilder, sql } from 'kysely';
import { chinaDay } from './days.ts';

/** The first and last day of a quarter: 2026-Q3 → 2026-07-01 … 2026-09-30. */
export function quarterDays(quarter: string): { from: string; to: string } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const first = (q - 1) * 3 + 1;
  const last = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  const month = (m: number) => String(m).padStart(2, '0');
  return { from: `${year}-${month(first)}-01`, to: `${year}-${month(first + 2)}-${String(last).padStart(2, '0')}` };
}

/** The quarter a CST day falls in. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The last quarter that has ended by `now` (CST): the one a quarterly report is written about. */
export function lastWholeQuarter(now = Date.now()): string {
  const today = chinaDay(now);
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** The month of a CST day expression: 2026-07. */
export function monthOfDay(day: RawBuilder<string | null>): RawBuilder<string> {
  return sql<string>`substr(${day}, 1, 7)`;
}

/** The quarter of a CST day expression: 2026-Q3. */
export function quarterOfDay(day: RawBuilder<string | null>): RawBuilder<string> {
  return sql<string>`(substr(${day}, 1, 4) || '-Q' || cast((cast(substr(${day}, 6, 2) as integer) + 2) / 3 as text))`;
}
