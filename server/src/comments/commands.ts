import { type commentAnchor, commentRevisions, comments, commentThreads, type Database, proposals, users } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { type Command, type Mutation, type Tx, updateVersioned } from '../activity/mutate.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from '../errors.ts';
import { notFound, readableRows, requireAllReadable, requireReadable } from '../readable.ts';
import { executedRows, jsonRows } from '../json-rows.ts';
import { requiredText, textLimits } from '../text-input.ts';
import {
  canChangeThreadState,
  canPostInThread,
  type CommentVisibility,
  commentWriterRoles,
  holds,
  matchMentions,
  mentionTokens,
  type ThreadAudience,
} from './rules.ts';
import { canReadThread } from './visibility.ts';

/**
 * The comment threads' commands (architecture: one place per rule). Starting threads and replying
 * take lists, so the seed writes its thousands of comments in a few statements; the GraphQL
 * mutations pass one item.
 */

const threadWhat = { zh: '讨论', en: 'comment thread' };
const commentWhat = { zh: '评论', en: 'comment' };

export type CommentAnchor = (typeof commentAnchor.enumValues)[number];

/** A comment body: plain text, trimmed, 1 to 5,000 characters. Stored and returned as written. */
const commentBody = (value: string) => requiredText(value, 'input.body', textLimits.comment);

/** What the scope of the GraphQL fields says, for every caller: a writer's role and a credential that writes. */
function requireCommentWriter(viewer: Viewer): void {
  if (viewer.readOnly || !holds(viewer, commentWriterRoles)) throw new ForbiddenError();
}

const refusedInThread = () =>
  new ForbiddenError(
    '您不能在该讨论中发言：部门只能参与本单位精简意见的共享讨论',
    'You may not write in this thread: departments take part only in the shared threads of their own proposals',
  );

/** A thread with what the rules need: its proposal's campaign and department. */
type ThreadFacts = ThreadAudience & {
  id: number;
  proposalId: number;
  campaignId: number;
  authorId: number;
  resolved: boolean;
  resolvedById: number | null;
};

