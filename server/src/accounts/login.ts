import { loginAttempts, sessions, users, verifyPassword } from '@devolve/db';
import { and, count, eq, gt } from 'drizzle-orm';
import { mutate } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { RateLimitedError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { hashSecret, newSecret, sessionCookieName, sessionLifetimeMs } from './credentials.ts';
import { Me } from './me.ts';

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

/** Secure cookies need https; behind a proxy the original scheme comes in X-Forwarded-Proto. */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    type: Me,
    errors: {},
    description:
      'Signs in with a password and sets an HttpOnly session cookie. Failed attempts are limited per account and per address.',
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const username = input.username.trim();
      if (!username || username.length > 64) {
        throw new ValidationError('input.username', '请输入用户名', 'Enter a username');
      }
      if (!input.password || input.password.length > 256) {
        throw new ValidationError('input.password', '请输入密码', 'Enter a password');
      }
      const [byAccount, byAddress] = await Promise.all([
        failedAttemptsSince(ctx, 'username', username),
        failedAttemptsSince(ctx, 'ipAddress', ctx.clientAddress),
      ]);
      if (byAccount >= loginLimits.perAccount || byAddress >= loginLimits.perAddress) {
        throw new RateLimitedError(loginLimits.windowMs / 1000);
      }
      const [user] = await ctx.db.select().from(users).where(eq(users.username, username));
      const valid = user !== undefined && user.active && (await verifyPassword(input.password, user.passwordHash));
      // The attempt is recorded outside the session's transaction so failures count too.
      await ctx.db.insert(loginAttempts).values({ username, ipAddress: ctx.clientAddress, succeeded: valid });
      if (!valid) throw new UnauthenticatedError('用户名或密码错误', 'Wrong username or password');

      const secret = newSecret('');
      const expiresAt = new Date(Date.now() + sessionLifetimeMs);
      await mutate(ctx, async (m) => {
        const [session] = await m.tx
          .insert(sessions)
          .values({
            tokenHash: hashSecret(secret),
            userId: user.id,
            expiresAt: expiresAt.toISOString(),
            ipAddress: ctx.clientAddress,
            userAgent: ctx.request.headers.get('user-agent')?.slice(0, 256) ?? null,
          })
          .returning({ id: sessions.id });
        m.record({ action: 'session.created', entityType: 'session', entityId: session!.id, actorId: user.id });
      });
      await ctx.request.cookieStore?.set({
        name: sessionCookieName,
        value: secret,
        expires: expiresAt.getTime(),
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: isHttps(ctx.request),
        domain: null,
      });
      return { userId: user.id };
    },
  }),
);
