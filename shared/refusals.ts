/**
 * Why the server refuses something, as codes: the same list on both sides, so the PWA has words
 * for every one of them (src/i18n) and never shows the server's developer message to a user.
 */

/** Refusals of one mutation in a push batch; the rest of the batch still applies. */
export const MUTATION_REFUSALS = [
  'out_of_scope',
  'forbidden',
  'append_only',
  'illegal_transition',
  'status_by_event',
  'unknown_parent',
  'incomplete',
  'record_deleted',
  'unknown_assignee',
  /** A micro-wish another claim reached the server first for: one claimant per wish. */
  'already_claimed',
  /** A claim for a party member or co-building unit that does not exist (or not here). */
  'unknown_claimant',
] as const;
export type MutationRefusal = (typeof MUTATION_REFUSALS)[number];

/** Refusals of a whole request (the error body's code), by HTTP status. */
export const REQUEST_REFUSALS = [
  'malformed',
  'unauthenticated',
  'bad_credentials',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'invalid',
  'hash_mismatch',
  'unsupported_media_type',
  'clock_skew',
  'too_many_requests',
  'busy',
] as const;
export type RequestRefusal = (typeof REQUEST_REFUSALS)[number];

/** The reason that travels with a refusal: a code, the server's words for developers, the field to blame. */
export interface Reason {
  code: string;
  message: string;
  /** Where the fault is: `fields.note` in a mutation, `mutations[3].fields.purpose` in a request. */
  field?: string;
}
