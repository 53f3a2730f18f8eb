import { commentAnchor, commentRevisions, comments, commentThreads, commentVisibility, proposals, users } from '@devolve/db';
import { resolveNodes } from '@pothos/plugin-relay';
import { and, eq, ilike, like, or, sql } from 'drizzle-orm';
import { User } from '../accounts/users.ts';
import { builder } from '../builder.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { containsPattern, prefixPattern, rawWhere } from '../filters.ts';
import { enumValuesOf } from '../enums.ts';
import { checkPageArgs, pageSizes } from '../pagination.ts';
import { Proposal, ProposalViewerCan } from '../proposals/proposals.ts';
import {
  canChangeThreadState,
  canPostInThread,
  commentWriterRoles,
  startableVisibilities,
  type CommentVisibility as Visibility } from './rules.ts';
import { canReadThread, threadReaders, visibleThreads } from './visibility.ts';

export const CommentAnchor = builder.enumType('CommentAnchor', {
  description: 'The proposal field a thread is about: the power item, the action, the target districts, the rationale, the legal basis of the change or of the item.',
  values: enumValuesOf(commentAnchor.enumValues),
});

export const CommentVisibility = builder.enumType('CommentVisibility', {
  description: 'INTERNAL: the review team only. SHARED: also the submitting department.',
  values: enumValuesOf(commentVisibility.enumValues),
});

const CommentThreadViewerCan = builder
  .objectRef<{ reply: boolean; resolve: boolean }>('CommentThreadViewerCan')
  .implement({
    description: 'What the signed-in viewer may do in the thread, so clients offer only what the server accepts.',
    fields: (t) => ({
      reply: t.exposeBoolean('reply', { description: 'Reply, and edit their own comments.' }),
      resolve: t.exposeBoolean('resolve', { description: 'Resolve the thread, or reopen it once resolved.' }),
    }),
  });

