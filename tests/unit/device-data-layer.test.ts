/**
 * The device data layer has one door: only src/db/ touches Dexie and the device database, so every
 * compound change is one transaction written in one place. Checked over the source tree itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const OUTSIDE_DB = ['src', 'sw', 'shared', 'server']
  .flatMap((dir) => sourceFiles(join(ROOT, dir)))
  .map((path) => relative(ROOT, path))
  .filter((path) => !path.startsWith('src/db/'));

describe('the device data layer', () => {
  it('is the only code that imports Dexie', () => {
    const offenders = OUTSIDE_DB.filter((path) =>
      /from ['"]dexie['"]|import\(['"]dexie['"]\)/.test(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(OUTSIDE_DB.length).toBeGreaterThan(30);
    expect(offenders).toEqual([]);
  });

  it('is the only code that reaches into the device database', () => {
    // Screens, components, the sync engine and the service worker call the entity modules' verbs.
    const offenders = OUTSIDE_DB.filter((path) => path.startsWith('src/') || path.startsWith('sw/')).filter((path) =>
      /\bdevice\.db\b|\bdatabase\(\)\.|\.syncMeta\b|\.outbox\b/.test(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
