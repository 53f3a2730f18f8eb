import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { serverKeys, type Database } from '@devolve/db';
import { eq } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import { ValidationError } from '../errors.ts';

/**
 * Proof of work without a third party: the server hands out a challenge signed with a key kept in
 * the database (so every process on it accepts every other's challenges, and nothing is stored
 * until a comment spends one); the client finds a nonce such that SHA-256(challenge + nonce) starts
 * with `bits` zero bits. A challenge is good for 10 minutes and for one comment (the comment
 * stores it under a unique index).
 */
export const challengeLifetimeMs = 10 * 60_000;
const keyName = 'public_comments';
const limits = { challenge: 200, nonce: 64 };

/** The key of this database's public comments, made by whichever process asks first. */
export async function publicCommentKey(db: Tx | Database): Promise<string> {
  const [row] = await db.select({ secret: serverKeys.secret }).from(serverKeys).where(eq(serverKeys.name, keyName));
  if (row) return row.secret;
  await db.insert(serverKeys).values({ name: keyName, secret: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  return publicCommentKey(db);
}

const mac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('base64url').slice(0, 32);

/** The submitter's address as stored: a keyed hash, so the raw address never reaches the table. */
export const addressHash = (key: string, address: string): string => mac(key, `address:${address}`);

export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: Date;
}

export function issueChallenge(key: string, bits: number, now = Date.now()): Challenge {
  const body = `${now}.${bits}.${randomBytes(12).toString('base64url')}`;
  return { challenge: `${body}.${mac(key, body)}`, bits, expiresAt: new Date(now + challengeLifetimeMs) };
}

/** Leading zero bits of SHA-256(challenge + nonce). */
export function proofBitsOf(challenge: string, nonce: string): number {
  const digest = createHash('sha256').update(challenge + nonce).digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

const refuse = (zh: string, en: string) => new ValidationError('input.nonce', zh, en);

/**
 * Checks a challenge this database's key signed, not expired, of at least `minBits`, and its
 * nonce's proof. Whether it was spent already is the comment's unique index's to say.
 */
export function verifyProof(key: string, minBits: number, challenge: string, nonce: string, now = Date.now()): void {
  // A blank nonce is no answer a client computed (the form sends digits); refused before hashing,
  // so at a test's few bits it cannot pass by chance.
  if (challenge.length > limits.challenge || nonce.length > limits.nonce || nonce.trim() === '') {
    throw refuse('验证信息无效，请重新提交', 'The proof is not valid; submit again');
  }
  const [issuedAt = '', bitsText = '', random = '', signature = '', ...rest] = challenge.split('.');
  const body = `${issuedAt}.${bitsText}.${random}`;
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(signature);
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw refuse('验证信息无效，请重新提交', 'The proof is not valid; submit again');
  }
  const bits = Number(bitsText);
  if (now - Number(issuedAt) > challengeLifetimeMs || bits < minBits) throw refuse('验证已过期，请重新提交', 'The proof has expired; submit again');
  if (proofBitsOf(challenge, nonce) < bits) throw refuse('验证未通过，请重新提交', 'The proof of work does not check out; submit again');
}
