import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The comment form's proof of work (README, "Public consultation"): find a nonce such that
 * SHA-256(challenge + nonce) starts with `bits` zero bits. SHA-256 comes from @noble/hashes, not
 * crypto.subtle, which plain-http intranet origins lack. The search runs in chunks and yields to
 * the event loop between them, so the page keeps answering (and the progress shows) while it runs.
 */

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

const chunk = 2_000;
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The first decimal nonce that proves `challenge` at `bits`; `onProgress` hears how many were tried. */
export async function solveChallenge(challenge: string, bits: number, onProgress?: (tried: number) => void): Promise<string> {
  // The challenge's part of the hash is computed once; each nonce continues a copy of it.
  const prefix = sha256.create().update(utf8ToBytes(challenge));
  for (let nonce = 0; ; nonce++) {
    if (leadingZeroBits(prefix.clone().update(utf8ToBytes(String(nonce))).digest()) >= bits) return String(nonce);
    if ((nonce + 1) % chunk === 0) {
      onProgress?.(nonce + 1);
      await nextTurn();
    }
  }
}

/** A submission's idempotency key: random, 22 characters of A-Z a-z 0-9 - _ (crypto.randomUUID needs a secure origin). */
export function newIdempotencyKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from(crypto.getRandomValues(new Uint8Array(22)), (byte) => alphabet[byte & 63]).join('');
}
