import { commentRevisions, comments, commentThreads, proposals, users } from '@devolve/db';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { type Mutation, mutate, updateVersioned, type Tx } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { readableIdOf } from '../readable.ts';
import { requiredText, textLimits } from '../text-input.ts';
import { Comment, CommentAnchor, CommentThread, CommentVisibility } from './comments.ts';
import {
  canChangeThreadState,
  canPostInThread,
  commentWriterRoles,
  matchMentions,
  mentionTokens,
  type ThreadAudience,
} from './rules.ts';
import { canReadThread } from './visibility.ts';

const threadWhat = { zh: '讨论', en: 'comment thread' };
const commentWhat = { zh: '评论', en: 'comment' };

/** A comment body: plain text, trimmed, 1 to 5,000 characters. Stored and returned as written. */
const commentBody = (value: string) => requiredText(value, 'input.body', textLimits.comment);

/**
 * The ids of the users a body @mentions (rules.ts says how mentions are written). Everyone
 * mentioned must be able to read the thread: a department cannot be pulled into an internal one.
 */
async function mentionedUserIds(tx: Tx, body: string, audience: ThreadAudience): Promise<number[]> {
  const tokens = mentionTokens(body);
  if (tokens.length === 0) return [];
  const candidates = await tx
    .select({ id: users.id, username: users.username, displayName: users.displayName, roles: users.roles, unitId: users.unitId })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        or(
          inArray(sql`lower(${users.username})`, tokens.map((token) => token.toLowerCase())),
          inArray(users.displayName, tokens),
        ),
      ),
    );
  const { mentioned, ambiguous } = matchMentions(tokens, candidates);
  if (ambiguous.length > 0) {
    throw new ValidationError(
      'input.body',
      `有多位用户的姓名是“${ambiguous[0]}”，请改用其用户名提及`,
      `Several users are called “${ambiguous[0]}”: mention them by username`,
    );
  }
  const outsider = mentioned.find((user) => !canReadThread(user, audience));
  if (outsider) {
    throw new ValidationError(
      'input.body',
      `${outsider.displayName} 无权查看该讨论，不能被提及`,
      `${outsider.displayName} cannot read this thread and so cannot be mentioned`,
    );
  }
  return mentioned.map((user) => user.id);
}

/** Thread `id` with what the rules need: its proposal's campaign and department. */
async function threadById(tx: Tx, id: number, globalId: string) {
  const [thread] = await tx
    .select({
      id: commentThreads.id,
      proposalId: commentThreads.proposalId,
      visibility: commentThreads.visibility,
      authorId: commentThreads.authorId,
      resolved: commentThreads.resolved,
      resolvedById: commentThreads.resolvedById,
      campaignId: proposals.campaignId,
      submittingUnitId: proposals.submittingUnitId,
      proposalIsDraft: sql<boolean>`${proposals.stage} = 'draft'`,
    })
    .from(commentThreads)
    .innerJoin(proposals, eq(proposals.id, commentThreads.proposalId))
    .where(eq(commentThreads.id, id));
  if (!thread) throw new NotFoundError(threadWhat, globalId);
  return thread;
}

const refusedInThread = () =>
  new ForbiddenError(
    '您不能在该讨论中发言：部门只能参与本单位精简意见的共享讨论',
    'You may not write in this thread: departments take part only in the shared threads of their own proposals',
  );

/** Adds a comment to a thread and records it. */
async function addComment(
  m: Mutation,
  thread: ThreadAudience & { id: number; proposalId: number; campaignId: number },
  body: string,
) {
  const mentioned = await mentionedUserIds(m.tx, body, thread);
  const [comment] = await m.tx
    .insert(comments)
    .values({ threadId: thread.id, authorId: m.viewer!.userId, body, mentionedUserIds: mentioned })
    .returning();
  m.record({
    action: 'comment.created',
    entityId: comment!.id,
    campaignId: thread.campaignId,
    proposalId: thread.proposalId,
    internal: thread.visibility === 'internal',
    after: { threadId: thread.id, mentionedUserIds: mentioned },
  });
  return comment!;
}

