import { hashPassword, loginAttempts, verifyPassword } from '@devolve/db';
import { and, count, eq, gt } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { RateLimitedError } from '../errors.ts';

/** A hash of a random secret, computed once, for timing-safe checks of unknown usernames. */
const dummyHash = hashPassword(crypto.randomUUID());

/** Failed attempts allowed in the window, per account and per client address. */
export const loginLimits = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 30 };

async function failedAttemptsSince(ctx: Context, column: 'username' | 'ipAddress', value: string): Promise<number> {
  const since = new Date(Date.now() - loginLimits.windowMs).toISOString();
  const [row] = await ctx.db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts[column], value), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)));
  return row?.n ?? 0;
}

/**
 * Checks a password for `username` under the login rate limits and records the attempt, so every
 * place that asks for a password (login, changePassword) counts towards the same limits.
 * `passwordHash` is null when there is no such active account: the attempt still counts.
 * Throws RateLimitedError, without checking the password, once the account or address is over the limit.
 */
export async function checkPasswordAttempt(
  ctx: Context,
  username: string,
  password: string,
  passwordHash: string | null,
): Promise<boolean> {
  const [byAccount, byAddress] = await Promise.all([
    failedAttemptsSince(ctx, 'username', username),
    failedAttemptsSince(ctx, 'ipAddress', ctx.clientAddress),
  ]);
  if (byAccount >= loginLimits.perAccount || byAddress >= loginLimits.perAddress) {
    throw new RateLimitedError(loginLimits.windowMs / 1000);
  }
  // Unknown accounts are checked against a dummy hash, so the answer takes as long either way and
  // response times do not tell which usernames exist.
  const valid = (await verifyPassword(password, passwordHash ?? (await dummyHash))) && passwordHash !== null;
  // Recorded outside any mutation's transaction so a failure counts even though the mutation fails.
  await ctx.db.insert(loginAttempts).values({ username, ipAddress: ctx.clientAddress, succeeded: valid });
  return valid;
}
