/** Days as the community keeps them: China Standard Time (UTC+8), whatever the server's zone. */

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** The instant a CST day begins, as UTC ISO text: 2026-11-01 → 2026-10-31T16:00:00.000Z. */
export function startOfDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
}

/** The instant after a CST day ends (the next day's start): for `to`-inclusive ranges. */
export function endOfDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 24 * 3600 * 1000).toISOString();
}

/** The CST calendar day of an instant, YYYY-MM-DD. */
export function chinaDay(at: number | Date = Date.now()): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first day of the CST month holding `day`. */
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/**
 * The 30 days a household counts as "not visited" over: up to the end of a range (an `endOfDay`),
 * or up to now if that is earlier. The dashboard and the district report count the same way.
 */
export function notVisitedWindow(rangeEnd: string, now: number): { since: string; until: string } {
  const until = Math.min(Date.parse(rangeEnd), now);
  return { since: new Date(until - 30 * 24 * 3600 * 1000).toISOString(), until: new Date(until).toISOString() };
}

/** An instant as the community reads it: 2026-11-29 16:05 (CST). */
export function chinaDateTime(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return iso;
  return new Date(millis + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
