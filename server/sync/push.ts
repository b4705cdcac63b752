/**
 * Applies a pushed batch of mutations in one transaction: idempotent by mutation id, field-level
 * LWW, scope and role checks, the folds of events (issues, wishes, projects). What each table allows is read from its
 * descriptor (shared/tables/). Static validation happens before, at the edge (validatePush), so
 * that a malformed batch writes nothing.
 */
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import type { SyncTable } from '../../shared/domain.ts';
import { checkSkew, HlcError, laterHlc, parseHlc } from '../../shared/hlc.ts';
import { hidesCareTagField } from '../../shared/masking.ts';
import { latestStamp, mergeFields } from '../../shared/merge.ts';
import type { MutationRefusal, Reason } from '../../shared/refusals.ts';
import { placeCovers } from '../../shared/scope.ts';
import {
  type Conflict,
  deviceIdSchema,
  MAX_PUSH_MUTATIONS,
  type Mutation,
  type MutationResult,
  mutationSchema,
  type PushRequest,
  pushRequestSchema,
  type SessionUser,
} from '../../shared/sync-messages.ts';
import { type TableDescriptor, tableOf } from '../../shared/tables/index.ts';
import { parentField } from '../../shared/tables/place-ids.ts';
import { fieldPath } from '../../shared/tables/problems.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, invalid } from '../http-errors.ts';
import { TimeSlice } from '../loop-turns.ts';
import { EVENT_FOLDS } from './event-folds.ts';
import { recordDeparture, refileDescendants, samePlace } from './moves.ts';
import { notePhotoRefs } from './photos.ts';
import { derivePlaceIds } from './place-ids.ts';
import { changeTransaction, type Db, RecordStore, type SequenceAllocator, type StoredRecord } from './records.ts';

/**
 * Whether a record after a put is whole, without a second parse: every field it changed was
 * checked at the edge (validatePush) and every field it kept was checked when written, so what is
 * left to see is that no required field is missing, and that a set changed by a delta (checked
 * element by element) is still a valid whole.
 */
function looksComplete(
  rules: TableDescriptor,
  data: Record<string, unknown>,
  fields: Record<string, unknown>,
): boolean {
  for (const field of rules.required) if (data[field] === undefined) return false;
  for (const field of rules.sets) {
    const change = fields[field];
    if (change === undefined || Array.isArray(change)) continue;
    const schema = rules.content.shape[field] as z.core.$ZodType;
    if (!z.safeParse(schema, data[field]).success) return false;
  }
  return true;
}

/** A push's envelope; its mutations are parsed one by one (`parsePush`). */
const pushEnvelopeSchema = z.strictObject({
  deviceId: deviceIdSchema,
  mutations: z.array(z.unknown()).check(z.maxLength(MAX_PUSH_MUTATIONS)),
});

/**
 * The push as its schema parses it, one mutation at a time, pausing between them (`slice`). A bad
 * body is worded as the schema words the whole body: its first issue is in the envelope or in the
 * first mutation that fails, and the mutations after that one cannot change it, so they are left
 * out of that parse (a malformed batch of a thousand costs no more than a good one).
 */
async function parsePush(body: unknown, slice: TimeSlice): Promise<PushRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw wholeBodyRefusal(body);
  const items = (body as { mutations?: unknown }).mutations;
  const mutations: Mutation[] = [];
  let failed = -1;
  if (Array.isArray(items)) {
    for (const [index, item] of items.entries()) {
      await slice.pause();
      const mutation = mutationSchema.safeParse(item);
      if (!mutation.success) {
        failed = index;
        break;
      }
      mutations.push(mutation.data);
    }
  }
  const envelope = pushEnvelopeSchema.safeParse(body);
  if (envelope.success && failed < 0) return { deviceId: envelope.data.deviceId, mutations };
  if (!Array.isArray(items)) throw wholeBodyRefusal(body);
  throw wholeBodyRefusal({ ...body, mutations: items.slice(0, failed < 0 ? 0 : failed + 1) });
}

/** The 422 for a body the push's schema refuses, worded from the schema's first issue. */
function wholeBodyRefusal(body: unknown): Error {
  const parsed = pushRequestSchema.safeParse(body);
  // A body that got here fails the schema; one that did not would be this module's fault (a 500).
  return parsed.success ? new Error('a push refused in parts was accepted whole') : invalid(parsed.error);
}

