/**
 * The sync wire contract (design.md, "Wire contract (v1)"): push and pull messages, mutation
 * results and the error body. One schema per message, used by the server to parse and by the
 * PWA (as types) to build requests.
 */
import { z } from 'zod';
import { SYNC_TABLES } from './domain.ts';
import { hlcString, uuid } from './records.ts';

export const MAX_PUSH_MUTATIONS = 1000;
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

export const deviceIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'a device id of 16 hex digits');

export const mutationSchema = z.strictObject({
  id: uuid,
  table: z.enum(SYNC_TABLES),
  recordId: uuid,
  op: z.enum(['put', 'delete']),
  fields: z.record(z.string(), z.unknown()).optional(),
  hlc: hlcString,
});

export const pushRequestSchema = z.strictObject({
  deviceId: deviceIdSchema,
  mutations: z.array(mutationSchema).max(MAX_PUSH_MUTATIONS),
});

export const pullQuerySchema = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'a cursor from an earlier pull')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});

export const conflictsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const loginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export type Mutation = z.infer<typeof mutationSchema>;
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export interface Conflict {
  field: string;
  kept: { value: unknown; hlc: string };
  lost: { value: unknown; hlc: string };
}

export type MutationResult =
  | { id: string; status: 'accepted' }
  | { id: string; status: 'rejected'; reason: { code: string; message: string; field?: string } }
  | { id: string; status: 'merged'; conflicts: Conflict[] };

export interface PushResponse {
  results: MutationResult[];
}

export interface Change {
  seq: number;
  table: (typeof SYNC_TABLES)[number];
  recordId: string;
  record: Record<string, unknown> | null;
  deleted: boolean;
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
  role: 'grid_worker' | 'building_lead' | 'supervisor' | 'admin';
  place: { level: 'community' | 'compound' | 'building' | 'grid'; id: string };
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  database: 'sqlite' | 'postgres';
}
