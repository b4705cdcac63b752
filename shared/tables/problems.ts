/**
 * What is wrong with a field, as a value both sides can word: the PWA's forms say it in Chinese
 * before saving ("情况记录最多 2000 字"), and the server names the field in its refusals.
 */
import type * as z from 'zod/mini';
import type { SyncTable } from '../domain.ts';
import { tableOf } from './index.ts';

export type ProblemKind =
  | 'required'
  | 'too_long'
  | 'too_many'
  | 'too_big'
  | 'too_small'
  | 'not_allowed'
  | 'bad_format'
  | 'unknown_field';

export interface FieldProblem {
  /** The field's path in the record: `note`, `needs[0].text`. */
  field: string;
  kind: ProblemKind;
  /** The limit broken: a length, a count or a number. */
  limit?: number;
}

export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key];
  return value;
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
  const field = fieldPath(path);
  // zod does not say whether a value was missing or wrong; the input does.
  if (issue.code !== 'unrecognized_keys' && valueAt(input, issue.path) == null) return { field, kind: 'required' };
  switch (issue.code) {
    case 'too_big': {
      const limit = Number(issue.maximum);
      if (issue.origin === 'string') return { field, kind: 'too_long', limit };
      if (issue.origin === 'array' || issue.origin === 'set') return { field, kind: 'too_many', limit };
      return { field, kind: 'too_big', limit };
    }
    case 'too_small': {
      const limit = Number(issue.minimum);
      if (issue.origin === 'string' && limit <= 1) return { field, kind: 'required' };
      return { field, kind: 'too_small', limit };
    }
    case 'invalid_value':
      return { field, kind: 'not_allowed' };
    case 'unrecognized_keys':
      return { field, kind: 'unknown_field' };
    default:
      return { field, kind: 'bad_format' };
  }
}

/** What is wrong with `input`, field by field, from the error its parse gave. */
export function problemsOf(error: z.core.$ZodError, input: unknown): FieldProblem[] {
  return error.issues.map((issue) => problemOf(issue, input));
}

/**
 * Checks a record's content (or, with `partial`, some of its fields) against its table's rules.
 * The parsed value is trimmed as the server would store it.
 */
export function checkContent<T extends Record<string, unknown>>(
  table: SyncTable,
  content: T,
  options: { partial?: boolean } = {},
): { ok: true; value: T } | { ok: false; problems: FieldProblem[] } {
  const rules = tableOf(table);
  const parsed = (options.partial ? rules.changes : rules.content).safeParse(content);
  return parsed.success
    ? { ok: true, value: parsed.data as T }
    : { ok: false, problems: problemsOf(parsed.error, content) };
}
