import { apiTokens, role } from '@devolve/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { mutate } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { hashSecret, newSecret } from './credentials.ts';
import { Me } from './me.ts';

/** Clients recognise (and secret scanners can find) Devolve tokens by this prefix. */
const tokenPrefix = 'dvt_';
const maxNameLength = 100;
const apiTokenNoun = { zh: 'API 令牌', en: 'API token' };

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
    name: t.string({ required: true, description: `What the token is for, 1–${maxNameLength} characters, unique among your active tokens.` }),
    readOnly: t.boolean({ required: true, description: 'True for a token that may only read.' }),
  }),
});

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreatedApiToken,
    errors: {},
    description: 'Creates an API token for yourself. Its secret is in this response and nowhere else.',
    // A token may mint tokens only if it could write anyway; a read-only one cannot widen itself.
    authScopes: { canWrite: role.enumValues },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const userId = m.viewer!.userId; // canWrite: signed in
        const name = input.name.trim();
        if (!name || name.length > maxNameLength) {
          throw new ValidationError(
            'input.name',
            `令牌名称应为 1 至 ${maxNameLength} 个字符`,
            `The token name must be 1 to ${maxNameLength} characters`,
          );
        }
        // Active token names are distinct per person: api_tokens_active_name_key decides
        // (activity/unique-rules.ts), also between concurrent requests.
        const secret = newSecret(tokenPrefix);
        const [token] = await m.tx
          .insert(apiTokens)
          .values({ userId, name, readOnly: input.readOnly, tokenHash: hashSecret(secret) })
          .returning();
        m.record({
          action: 'api_token.created',
          entityId: token!.id,
          after: { name, readOnly: input.readOnly },
        });
        return { token: token!, secret };
      }),
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  fields: (t) => ({ tokenId: t.id({ required: true }) }),
});

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: ApiToken,
    errors: {},
    description: 'Revokes one of your API tokens: requests carrying it are anonymous from now on.',
    authScopes: { canWrite: role.enumValues },
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const userId = m.viewer!.userId; // canWrite: signed in
        const tokenId = databaseIdOf(String(input.tokenId), 'ApiToken', 'input.tokenId');
        // One statement when it succeeds; the reason is looked up only when it does not.
        const [revoked] = await m.tx
          .update(apiTokens)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .returning();
        if (!revoked) {
          const [token] = await m.tx
            .select({ userId: apiTokens.userId })
            .from(apiTokens)
            .where(eq(apiTokens.id, tokenId));
          if (!token) throw new NotFoundError(apiTokenNoun, String(input.tokenId));
          if (token.userId !== userId) {
            throw new ForbiddenError('只能撤销您自己的 API 令牌', 'You can only revoke your own API tokens');
          }
          throw new ValidationError('input.tokenId', '该令牌已被撤销', 'This token is already revoked');
        }
        m.record({
          action: 'api_token.revoked',
          entityId: revoked.id,
          before: { revokedAt: null },
          after: { revokedAt: revoked.revokedAt },
        });
        return revoked;
      }),
  }),
);
