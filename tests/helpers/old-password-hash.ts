/** A password hash as the server wrote it before Argon2id, for tests of what it still accepts. */
import { randomBytes, scrypt } from 'node:crypto';

/** scrypt$N$r$p$salt$key in base64url, N=2^15, r=8, p=1, a 32-byte key. */
export function oldScryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolvePromise, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error
        ? reject(error)
        : resolvePromise(['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')),
    );
  });
}
