/**
 * What every fold of events shares (issues, micro-wishes, projects): the context it runs in, and
 * how an accepted event's effect lands on the record it acts on.
 */
import { laterHlc } from '../../shared/hlc.ts';
import { latestStamp } from '../../shared/merge.ts';
import type { MutationRefusal } from '../../shared/refusals.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import type { Db, RecordStore, SequenceAllocator, StoredRecord } from './records.ts';

export interface FoldContext {
  db: Db;
  user: SessionUser;
  records: RecordStore;
  seq: SequenceAllocator;
}

export type Refuse = (code: MutationRefusal, message: string, field?: string) => never;

/**
 * Sets the event's effect on its record, in this transaction. Set outright, not merged by stamp:
 * the event's place in the server's order is what counts. The stamp only moves the record's
 * updatedAt on, so devices pull the new state.
 */
export async function applyEventEffect(
  ctx: FoldContext,
  record: StoredRecord,
  changes: Record<string, unknown>,
  hlc: string,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  const stamp = laterHlc(hlc, record.updatedAt);
  const stamps = { ...record.stamps };
  for (const field of Object.keys(changes)) stamps[field] = stamp;
  await ctx.records.save({
    ...record,
    data: { ...record.data, ...changes },
    stamps,
    updatedAt: latestStamp(stamps, record.updatedAt),
    seq: await ctx.seq.take(),
  });
}
