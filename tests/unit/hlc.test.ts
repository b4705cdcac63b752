import { describe, expect, it } from 'vitest';
import { Random } from '../../server/seed/generate.ts';
import {
  checkSkew,
  formatHlc,
  type Hlc,
  HlcError,
  isHlc,
  laterHlc,
  MAX_CLOCK_SKEW_MS,
  MAX_COUNTER,
  parseHlc,
  receiveHlc,
  tickHlc,
  zeroHlc,
} from '../../shared/hlc.ts';

const NODE = '0123456789abcdef';
const T0 = Date.parse('2026-11-27T08:30:00.000Z');
const MINUTE = 60_000;

/** Seeded, as the demo data is: a failing case is the same case on every run. */
function seeded(seed: number): () => number {
  const random = new Random(seed);
  return () => random.float();
}

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function randomNode(random: () => number): string {
  let node = '';
  for (let i = 0; i < 16; i++) node += randomInt(random, 0, 15).toString(16);
  return node;
}

/**
 * Stamps that often share a millisecond or a counter, so the counter and the node have to break
 * ties, over the whole range of four-digit years.
 */
function randomHlc(random: () => number, maxCounter = MAX_COUNTER): Hlc {
  const millis =
    random() < 0.5 ? T0 + randomInt(random, 0, 3) : randomInt(random, 0, Date.parse('9999-12-31T23:59:59.999Z'));
  const counter = random() < 0.5 ? randomInt(random, 0, 2) : randomInt(random, 0, maxCounter);
  const node = random() < 0.3 ? NODE : randomNode(random);
  return { millis, counter, node };
}

function compareFields(a: Hlc, b: Hlc): number {
  if (a.millis !== b.millis) return Math.sign(a.millis - b.millis);
  if (a.counter !== b.counter) return Math.sign(a.counter - b.counter);
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hlcErrorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof HlcError) return error.code;
    throw error;
  }
  return undefined;
}

describe('an HLC stamp written as text', () => {
  it('reads back as the same stamp, and writes back as the same text', () => {
    const stamp: Hlc = { millis: T0, counter: 0x2a, node: NODE };
    const text = formatHlc(stamp);
    expect(text).toBe('2026-11-27T08:30:00.000Z-002a-0123456789abcdef');
    expect(parseHlc(text)).toEqual(stamp);
    expect(isHlc(text)).toBe(true);

    const random = seeded(7);
    for (let i = 0; i < 500; i++) {
      const hlc = randomHlc(random);
      const written = formatHlc(hlc);
      expect(parseHlc(written)).toEqual(hlc);
      expect(formatHlc(parseHlc(written) as Hlc)).toBe(written);
    }
  });

  it('sorts as plain strings exactly as (millis, counter, device id) sorts', () => {
    const random = seeded(20261127);
    let ties = 0;
    for (let i = 0; i < 2000; i++) {
      const a = randomHlc(random);
      const b = randomHlc(random);
      if (a.millis === b.millis) ties++;
      expect(compareText(formatHlc(a), formatHlc(b)), `${formatHlc(a)} vs ${formatHlc(b)}`).toBe(compareFields(a, b));
    }
    // The generator must actually exercise the counter and node tie-breaks.
    expect(ties).toBeGreaterThan(100);
  });

  it('refuses a device id that is not 16 lowercase hex digits, and a time outside four-digit years', () => {
    expect(hlcErrorCode(() => formatHlc({ millis: T0, counter: 0, node: '0123456789ABCDEF' }))).toBe('invalid_node');
    expect(hlcErrorCode(() => formatHlc({ millis: T0, counter: 0, node: '0123' }))).toBe('invalid_node');
    expect(
      hlcErrorCode(() => formatHlc({ millis: Date.parse('+010000-01-01T00:00:00.000Z'), counter: 0, node: NODE })),
    ).toBe('invalid_hlc');
  });

  it.each([
    ['a counter of three digits', '2026-11-27T08:30:00.000Z-02a-0123456789abcdef'],
    ['a counter of five digits', '2026-11-27T08:30:00.000Z-0002a-0123456789abcdef'],
    ['an uppercase counter', '2026-11-27T08:30:00.000Z-002A-0123456789abcdef'],
    ['an uppercase device id', '2026-11-27T08:30:00.000Z-002a-0123456789ABCDEF'],
    ['a device id of 15 digits', '2026-11-27T08:30:00.000Z-002a-0123456789abcde'],
    ['a day that does not exist (30 February)', '2026-02-30T08:30:00.000Z-0000-0123456789abcdef'],
    ['a thirteenth month', '2026-13-01T08:30:00.000Z-0000-0123456789abcdef'],
    ['hour 24', '2026-11-27T24:00:00.000Z-0000-0123456789abcdef'],
    ['a time without milliseconds', '2026-11-27T08:30:00Z-0000-0123456789abcdef'],
    ['a time with an offset instead of Z', '2026-11-27T08:30:00.000+08:00-0000-0123456789abcdef'],
    ['trailing text', '2026-11-27T08:30:00.000Z-0000-0123456789abcdef '],
    ['an empty string', ''],
  ])('rejects %s', (_story, text) => {
    expect(parseHlc(text)).toBeNull();
    expect(isHlc(text)).toBe(false);
  });
});

