import { index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, id, updatedAt, version } from './common.ts';
import { proposals, proposalStage } from './proposals.ts';

/**
 * What a review record says. approve/reject/return are decisions; lawful… are the justice bureau's
 * legality opinion; confirmed/contested are the submitting unit's answer to the outcome.
 */
export const reviewVerdict = pgEnum('review_verdict', [
  'approve',
  'reject',
  'return',
  'lawful',
  'lawful_with_conditions',
  'unlawful',
  'confirmed',
  'contested',
]);

/** One decision or opinion on a proposal at a stage. Append-only. */
export const reviewRecords = pgTable(
  'review_records',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    stage: proposalStage('stage').notNull(),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    verdict: reviewVerdict('verdict').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('review_records_proposal_idx').on(t.proposalId, t.id)],
);

/** A reviewer's own classification of a proposal; the lead reviewer sets the final one on the proposal. */
export const classificationVotes = pgTable(
  'classification_votes',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    code: text('code').notNull(),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('classification_votes_proposal_reviewer_key').on(t.proposalId, t.reviewerId)],
);
