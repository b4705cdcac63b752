/** Accounts of the administrator's community (design.md, "Administration and import"). */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { createUserSchema, updateUserSchema } from '../../shared/desk-messages.ts';
import { uuid } from '../../shared/tables/fields.ts';
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
    reply.status(201);
    return createAccount(db, admin.place.id, body);
  });

  app.patch('/api/admin/users/:id', async (request) => {
    const admin = requireCommunityAdmin(request, 'the accounts');
    const { id } = parseWith(idParams, request.params);
    const changes = parseWith(updateUserSchema, request.body);
    return { user: await updateAccount(db, admin, admin.place.id, id, changes) };
  });

  app.post('/api/admin/users/:id/password', async (request) => {
    const admin = requireCommunityAdmin(request, 'the accounts');
    const { id } = parseWith(idParams, request.params);
    return { password: await resetPassword(db, admin.place.id, id) };
  });
}
