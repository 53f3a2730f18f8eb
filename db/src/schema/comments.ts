import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, id, timestamptz, updatedAt, version } from './common.ts';
import { proposals } from './proposals.ts';

/** The proposal field a thread is about, if any. */
export const commentAnchor = pgEnum('comment_anchor', [
  'power_item',
  'action',
  'target_districts',
  'rationale',
  'change_legal_basis',
  'legal_basis',
]);

/** internal: the review team only; shared: also the submitting department. */
export const commentVisibility = pgEnum('comment_visibility', ['internal', 'shared']);

export const commentThreads = pgTable(
  'comment_threads',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    anchor: commentAnchor('anchor'),
    visibility: commentVisibility('visibility').notNull().default('internal'),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    resolved: boolean('resolved').notNull().default(false),
    resolvedById: integer('resolved_by_id').references(() => users.id),
    resolvedAt: timestamptz('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('comment_threads_proposal_idx').on(t.proposalId, t.id)],
);

/** A comment: plain text, rendered as text (never as HTML). */
export const comments = pgTable(
  'comments',
  {
    id: id(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => commentThreads.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    /** Users @mentioned in the body. */
    mentionedUserIds: integer('mentioned_user_ids').array().notNull().default(sql`'{}'::integer[]`),
    editedAt: timestamptz('edited_at'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [index('comments_thread_idx').on(t.threadId, t.id)],
);

/** Earlier bodies of an edited comment: edits keep their history. */
export const commentRevisions = pgTable(
  'comment_revisions',
  {
    id: id(),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    editedById: integer('edited_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('comment_revisions_comment_idx').on(t.commentId, t.id)],
);
