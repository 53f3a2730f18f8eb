import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { PowerTypeCode } from '../power-types.ts';
import { proposalAction, proposalStage, proposalStatus } from './proposals.ts';

/**
 * How many proposals share each value of the columns the dashboard, the key tasks' figures and the
 * queue's totals count by, kept by triggers on `proposals` (migration proposal-tallies) so those
 * counts read a few hundred rows instead of every proposal of a campaign (at 21 cities, 159,180).
 *
 * The rows are deltas: a proposal inserted adds a row of +1 for its group, a move adds -1 for the
 * old group and +1 for the new, a delete -1. Writers only ever insert, so two transactions never
 * wait for one another on a shared counter row, and a group's count is the sum of its rows. The
 * `compact-proposal-tallies` job (proposals/tallies.ts) folds each group's rows into one.
 *
 * No unit here: with the submitting unit, the groups were half as many as the proposals.
 * Per unit the counts are in `proposalUnitTallies`.
 */
export const proposalTallies = pgTable(
  'proposal_tallies',
  {
    campaignId: integer('campaign_id').notNull(),
    stage: proposalStage('stage').notNull(),
    status: proposalStatus('status').notNull(),
    action: proposalAction('action').notNull(),
    powerTypeCode: text('power_type_code').$type<PowerTypeCode>().notNull(),
    classificationCode: text('classification_code'),
    n: integer('n').notNull(),
  },
  (t) => [index('proposal_tallies_campaign_idx').on(t.campaignId)],
);

/** The same deltas per submitting unit and stage: the dashboard's list by unit, the figures' units that submitted. */
export const proposalUnitTallies = pgTable(
  'proposal_unit_tallies',
  {
    campaignId: integer('campaign_id').notNull(),
    submittingUnitId: integer('submitting_unit_id').notNull(),
    stage: proposalStage('stage').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [index('proposal_unit_tallies_campaign_idx').on(t.campaignId)],
);