const StartCommentThreadInput = builder.inputType('StartCommentThreadInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    anchor: t.field({ type: CommentAnchor, description: 'The field the thread is about; omit for the proposal as a whole.' }),
    visibility: t.field({ type: CommentVisibility, required: true, description: 'Departments may start SHARED threads only.' }),
    body: t.string({ required: true, description: 'The first comment: plain text, 1–5,000 characters; @username or @显示名 mentions.' }),
  }),
});

builder.mutationField('startCommentThread', (t) =>
  t.drizzleField({
    type: CommentThread,
    errors: {},
    description: "Starts a thread on a proposal: the review team with either visibility, the proposal's own department shared only.",
    authScopes: { canWrite: commentWriterRoles },
    args: { input: t.arg({ type: StartCommentThreadInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const proposalId = await readableIdOf(m.tx, m.viewer, String(input.proposalId), 'Proposal', 'input.proposalId');
        const [proposal] = await m.tx
          .select({ campaignId: proposals.campaignId, submittingUnitId: proposals.submittingUnitId, stage: proposals.stage })
          .from(proposals)
          .where(eq(proposals.id, proposalId));
        if (!proposal) throw new NotFoundError({ zh: '精简意见', en: 'proposal' }, String(input.proposalId));
        const audience = {
          visibility: input.visibility,
          submittingUnitId: proposal.submittingUnitId,
          proposalIsDraft: proposal.stage === 'draft',
        };
        if (!canPostInThread(m.viewer, audience)) throw refusedInThread();
        const body = commentBody(input.body);
        const [thread] = await m.tx
          .insert(commentThreads)
          .values({ proposalId, anchor: input.anchor ?? null, visibility: input.visibility, authorId: m.viewer!.userId })
          .returning();
        m.record({
          action: 'comment_thread.started',
          entityId: thread!.id,
          campaignId: proposal.campaignId,
          proposalId,
          internal: input.visibility === 'internal',
          after: { anchor: thread!.anchor, visibility: thread!.visibility },
        });
        await addComment(m, { ...audience, id: thread!.id, proposalId, campaignId: proposal.campaignId }, body);
        return (await m.tx.query.commentThreads.findFirst(query({ where: { id: thread!.id } })))!;
      }),
  }),
);

const ReplyToThreadInput = builder.inputType('ReplyToThreadInput', {
  fields: (t) => ({
    threadId: t.id({ required: true }),
    body: t.string({ required: true, description: 'Plain text, 1–5,000 characters; @username or @显示名 mentions.' }),
  }),
});

builder.mutationField('replyToThread', (t) =>
  t.drizzleField({
    type: Comment,
    errors: {},
    description: "Replies in a thread: the review team in any thread, the proposal's own department in shared ones.",
    authScopes: { canWrite: commentWriterRoles },
    args: { input: t.arg({ type: ReplyToThreadInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const threadId = await readableIdOf(m.tx, m.viewer, String(input.threadId), 'CommentThread', 'input.threadId');
        const thread = await threadById(m.tx, threadId, String(input.threadId));
        if (!canPostInThread(m.viewer, thread)) throw refusedInThread();
        const comment = await addComment(m, thread, commentBody(input.body));
        return (await m.tx.query.comments.findFirst(query({ where: { id: comment.id } })))!;
      }),
  }),
);

const EditCommentInput = builder.inputType('EditCommentInput', {
  fields: (t) => ({
    commentId: t.id({ required: true }),
    body: t.string({ required: true, description: 'The new body: plain text, 1–5,000 characters.' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('editComment', (t) =>
  t.drizzleField({
    type: Comment,
    errors: {},
    description: 'Its author rewrites a comment; the previous body is kept in `revisions`.',
    authScopes: { canWrite: commentWriterRoles },
    args: { input: t.arg({ type: EditCommentInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const commentId = await readableIdOf(m.tx, m.viewer, String(input.commentId), 'Comment', 'input.commentId');
        const [current] = await m.tx
          .select({ threadId: comments.threadId, authorId: comments.authorId, body: comments.body, version: comments.version })
          .from(comments)
          .where(eq(comments.id, commentId));
        if (!current) throw new NotFoundError(commentWhat, String(input.commentId));
        const thread = await threadById(m.tx, current.threadId, String(input.commentId));
        if (current.authorId !== m.viewer!.userId || !canPostInThread(m.viewer, thread)) {
          throw new ForbiddenError('只能编辑自己的评论', 'You may edit only your own comments');
        }
        // The revision must hold the body the client saw: refuse before reading a newer one as "previous".
        if (current.version !== input.expectedVersion) {
          throw new ConflictError({ typename: 'Comment', id: commentId }, current.version);
        }
        const body = commentBody(input.body);
        const mentioned = await mentionedUserIds(m.tx, body, thread);
        const updated = await updateVersioned(
          m.tx,
          comments,
          { id: commentId, expectedVersion: input.expectedVersion, typename: 'Comment', what: commentWhat },
          { body, mentionedUserIds: mentioned, editedAt: new Date().toISOString() },
        );
        const [revision] = await m.tx
          .insert(commentRevisions)
          .values({ commentId, body: current.body, editedById: m.viewer!.userId })
          .returning({ id: commentRevisions.id });
        m.record({
          action: 'comment.edited',
          entityId: commentId,
          campaignId: thread.campaignId,
          proposalId: thread.proposalId,
          internal: thread.visibility === 'internal',
          before: { version: current.version, revisionId: revision!.id },
          after: { version: updated.version, mentionedUserIds: mentioned },
        });
        return (await m.tx.query.comments.findFirst(query({ where: { id: commentId } })))!;
      }),
  }),
);

const ThreadStateInput = builder.inputType('ThreadStateInput', {
  fields: (t) => ({
    threadId: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

/** resolveThread and reopenThread: the same rules in both directions. */
function threadStateMutation(name: 'resolveThread' | 'reopenThread', resolved: boolean) {
  builder.mutationField(name, (t) =>
    t.drizzleField({
      type: CommentThread,
      errors: {},
      description: resolved
        ? 'Marks a thread resolved, recording who and when: its author, a reviewer or the coordinator.'
        : 'Reopens a resolved thread: its author, a reviewer or the coordinator.',
      authScopes: { canWrite: commentWriterRoles },
      args: { input: t.arg({ type: ThreadStateInput, required: true }) },
      resolve: (query, _root, { input }, ctx) =>
        mutate(ctx, async (m) => {
          const threadId = await readableIdOf(m.tx, m.viewer, String(input.threadId), 'CommentThread', 'input.threadId');
          const thread = await threadById(m.tx, threadId, String(input.threadId));
          if (!canChangeThreadState(m.viewer, thread)) {
            throw new ForbiddenError(
              '只有发起人、审核人员或统筹人员可以关闭或重新打开讨论',
              'Only the thread’s author, a reviewer or the coordinator may resolve or reopen it',
            );
          }
          if (thread.resolved === resolved) {
            throw resolved
              ? new InvalidTransitionError('该讨论已关闭', 'This thread is already resolved')
              : new InvalidTransitionError('该讨论尚未关闭，无需重新打开', 'This thread is open already');
          }
          const now = new Date().toISOString();
          const updated = await updateVersioned(
            m.tx,
            commentThreads,
            { id: thread.id, expectedVersion: input.expectedVersion, typename: 'CommentThread', what: threadWhat },
            { resolved, resolvedById: resolved ? m.viewer!.userId : null, resolvedAt: resolved ? now : null, updatedAt: now },
          );
          m.record({
            action: resolved ? 'comment_thread.resolved' : 'comment_thread.reopened',
            entityId: thread.id,
            campaignId: thread.campaignId,
            proposalId: thread.proposalId,
            internal: thread.visibility === 'internal',
            before: { resolved: thread.resolved, resolvedById: thread.resolvedById },
            after: { resolved: updated.resolved, resolvedById: updated.resolvedById, version: updated.version },
          });
          return (await m.tx.query.commentThreads.findFirst(query({ where: { id: thread.id } })))!;
        }),
    }),
  );
}

threadStateMutation('resolveThread', true);
threadStateMutation('reopenThread', false);
