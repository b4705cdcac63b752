/** What every route module is given, and the checks they share on who is asking. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type * as z from 'zod/mini';
import { isSupervising } from '../shared/domain.ts';
import type { SessionUser } from '../shared/sync-messages.ts';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/dialect.ts';
import type { Database } from './db/schema.ts';
import { ApiError, invalid } from './http-errors.ts';
import type { Admission } from './sync/admission.ts';

export interface ServerContext {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  config: Config;
  /** Turns for pushes and pulls (sync/admission.ts). */
  admission: Admission;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new ApiError(401, 'unauthenticated', 'sign in first (no session, or it has expired)');
  return request.user;
}

/** An administrator of a whole community: who reads the audit log and administers accounts. */
export function requireCommunityAdmin(
  request: FastifyRequest,
  what: string,
): SessionUser & {
  place: { level: 'community' };
} {
  const user = requireUser(request);
  if (user.role !== 'admin') throw new ApiError(403, 'forbidden', `only administrators read ${what}`);
  if (user.place.level !== 'community') throw new ApiError(403, 'forbidden', `${what} is kept per community`);
  return user as SessionUser & { place: { level: 'community' } };
}

/** A supervisor or administrator of a whole community: who reads the community's logs and reports. */
export function requireCommunitySupervisor(
  request: FastifyRequest,
  what: string,
): SessionUser & {
  place: { level: 'community' };
} {
  const user = requireUser(request);
  if (!isSupervising(user.role)) throw new ApiError(403, 'forbidden', `only supervisors read ${what}`);
  if (user.place.level !== 'community') throw new ApiError(403, 'forbidden', `${what} is kept per community`);
  return user as SessionUser & { place: { level: 'community' } };
}

/** Parses a request part with its schema, or answers 422 naming the field to blame. */
export function parseWith<T>(schema: { safeParse(input: unknown): ZodMiniSafeResult<T> }, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

type ZodMiniSafeResult<T> = { success: true; data: T } | { success: false; error: z.core.$ZodError };