/** Threads `ids` with their facts, in one statement. */
export async function threadsById(tx: Tx | Database, ids: readonly number[]): Promise<Map<number, ThreadFacts>> {
  const rows = await tx
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
    .where(inArray(commentThreads.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

function threadOf(threads: Map<number, ThreadFacts>, id: number): ThreadFacts {
  const thread = threads.get(id);
  if (!thread) throw notFound('CommentThread', encodeGlobalID('CommentThread', id));
  return thread;
}

/**
 * The ids of the users each body @mentions (rules.ts says how mentions are written), for many
 * bodies in one statement. Everyone mentioned must be able to read the thread the body is written
 * in: a department cannot be pulled into an internal one.
 */
async function mentionedUserIds(tx: Tx, writings: readonly { body: string; thread: ThreadAudience }[]): Promise<number[][]> {
  const tokensOf = writings.map((writing) => mentionTokens(writing.body));
  const tokens = [...new Set(tokensOf.flat())];
  // A user a token of one body names is among those every body's same token names, so one
  // candidate list serves all bodies.
  const candidates =
    tokens.length === 0
      ? []
      : await tx
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
  return writings.map((writing, index) => {
    const { mentioned, ambiguous } = matchMentions(tokensOf[index]!, candidates);
    if (ambiguous.length > 0) {
      throw new ValidationError(
        'input.body',
        `有多位用户的姓名是“${ambiguous[0]}”，请改用其用户名提及`,
        `Several users are called “${ambiguous[0]}”: mention them by username`,
      );
    }
    const outsider = mentioned.find((user) => !canReadThread(user, writing.thread));
    if (outsider) {
      throw new ValidationError(
        'input.body',
        `${outsider.displayName} 无权查看该讨论，不能被提及`,
        `${outsider.displayName} cannot read this thread and so cannot be mentioned`,
      );
    }
    return mentioned.map((user) => user.id);
  });
}

/** Records a new comment (a thread's first or a reply) in its thread, with whom it mentions. */
function recordComment(m: Mutation<Viewer>, id: number, thread: ThreadFacts, mentionedUserIds: number[]): void {
  m.record({
    action: 'comment.created',
    entityId: id,
    campaignId: thread.campaignId,
    proposalId: thread.proposalId,
    internal: thread.visibility === 'internal',
    after: { threadId: thread.id, mentionedUserIds },
  });
}

/** Adds one comment per writing, in order, in one statement, and records each. Returns their ids. */
async function addComments(m: Mutation<Viewer>, writings: readonly { body: string; thread: ThreadFacts }[]): Promise<number[]> {
  const mentions = await mentionedUserIds(m.tx, writings);
  const createdAt = m.now.toISOString();
  const rows = await m.tx
    .insert(comments)
    .values(
      writings.map(({ body, thread }, index) => ({ threadId: thread.id, authorId: m.viewer.userId, body, mentionedUserIds: mentions[index]!, createdAt })),
    )
    .returning({ id: comments.id });
  return writings.map(({ thread }, index) => {
    const id = rows[index]!.id;
    recordComment(m, id, thread, mentions[index]!);
    return id;
  });
}

const newThreadColumns = {
  n: 'integer',
  proposal_id: 'integer',
  anchor: 'comment_anchor',
  visibility: 'comment_visibility',
  body: 'text',
  mentioned: 'integer[]',
};

export interface NewThread {
  proposalId: number;
  /** The field the thread is about; none for the proposal as a whole. */
  anchor?: CommentAnchor | null;
  visibility: CommentVisibility;
  /** The first comment, raw: trimmed and limited here; @username or @显示名 mentions. */
  body: string;
}

/**
 * Starts threads, each with its first comment: the review team with either visibility (not on a
 * department's draft), a proposal's own department shared threads only. All or none: one refused
 * item refuses the list. Returns the new thread and comment ids, in the order given.
 */
export const startCommentThreads: Command<{ items: readonly NewThread[] }, { threadId: number; commentId: number }[]> = async (m, { items }) => {
  requireCommentWriter(m.viewer);
  const proposalById = await readableRows(
    m,
    'Proposal',
    items.map((item) => item.proposalId),
    { campaignId: proposals.campaignId, submittingUnitId: proposals.submittingUnitId, stage: proposals.stage },
  );
  const planned = items.map((item) => {
    const proposal = proposalById.get(item.proposalId)!;
    const audience = { visibility: item.visibility, submittingUnitId: proposal.submittingUnitId, proposalIsDraft: proposal.stage === 'draft' };
    if (!canPostInThread(m.viewer, audience)) throw refusedInThread();
    return { item, audience, campaignId: proposal.campaignId, body: commentBody(item.body) };
  });
  const mentions = await mentionedUserIds(
    m.tx,
    planned.map(({ body, audience }) => ({ body, thread: audience })),
  );
  const now = m.now.toISOString();
  const given = jsonRows(
    'given',
    newThreadColumns,
    planned.map(({ item, body }, n) => ({ n, proposal_id: item.proposalId, anchor: item.anchor ?? null, visibility: item.visibility, body, mentioned: mentions[n] })),
  );
  // The threads and their first comments in one statement (one round trip). A statement draws the
  // threads' ids in the order it inserts them, so the n-th id is the n-th item's thread.
  const rows = executedRows<{ thread_id: number; comment_id: number }>(
    await m.tx.execute(sql`
      with g as (select * from ${given}),
      t as (
        insert into ${commentThreads} (proposal_id, anchor, visibility, author_id, created_at, updated_at)
        select g.proposal_id, g.anchor, g.visibility, ${m.viewer.userId}, ${now}::timestamptz, ${now}::timestamptz from g order by g.n
        returning id),
      numbered as (select id, row_number() over (order by id) - 1 as n from t),
      c as (
        insert into ${comments} (thread_id, author_id, body, mentioned_user_ids, created_at)
        select numbered.id, ${m.viewer.userId}, g.body, g.mentioned, ${now}::timestamptz from numbered join g on g.n = numbered.n order by g.n
        returning id, thread_id)
      select c.thread_id, c.id as comment_id from c order by c.thread_id`),
  );
  const started = planned.map(({ item, audience, campaignId }, index): ThreadFacts => {
    const id = Number(rows[index]!.thread_id);
    m.record({
      action: 'comment_thread.started',
      entityId: id,
      campaignId,
      proposalId: item.proposalId,
      internal: item.visibility === 'internal',
      after: { anchor: item.anchor ?? null, visibility: item.visibility },
    });
    return { ...audience, id, proposalId: item.proposalId, campaignId, authorId: m.viewer.userId, resolved: false, resolvedById: null };
  });
  started.forEach((thread, index) => recordComment(m, Number(rows[index]!.comment_id), thread, mentions[index]!));
  return started.map((thread, index) => ({ threadId: thread.id, commentId: Number(rows[index]!.comment_id) }));
};

export interface Reply {
  threadId: number;
  /** Raw: trimmed and limited here; @username or @显示名 mentions. */
  body: string;
}

/**
 * Replies in threads, in the order given (several may go to one thread): the review team in any
 * thread, a proposal's own department in its shared ones. All or none. Returns the comment ids.
 */
export const replyToThreads: Command<{ items: readonly Reply[] }, number[]> = async (m, { items }) => {
  requireCommentWriter(m.viewer);
  await requireAllReadable(m, 'CommentThread', items.map((item) => item.threadId));
  const threads = await threadsById(m.tx, items.map((item) => item.threadId));
  const writings = items.map((item) => {
    const thread = threadOf(threads, item.threadId);
    if (!canPostInThread(m.viewer, thread)) throw refusedInThread();
    return { thread, body: commentBody(item.body) };
  });
  return addComments(m, writings);
};

export interface EditCommentInput {
  commentId: number;
  body: string;
  expectedVersion: number;
}

/** Its author rewrites a comment; the previous body is kept as a revision. */
export const editComment: Command<EditCommentInput, { commentId: number }> = async (m, input) => {
  requireCommentWriter(m.viewer);
  const { commentId } = input;
  await requireReadable(m, 'Comment', commentId);
  const [current] = await m.tx
    .select({ threadId: comments.threadId, authorId: comments.authorId, body: comments.body, version: comments.version })
    .from(comments)
    .where(eq(comments.id, commentId));
  if (!current) throw notFound('Comment', encodeGlobalID('Comment', commentId));
  const thread = threadOf(await threadsById(m.tx, [current.threadId]), current.threadId);
  if (current.authorId !== m.viewer.userId || !canPostInThread(m.viewer, thread)) {
    throw new ForbiddenError('只能编辑自己的评论', 'You may edit only your own comments');
  }
  // The revision must hold the body the client saw: refuse before reading a newer one as "previous".
  if (current.version !== input.expectedVersion) throw new ConflictError({ typename: 'Comment', id: commentId }, current.version);
  const body = commentBody(input.body);
  const [mentioned] = await mentionedUserIds(m.tx, [{ body, thread }]);
  const now = m.now.toISOString();
  const updated = await updateVersioned(
    m.tx,
    comments,
    { id: commentId, expectedVersion: input.expectedVersion, typename: 'Comment', what: commentWhat },
    { body, mentionedUserIds: mentioned, editedAt: now },
  );
  const [revision] = await m.tx
    .insert(commentRevisions)
    .values({ commentId, body: current.body, editedById: m.viewer.userId, createdAt: now })
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
  return { commentId };
};

export interface SetThreadResolvedInput {
  threadId: number;
  /** true resolves the thread, false reopens it: the same rules in both directions. */
  resolved: boolean;
  expectedVersion: number;
}

/** Resolves a thread (recording who and when) or reopens it: its author, a reviewer or the coordinator. */
export const setThreadResolved: Command<SetThreadResolvedInput, { threadId: number }> = async (m, { threadId, resolved, expectedVersion }) => {
  requireCommentWriter(m.viewer);
  await requireReadable(m, 'CommentThread', threadId);
  const thread = threadOf(await threadsById(m.tx, [threadId]), threadId);
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
  const now = m.now.toISOString();
  const updated = await updateVersioned(
    m.tx,
    commentThreads,
    { id: threadId, expectedVersion, typename: 'CommentThread', what: threadWhat },
    { resolved, resolvedById: resolved ? m.viewer.userId : null, resolvedAt: resolved ? now : null, updatedAt: now },
  );
  m.record({
    action: resolved ? 'comment_thread.resolved' : 'comment_thread.reopened',
    entityId: threadId,
    campaignId: thread.campaignId,
    proposalId: thread.proposalId,
    internal: thread.visibility === 'internal',
    before: { resolved: thread.resolved, resolvedById: thread.resolvedById },
    after: { resolved: updated.resolved, resolvedById: updated.resolvedById, version: updated.version },
  });
  return { threadId };
};
