/** Errors as values at the HTTP boundary: {error: {code, message, field}} (design.md). */
import * as z from 'zod/mini';
import type { ErrorBody } from '../shared/sync-messages.ts';
import { fieldPath } from '../shared/tables/problems.ts';

// The shared schemas are zod/mini, which carries no messages unless a locale is loaded: the
// server's 422s name the problem in English for developers (the PWA words it for users).
z.config(z.locales.en());

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

export function invalid(error: z.core.$ZodError, prefix = ''): ApiError {
  const issue = error.issues[0];
  // An unknown key is reported at its object's path; the key itself is the field to blame.
  const path = issue?.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue?.path;
  const field = path ? fieldPath(path, prefix) : prefix;
  const message = issue ? `${field || 'body'}: ${issue.message}` : 'invalid request';
  return new ApiError(422, 'invalid', message, field || undefined);
}