/**
 * Parses and statically checks a push body; throws a 422 naming the first bad field. A batch of
 * 500 takes milliseconds once the code is compiled and tens of them just after the server starts,
 * when a crowd of devices may be arriving: so it pauses between mutations (`slice`).
 */
export async function validatePush(body: unknown, slice = new TimeSlice(), now = Date.now()): Promise<PushRequest> {
  const mutations = (body as { mutations?: unknown } | null)?.mutations;
  if (Array.isArray(mutations) && mutations.length > MAX_PUSH_MUTATIONS) {
    // Too large, like a body over 5 MB: the device sends it again in smaller batches.
    throw new ApiError(413, 'too_large', `at most ${MAX_PUSH_MUTATIONS} mutations a push`, 'mutations');
  }
  const request = await parsePush(body, slice);
  for (const [index, mutation] of request.mutations.entries()) {
    await slice.pause();
    const at = `mutations[${index}]`;
    const hlc = parseHlc(mutation.hlc);
    if (hlc?.node !== request.deviceId) {
      throw new ApiError(422, 'invalid', `${at}.hlc: the stamp's device id must be the pushing device's`, `${at}.hlc`);
    }
    try {
      checkSkew(hlc, now);
    } catch (error) {
      if (error instanceof HlcError) throw new ApiError(422, 'clock_skew', error.message, `${at}.hlc`);
      throw error;
    }
    if (mutation.op === 'delete') {
      if (mutation.fields && Object.keys(mutation.fields).length > 0) {
        throw new ApiError(422, 'invalid', `${at}.fields: a delete carries no fields`, `${at}.fields`);
      }
      continue;
    }
    const fields = tableOf(mutation.table).changes.safeParse(mutation.fields ?? {});
    if (!fields.success) throw invalid(fields.error, `${at}.fields`);
    mutation.fields = fields.data as Record<string, unknown>;
  }
  return request;
}

class Rejected extends Error {
  constructor(readonly reason: Reason) {
    super(reason.message);
  }
}
const reject = (code: MutationRefusal, message: string, field?: string): never => {
  throw new Rejected({ code, message, ...(field ? { field } : {}) });
};

interface BatchContext {
  db: Db;
  user: SessionUser;
  deviceId: string;
  seq: SequenceAllocator;
  records: RecordStore;
  /** Answers already given to this batch's mutation ids, before it or earlier in it. */
  answered: Map<string, MutationResult>;
  now: string;
}

function checkWriter(ctx: BatchContext, table: TableDescriptor): void {
  if (table.writers !== 'all' && !table.writers.includes(ctx.user.role)) {
    reject('forbidden', `only ${table.writers.join(' or ')} may change ${table.name}`);
  }
}

/** The field naming who wrote a record must be the caller, whatever the device claims. */
function checkAuthor(ctx: BatchContext, table: TableDescriptor, fields: Record<string, unknown>, existing: boolean) {
  const field = table.author;
  if (!field || !(field in fields)) return;
  if (existing || fields[field] !== ctx.user.id) {
    reject('forbidden', `${field} must be the signed-in user and never changes`, `fields.${field}`);
  }
}

/**
 * Care tags are written by those who serve the household (shared/masking.ts); a role that never
 * sees them may only start a household with none.
 */
function checkCareTags(ctx: BatchContext, table: TableDescriptor, fields: Record<string, unknown>, existing: boolean) {
  if (!('tags' in fields) || !hidesCareTagField(ctx.user.role, table.name, 'tags')) return;
  if (!existing && Array.isArray(fields.tags) && fields.tags.length === 0) return;
  reject('forbidden', 'care tags are kept by grid workers and supervisors', 'fields.tags');
}

/** Fields moved only by events: a put may name them only as they already are (or start). */
function checkEventOwned(table: TableDescriptor, fields: Record<string, unknown>, existing: StoredRecord | null) {
  for (const [field, initial] of Object.entries(table.eventOwned)) {
    if (!(field in fields)) continue;
    const current = existing ? (existing.data[field] ?? null) : initial;
    if ((fields[field] ?? null) !== current) {
      reject('status_by_event', `${table.name}.${field} changes only through an event`, `fields.${field}`);
    }
  }
}

function checkScope(ctx: BatchContext, record: Pick<StoredRecord, 'placeIds'>): void {
  if (!placeCovers(ctx.user.place, record.placeIds)) {
    reject('out_of_scope', `this record is outside your ${ctx.user.place.level}`);
  }
}

