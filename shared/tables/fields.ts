/**
 * Field types the table descriptors are built from (zod/mini: the same schemas run on the server,
 * at the edge, and in the PWA's forms, before saving; mini keeps the phone's bundle small).
 */
import * as z from 'zod/mini';
import { isHlc } from '../hlc.ts';

export const uuid = z.uuid();
export const hlcString = z.string().check(z.refine(isHlc, 'not an HLC stamp (ISO time-counter-device id)'));
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
/** Free text, trimmed, at most `max` characters. */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
/** Text that must not be empty once trimmed. */
export const requiredText = (max: number) => z.string().check(z.trim(), z.maxLength(max), z.minLength(1));
export const personName = requiredText(50);
export const phone = z.string().check(z.regex(/^[0-9+\- ]{5,20}$/, 'a phone number of 5–20 digits'));
export const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'));

/** A list of distinct-enough values, at most `max` of them. */
export function list<T extends z.core.SomeType>(of: T, max: number) {
  return z.array(of).check(z.maxLength(max));
}

/** Absent, or null when the field was cleared. */
export function optionalNullable<T extends z.core.SomeType>(of: T) {
  return z.optional(z.nullable(of));
}
