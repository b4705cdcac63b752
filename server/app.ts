/** The HTTP server: the JSON API under /api and the built PWA at /. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  conflictsQuerySchema,
  type HealthResponse,
  loginRequestSchema,
  MAX_PUSH_BYTES,
  pullQuerySchema,
  type SessionUser,
} from '../shared/sync-messages.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from './auth/login-limiter.ts';
import { checkCredentials, createSession, deleteSession, sessionUser } from './auth/users.ts';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import { ApiError, invalid } from './http-errors.ts';
import { listConflicts } from './sync/conflicts.ts';
import { pullChanges } from './sync/pull.ts';
import { applyPush, validatePush } from './sync/push.ts';

export const SESSION_COOKIE = 'gw_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export interface AppOptions {
  db: Kysely<Database>;
  databaseKind: 'sqlite' | 'postgres';
  config: Config;
  loginLimits?: LoginLimits;
}

const STATUS_CODES: Record<number, string> = {
  400: 'malformed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  429: 'too_many_requests',
};

function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new ApiError(401, 'unauthenticated', 'sign in first (no session, or it has expired)');
  return request.user;
}

export async function buildApp({ db, databaseKind, config, loginLimits }: AppOptions): Promise<FastifyInstance> {
  // Per username, and (looser, since a street office may share one address) per address.
  const userLimiter = new LoginLimiter(loginLimits);
  const addressLimiter = new LoginLimiter({
    ...(loginLimits ?? DEFAULT_LOGIN_LIMITS),
    maxFailures: (loginLimits ?? DEFAULT_LOGIN_LIMITS).maxFailures * 10,
  });
  const app = Fastify({ logger: false, bodyLimit: MAX_PUSH_BYTES, trustProxy: false });
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof ApiError) return reply.status(error.status).send(error.body());
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    const message = status === 500 ? 'the server failed; nothing was written, try again' : error.message;
    return reply.status(status).send({ error: { code: STATUS_CODES[status] ?? 'server_error', message } });
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

  app.get(
    '/api/health',
    async (): Promise<HealthResponse> => ({ status: 'ok', version: config.version, database: databaseKind }),
  );

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

  app.post('/api/sync/push', async (request) => {
    const user = requireUser(request);
    const push = validatePush(request.body);
    return { results: await applyPush(db, user, push) };
  });

  app.get('/api/sync/pull', async (request) => {
    const user = requireUser(request);
    const parsed = pullQuerySchema.safeParse(request.query);
    if (!parsed.success) throw invalid(parsed.error);
    return pullChanges(db, user, Number(parsed.data.cursor ?? 0), parsed.data.limit);
  });

  app.get('/api/conflicts', async (request) => {
    const user = requireUser(request);
    if (user.role !== 'supervisor' && user.role !== 'admin') {
      throw new ApiError(403, 'forbidden', 'only supervisors read the conflict log');
    }
    if (user.place.level !== 'community') {
      throw new ApiError(403, 'forbidden', 'the conflict log is kept per community');
    }
    const parsed = conflictsQuerySchema.safeParse(request.query);
    if (!parsed.success) throw invalid(parsed.error);
    return { conflicts: await listConflicts(db, user.place.id, parsed.data.limit) };
  });

  const staticDir = config.staticDir;
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      setHeaders(res, path) {
        // Hashed assets never change; the shell and the service worker must always be revalidated.
        if (path.includes('/assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
        else res.header('cache-control', 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/');
    if (wantsPage && staticDir && existsSync(join(staticDir, 'index.html'))) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url}` } });
  });
  return app;
}
