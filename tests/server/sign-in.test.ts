/**
 * A grid worker signs in on a phone: the session lives in an HttpOnly, SameSite=Strict cookie,
 * wrong credentials say nothing about which part was wrong, and a session that has ended
 * (logout, or expiry) opens nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oldScryptHash } from '../helpers/old-password-hash.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account } from './support.ts';

/** GET /api/auth/me with exactly this cookie header, outside any client's jar. */
async function meWithCookie(server: TestServer, cookie: string) {
  const response = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as { error?: { code: string }; user?: unknown } };
}

function sessionToken(client: ApiClient): string {
  const [name, value] = client.sessionCookie().split('=');
  expect(name).toBe('gw_session');
  expect(value).toBeTruthy();
  return value as string;
}

describe('signing in', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('returns the user as the contract shapes it and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const client = new ApiClient(server.url);
    const response = await client.request('POST', '/api/auth/login', {
      username: 'worker01',
      password: 'gridwork-demo',
    });
    expect(response.status).toBe(200);
    const worker = account('worker01');
    // Exactly these keys: no password hash, no internal columns.
    expect(response.body).toEqual({
      user: {
        id: worker.id,
        username: 'worker01',
        displayName: worker.displayName,
        role: 'grid_worker',
        place: { level: 'grid', id: worker.place.id },
      },
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^gw_session=[^;]+;/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
  });

  it('gives each role its place: a building lead its building, the supervisor the community', async () => {
    const lead = await new ApiClient(server.url).login('lead01');
    expect(lead).toMatchObject({ role: 'building_lead', place: { level: 'building', id: account('lead01').place.id } });
    const supervisor = await new ApiClient(server.url).login('supervisor');
    expect(supervisor).toMatchObject({
      role: 'supervisor',
      place: { level: 'community', id: account('supervisor').place.id },
    });
    const admin = await new ApiClient(server.url).login('admin');
    expect(admin.role).toBe('admin');
  });

  it('answers a wrong password and an unknown user with the SAME 401', async () => {
    const client = new ApiClient(server.url);
    const wrongPassword = await client.request('POST', '/api/auth/login', { username: 'worker01', password: 'nope' });
    const unknownUser = await client.request('POST', '/api/auth/login', {
      username: 'worker99',
      password: 'gridwork-demo',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body.error.code).toEqual(expect.any(String));
    expect(wrongPassword.body.error.message).toEqual(expect.any(String));
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    expect(unknownUser.headers.get('set-cookie')).toBeNull();
  });

  it('lets in an account whose password was stored with scrypt before, and stores it again as Argon2id', async () => {
    const storedHash = async () =>
      (
        await server.db
          .selectFrom('users')
          .select('password_hash')
          .where('username', '=', 'worker04')
          .executeTakeFirstOrThrow()
      ).password_hash;
    const old = await oldScryptHash('gridwork-demo');
    await server.db.updateTable('users').set({ password_hash: old }).where('username', '=', 'worker04').execute();

    const wrong = await new ApiClient(server.url).request('POST', '/api/auth/login', {
      username: 'worker04',
      password: 'gridwork-demo!',
    });
    expect(wrong.status).toBe(401);
    // A wrong password changes nothing stored.
    expect(await storedHash()).toBe(old);

    expect((await new ApiClient(server.url).login('worker04')).username).toBe('worker04');
    const upgraded = await storedHash();
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=7168,t=5,p=1\$/);
    // The same password opens the stored-again hash.
    expect((await new ApiClient(server.url).login('worker04')).username).toBe('worker04');
    expect(await storedHash()).toBe(upgraded);
  });

  it('keeps the session: /api/auth/me answers the signed-in user', async () => {
    const client = new ApiClient(server.url);
    const user = await client.login('lead01');
    const me = await client.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: expect.objectContaining({ id: user.id, username: 'lead01' }) });
  });

  it('answers /api/auth/me without a cookie with a 401 and a code', async () => {
    const response = await new ApiClient(server.url).request('GET', '/api/auth/me');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('answers a made-up session cookie with a 401', async () => {
    const response = await meWithCookie(server, 'gw_session=not-a-real-session-token');
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('unauthenticated');
  });

  it('ends the session on logout: the old cookie opens nothing afterwards', async () => {
    const client = new ApiClient(server.url);
    await client.login('worker02');
    const cookie = client.sessionCookie();
    expect((await meWithCookie(server, cookie)).status).toBe(200);

    const logout = await client.request('POST', '/api/auth/logout');
    expect(logout.status).toBe(200);
    // The browser is told to drop the cookie…
    expect(logout.headers.get('set-cookie')).toMatch(/^gw_session=;/);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(401);
    // …and the server forgot the session, so a copy of the cookie kept elsewhere is dead too.
    const replay = await meWithCookie(server, cookie);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.code).toBe('unauthenticated');
  });

  it('refuses an expired session with a 401', async () => {
    const client = new ApiClient(server.url);
    await client.login('worker03');
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);

    const tokenHash = createHash('sha256').update(sessionToken(client)).digest('hex');
    const updated = await server.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(1);

    const me = await client.request('GET', '/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
    const pull = await client.request('GET', '/api/sync/pull');
    expect(pull.status).toBe(401);
  });

  it('answers a login body without a password with a 422 naming the field', async () => {
    const response = await new ApiClient(server.url).request('POST', '/api/auth/login', { username: 'worker01' });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({ code: 'invalid', message: expect.any(String), field: 'password' });
  });

  it('answers a login with a username of the wrong type with a 422 naming the field', async () => {
    const response = await new ApiClient(server.url).request('POST', '/api/auth/login', {
      username: 42,
      password: 'gridwork-demo',
    });
    expect(response.status).toBe(422);
    expect(response.body.error.field).toBe('username');
  });

  it('answers a login body with a key it does not know with a 422 naming that key', async () => {
    const response = await new ApiClient(server.url).request('POST', '/api/auth/login', {
      username: 'worker01',
      password: 'gridwork-demo',
      role: 'admin',
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'invalid', field: 'role' });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers a login body that is not JSON with a 400', async () => {
    const response = await new ApiClient(server.url).request('POST', '/api/auth/login', undefined, '{"username":');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('malformed');
  });
});
