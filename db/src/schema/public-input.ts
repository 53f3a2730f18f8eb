import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import { createdAt, id, timestamptz, updatedAt, version } from './common.ts';
import { proposals } from './proposals.ts';
import { units } from './units.ts';

export const publicCommentStatus = pgEnum('public_comment_status', ['received', 'accepted', 'dismissed']);

/**
 * 社会公众意见: a comment from the public during a campaign's public consultation window, on one
 * of the proposals put to the public or (proposalId null) on the campaign as a whole. Received,
 * then accepted (shown publicly with the team's reply) or dismissed by the team
 * (server/src/public-comments/).
 */
export const publicComments = pgTable(
  'public_comments',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    proposalId: integer('proposal_id').references(() => proposals.id),
    authorName: text('author_name'),
    /** How to reach the author, if given: the team may read it, the public never. */
    contact: text('contact'),
    body: text('body').notNull(),
    status: publicCommentStatus('status').notNull().default('received'),
    /** The team's public reply, shown with the accepted comment. */
    reply: text('reply'),
    moderatedById: integer('moderated_by_id').references(() => users.id),
    moderatedAt: timestamptz('moderated_at'),
    /** HMAC of the submitter's address with the server key (server_keys): rate limits, never the raw address. */
    addressHash: text('address_hash'),
    /** The client's key for one submission: a retried submit finds its comment instead of storing another. */
    idempotencyKey: text('idempotency_key'),
    /** The proof-of-work challenge this comment spent: each is good for one comment. */
    challenge: text('challenge'),
    createdAt: createdAt(),
  },
  (t) => [
    index('public_comments_campaign_idx').on(t.campaignId, t.id),
    index('public_comments_proposal_idx').on(t.proposalId, t.id),
    // The queue filter (has unanswered comments) and the dashboard count of received comments.
    index('public_comments_received_proposal_idx').on(t.proposalId).where(sql`${t.status} = 'received'`),
    index('public_comments_received_campaign_idx').on(t.campaignId).where(sql`${t.status} = 'received'`),
    // The rate limits: per address and overall, over what was submitted through the form.
    index('public_comments_address_idx').on(t.addressHash, t.createdAt).where(sql`${t.addressHash} is not null`),
    index('public_comments_submitted_idx').on(t.createdAt).where(sql`${t.addressHash} is not null`),
    uniqueIndex('public_comments_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('public_comments_challenge_key').on(t.challenge),
    check('public_comments_body_length', sql`char_length(${t.body}) between 1 and 2000`),
  ],
);

/**
 * Secrets this server keeps in its database, shared by every process on it: `public_comments`
 * signs proof-of-work challenges and hashes submitters' addresses with one. Made on first use.
 */
export const serverKeys = pgTable('server_keys', {
  name: text('name').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

export const evaluationKind = pgEnum('evaluation_kind', ['self', 'third_party']);
/** A self-evaluation is drafted, then submitted (final); an assessment is recorded as submitted. */
export const evaluationStatus = pgEnum('evaluation_status', ['draft', 'submitted']);

/**
 * 自评 / 第三方评估 of a campaign's results. `self`: a participating unit's self-evaluation against
 * the form (results, what changed for applicants, problems, suggestions), one per unit and
 * campaign. `third_party`: the evaluator's assessment (score and text) of one unit, or of the
 * whole campaign when `unitId` is null, one of each per campaign.
 */
export const evaluations = pgTable(
  'evaluations',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** The unit evaluated: the self-evaluating unit, or the unit assessed; null for the overall assessment. */
    unitId: integer('unit_id').references(() => units.id),
    kind: evaluationKind('kind').notNull(),
    status: evaluationStatus('status').notNull().default('submitted'),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    /** 1–5, the assessment's score. */
    score: smallint('score'),
    /** The assessment's text. */
    summary: text('summary'),
    /** 精简下放情况: what was cut or handed down (prefilled from the data). */
    results: text('results'),
    /** 企业群众办事变化: what changed for applicants. */
    applicantChanges: text('applicant_changes'),
    /** 存在问题. */
    problems: text('problems'),
    /** 意见建议. */
    suggestions: text('suggestions'),
    submittedAt: timestamptz('submitted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('evaluations_campaign_idx').on(t.campaignId, t.id),
    index('evaluations_unit_idx').on(t.unitId, t.campaignId),
    uniqueIndex('evaluations_self_per_unit_key').on(t.campaignId, t.unitId).where(sql`${t.kind} = 'self'`),
    uniqueIndex('evaluations_assessment_per_unit_key')
      .on(t.campaignId, t.unitId)
      .where(sql`${t.kind} = 'third_party' and ${t.unitId} is not null`),
    uniqueIndex('evaluations_overall_assessment_key').on(t.campaignId).where(sql`${t.kind} = 'third_party' and ${t.unitId} is null`),
    check('evaluations_self_has_unit', sql`${t.kind} = 'third_party' or ${t.unitId} is not null`),
    check('evaluations_score_range', sql`${t.score} is null or ${t.score} between 1 and 5`),
  ],
);
