/**
 * Passwords are stored as Argon2id at OWASP's setting, and the scrypt hashes written before still
 * let their owners in, flagged for storing again.
 */
import { hash, parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../server/auth/password.ts';
import { oldScryptHash } from '../helpers/old-password-hash.ts';

describe('password hashing', () => {
  it('stores Argon2id with 7 MiB, five passes and one lane, and a fresh salt each time', async () => {
    const first = await hashPassword('网格-demo-1');
    const second = await hashPassword('网格-demo-1');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=7168,t=5,p=1\$[^$]+\$[^$]+$/);
    expect(parseOptions(first)).toMatchObject({ memoryCost: 7_168, timeCost: 5, parallelism: 1, outputLen: 32 });
    expect(second).not.toBe(first);
    expect(needsRehash(first)).toBe(false);
  });

  it('lets the right password in and keeps a wrong one out', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('takes é typed as one code point and as e + accent for the same password', async () => {
    const composed = 'caf\u00e9-2026';
    const decomposed = 'cafe\u0301-2026';
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
    expect(await verifyPassword(composed, await oldScryptHash(decomposed))).toBe(true);
  });

  it('still verifies a scrypt hash written before, and asks for it to be stored again', async () => {
    const old = await oldScryptHash('gridwork-demo');
    expect(await verifyPassword('gridwork-demo', old)).toBe(true);
    expect(await verifyPassword('gridwork-demo!', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('asks for a weaker Argon2 hash to be stored again', async () => {
    const weaker = await hash('gridwork-demo', { memoryCost: 8_192, timeCost: 2, parallelism: 1 });
    expect(await verifyPassword('gridwork-demo', weaker)).toBe(true);
    expect(needsRehash(weaker)).toBe(true);
  });

  it("lets a hash stored at an earlier setting in, and asks for it to be stored at today's", async () => {
    // OWASP's 19 MiB and two passes, which this project stored before: as strong, but slower here.
    for (const options of [
      { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 },
      { memoryCost: 7_168, timeCost: 5, parallelism: 2, outputLen: 32 },
      { memoryCost: 7_168, timeCost: 5, parallelism: 1, outputLen: 64 },
    ]) {
      const earlier = await hash('gridwork-demo', options);
      expect(await verifyPassword('gridwork-demo', earlier)).toBe(true);
      expect(await verifyPassword('gridwork-demo?', earlier)).toBe(false);
      expect(needsRehash(earlier), JSON.stringify(options)).toBe(true);
    }
  });

  it('lets nobody in against a stored value of no known kind, without throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$',
      'scrypt$15$8$1$$',
      '$argon2id$v=19$m=7168,t=5,p=1$broken',
      '$2b$10$x',
    ]) {
      expect(await verifyPassword('plain', stored), stored).toBe(false);
      expect(needsRehash(stored), stored).toBe(true);
    }
  });

  it('keeps one decoy, which no password opens', async () => {
    const decoy = await decoyHash();
    expect(await decoyHash()).toBe(decoy);
    expect(decoy.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword('gridwork-demo', decoy)).toBe(false);
  });
});
