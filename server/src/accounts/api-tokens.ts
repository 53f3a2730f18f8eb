import { apiTokens, role } from '@devolve/db';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';
import { createApiToken, maxTokenNameLength, revokeApiToken } from './commands.ts';
import { Me } from './me.ts';

export const ApiToken = builder.drizzleNode('apiTokens', {
  name: 'ApiToken',
  description: 'A named bearer token for GraphQL clients. Its secret is shown once, when it is created, and stored hashed.',
  id: { column: (token) => token.id },
  // Only the owner sees a token, on every path (me.apiTokens, node(id)).
  select: { columns: { userId: true } },
  authScopes: (token, ctx) => ctx.viewer !== null && token.userId === ctx.viewer.userId,
  fields: (t) => ({
    name: t.exposeString('name'),
    readOnly: t.exposeBoolean('readOnly', { description: 'A read-only token may query but every mutation refuses it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a request last used the token, to within a minute. Null if never used.',
    }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token was revoked; from then on it signs nobody in.',
    }),
  }),
});

builder.objectFields(Me, (t) => ({
  apiTokens: t.drizzleField({
    type: [ApiToken],
    description: 'Your API tokens, newest first, revoked ones included.',
    resolve: (query, me, _args, ctx) =>
      ctx.db.query.apiTokens.findMany(query({ where: { userId: me.userId }, orderBy: { id: 'desc' } })),
  }),
}));

const CreatedApiToken = builder
  .objectRef<{ token: typeof apiTokens.$inferSelect; secret: string }>('CreatedApiToken')
  .implement({
    description: 'A new API token and its secret.',
    fields: (t) => ({
      token: t.field({ type: ApiToken, resolve: (created) => created.token }),
      secret: t.exposeString('secret', {
        description: 'Send as `Authorization: Bearer <secret>`. Shown only in this response: Devolve keeps only its hash.',
      }),
    }),
  });

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: `What the token is for, 1–${maxTokenNameLength} characters, unique among your active tokens.` }),
    readOnly: t.boolean({ required: true, description: 'True for a token that may only read.' }),
  }),
});

builder.mutationField('createApiToken', (t) =>
  // A token may mint tokens only if it could write anyway; a read-only one cannot widen itself.
  t.withAuth({ canWrite: role.enumValues }).field({
    type: CreatedApiToken,
    errors: { types: [] },
    description: 'Creates an API token for yourself. Its secret is in this response and nowhere else.',
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { tokenId, secret } = await runCommand(ctx, ctx.viewer, createApiToken, input);
      return { token: (await ctx.db.query.apiTokens.findFirst({ where: { id: tokenId } }))!, secret };
    },
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  fields: (t) => ({ tokenId: t.globalID({ for: ApiToken, required: true }) }),
});

builder.mutationField('revokeApiToken', (t) =>
  t.withAuth({ canWrite: role.enumValues }).drizzleField({
    type: ApiToken,
    errors: { types: [NotFoundError] },
    description: 'Revokes one of your API tokens: requests carrying it are anonymous from now on.',
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { tokenId } = await runCommand(ctx, ctx.viewer, revokeApiToken, {
        tokenId: input.tokenId.id,
      });
      return (await ctx.db.query.apiTokens.findFirst(query({ where: { id: tokenId } })))!;
    },
  }),
);
