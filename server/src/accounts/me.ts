import { builder } from '../builder.ts';

/** The signed-in person's own account: the only place a username is shown. */
export const Me = builder.objectRef<{ userId: number }>('Me').implement({
  description: 'The signed-in account.',
  fields: (t) => ({
    user: t.drizzleField({
      type: 'users',
      resolve: async (query, me, _args, ctx) => {
        const user = await ctx.db.query.users.findFirst(query({ where: { id: me.userId } }));
        if (!user) throw new Error(`user ${me.userId} vanished`);
        return user;
      },
    }),
    username: t.string({
      resolve: async (me, _args, ctx) =>
        (await ctx.db.query.users.findFirst({ where: { id: me.userId }, columns: { username: true } }))!.username,
    }),
    readOnly: t.boolean({
      description: 'True when signed in with a read-only API token.',
      resolve: (_me, _args, ctx) => ctx.viewer?.readOnly ?? false,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: Me,
    nullable: true,
    description: 'The signed-in account, or null for anonymous requests.',
    resolve: (_root, _args, ctx) => (ctx.viewer ? { userId: ctx.viewer.userId } : null),
  }),
);
