/**
 * The sync wire contract (design.md, "Wire contract"): push and pull messages, mutation results
 * and the error body. One schema per message, used by the server to parse and by the PWA (as
 * types) to build requests.
 */
import * as z from 'zod/mini';
import { type PlaceLevel, type Role, SYNC_TABLES, type SyncTable } from './domain.ts';
import type { Reason } from './refusals.ts';
import { hlcString, storable, uuid } from './tables/fields.ts';

export const MAX_PUSH_MUTATIONS = 1000;
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

export const deviceIdSchema = z.string().check(z.regex(/^[0-9a-f]{16}$/, 'a device id of 16 hex digits'));

export const mutationSchema = z.strictObject({
  id: uuid,
  table: z.enum(SYNC_TABLES),
  recordId: uuid,
  op: z.enum(['put', 'delete']),
  fields: z.optional(z.record(z.string(), z.unknown())),
  hlc: hlcString,
});

export const pushRequestSchema = z.strictObject({
  deviceId: deviceIdSchema,
  mutations: z.array(mutationSchema).check(z.maxLength(MAX_PUSH_MUTATIONS)),
});

/** A whole number from min to max given as a query string, or the default when absent. */
function queryInt(min: number, max: number, fallback: number) {
  return z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);
}

export const pullQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'a cursor from an earlier pull'))),
  limit: queryInt(1, MAX_PULL_LIMIT, DEFAULT_PULL_LIMIT),
});

export const loginRequestSchema = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(64), storable()),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});

export type Mutation = z.infer<typeof mutationSchema>;
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface ErrorBody {
  error: Reason;
}

export interface Conflict {
  field: string;
  /** For a set-valued field: the element whose presence was decided (values are then true/false). */
  element?: unknown;
  kept: { value: unknown; hlc: string };
  lost: { value: unknown; hlc: string };
}

export type MutationResult =
  | { id: string; status: 'accepted' }
  | { id: string; status: 'rejected'; reason: Reason }
  | { id: string; status: 'merged'; conflicts: Conflict[] };

export interface PushResponse {
  results: MutationResult[];
}

export interface Change {
  seq: number;
  table: SyncTable;
  recordId: string;
  record: Record<string, unknown> | null;
  deleted: boolean;
  /** The record left the caller's place (moved elsewhere): drop it; it is not deleted. */
  left?: true;
  hlc: string;
}

export interface PullResponse {
  changes: Change[];
  cursor: string;
  hasMore: boolean;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  place: { level: PlaceLevel; id: string };
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  database: 'sqlite' | 'postgres';
}
