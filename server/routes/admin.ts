/** Accounts of the administrator's community (design.md, "Administration and import"). */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { createUserSchema, updateUserSchema } from '../../shared/desk-messages.ts';
import { uuid } from '../../shared/tables/fields.ts';
import { auditBy } from '../audit.ts';
import { createAccount, listAccounts, resetPassword, updateAccount } from '../auth/accounts.ts';
import { parseWith, requireCommunityAdmin, type ServerContext } from '../context.ts';

const idParams = z.object({ id: uuid });

export function registerAdminRoutes(app: FastifyInstance, { db }: ServerContext) {
  app.get('/api/admin/users', async (request) => {
    const admin = requireCommunityAdmin(request, 'the accounts');
    return { users: await listAccounts(db, admin.place.id) };
  });

  app.post('/api/admin/users', async (request, reply) => {
    const admin = requireCommunityAdmin(request, 'the accounts');
    const body = parseWith(createUserSchema, request.body);
    const created = await createAccount(db, admin.place.id, body);
    await auditBy(db, admin, request.ip, {
      action: 'user_created',
      target: created.user.id,
      detail: { role: body.role, place: body.place },
    });
    reply.status(201);
    return created;
  });

  app.patch('/api/admin/users/:id', async (request) => {
    const admin = requireCommunityAdmin(request, 'the accounts');
    const { id } = parseWith(idParams, request.params);
    const changes = parseWith(updateUserSchema, request.body);
    const user = await updateAccount(db, admin, admin.place.id, id, changes);
    // Which fields changed, not their values (a display name is personal).
    await auditBy(db, admin, request.ip, {
      action: 'user_changed',
      target: id,
      detail: { fields: Object.keys(changes) },
    });
    return { user };
  });

  app.post('/api/admin/users/:id/password', async (request) => {
    const admin = requireCommunityAdmin(request, 'the accounts');
    const { id } = parseWith(idParams, request.params);
    const password = await resetPassword(db, admin.place.id, id);
    await auditBy(db, admin, request.ip, { action: 'password_reset', target: id });
    return { password };
  });
}
