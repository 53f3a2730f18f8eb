import { runCommandAndRead } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Proposal } from '../proposals/proposals.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { Comment, CommentAnchor, CommentThread, CommentVisibility } from './comments.ts';
import { editComment, replyToThreads, setThreadResolved, startCommentThreads } from './commands.ts';
import { commentWriterRoles } from './rules.ts';

/** The comment mutations: adapters that read the arguments, run the command and read back what the client selected. */

const StartCommentThreadInput = builder.inputType('StartCommentThreadInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    anchor: t.field({ type: CommentAnchor, description: 'The field the thread is about; omit for the proposal as a whole.' }),
    visibility: t.field({ type: CommentVisibility, required: true, description: 'Departments may start SHARED threads only.' }),
    body: t.string({ required: true, description: 'The first comment: plain text, 1–5,000 characters; @username or @显示名 mentions.' }),
  }),
});

builder.mutationField('startCommentThread', (t) =>
  t.withAuth({ canWrite: commentWriterRoles }).drizzleField({
    type: CommentThread,
    errors: { types: [NotFoundError] },
    description: "Starts a thread on a proposal: the review team with either visibility, the proposal's own department shared only.",
    args: { input: t.arg({ type: StartCommentThreadInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runCommandAndRead(
        ctx,
        ctx.viewer,
        startCommentThreads,
        { items: [{ ...input, proposalId: input.proposalId.id }] },
        async (tx, [started]) => (await tx.query.commentThreads.findFirst(query({ where: { id: started!.threadId } })))!,
      ),
  }),
);

const ReplyToThreadInput = builder.inputType('ReplyToThreadInput', {
  fields: (t) => ({
    threadId: t.globalID({ for: CommentThread, required: true }),
    body: t.string({ required: true, description: 'Plain text, 1–5,000 characters; @username or @显示名 mentions.' }),
  }),
});

builder.mutationField('replyToThread', (t) =>
  t.withAuth({ canWrite: commentWriterRoles }).drizzleField({
    type: Comment,
    errors: { types: [NotFoundError] },
    description: "Replies in a thread: the review team in any thread, the proposal's own department in shared ones.",
    args: { input: t.arg({ type: ReplyToThreadInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runCommandAndRead(
        ctx,
        ctx.viewer,
        replyToThreads,
        { items: [{ threadId: input.threadId.id, body: input.body }] },
        async (tx, [commentId]) => (await tx.query.comments.findFirst(query({ where: { id: commentId! } })))!,
      ),
  }),
);

const EditCommentInput = builder.inputType('EditCommentInput', {
  fields: (t) => ({
    commentId: t.globalID({ for: Comment, required: true }),
    body: t.string({ required: true, description: 'The new body: plain text, 1–5,000 characters.' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('editComment', (t) =>
  t.withAuth({ canWrite: commentWriterRoles }).drizzleField({
    type: Comment,
    errors: { types: [NotFoundError, ConflictError] },
    description: 'Its author rewrites a comment; the previous body is kept in `revisions`.',
    args: { input: t.arg({ type: EditCommentInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runCommandAndRead(
        ctx,
        ctx.viewer,
        editComment,
        { ...input, commentId: input.commentId.id },
        async (tx, { commentId }) => (await tx.query.comments.findFirst(query({ where: { id: commentId } })))!,
      ),
  }),
);

const ThreadStateInput = builder.inputType('ThreadStateInput', {
  fields: (t) => ({
    threadId: t.globalID({ for: CommentThread, required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

/** resolveThread and reopenThread: one command, the same rules in both directions. */
function threadStateMutation(name: 'resolveThread' | 'reopenThread', resolved: boolean) {
  builder.mutationField(name, (t) =>
    t.withAuth({ canWrite: commentWriterRoles }).drizzleField({
      type: CommentThread,
      errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
      description: resolved
        ? 'Marks a thread resolved, recording who and when: its author, a reviewer or the coordinator.'
        : 'Reopens a resolved thread: its author, a reviewer or the coordinator.',
      args: { input: t.arg({ type: ThreadStateInput, required: true }) },
      resolve: (query, _root, { input }, ctx) =>
        runCommandAndRead(
          ctx,
          ctx.viewer,
          setThreadResolved,
          { threadId: input.threadId.id, resolved, expectedVersion: input.expectedVersion },
          async (tx, { threadId }) => (await tx.query.commentThreads.findFirst(query({ where: { id: threadId } })))!,
        ),
    }),
  );
}

threadStateMutation('resolveThread', true);
threadStateMutation('reopenThread', false);
