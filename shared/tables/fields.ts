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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text that both server databases keep exactly as written: PostgreSQL's text cannot hold the NUL
 * character, and half of a surrogate pair is not Unicode (its JSON functions refuse either).
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}
/** The check of any text a client sends that the server keeps or looks up. */
export const storable = () => z.refine<string>(isStorableText, 'contains a NUL character or half of a surrogate pair');

/** Free text, trimmed, at most `max` characters. */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max), storable());
/** Text that must not be empty once trimmed. */
export const requiredText = (max: number) => z.string().check(z.trim(), z.maxLength(max), z.minLength(1), storable());
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
