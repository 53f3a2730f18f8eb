import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// N=2^15 costs ~50 ms per hash on this class of machine: slow for guessing, fine for a login.
const params = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const keyLength = 32;

/**
 * The demo accounts' work factor (N=2^12, ~6 ms): their password is printed at every start, so a
 * slow hash protects nothing there and cost every demo sign-in, the tests' and benchmarks' included,
 * 50 ms or more of CPU. Every other password is hashed with the full factor.
 */
export const publicPasswordParams = { ...params, N: 4096 };

/** scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash` (base64); the stored factor is the one verified. */
export async function hashPassword(password: string, work: typeof params = params): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, keyLength, work);
  return ['scrypt', work.N, work.r, work.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: params.maxmem,
  });
  return timingSafeEqual(actual, expected);
}
