/**
 * Field-level last-writer-wins by HLC. Pure: the server stores, per record, the stamp of each
 * field's last write, and folds each incoming change through this function.
 */
import type { Conflict } from './sync-messages.ts';

export type FieldStamps = Record<string, string>;

export interface MergeResult {
  data: Record<string, unknown>;
  stamps: FieldStamps;
  /** Incoming values that lost to a newer stored value (the author is told about these). */
  conflicts: Conflict[];
  /** Whether any value or stamp changed, i.e. the record must be saved again. */
  changed: boolean;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function mergeFields(
  data: Readonly<Record<string, unknown>>,
  stamps: Readonly<FieldStamps>,
  fields: Readonly<Record<string, unknown>>,
  hlc: string,
): MergeResult {
  const nextData: Record<string, unknown> = { ...data };
  const nextStamps: FieldStamps = { ...stamps };
  const conflicts: Conflict[] = [];
  let changed = false;
  for (const [field, value] of Object.entries(fields)) {
    const storedHlc = stamps[field];
    if (storedHlc === undefined || hlc > storedHlc) {
      // A newer stamp changes the stored state even when the value is the same: the record's
      // updatedAt moves on, and the device that wrote it must see that on its next pull.
      changed = true;
      nextData[field] = value;
      nextStamps[field] = hlc;
    } else if (hlc < storedHlc && !sameValue(data[field], value)) {
      conflicts.push({ field, kept: { value: data[field] ?? null, hlc: storedHlc }, lost: { value, hlc } });
    }
  }
  return { data: nextData, stamps: nextStamps, conflicts, changed };
}

/** The newest stamp of a record: its updatedAt. */
export function latestStamp(stamps: Readonly<FieldStamps>, floor = ''): string {
  let latest = floor;
  for (const hlc of Object.values(stamps)) if (hlc > latest) latest = hlc;
  return latest;
}
