import { sessions, users } from '@devolve/db';
import { RequestCache } from '@pothos/plugin-scope-auth';
import { eq } from 'drizzle-orm';
import { mutate } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { hashSecret, newSecret, sessionCookieName, sessionLifetimeMs, sessionViewer } from './credentials.ts';
import { Me } from './me.ts';
import { checkPasswordAttempt } from './password-attempts.ts';

/** The session cookie's attributes, the same when it is set (login) and cleared (logout). */
export function sessionCookie(ctx: Pick<Context, 'clientHttps'>) {
  return {
    name: sessionCookieName,
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.clientHttps,
    domain: null,
  } as const;
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
      // A read-only token may never write, and a session is a write.
      if (ctx.viewer?.readOnly) throw new ForbiddenError('只读令牌不能登录', 'A read-only token cannot sign in');
      // Over WebSocket there is no HTTP response to carry the cookie: a session made there would be unusable.
      if (!ctx.request.cookieStore) {
        throw new ForbiddenError('请通过 HTTP 请求登录：WebSocket 连接无法设置会话 Cookie', 'Sign in over HTTP: a WebSocket connection cannot set the session cookie');
      }
      const username = input.username.trim();
      if (!username || username.length > 64) {
        throw new ValidationError('input.username', '请输入用户名', 'Enter a username');
      }
      if (!input.password || input.password.length > 256) {
        throw new ValidationError('input.password', '请输入密码', 'Enter a password');
      }
      const [user] = await ctx.db.select().from(users).where(eq(users.username, username));
      const valid = await checkPasswordAttempt(ctx, username, input.password, user?.active ? user.passwordHash : null);
      if (!user || !valid) throw new UnauthenticatedError('用户名或密码错误', 'Wrong username or password');

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
        m.record({ action: 'session.created', entityId: session!.id, actorId: user.id });
      });
      await ctx.request.cookieStore?.set({ ...sessionCookie(ctx), value: secret, expires: expiresAt.getTime() });
      // The rest of this response is the new session's, as the next request will be: the result's
      // Me.user needs a signed-in viewer, and scope-auth must forget the scopes it cached for none.
      ctx.viewer = await sessionViewer(ctx.db, secret);
      RequestCache.clearForContext(ctx);
      return { userId: user.id };
    },
  }),
);
