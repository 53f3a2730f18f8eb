import { index, integer, pgEnum, pgTable, smallint, text } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import { createdAt, id } from './common.ts';
import { proposals } from './proposals.ts';
import { units } from './units.ts';

export const publicCommentStatus = pgEnum('public_comment_status', ['received', 'accepted', 'dismissed']);

/** 社会公众意见: a comment from the public during the consultation window. */
export const publicComments = pgTable(
  'public_comments',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    proposalId: integer('proposal_id').references(() => proposals.id),
    authorName: text('author_name'),
    body: text('body').notNull(),
    status: publicCommentStatus('status').notNull().default('received'),
    createdAt: createdAt(),
  },
  (t) => [index('public_comments_campaign_idx').on(t.campaignId, t.id), index('public_comments_proposal_idx').on(t.proposalId)],
);

export const evaluationKind = pgEnum('evaluation_kind', ['self', 'third_party']);

/** 自评 / 第三方评估: an assessment of a campaign's results by a unit or the third-party evaluator. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    unitId: integer('unit_id').references(() => units.id),
    kind: evaluationKind('kind').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    /** 1–5. */
    score: smallint('score'),
    summary: text('summary').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('evaluations_campaign_idx').on(t.campaignId, t.id)],
);
