import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS, waitAfter } from '../../server/auth/login-limiter.ts';

describe('the wait after failed sign-ins', () => {
  const limits = DEFAULT_LOGIN_LIMITS;
  const now = 1_000_000_000;

  it('is nothing until the allowed failures are used', () => {
    for (let failures = 0; failures < limits.pairFailures; failures++) {
      expect(waitAfter(failures, limits.pairFailures, now, now, limits)).toBe(0);
    }
  });

  it('doubles with each further failure, up to the ceiling', () => {
    const waits = [0, 1, 2, 3, 4, 10].map((extra) =>
      waitAfter(limits.pairFailures + extra, limits.pairFailures, now, now, limits),
    );
    expect(waits.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((k) => Math.min(limits.maxDelayMs, limits.baseDelayMs * k)));
    expect(waits[5]).toBe(limits.maxDelayMs);
  });

  it('counts from the last failure', () => {
    const last = now - 10_000;
    expect(waitAfter(limits.pairFailures, limits.pairFailures, last, now, limits)).toBe(limits.baseDelayMs - 10_000);
    expect(waitAfter(limits.pairFailures, limits.pairFailures, now - limits.baseDelayMs, now, limits)).toBe(0);
  });
});