describe('the local clock (tickHlc)', () => {
  it('moves strictly forward even when the wall clock stands still or goes backwards', () => {
    const random = seeded(42);
    let wall = T0;
    let last = zeroHlc(NODE);
    let previous = formatHlc(last);
    for (let i = 0; i < 2000; i++) {
      // Mostly standing still or stepping back (a phone whose clock was corrected), sometimes forward.
      const step = random();
      if (step < 0.3) wall -= randomInt(random, 1, 5 * MINUTE);
      else if (step < 0.7) wall += 0;
      else wall += randomInt(random, 1, 50);
      last = tickHlc(last, wall);
      const text = formatHlc(last);
      expect(text > previous, `${text} after ${previous}`).toBe(true);
      expect(last.millis).toBeGreaterThanOrEqual(wall);
      previous = text;
    }
  });

  it('follows the wall clock when it is ahead, with the counter back at zero', () => {
    expect(tickHlc({ millis: T0, counter: 9, node: NODE }, T0 + 5)).toEqual({ millis: T0 + 5, counter: 0, node: NODE });
  });

  it('throws counter_overflow after 65,536 events in one millisecond', () => {
    const full: Hlc = { millis: T0, counter: MAX_COUNTER, node: NODE };
    expect(hlcErrorCode(() => tickHlc(full, T0))).toBe('counter_overflow');
    expect(hlcErrorCode(() => tickHlc(full, T0 - 1000))).toBe('counter_overflow');
    expect(hlcErrorCode(() => formatHlc({ ...full, counter: MAX_COUNTER + 1 }))).toBe('counter_overflow');
    // The next millisecond frees the counter again.
    expect(tickHlc(full, T0 + 1).counter).toBe(0);
  });
});

describe('a stamp received from elsewhere (receiveHlc)', () => {
  it('gives a stamp after both the local one and the remote one', () => {
    const random = seeded(99);
    for (let i = 0; i < 2000; i++) {
      const local = { ...randomHlc(random, MAX_COUNTER - 1), node: NODE };
      const remote = randomHlc(random, MAX_COUNTER - 1);
      const now = random() < 0.5 ? local.millis + randomInt(random, -3, 3) : remote.millis + randomInt(random, -3, 3);
      const next = receiveHlc(local, remote, now);
      const text = formatHlc(next);
      expect(text > formatHlc(local), `${text} after local ${formatHlc(local)}`).toBe(true);
      expect(text > formatHlc(remote), `${text} after remote ${formatHlc(remote)}`).toBe(true);
      expect(next.node).toBe(NODE);
      expect(next.millis).toBeGreaterThanOrEqual(now);
    }
  });

  it('throws counter_overflow when the remote stamp used up its millisecond', () => {
    const remote: Hlc = { millis: T0, counter: MAX_COUNTER, node: 'fedcba9876543210' };
    expect(hlcErrorCode(() => receiveHlc(zeroHlc(NODE), remote, T0 - 1))).toBe('counter_overflow');
  });
});

describe('the server clock-skew check', () => {
  it('throws clock_skew for a stamp more than 10 minutes ahead of the server clock', () => {
    const ahead = { millis: T0 + MAX_CLOCK_SKEW_MS + 1, counter: 0, node: NODE };
    expect(hlcErrorCode(() => checkSkew(ahead, T0))).toBe('clock_skew');
    expect(() => checkSkew({ ...ahead, millis: T0 + 60 * MINUTE }, T0)).toThrow(/60 minutes ahead/);
  });

  it('accepts a stamp 9 minutes ahead, exactly 10 minutes ahead, or behind', () => {
    expect(hlcErrorCode(() => checkSkew({ millis: T0 + 9 * MINUTE, counter: 0, node: NODE }, T0))).toBeUndefined();
    expect(
      hlcErrorCode(() => checkSkew({ millis: T0 + MAX_CLOCK_SKEW_MS, counter: 5, node: NODE }, T0)),
    ).toBeUndefined();
    expect(
      hlcErrorCode(() => checkSkew({ millis: T0 - 24 * 60 * MINUTE, counter: 0, node: NODE }, T0)),
    ).toBeUndefined();
  });
});

describe('laterHlc', () => {
  it('picks the later of two stamps whichever side it is on', () => {
    const early = formatHlc({ millis: T0, counter: 1, node: NODE });
    const late = formatHlc({ millis: T0, counter: 2, node: NODE });
    expect(laterHlc(early, late)).toBe(late);
    expect(laterHlc(late, early)).toBe(late);
  });
});
