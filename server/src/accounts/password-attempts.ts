import { hashPassword, loginAttempts, verifyPassword } from '@devolve/db';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import type { Context } from '../context.ts';
import { RateLimitedError } from '../errors.ts';

/** What counting an attempt needs: the database and the client's address. */
type AttemptContext = Pick<Context, 'db' | 'clientAddress'>;

/** A hash of a random secret, computed once, for timing-safe checks of unknown usernames. */
const dummyHash = hashPassword(crypto.randomUUID());

/** Failed attempts allowed in the window, per account and per client address. */
export const loginLimits = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 30 };

/**
 * The first key of the two-key advisory locks on an account's or an address's attempts. Two-key
 * locks never collide with the one-key (bigint) locks used elsewhere; a clash of hashes between
 * two usernames only makes their claims wait for each other.
 */
const lockSpace = { account: 1001, address: 1002 };

/** Attempts in the window not known to have succeeded: failures, and claims whose check is still running. */
async function unsuccessfulAttemptsSince(tx: Tx, column: 'username' | 'ipAddress', value: string, since: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts[column], value), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)));
  return row?.n ?? 0;
}

/**
 * Claims one attempt for `username` from the client's address: under transaction-scoped advisory
 * locks on the account and on the address, counts the window's attempts and, below both limits,
 * records this one as failed before any password is checked. The locks serialize claims across
 * every server process on the database, so N parallel requests claim at most the limit.
 * Returns the claim's id, or throws RateLimitedError.
 */
async function claimAttempt(ctx: AttemptContext, username: string): Promise<number> {
  const since = new Date(Date.now() - loginLimits.windowMs).toISOString();
  return ctx.db.transaction(async (tx) => {
    // Always the account first, then the address: one order, so two claims cannot deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(${lockSpace.account}::int, hashtext(${username}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(${lockSpace.address}::int, hashtext(${ctx.clientAddress}))`);
    const byAccount = await unsuccessfulAttemptsSince(tx, 'username', username, since);
    const byAddress = await unsuccessfulAttemptsSince(tx, 'ipAddress', ctx.clientAddress, since);
    if (byAccount >= loginLimits.perAccount || byAddress >= loginLimits.perAddress) {
      throw new RateLimitedError(loginLimits.windowMs / 1000);
    }
    const [claim] = await tx
      .insert(loginAttempts)
      .values({ username, ipAddress: ctx.clientAddress, succeeded: false })
      .returning({ id: loginAttempts.id });
    return claim!.id;
  });
}

/**
 * Checks a password for `username` under the login rate limits, so every place that asks for a
 * password (login, changePassword) counts towards the same limits. `passwordHash` is null when
 * there is no such active account: the attempt still counts. Throws RateLimitedError, without
 * checking the password, once the account or address is over the limit.
 */
export async function checkPasswordAttempt(
  ctx: AttemptContext,
  username: string,
  password: string,
  passwordHash: string | null,
): Promise<boolean> {
  // Claimed, and committed, before the slow check: the claim counts as a failure until the check
  // succeeds, and a crash in between leaves it counted.
  const claimId = await claimAttempt(ctx, username);
  // Unknown accounts are checked against a dummy hash, so the answer takes as long either way and
  // response times do not tell which usernames exist.
  const valid = (await verifyPassword(password, passwordHash ?? (await dummyHash))) && passwordHash !== null;
  if (valid) await ctx.db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, claimId));
  return valid;
}
