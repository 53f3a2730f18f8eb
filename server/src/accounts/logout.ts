import { role } from '@devolve/db';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { logout } from './commands.ts';
import { sessionCookie } from './login.ts';

const EndedSession = builder.objectRef<{ endedAt: string }>('EndedSession').implement({
  description: 'The session logout ended: its cookie signs nobody in any more.',
  fields: (t) => ({ endedAt: t.expose('endedAt', { type: 'DateTime' }) }),
});

builder.mutationField('logout', (t) =>
  // Takes no input: it acts on the credential of the request itself. Every role may sign out;
  // canWrite rather than signedIn so a read-only token is refused like by every other mutation.
  t.withAuth({ canWrite: role.enumValues }).field({
    type: EndedSession,
    errors: { types: [] },
    description:
      'Ends the current browser session and clears its cookie. API tokens are not logged out: revoke them (revokeApiToken).',
    resolve: async (_root, _args, ctx) => {
      const ended = await runCommand(ctx, ctx.viewer, logout, undefined);
      // An expired cookie with the attributes it was set with, so the browser replaces and drops it.
      await ctx.request.cookieStore?.set({ ...sessionCookie(ctx), value: '', expires: 0 });
      return ended;
    },
  }),
);
