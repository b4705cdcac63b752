/**
 * A session's expiry slides on use, written behind the request with other renewals: a request never
 * waits for that write, a renewal made while another process holds the database is written once it
 * lets go, and a renewal never reopens a session that ended or ran out before it was written.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRenewals } from '../../server/auth/session-renewals.ts';
import { holdWriteLock } from '../helpers/databases.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';

const HOUR_MS = 3600_000;

function tokenHashOf(client: ApiClient): string {
  const token = client.sessionCookie().split('=')[1] ?? '';
  expect(token).not.toBe('');
  return createHash('sha256').update(token).digest('hex');
}

async function expiryOf(server: TestServer, tokenHash: string): Promise<string | undefined> {
  const row = await server.db
    .selectFrom('sessions')
    .select('expires_at')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.expires_at;
}

async function setExpiry(server: TestServer, tokenHash: string, at: Date): Promise<void> {
  await server.db
    .updateTable('sessions')
    .set({ expires_at: at.toISOString() })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Waits, a bounded while, until the session's expiry is past `after`; returns it. */
async function renewedPast(server: TestServer, tokenHash: string, after: Date): Promise<string | undefined> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const expiry = await expiryOf(server, tokenHash);
    if (expiry && expiry > after.toISOString()) return expiry;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return expiryOf(server, tokenHash);
}

describe('session renewals', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it('slide the expiry of sessions in use, many at once', async () => {
    const clients = await Promise.all(
      ['worker01', 'worker02', 'lead01', 'supervisor'].map(async (username) => {
        const client = new ApiClient(server.url);
        await client.login(username);
        return client;
      }),
    );
    const hashes = clients.map(tokenHashOf);
    // Each was last renewed an hour ago: the next request renews it.
    const soon = new Date(Date.now() + HOUR_MS);
    for (const hash of hashes) await setExpiry(server, hash, soon);
    const answers = await Promise.all(clients.map((client) => client.request('GET', '/api/auth/me')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    // The browser's cookie slides with the session, when the session does.
    for (const answer of answers)
      expect(answer.headers.get('set-cookie')).toMatch(/^gw_session=[^;]+;.*Max-Age=2592000/i);
    const aDayAhead = new Date(Date.now() + 24 * HOUR_MS);
    for (const hash of hashes) {
      expect(Date.parse((await renewedPast(server, hash, aDayAhead)) ?? '')).toBeGreaterThan(aDayAhead.getTime());
    }
    // Once written, the next request has nothing to renew, and the cookie is left as it is.
    const next = await clients[0]?.request('GET', '/api/auth/me');
    expect(next?.status).toBe(200);
    expect(next?.headers.get('set-cookie')).toBeNull();
  });

  it('renews a session used while another process holds the database, once it lets go', async () => {
    const client = new ApiClient(server.url);
    await client.login('worker03');
    const hash = tokenHashOf(client);
    const soon = new Date(Date.now() + HOUR_MS);
    await setExpiry(server, hash, soon);
    const release = await holdWriteLock(server.databaseUrl);
    try {
      const started = performance.now();
      const me = await client.request('GET', '/api/auth/me');
      expect(me.status).toBe(200);
      // The request did not wait on the lock for its renewal (the busy wait alone is 100 ms).
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await release();
    }
    const aDayAhead = new Date(Date.now() + 24 * HOUR_MS);
    expect(Date.parse((await renewedPast(server, hash, aDayAhead)) ?? '')).toBeGreaterThan(aDayAhead.getTime());
  });

  it('never reopens a session that was signed out or ran out before the renewal was written', async () => {
    const errors: unknown[] = [];
    const renewals = new SessionRenewals(server.db, (error) => errors.push(error));
    const signedOut = new ApiClient(server.url);
    await signedOut.login('lead02');
    const ranOut = new ApiClient(server.url);
    await ranOut.login('lead03');
    const open = new ApiClient(server.url);
    await open.login('lead05');
    const later = new Date(Date.now() + 30 * 24 * HOUR_MS).toISOString();
    const [signedOutHash, ranOutHash, openHash] = [signedOut, ranOut, open].map(tokenHashOf) as [
      string,
      string,
      string,
    ];
    for (const hash of [signedOutHash, ranOutHash, openHash]) renewals.renew(hash, later);
    expect(renewals.pending).toBe(3);

    expect((await signedOut.request('POST', '/api/auth/logout')).status).toBe(200);
    const past = new Date(Date.now() - 60_000);
    await setExpiry(server, ranOutHash, past);
    await renewals.flush();

    expect(errors).toEqual([]);
    expect(renewals.pending).toBe(0);
    expect(await expiryOf(server, signedOutHash)).toBeUndefined();
    expect(await expiryOf(server, ranOutHash)).toBe(past.toISOString());
    expect(await expiryOf(server, openHash)).toBe(later);
    expect((await ranOut.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('never shortens a session: of two renewals the later expiry stays', async () => {
    const renewals = new SessionRenewals(server.db, () => {});
    const client = new ApiClient(server.url);
    await client.login('lead07');
    const hash = tokenHashOf(client);
    const far = new Date(Date.now() + 40 * 24 * HOUR_MS).toISOString();
    const near = new Date(Date.now() + 35 * 24 * HOUR_MS).toISOString();
    renewals.renew(hash, far);
    renewals.renew(hash, near);
    await renewals.flush();
    expect(await expiryOf(server, hash)).toBe(far);
    renewals.renew(hash, near);
    await renewals.flush();
    expect(await expiryOf(server, hash)).toBe(far);
  });
});