/** Drops event-owned fields a put repeats at their current value; they are never stamped by a put. */
function withoutRepeatedEventFields(table: TableDescriptor, fields: Record<string, unknown>) {
  const rest = { ...fields };
  for (const field of Object.keys(table.eventOwned)) delete rest[field];
  return rest;
}

async function recordConflicts(ctx: BatchContext, mutation: Mutation, communityId: string, conflicts: Conflict[]) {
  for (const conflict of conflicts) {
    await ctx.db
      .insertInto('conflicts')
      .values({
        tbl: mutation.table,
        record_id: mutation.recordId,
        field: conflict.field,
        element: conflict.element === undefined ? null : JSON.stringify(conflict.element),
        kept_value: JSON.stringify(conflict.kept.value),
        kept_hlc: conflict.kept.hlc,
        lost_value: JSON.stringify(conflict.lost.value),
        lost_hlc: conflict.lost.hlc,
        mutation_id: mutation.id,
        device_id: ctx.deviceId,
        user_id: ctx.user.id,
        community_id: communityId,
        created_at: ctx.now,
      })
      .execute();
  }
}

async function applyPut(ctx: BatchContext, mutation: Mutation): Promise<MutationResult> {
  const { table, recordId, hlc } = mutation;
  const rules = tableOf(table);
  const existing = await ctx.records.get(table, recordId);
  // Scope first: a refusal must never tell a caller whether a record exists outside their place.
  if (existing) checkScope(ctx, existing);
  if (existing?.deleted) reject('record_deleted', 'this record was deleted');
  if (existing && rules.appendOnly) reject('append_only', `${table} are written once and never changed`);
  checkAuthor(ctx, rules, mutation.fields ?? {}, existing !== null);
  checkCareTags(ctx, rules, mutation.fields ?? {}, existing !== null);
  checkEventOwned(rules, mutation.fields ?? {}, existing);
  // Event-owned fields are set at creation (to their initial value) and afterwards only by events.
  const fields = existing ? withoutRepeatedEventFields(rules, mutation.fields ?? {}) : (mutation.fields ?? {});

  const merged = mergeFields(existing?.data ?? {}, existing?.stamps ?? {}, fields, hlc, rules.sets);
  if (!looksComplete(rules, merged.data, fields)) {
    // Only now the schema, to name what is wrong (or to find nothing is).
    const complete = rules.content.safeParse(merged.data);
    if (!complete.success) {
      const issue = complete.error.issues[0];
      const field = fieldPath(issue?.path ?? [], 'fields');
      reject('incomplete', `${field}: ${issue?.message ?? 'invalid'}`, field);
    }
  }
  const derived = await derivePlaceIds(ctx.records, table, recordId, merged.data);
  if (!derived.ok) return reject('unknown_parent', derived.message, derived.field);
  checkScope(ctx, derived);

  const fold = EVENT_FOLDS[table];
  if (fold && !existing) await fold(ctx, merged.data, hlc, reject);
  const moved = existing !== null && !samePlace(existing.placeIds, derived.placeIds);
  // A change that lost a conflict is saved again too, under a new sequence: the device that
  // wrote the losing value may have shown it as its own, and pulls the kept one back this way.
  if (merged.changed || !existing || merged.conflicts.length > 0 || moved) {
    const saved: StoredRecord = {
      table,
      id: recordId,
      data: merged.data,
      stamps: merged.stamps,
      updatedAt: latestStamp(merged.stamps, existing?.updatedAt),
      deleted: false,
      seq: await ctx.seq.take(),
      placeIds: derived.placeIds,
    };
    await ctx.records.save(saved);
    await notePhotoRefs(ctx.db, table, recordId, merged.data.photoHashes);
    if (moved && existing) {
      // Everything under it moves with it, and the places it left are told (server/sync/moves.ts).
      await recordDeparture(ctx, saved, existing.placeIds, saved.placeIds);
      await refileDescendants(ctx, saved);
    }
  }
  if (merged.conflicts.length === 0) return { id: mutation.id, status: 'accepted' };
  await recordConflicts(ctx, mutation, derived.placeIds.communityId, merged.conflicts);
  return { id: mutation.id, status: 'merged', conflicts: merged.conflicts };
}

