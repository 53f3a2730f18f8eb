import { RequestCache } from '@pothos/plugin-scope-auth';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, RateLimitedError } from '../errors.ts';
import { login } from './commands.ts';
import { sessionCookieName, sessionViewer } from './credentials.ts';
import { Me } from './me.ts';

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
    errors: { types: [RateLimitedError] },
    description:
      'Signs in with a password and sets an HttpOnly session cookie. Failed attempts are limited per account and per address.',
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // Over WebSocket there is no HTTP response to carry the cookie: a session made there would be
      // unusable, and the attempt must not count against the login limits.
      if (!ctx.request.cookieStore) {
        throw new ForbiddenError('请通过 HTTP 请求登录：WebSocket 连接无法设置会话 Cookie', 'Sign in over HTTP: a WebSocket connection cannot set the session cookie');
      }
      const signedIn = await login(ctx, { ...input, userAgent: ctx.request.headers.get('user-agent') });
      await ctx.request.cookieStore.set({ ...sessionCookie(ctx), value: signedIn.secret, expires: signedIn.expiresAt.getTime() });
      // The rest of this response is the new session's, as the next request will be: the result's
      // Me.user needs a signed-in viewer, and scope-auth must forget the scopes it cached for none.
      ctx.viewer = await sessionViewer(ctx.db, signedIn.secret);
      RequestCache.clearForContext(ctx);
      return { userId: signedIn.userId };
    },
  }),
);
