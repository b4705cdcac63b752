/** The HTTP server: the JSON API under /api (one module per area in routes/) and the built PWA at /. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import { type HealthResponse, MAX_PUSH_BYTES } from '../shared/sync-messages.ts';
import { ArrivalPacer } from './arrivals.ts';
import type { LoginLimits } from './auth/login-limiter.ts';
import type { Config } from './config.ts';
import type { ServerContext } from './context.ts';
import { isBusy } from './db/busy.ts';
import type { DatabaseKind } from './db/dialect.ts';
import type { Database } from './db/schema.ts';
import { ApiError } from './http-errors.ts';
import { giveWayToConnections } from './loop-turns.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAppShell } from './routes/app-shell.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerDeskRoutes } from './routes/desk.ts';
import { registerImportRoutes } from './routes/import.ts';
import { registerPeopleRoutes } from './routes/people.ts';
import { registerPhotoRoutes } from './routes/photos.ts';
import { registerServiceRoutes } from './routes/service.ts';
import { isTurnTaking, refuseSyncsWithNoRoom, registerSyncRoutes } from './routes/sync.ts';
import { Admission, ServerBusy } from './sync/admission.ts';

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
  408: 'timeout',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  429: 'too_many_requests',
  431: 'too_large',
};

/** Seconds a device waits before sending again when the database could not take a write. */
const BUSY_RETRY_SECONDS = 2;

/**
 * What the page may do: its own scripts only (no inline script), its own API, photos from itself
 * or from blob: URLs of the device's own photos, and never inside another site's frame.
 */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'blob:', 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  },
};

/**
 * The security headers every answer carries, as helmet words them for these options: read from its
 * middleware once, then set from a plain object (its chain of middlewares, run for each request,
 * was a tenth of the server's time when a crowd of devices arrived at once).
 */
const SECURITY_HEADERS: Record<string, string> = (() => {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: () => {},
  };
  helmet({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Photos and the app are same-origin; nothing here is meant to be embedded elsewhere.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  })({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
})();

/** How long an idle kept-alive connection stays open (Fastify's own default). */
const KEEP_ALIVE_MS = 72_000;

const CLIENT_ERRORS: Record<number, { reason: string; message: string }> = {
  400: { reason: 'Bad Request', message: 'the request is malformed' },
  408: { reason: 'Request Timeout', message: 'the request took too long to arrive' },
  431: { reason: 'Request Header Fields Too Large', message: 'the request headers are too large' },
};

/** Errors Node's HTTP parser meets before a request reaches a route, answered in the contract's shape. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const { reason, message } = CLIENT_ERRORS[status] as { reason: string; message: string };
  const body = JSON.stringify({ error: { code: STATUS_CODES[status], message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export async function buildApp({ db, databaseKind, config, loginLimits }: AppOptions): Promise<FastifyInstance> {
  const context: ServerContext = {
    db,
    databaseKind,
    config,
    admission: new Admission(config.syncSlots, config.syncQueue),
  };
  const app = Fastify({
    bodyLimit: MAX_PUSH_BYTES,
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    clientErrorHandler: answerClientError,
    serverFactory: (handler) => {
      // Pushes and pulls are handed to Fastify a few per turn of the event loop (arrivals.ts).
      const pacer = new ArrivalPacer(
        handler,
        (request) => isTurnTaking(request.url ?? ''),
        () => context.admission.held,
      );
      const server = createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          // Node checks for timed-out requests every 30 s by default; check often enough that the
          // timeout above is what a slow client meets.
          connectionsCheckingInterval: Math.min(5_000, config.requestTimeoutMs / 2),
        },
        pacer.handle,
      );
      giveWayToConnections(server);
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      // A connection that sends nothing for this long is closed.
      server.setTimeout(Math.min(config.requestTimeoutMs, 60_000));
      return server;
    },
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Method, path (no query string: it can carry search words) and status only: the logs
            // never hold names, phones, notes or care tags.
            serializers: {
              req: (request) => ({ method: request.method, url: request.url.split('?')[0] ?? '' }),
              res: (reply) => ({ statusCode: reply.statusCode }),
            },
          },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
  refuseSyncsWithNoRoom(app, context);
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof ApiError) return reply.status(error.status).send(error.body());
    if (error instanceof ServerBusy || isBusy(error)) {
      reply.header('retry-after', String(BUSY_RETRY_SECONDS));
      const message =
        error instanceof ServerBusy ? error.message : 'the database is busy; nothing was written, send again shortly';
      return reply.status(503).send({ error: { code: 'busy', message } });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    // The error's name and code only: its message may quote the data that caused it.
    if (status === 500)
      request.log.error({ name: error.name, code: (error as { code?: string }).code }, 'server error');
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
  registerAuditRoutes(app, context);
  registerAdminRoutes(app, context);
  registerDeskRoutes(app, context);
  registerServiceRoutes(app, context);
  await registerImportRoutes(app, context);
  await registerAppShell(app, context);
  return app;
}
