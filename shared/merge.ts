/**
 * Field-level last-writer-wins by HLC. Pure: the server stores, per record, the stamp of each
 * field's last write, and folds each incoming change through this function.
 *
 * Set-valued fields (a household's care tags, a member's duty shifts) merge per element: each
 * element's presence has its own stamp (`tags:elderly_alone`), so concurrent adds and removes of
 * different elements from two devices all survive, and only an add and a remove of the SAME
 * element are decided by the later stamp. A device sends such a field as a delta
 * (`{"add": […], "remove": […]}`); a whole array replaces the set as of its stamp.
 */
import type { Conflict } from './sync-messages.ts';

export type FieldStamps = Record<string, string>;

/** A change to a set-valued field: elements added and removed. */
export interface SetDelta {
  add?: unknown[];
  remove?: unknown[];
}

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

export function isSetDelta(value: unknown): value is SetDelta {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function elementName(element: unknown): string {
  return typeof element === 'string' ? element : JSON.stringify(element);
}

/** The stamp key of one element of a set-valued field. */
export function elementStampKey(field: string, element: unknown): string {
  return `${field}:${elementName(element)}`;
}

/** A set's elements in one canonical order, so that every order of merges gives the same array. */
function canonical(elements: Iterable<unknown>): unknown[] {
  return [...elements].sort((a, b) => (elementName(a) < elementName(b) ? -1 : elementName(a) > elementName(b) ? 1 : 0));
}

/** Applies a delta to a set's elements as the device shows them until the server answers. */
export function applySetDelta(current: readonly unknown[] | undefined, delta: SetDelta): unknown[] {
  const removed = new Set((delta.remove ?? []).map(elementName));
  const kept = (current ?? []).filter((element) => !removed.has(elementName(element)));
  const present = new Set(kept.map(elementName));
  for (const element of delta.add ?? []) {
    if (!removed.has(elementName(element)) && !present.has(elementName(element))) {
      kept.push(element);
      present.add(elementName(element));
    }
  }
  return kept;
}

/** The delta that turns `before` into `after` (what a device sends for an edited set). */
export function setDeltaBetween(before: readonly unknown[] | undefined, after: readonly unknown[]): SetDelta {
  const had = new Set((before ?? []).map(elementName));
  const has = new Set(after.map(elementName));
  return {
    add: after.filter((element) => !had.has(elementName(element))),
    remove: (before ?? []).filter((element) => !has.has(elementName(element))),
  };
}

function mergeSet(
  field: string,
  value: unknown,
  hlc: string,
  data: Readonly<Record<string, unknown>>,
  stamps: Readonly<FieldStamps>,
  next: { data: Record<string, unknown>; stamps: FieldStamps; conflicts: Conflict[] },
): boolean {
  const current = new Map(((data[field] as unknown[] | undefined) ?? []).map((e) => [elementName(e), e]));
  // A stamp for the whole field is the floor of every element without a stamp of its own: what
  // older records carry, and what a whole-array write asserts about every element it leaves out.
  const floor = stamps[field];
  const ops: [element: unknown, present: boolean][] = [];
  if (Array.isArray(value)) {
    const target = new Map(value.map((e) => [elementName(e), e]));
    const universe = new Map([...current, ...target]);
    for (const key of Object.keys(stamps)) {
      if (key.startsWith(`${field}:`) && !universe.has(key.slice(field.length + 1))) {
        universe.set(key.slice(field.length + 1), key.slice(field.length + 1));
      }
    }
    for (const [name, element] of universe) ops.push([element, target.has(name)]);
    if (floor === undefined || hlc > floor) next.stamps[field] = hlc;
  } else if (isSetDelta(value)) {
    for (const element of value.add ?? []) ops.push([element, true]);
    for (const element of value.remove ?? []) ops.push([element, false]);
  }
  let changed = next.stamps[field] !== stamps[field];
  const present = new Map(current);
  for (const [element, wanted] of ops) {
    const key = elementStampKey(field, element);
    const stored = stamps[key] ?? floor;
    const had = present.has(elementName(element));
    if (stored === undefined || hlc > stored) {
      changed = true;
      next.stamps[key] = hlc;
      if (wanted) present.set(elementName(element), element);
      else present.delete(elementName(element));
    } else if (hlc < stored && had !== wanted) {
      next.conflicts.push({ field, element, kept: { value: had, hlc: stored }, lost: { value: wanted, hlc } });
    }
  }
  next.data[field] = canonical(present.values());
  return changed;
}

export function mergeFields(
  data: Readonly<Record<string, unknown>>,
  stamps: Readonly<FieldStamps>,
  fields: Readonly<Record<string, unknown>>,
  hlc: string,
  setFields: readonly string[] = [],
): MergeResult {
  const next = { data: { ...data }, stamps: { ...stamps }, conflicts: [] as Conflict[] };
  let changed = false;
  for (const [field, value] of Object.entries(fields)) {
    if (setFields.includes(field)) {
      if (mergeSet(field, value, hlc, data, stamps, next)) changed = true;
      continue;
    }
    const storedHlc = stamps[field];
    if (storedHlc === undefined || hlc > storedHlc) {
      // A newer stamp changes the stored state even when the value is the same: the record's
      // updatedAt moves on, and the device that wrote it must see that on its next pull.
      changed = true;
      next.data[field] = value;
      next.stamps[field] = hlc;
    } else if (hlc < storedHlc && !sameValue(data[field], value)) {
      next.conflicts.push({ field, kept: { value: data[field] ?? null, hlc: storedHlc }, lost: { value, hlc } });
    }
  }
  return { ...next, changed };
}

/** The newest stamp of a record: its updatedAt. */
export function latestStamp(stamps: Readonly<FieldStamps>, floor = ''): string {
  let latest = floor;
  for (const hlc of Object.values(stamps)) if (hlc > latest) latest = hlc;
  return latest;
}
