/** Sign-in, the session's user, sign-out. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { loginRequestSchema } from '../../shared/sync-messages.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from '../auth/login-limiter.ts';
import { checkCredentials, createSession, deleteSession, sessionUser } from '../auth/users.ts';
import { requireUser, type ServerContext } from '../context.ts';
import { ApiError, invalid } from '../http-errors.ts';

export const SESSION_COOKIE = 'gw_session';

export function registerAuthRoutes(app: FastifyInstance, { db, config }: ServerContext, loginLimits?: LoginLimits) {
  // Per username, and (looser, since a street office may share one address) per address.
  const userLimiter = new LoginLimiter(loginLimits);
  const addressLimiter = new LoginLimiter({
    ...(loginLimits ?? DEFAULT_LOGIN_LIMITS),
    maxFailures: (loginLimits ?? DEFAULT_LOGIN_LIMITS).maxFailures * 10,
  });

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      // Secure whenever the request came over HTTPS; plain http://127.0.0.1 still works.
      secure: 'auto',
      path: '/',
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !request.url.startsWith('/api/')) return;
    request.user = await sessionUser(db, token, config.sessionTtlMs);
    // The server slides the session's expiry on use; the browser's copy of the cookie slides too.
    if (request.user) setSessionCookie(reply, token);
  });

  app.post('/api/auth/login', async (request, reply) => {
    const parsed = loginRequestSchema.safeParse(request.body);
    if (!parsed.success) throw invalid(parsed.error);
    const username = [parsed.data.username];
    const address = [request.ip];
    const wait = Math.max(userLimiter.retryAfter(username), addressLimiter.retryAfter(address));
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(
        429,
        'too_many_requests',
        `too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minutes`,
      );
    }
    const user = await checkCredentials(db, parsed.data.username, parsed.data.password);
    if (!user) {
      userLimiter.recordFailure(username);
      addressLimiter.recordFailure(address);
      throw new ApiError(401, 'bad_credentials', 'wrong username or password');
    }
    userLimiter.recordSuccess(username);
    setSessionCookie(reply, await createSession(db, user.id, config.sessionTtlMs));
    return { user };
  });

  app.get('/api/auth/me', async (request) => ({ user: requireUser(request) }));

  app.post('/api/auth/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
}
