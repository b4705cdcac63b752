/** Errors as values at the HTTP boundary: {error: {code, message, field}} (design.md). */
import type { z } from 'zod';
import type { ErrorBody } from '../shared/sync-messages.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** Renders a zod issue path as the contract's field string: mutations[3].fields.purpose. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function invalid(error: z.ZodError, prefix = ''): ApiError {
  const issue = error.issues[0];
  // An unknown key is reported at its object's path; the key itself is the field to blame.
  const path = issue?.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue?.path;
  const field = path ? fieldPath(path, prefix) : prefix;
  const message = issue ? `${field || 'body'}: ${issue.message}` : 'invalid request';
  return new ApiError(422, 'invalid', message, field || undefined);
}