export const CommentThread = builder.drizzleNode('commentThreads', {
  name: 'CommentThread',
  description: "A discussion on a proposal, optionally about one of its fields. Internal threads are the review team's alone.",
  id: { column: (thread) => thread.id },
  // Every path to a thread (node(id), a comment's thread) passes this check; lists filter in SQL.
  select: {
    columns: { visibility: true, authorId: true },
    extras: {
      audienceSubmittingUnitId: (table) =>
        sql<number>`(select ${proposals.submittingUnitId} from ${proposals} where ${proposals.id} = ${table.proposalId})`,
      audienceProposalIsDraft: (table) =>
        sql<boolean>`(select ${proposals.stage} = 'draft' from ${proposals} where ${proposals.id} = ${table.proposalId})`,
    },
  },
  authScopes: (thread, ctx) =>
    canReadThread(ctx.viewer, {
      visibility: thread.visibility,
      submittingUnitId: thread.audienceSubmittingUnitId,
      proposalIsDraft: thread.audienceProposalIsDraft,
    }),
  fields: (t) => ({
    proposal: t.relation('proposal'),
    anchor: t.expose('anchor', { type: CommentAnchor, nullable: true }),
    visibility: t.expose('visibility', { type: CommentVisibility }),
    author: t.relation('author'),
    resolved: t.exposeBoolean('resolved'),
    resolvedBy: t.relation('resolvedBy', { nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    comments: t.relatedConnection('comments', {
      description: `Oldest first, ${pageSizes.default} a page unless asked (\`first\`/\`last\` at most ${pageSizes.max}); \`pageInfo\` says whether there are more.`,
      query: (args) => {
        checkPageArgs(args, comments, oldestFirst, { nested: true });
        return { orderBy: oldestFirst };
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
    viewerCan: t.field({
      type: CommentThreadViewerCan,
      resolve: (thread, _args, ctx) => {
        const audience = {
          visibility: thread.visibility,
          submittingUnitId: thread.audienceSubmittingUnitId,
          proposalIsDraft: thread.audienceProposalIsDraft,
          authorId: thread.authorId,
        };
        const writes = ctx.viewer !== null && !ctx.viewer.readOnly;
        return { reply: writes && canPostInThread(ctx.viewer, audience), resolve: writes && canChangeThreadState(ctx.viewer, audience) };
      },
    }),
  }),
});

/** The order of threads, comments and revisions, which their cursors follow. */
const oldestFirst = { id: 'asc' } as const;

export const CommentRevision = builder.drizzleObject('commentRevisions', {
  name: 'CommentRevision',
  description: 'An earlier body of an edited comment, who replaced it and when.',
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Plain text, as written then.' }),
    editedBy: t.relation('editedBy'),
    editedAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const Comment = builder.drizzleNode('comments', {
  name: 'Comment',
  description: 'A comment in a thread. Its body is plain text: render it as text, never as HTML.',
  id: { column: (comment) => comment.id },
  select: {
    extras: {
      audienceVisibility: (table) =>
        sql<Visibility>`(select ${commentThreads.visibility} from ${commentThreads} where ${commentThreads.id} = ${table.threadId})`,
      audienceSubmittingUnitId: (table) =>
        sql<number>`(select ${proposals.submittingUnitId} from ${commentThreads} join ${proposals} on ${proposals.id} = ${commentThreads.proposalId} where ${commentThreads.id} = ${table.threadId})`,
      audienceProposalIsDraft: (table) =>
        sql<boolean>`(select ${proposals.stage} = 'draft' from ${commentThreads} join ${proposals} on ${proposals.id} = ${commentThreads.proposalId} where ${commentThreads.id} = ${table.threadId})`,
    },
  },
  authScopes: (comment, ctx) =>
    canReadThread(ctx.viewer, {
      visibility: comment.audienceVisibility,
      submittingUnitId: comment.audienceSubmittingUnitId,
      proposalIsDraft: comment.audienceProposalIsDraft,
    }),
  fields: (t) => ({
    thread: t.relation('thread'),
    author: t.relation('author'),
    body: t.exposeString('body', { description: 'Plain text (1–5,000 characters).' }),
    mentions: t.field({
      type: [User],
      description: 'The users @mentioned in the body, in the order they were first mentioned.',
      select: { columns: { mentionedUserIds: true } },
      // Loaded as nodes: the mentions of every comment in the response share one batched statement.
      resolve: (comment, _args, ctx, info) =>
        resolveNodes(
          builder,
          ctx,
          info,
          comment.mentionedUserIds.map((id) => ({ id: String(id), typename: 'User' })),
        ) as Promise<(typeof User.$inferType)[]>,
    }),
    edited: t.boolean({ select: { columns: { editedAt: true } }, resolve: (comment) => comment.editedAt !== null }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
    revisions: t.relatedConnection('revisions', {
      description: `Earlier bodies, oldest first, ${pageSizes.default} a page unless asked (\`first\`/\`last\` at most ${pageSizes.max}); \`pageInfo\` says whether there are more.`,
      query: (args) => {
        checkPageArgs(args, commentRevisions, oldestFirst, { nested: true });
        return { orderBy: oldestFirst };
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

builder.objectFields(ProposalViewerCan, (t) => ({
  startThread: t.field({
    type: [CommentVisibility],
    description: 'The visibilities a new thread may have, the default first; empty: may not start threads.',
    resolve: (p, _args, ctx) => startableVisibilities(ctx.viewer, { submittingUnitId: p.submittingUnitId, proposalIsDraft: p.isDraft }),
  }),
  readThreads: t.boolean({
    description: "Reads the proposal's threads: every one (the team) or the shared ones (its department).",
    resolve: (p, _args, ctx) =>
      (['internal', 'shared'] as const).some((visibility) =>
        canReadThread(ctx.viewer, { visibility, submittingUnitId: p.submittingUnitId, proposalIsDraft: p.isDraft }),
      ),
  }),
}));

builder.drizzleObjectFields(Proposal, (t) => ({
  commentThreads: t.relatedConnection('commentThreads', {
    description: `Discussion threads, oldest first: every thread for the review team, the shared ones for the proposal's own department, none for anyone else. ${pageSizes.default} a page unless asked (\`first\`/\`last\` at most ${pageSizes.max}); \`pageInfo\` says whether there are more.`,
    args: { anchor: t.arg({ type: CommentAnchor, description: 'Only threads about this field.' }) },
    query: (args, ctx) => {
      checkPageArgs(args, commentThreads, oldestFirst, { nested: true });
      return {
        where: rawWhere((table: typeof commentThreads) =>
          and(visibleThreads(table, ctx.viewer), args.anchor ? eq(table.anchor, args.anchor) : undefined),
        ),
        orderBy: oldestFirst,
      };
    },
  }),
}));

/** The most people `mentionableUsers` offers: a search narrows it. */
const mentionableLimit = 20;

builder.queryField('mentionableUsers', (t) =>
  t.drizzleField({
    type: ['users'],
    description:
      `Active users who may read a proposal's threads of the given visibility and so may be @mentioned in them: the review team, plus the proposal's department for shared threads. At most ${mentionableLimit}, by username.`,
    extensions: { maxItems: mentionableLimit },
    authScopes: { anyRole: commentWriterRoles },
    args: {
      proposalId: t.arg.globalID({ for: Proposal, required: true }),
      search: t.arg.string({ description: 'A prefix of the username or part of the display name.' }),
      visibility: t.arg({ type: CommentVisibility, defaultValue: 'shared' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const proposalId = args.proposalId.id;
      const search = args.search?.trim() ?? '';
      if (search.length > 64) {
        throw new ValidationError('search', '搜索词不能超过 64 个字符', 'The search text must be at most 64 characters');
      }
      const [proposal] = await ctx.db
        .select({ submittingUnitId: proposals.submittingUnitId, stage: proposals.stage })
        .from(proposals)
        .where(eq(proposals.id, proposalId));
      if (!proposal) throw new NotFoundError({ zh: '精简意见', en: 'proposal' }, String(args.proposalId));
      const audience = {
        visibility: args.visibility ?? 'shared',
        submittingUnitId: proposal.submittingUnitId,
        proposalIsDraft: proposal.stage === 'draft',
      };
      if (!canPostInThread(ctx.viewer, audience)) {
        throw new ForbiddenError('您不能在该意见的此类讨论中发言', 'You may not write in threads of this kind on this proposal');
      }
      return ctx.db.query.users.findMany(
        query({
          where: rawWhere((table: typeof users) =>
            and(
              eq(table.active, true),
              threadReaders(table, audience),
              search ? or(ilike(table.username, prefixPattern(search)), like(table.displayName, containsPattern(search))) : undefined,
            ),
          ),
          orderBy: { username: 'asc' },
          limit: mentionableLimit,
        }),
      );
    },
  }),
);
