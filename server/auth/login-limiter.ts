/**
 * Slows password guessing: after too many failed sign-ins for one username, or from one address,
 * further attempts are refused with 429 for a while. In memory: a restart forgets, which only
 * ever lets a guesser start over as if new.
 */
export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

/** Keys tracked at most, so a flood of made-up usernames cannot grow memory without bound. */
const MAX_KEYS = 100_000;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.limits.windowMs);
    if (kept.length > 0) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limits.maxFailures) {
        wait = Math.max(wait, Math.ceil(((recent[0] ?? now) + this.limits.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  recordFailure(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      if (!this.failures.has(key) && this.failures.size >= MAX_KEYS) {
        this.failures.delete(this.failures.keys().next().value as string);
      }
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
