/** The audit log and the change log, for the community's administrators; read only. */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { auditOfCommunity, changesOfCommunity } from '../audit.ts';
import { requireCommunityAdmin, type ServerContext } from '../context.ts';
import { invalid } from '../http-errors.ts';

const limit = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100);
const auditQuery = z.strictObject({ limit, action: z.optional(z.string().check(z.maxLength(40))) });
const changesQuery = z.strictObject({ limit, recordId: z.optional(z.uuid()) });

export function registerAuditRoutes(app: FastifyInstance, { db }: ServerContext) {
  app.get('/api/audit', async (request) => {
    const user = requireCommunityAdmin(request, 'the audit log');
    const parsed = auditQuery.safeParse(request.query);
    if (!parsed.success) throw invalid(parsed.error);
    return { entries: await auditOfCommunity(db, user.place.id, parsed.data) };
  });

  app.get('/api/audit/changes', async (request) => {
    const user = requireCommunityAdmin(request, 'the change log');
    const parsed = changesQuery.safeParse(request.query);
    if (!parsed.success) throw invalid(parsed.error);
    return { changes: await changesOfCommunity(db, user.place.id, parsed.data) };
  });
}
