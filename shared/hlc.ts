/**
 * Hybrid logical clock (HLC) stamps, as strings whose plain order is time order:
 *   <ISO-8601 UTC with ms>-<counter, 4 hex digits>-<device id, 16 hex digits>
 * e.g. 2026-11-27T08:30:00.000Z-0000-0123456789abcdef
 *
 * Pure functions: the caller owns the clock state and the wall clock.
 */

export interface Hlc {
  readonly millis: number;
  readonly counter: number;
  readonly node: string;
}

export const MAX_COUNTER = 0xffff;
/** The server refuses stamps further ahead of its own clock than this (design.md). */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;

const HLC_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;
const NODE_PATTERN = /^[0-9a-f]{16}$/;

export class HlcError extends Error {
  constructor(
    readonly code: 'clock_skew' | 'counter_overflow' | 'invalid_hlc' | 'invalid_node',
    message: string,
  ) {
    super(message);
    this.name = 'HlcError';
  }
}

export function isDeviceId(node: string): boolean {
  return NODE_PATTERN.test(node);
}

export function formatHlc(hlc: Hlc): string {
  if (!isDeviceId(hlc.node)) throw new HlcError('invalid_node', `device id must be 16 hex digits, got "${hlc.node}"`);
  if (!Number.isInteger(hlc.counter) || hlc.counter < 0 || hlc.counter > MAX_COUNTER) {
    throw new HlcError('counter_overflow', `counter out of range: ${hlc.counter}`);
  }
  const iso = new Date(hlc.millis).toISOString();
  if (iso.length !== 24) throw new HlcError('invalid_hlc', `time out of range: ${hlc.millis}`);
  return `${iso}-${hlc.counter.toString(16).padStart(4, '0')}-${hlc.node}`;
}

export function parseHlc(text: string): Hlc | null {
  const match = HLC_PATTERN.exec(text);
  if (!match) return null;
  const millis = Date.parse(match[1] as string);
  if (Number.isNaN(millis) || new Date(millis).toISOString() !== match[1]) return null;
  return { millis, counter: Number.parseInt(match[2] as string, 16), node: match[3] as string };
}

export function isHlc(text: string): boolean {
  return parseHlc(text) !== null;
}

/** The stamp for a local event: never behind the last stamp, never behind the wall clock. */
export function tickHlc(last: Hlc, now: number): Hlc {
  if (now > last.millis) return { millis: now, counter: 0, node: last.node };
  const counter = last.counter + 1;
  if (counter > MAX_COUNTER) throw new HlcError('counter_overflow', 'too many events in one millisecond');
  return { millis: last.millis, counter, node: last.node };
}

/** Fold a stamp seen from elsewhere into the local clock so later local stamps sort after it. */
export function receiveHlc(last: Hlc, remote: Hlc, now: number): Hlc {
  const millis = Math.max(last.millis, remote.millis, now);
  let counter: number;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) throw new HlcError('counter_overflow', 'too many events in one millisecond');
  return { millis, counter, node: last.node };
}

/** Refuses a stamp too far ahead of the given wall clock (the server's check). */
export function checkSkew(hlc: Hlc, now: number): void {
  if (hlc.millis - now > MAX_CLOCK_SKEW_MS) {
    throw new HlcError(
      'clock_skew',
      `the device clock is ${Math.round((hlc.millis - now) / 60000)} minutes ahead; set the correct time`,
    );
  }
}

export function zeroHlc(node: string): Hlc {
  return { millis: 0, counter: 0, node };
}

/** The later of two stamps (plain string order is time order). */
export function laterHlc(a: string, b: string): string {
  return a > b ? a : b;
}
