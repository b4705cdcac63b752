/** The sync routes: push, pull, and the conflict log supervisors read. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { conflictFiltersSchema } from '../../shared/desk-messages.ts';
import { pullQuerySchema } from '../../shared/sync-messages.ts';
import { requireCommunitySupervisor, requireUser, type ServerContext } from '../context.ts';
import { recordLabels } from '../desk/places.ts';
import { invalid } from '../http-errors.ts';
import { listConflicts } from '../sync/conflicts.ts';
import { pullPage } from '../sync/pull.ts';
import { applyPush, validatePush } from '../sync/push.ts';

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
    const push = validatePush(request.body);
    return { results: await applyPush(db, user, push) };
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
