import { role, sessions } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { mutate } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ValidationError } from '../errors.ts';
import { sessionCookie } from './login.ts';

const EndedSession = builder.objectRef<{ endedAt: string }>('EndedSession').implement({
  description: 'The session logout ended: its cookie signs nobody in any more.',
  fields: (t) => ({ endedAt: t.expose('endedAt', { type: 'DateTime' }) }),
});

builder.mutationField('logout', (t) =>
  t.field({
    type: EndedSession,
    errors: {},
    description:
      'Ends the current browser session and clears its cookie. API tokens are not logged out: revoke them (revokeApiToken).',
    // Takes no input: it acts on the credential of the request itself. Every role may sign out;
    // canWrite rather than signedIn so a read-only token is refused like by every other mutation.
    authScopes: { canWrite: role.enumValues },
    resolve: async (_root, _args, ctx) => {
      const credential = ctx.viewer!.credential; // canWrite: signed in
      if (credential.kind === 'token') {
        throw new ValidationError(
          'authorization',
          'API 令牌无法登出：不再需要时请撤销该令牌',
          'An API token cannot log out: revoke the token when it is no longer needed',
        );
      }
      await mutate(ctx, async (m) => {
        // Deleted, not marked: the cookie stops working at once, whatever its expiry says.
        await m.tx.delete(sessions).where(eq(sessions.id, credential.id));
        m.record({ action: 'session.ended', entityId: credential.id });
      });
      // An expired cookie with the attributes it was set with, so the browser replaces and drops it.
      await ctx.request.cookieStore?.set({ ...sessionCookie(ctx), value: '', expires: 0 });
      return { endedAt: new Date().toISOString() };
    },
  }),
);
