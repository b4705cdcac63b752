import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TMP_ROOT = join(ROOT, 'test-results');
/** A seeded SQLite file made once per run by global-setup; tests copy it rather than re-seed. */
export const SEEDED_TEMPLATE = join(TMP_ROOT, 'seeded-template.db');

export function tempDir(prefix: string): string {
  mkdirSync(TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TMP_ROOT, `${prefix}-`));
}
