/**
 * Someone tries passwords for a grid worker's account. After the allowed failures the server
 * answers 429 with Retry-After, even for the right password, until the window passes; other
 * accounts sign in as usual, and a successful sign-in clears the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';

describe('failed sign-ins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seeded: true, loginLimits: { maxFailures: 3, windowMs: 60_000 } });
  });
  afterAll(() => server.stop());

  it('are limited per account with 429 and Retry-After; other accounts are not affected', async () => {
    const guesser = new ApiClient(server.url);
    for (let i = 0; i < 3; i++) {
      const wrong = await guesser.request('POST', '/api/auth/login', { username: 'worker05', password: `guess-${i}` });
      expect(wrong.status).toBe(401);
    }
    const blocked = await guesser.request('POST', '/api/auth/login', {
      username: 'worker05',
      password: 'gridwork-demo',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_requests');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    const colleague = new ApiClient(server.url);
    expect((await colleague.login('worker06')).role).toBe('grid_worker');
  });

  it('are forgotten after a successful sign-in', async () => {
    const worker = new ApiClient(server.url);
    for (let i = 0; i < 2; i++) {
      await worker.request('POST', '/api/auth/login', { username: 'worker07', password: 'typo' });
    }
    await worker.login('worker07');
    for (let i = 0; i < 2; i++) {
      expect((await worker.request('POST', '/api/auth/login', { username: 'worker07', password: 'typo' })).status).toBe(
        401,
      );
    }
    expect(
      (await worker.request('POST', '/api/auth/login', { username: 'worker07', password: 'gridwork-demo' })).status,
    ).toBe(200);
  });
});
