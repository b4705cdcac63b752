/**
 * Someone guesses passwords. The limit holds when the guesses come all at once, survives a
 * restart, and holds back the guesser's address rather than the account: the real user, from
 * their own phone, still signs in. Spraying many usernames from one address is held back too,
 * but not for colleagues who have signed in from that (shared street-office) address before.
 * Addresses come from X-Forwarded-For, the server trusting its proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { LoginLimits } from '../../server/auth/login-limiter.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/open.ts';
import { databaseOfThisRun, freshDatabaseUrl } from '../helpers/databases.ts';

const LIMITS: LoginLimits = {
  pairFailures: 3,
  addressFailures: 12,
  windowMs: 10 * 60_000,
  baseDelayMs: 20_000,
  maxDelayMs: 5 * 60_000,
};

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function serve(databaseUrl: string): Promise<Server> {
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', TRUST_PROXY: 'true', DATABASE_URL: databaseUrl }),
    staticDir: null,
  };
  const database = await openDatabase(config.databaseUrl);
  const app = await buildApp({ db: database.db, databaseKind: database.kind, config, loginLimits: LIMITS });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    async stop() {
      await app.close();
      await database.close();
    },
  };
}

async function attempt(server: Server, username: string, password: string, address: string) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: response.status,
    retryAfter: Number(response.headers.get('retry-after') ?? 0),
    body: (await response.json()) as { error?: { code: string } },
  };
}

describe('failed sign-ins', () => {
  let databaseUrl: string;
  let server: Server;
  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl(databaseOfThisRun(), true);
    server = await serve(databaseUrl);
  });
  afterAll(() => server.stop());

  it('are counted even when forty arrive at once: only the allowed few are checked', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(server, 'worker05', `guess-${i}`, '203.0.113.7')),
    );
    const checked = guesses.filter((guess) => guess.status === 401);
    const refused = guesses.filter((guess) => guess.status === 429);
    expect(checked).toHaveLength(LIMITS.pairFailures);
    expect(refused).toHaveLength(40 - LIMITS.pairFailures);
    expect(refused.every((guess) => guess.body.error?.code === 'too_many_requests' && guess.retryAfter > 0)).toBe(true);
    // Even the right password waits, from that address.
    expect((await attempt(server, 'worker05', 'gridwork-demo', '203.0.113.7')).status).toBe(429);
  });

  it('hold back the guesser’s address, not the account: the user signs in from their own phone', async () => {
    expect((await attempt(server, 'worker05', 'gridwork-demo', '198.51.100.20')).status).toBe(200);
  });

  it('make each further attempt wait longer', async () => {
    const address = '203.0.113.8';
    for (let i = 0; i < LIMITS.pairFailures; i++) await attempt(server, 'worker06', `typo-${i}`, address);
    const first = await attempt(server, 'worker06', 'typo-x', address);
    expect(first.status).toBe(429);
    expect(first.retryAfter).toBeGreaterThan(0);
    expect(first.retryAfter).toBeLessThanOrEqual(LIMITS.baseDelayMs / 1000);
  });

  it('survive a restart of the server', async () => {
    await server.stop();
    server = await serve(databaseUrl);
    expect((await attempt(server, 'worker05', 'gridwork-demo', '203.0.113.7')).status).toBe(429);
    expect((await attempt(server, 'worker06', 'gridwork-demo', '203.0.113.8')).status).toBe(429);
  });

  it('hold back one address spraying many usernames, but not colleagues who signed in there before', async () => {
    const office = '192.0.2.50';
    // A colleague has used the office's address before.
    expect((await attempt(server, 'lead07', 'gridwork-demo', office)).status).toBe(200);
    for (let i = 0; i < LIMITS.addressFailures; i++) {
      const guess = await attempt(server, `lead${String((i % 9) + 10).padStart(2, '0')}`, `spray-${i}`, office);
      expect(guess.status, `spray ${i}`).toBe(401);
    }
    // A username never signed in from the office now waits, even with its right password…
    expect((await attempt(server, 'lead20', 'gridwork-demo', office)).status).toBe(429);
    // …the colleague who signed in there before does not.
    expect((await attempt(server, 'lead07', 'gridwork-demo', office)).status).toBe(200);
  });

  it('are forgotten for a pair after a successful sign-in', async () => {
    const address = '198.51.100.30';
    for (let i = 0; i < LIMITS.pairFailures - 1; i++) await attempt(server, 'worker07', 'typo', address);
    expect((await attempt(server, 'worker07', 'gridwork-demo', address)).status).toBe(200);
    for (let i = 0; i < LIMITS.pairFailures - 1; i++) {
      expect((await attempt(server, 'worker07', 'typo', address)).status).toBe(401);
    }
    expect((await attempt(server, 'worker07', 'gridwork-demo', address)).status).toBe(200);
  });
});
