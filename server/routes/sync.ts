/** The sync routes: push, pull, and the conflict log supervisors read. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { conflictFiltersSchema } from '../../shared/desk-messages.ts';
import { pullQuerySchema } from '../../shared/sync-messages.ts';
import { requireCommunitySupervisor, requireUser, type ServerContext } from '../context.ts';
import { recordLabels } from '../desk/places.ts';
import { invalid } from '../http-errors.ts';
import { TimeSlice } from '../loop-turns.ts';
import { ServerBusy } from '../sync/admission.ts';
import { listConflicts } from '../sync/conflicts.ts';
import { pullPage } from '../sync/pull.ts';
import { applyPush, validatePush } from '../sync/push.ts';
import { SESSION_COOKIE } from './auth.ts';

/** The routes that take turns (see admission.ts). */
const TURN_TAKING_ROUTES = new Set(['/api/sync/push', '/api/sync/pull']);

/** Whether a request's URL (a query string allowed) is a push or a pull. */
export function isTurnTaking(url: string): boolean {
  const query = url.indexOf('?');
  return TURN_TAKING_ROUTES.has(query < 0 ? url : url.slice(0, query));
}

/**
 * Refuses a push or a pull the queue has no room for before anything else is done for it: no
 * session lookup, no cookie, no body. When 500 devices arrive together most of them are refused,
 * and all of that work sat on the one thread ahead of the sign-ins and health checks that came
 * with them. Registered before the other hooks. A request with no session at all goes on to be
 * told 401; one whose session has ended is told so when it sends again after Retry-After.
 */
export function refuseSyncsWithNoRoom(app: FastifyInstance, { admission }: ServerContext) {
  const sessionCookie = `${SESSION_COOKIE}=`;
  app.addHook('onRequest', async (request) => {
    if (
      admission.wouldRefuse() &&
      TURN_TAKING_ROUTES.has(request.routeOptions.url ?? '') &&
      request.headers.cookie?.includes(sessionCookie)
    )
      throw new ServerBusy();
  });
}

export function registerSyncRoutes(app: FastifyInstance, { db, admission }: ServerContext) {
  // Pushes and pulls take turns (see admission.ts); the turn is given back when the answer is
  // sent or the connection closes, whichever comes first.
  const takeTurn = async (request: FastifyRequest, reply: FastifyReply) => {
    requireUser(request);
    const leave = await admission.enter();
    reply.raw.once('close', leave);
  };

  app.post('/api/sync/push', { onRequest: takeTurn }, async (request) => {
    const user = requireUser(request);
    const push = await validatePush(request.body);
    // While a sign-in waits (admission.hold), its queries wait for this transaction's commit.
    const slice = new TimeSlice(undefined, () => admission.held);
    return { results: await applyPush(db, user, push, slice) };
  });

  app.get('/api/sync/pull', { onRequest: takeTurn }, async (request, reply) => {
    const user = requireUser(request);
    const parsed = pullQuerySchema.safeParse(request.query);
    if (!parsed.success) throw invalid(parsed.error);
    const page = await pullPage(db, user, Number(parsed.data.cursor ?? 0), parsed.data.limit);
    // Already JSON (spliced from the stored records): sent as is.
    return reply.type('application/json; charset=utf-8').send(page);
  });

  app.get('/api/conflicts', async (request) => {
    const user = requireCommunitySupervisor(request, 'the conflict log');
    const parsed = conflictFiltersSchema.safeParse(request.query);
    if (!parsed.success) throw invalid(parsed.error);
    const conflicts = await listConflicts(db, user.place.id, parsed.data);
    const labels = await recordLabels(db, conflicts);
    return {
      conflicts: conflicts.map((entry) => ({
        ...entry,
        recordLabel: labels.get(`${entry.table}:${entry.recordId}`) ?? '',
      })),
    };
  });
}
