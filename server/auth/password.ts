/**
 * Password hashing with Argon2id (RFC 9106) at one of OWASP's recommended settings: 7 MiB of
 * memory, five passes, one lane. OWASP lists five settings from 46 MiB and one pass down to this
 * one as giving an equal defence, trading memory for passes; this one takes the least time here
 * (about 9 ms of a core against 14 ms for 19 MiB and two passes), and about 40% less again when
 * the cores are busy, as they are when a crowd of devices signs in at once. It is stored as the
 * standard PHC string, `$argon2id$v=19$m=7168,t=5,p=1$salt$hash`, which names its own parameters,
 * so a hash stored at another setting still verifies, and is stored again at this one
 * (`needsRehash`).
 *
 * Hashes written before, `scrypt$N$r$p$salt$hash` (Node's scrypt at N=2^15, r=8, p=1), still
 * verify too, and are stored again as Argon2id. That scrypt cost about 100 ms of a core a sign-in
 * and sat below OWASP's scrypt setting.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';

/** The library's default algorithm is Argon2id, asserted by `needsRehash` and the tests. */
const ARGON2 = { memoryCost: 7_168, timeCost: 5, parallelism: 1, outputLen: 32 } as const;
/** `Algorithm.Argon2id`: the library declares its enum `const`, which this project's build cannot import. */
const ARGON2ID = 2;

/** The same password typed on any keyboard: é as one code point or as e + accent is one password. */
const normalized = (password: string) => password.normalize('NFC');

export function hashPassword(password: string): Promise<string> {
  return hash(normalized(password), ARGON2);
}

const SCRYPT_KEY_LENGTH = 32;

/** Verifies a scrypt hash written before Argon2id; its parameters come from the stored string. */
function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, expectedText] = stored.split('$');
  if (!salt || !expectedText) return Promise.resolve(false);
  const expected = Buffer.from(expectedText, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 };
  return new Promise((resolvePromise) => {
    scrypt(normalized(password), Buffer.from(salt, 'base64url'), SCRYPT_KEY_LENGTH, options, (error, key) =>
      resolvePromise(!error && key.length === expected.length && timingSafeEqual(key, expected)),
    );
  });
}

/** Whether `password` is the one `stored` was made from; false for a stored value of no known kind. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  if (!stored.startsWith('$argon2id$')) return false;
  try {
    return await verify(stored, normalized(password));
  } catch {
    // A stored string the library cannot read is no password anyone can sign in with.
    return false;
  }
}

/** Whether a stored hash is of another kind or setting than what `hashPassword` writes today. */
export function needsRehash(stored: string): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    const options = parseOptions(stored);
    return (
      options.algorithm !== ARGON2ID ||
      options.memoryCost !== ARGON2.memoryCost ||
      options.timeCost !== ARGON2.timeCost ||
      options.parallelism !== ARGON2.parallelism ||
      options.outputLen !== ARGON2.outputLen
    );
  } catch {
    return true;
  }
}

/** A hash of nothing anyone knows: verifying against it costs what a real check costs. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
