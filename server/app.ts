/** The HTTP server: the JSON API under /api (one module per area in routes/) and the built PWA at /. */
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type HealthResponse, MAX_PUSH_BYTES } from '../shared/sync-messages.ts';
import type { LoginLimits } from './auth/login-limiter.ts';
import type { Config } from './config.ts';
import type { ServerContext } from './context.ts';
import type { DatabaseKind } from './db/dialect.ts';
import type { Database } from './db/schema.ts';
import { ApiError } from './http-errors.ts';
import { registerAppShell } from './routes/app-shell.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerPeopleRoutes } from './routes/people.ts';
import { registerPhotoRoutes } from './routes/photos.ts';
import { registerSyncRoutes } from './routes/sync.ts';

export interface AppOptions {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
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

export async function buildApp({ db, databaseKind, config, loginLimits }: AppOptions): Promise<FastifyInstance> {
  const context: ServerContext = { db, databaseKind, config };
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

  app.get(
    '/api/health',
    async (): Promise<HealthResponse> => ({ status: 'ok', version: config.version, database: databaseKind }),
  );
  registerAuthRoutes(app, context, loginLimits);
  registerSyncRoutes(app, context);
  registerPhotoRoutes(app, context);
  registerPeopleRoutes(app, context);
  await registerAppShell(app, context);
  return app;
}