async function applyDelete(ctx: BatchContext, mutation: Mutation): Promise<MutationResult> {
  const { table, recordId, hlc } = mutation;
  const existing = await ctx.records.get(table, recordId);
  if (existing) checkScope(ctx, existing);
  if (tableOf(table).appendOnly) reject('append_only', `${table} are written once and never deleted`);
  // Never seen here (created and deleted before it synced): nothing to tombstone.
  if (!existing || existing.deleted) return { id: mutation.id, status: 'accepted' };
  await ctx.records.save({
    ...existing,
    deleted: true,
    updatedAt: laterHlc(hlc, existing.updatedAt),
    seq: await ctx.seq.take(),
  });
  return { id: mutation.id, status: 'accepted' };
}

async function applyMutation(ctx: BatchContext, mutation: Mutation): Promise<MutationResult> {
  const seen = ctx.answered.get(mutation.id);
  if (seen) return seen;
  let result: MutationResult;
  try {
    checkWriter(ctx, tableOf(mutation.table));
    result = mutation.op === 'put' ? await applyPut(ctx, mutation) : await applyDelete(ctx, mutation);
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    result = { id: mutation.id, status: 'rejected', reason: error.reason };
  }
  await ctx.records.logMutation({
    id: mutation.id,
    device_id: ctx.deviceId,
    user_id: ctx.user.id,
    tbl: mutation.table,
    record_id: mutation.recordId,
    op: mutation.op,
    hlc: mutation.hlc,
    result: JSON.stringify(result),
    received_at: ctx.now,
    seq: ctx.seq.take(),
  });
  ctx.answered.set(mutation.id, result);
  return result;
}

/** The first answers to any of these mutation ids, in one query for the whole batch. */
async function earlierAnswers(
  records: RecordStore,
  userId: string,
  mutations: Mutation[],
): Promise<Map<string, MutationResult>> {
  const answered = new Map<string, MutationResult>();
  if (mutations.length === 0) return answered;
  // Per user: an id another user has used is a new mutation here, and their answer stays theirs.
  const rows = await records.answersIn(
    userId,
    mutations.map((mutation) => mutation.id),
  );
  for (const row of rows) answered.set(row.id, JSON.parse(row.result) as MutationResult);
  return answered;
}

/**
 * Reads the batch's records and their parents in a few queries (one a table, twice: the
 * records, then parents named only by a record already stored) instead of one a mutation.
 */
async function prefetch(records: RecordStore, mutations: Mutation[]): Promise<void> {
  const byTable = new Map<SyncTable, Set<string>>();
  const want = (table: SyncTable, id: unknown) => {
    if (typeof id !== 'string') return;
    const ids = byTable.get(table) ?? new Set<string>();
    byTable.set(table, ids);
    ids.add(id);
  };
  const parentOf = (table: SyncTable, data: Record<string, unknown> | undefined) => {
    const rule = tableOf(table).parent;
    if (data) want(rule === 'place-tree' ? 'places' : rule.table, data[parentField(table)]);
  };
  for (const mutation of mutations) {
    want(mutation.table, mutation.recordId);
    parentOf(mutation.table, mutation.fields);
  }
  for (const [table, ids] of byTable) await records.prefetch(table, ids);
  byTable.clear();
  for (const mutation of mutations) parentOf(mutation.table, records.peek(mutation.table, mutation.recordId)?.data);
  for (const [table, ids] of byTable) await records.prefetch(table, ids);
}

/**
 * Applies a validated batch in one transaction and answers each mutation in order. On SQLite
 * every statement is synchronous: a batch of 500 would hold the server's one thread for its whole
 * length, and health checks and sign-ins with it. So it pauses between mutations (`slice`),
 * giving way to arriving connections as new work does (loop-turns.ts); the transaction stays
 * open across the turns and holds its connection (other requests' queries wait for its commit,
 * as they would anyway), so while a sign-in waits for it the slice hurries (routes/sync.ts).
 */
export async function applyPush(
  db: Kysely<Database>,
  user: SessionUser,
  request: PushRequest,
  slice = new TimeSlice(),
): Promise<MutationResult[]> {
  return changeTransaction(db, async (trx, seq) => {
    slice.restart();
    const records = new RecordStore(trx, { batchWrites: true });
    const ctx: BatchContext = {
      db: trx,
      user,
      deviceId: request.deviceId,
      seq,
      records,
      answered: await earlierAnswers(records, user.id, request.mutations),
      now: new Date().toISOString(),
    };
    await prefetch(records, request.mutations);
    const results: MutationResult[] = [];
    for (const mutation of request.mutations) {
      await slice.pause();
      results.push(await applyMutation(ctx, mutation));
    }
    await records.flush();
    return results;
  });
}
