import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import type { PowerTypeCode } from '../power-types.ts';
import { createdAt, id, timestamptz, updatedAt, version } from './common.ts';
import { powerItems } from './power-items.ts';
import { units } from './units.ts';

/** 取消 / 下放 / 委托 / 合并 / 调整 / 保留 / 新增. */
export const proposalAction = pgEnum('proposal_action', [
  'cancel',
  'delegate',
  'entrust',
  'merge',
  'adjust',
  'retain',
  'add',
]);

/** Where a proposal stands on the campaign's path; `decided` once approved or rejected. */
export const proposalStage = pgEnum('proposal_stage', [
  'draft',
  'submitted',
  'initial_review',
  'legality_review',
  'recheck',
  'consultation',
  'unit_confirmation',
  'approval',
  'decided',
]);

/** How the proposal is doing at its stage. */
export const proposalStatus = pgEnum('proposal_status', ['active', 'returned', 'withdrawn', 'approved', 'rejected']);

/** 精简意见: a unit's proposal about one of its power items in a campaign. */
export const proposals = pgTable(
  'proposals',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** Null only for `add`, which proposes an item the list lacks. */
    powerItemId: integer('power_item_id').references(() => powerItems.id),
    /** Copied from the power item (or the proposed new item) so the queue can filter by type on one index. */
    powerTypeCode: text('power_type_code').$type<PowerTypeCode>().notNull(),
    submittingUnitId: integer('submitting_unit_id')
      .notNull()
      .references(() => units.id),
    action: proposalAction('action').notNull(),
    /** For merge: the item this one merges into. */
    mergeIntoItemId: integer('merge_into_item_id').references(() => powerItems.id),
    /** For add: the missing item's name. */
    proposedItemName: text('proposed_item_name'),
    rationale: text('rationale').notNull(),
    /** The legal basis for the change itself (not the item's own basis). */
    changeLegalBasis: text('change_legal_basis'),
    /** Attachments by reference: [{ title, ref }]. */
    attachments: jsonb('attachments').$type<{ title: string; ref: string }[]>().notNull().default([]),
    stage: proposalStage('stage').notNull().default('draft'),
    status: proposalStatus('status').notNull().default('active'),
    /** The final classification set by the lead reviewer (a code of the campaign's vocabulary). */
    classificationCode: text('classification_code'),
    leadReviewerId: integer('lead_reviewer_id').references(() => users.id),
    createdById: integer('created_by_id').references(() => users.id),
    submittedAt: timestamptz('submitted_at'),
    /**
     * Where the proposal stands in 最早报送 / 最新报送: when it was submitted, or for a draft (only its
     * department reads it) when it was created. Never null, so keyset paging over (this, id) is
     * plain comparisons: a null would fall out of every `>` and `<`.
     */
    submissionOrder: timestamptz('submission_order')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(submitted_at, created_at)`),
    decidedAt: timestamptz('decided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // Review-queue filters: every one leads with the campaign and ends with id for stable keyset paging.
    // With status last, the queue's search counts its matches from this index alone: the team's
    // read policy reads only stage and status (migration search-grams).
    index('proposals_campaign_stage_idx').on(t.campaignId, t.stage, t.id, t.status),
    index('proposals_campaign_status_idx').on(t.campaignId, t.status, t.id),
    index('proposals_campaign_unit_idx').on(t.campaignId, t.submittingUnitId, t.id),
    index('proposals_campaign_action_idx').on(t.campaignId, t.action, t.id),
    index('proposals_campaign_type_idx').on(t.campaignId, t.powerTypeCode, t.id),
    // With stage last, "not classified yet" counts from this index alone (the team's read policy reads stage).
    index('proposals_campaign_classification_idx').on(t.campaignId, t.classificationCode, t.id, t.stage),
    // A campaign's proposals in id order with the read policy's columns: the assignee and
    // target-district counts merge-join it with the join tables' (user_id / district_id,
    // proposal_id) indexes instead of hashing the whole campaign (bench/province.ts, 21 cities:
    // "assigned to me" counted 62,811 of 159,180 proposals about twice as fast).
    index('proposals_campaign_id_idx').on(t.campaignId, t.id, t.stage, t.status),
    // The queue's orders, with the team's read rule's one column last: a searched page finds its
    // ids by walking one of these alone, without fetching each proposal it walks past
    // (`pageIdsFirst`; at 38 cities 消防's page statement went from 31 to 11-16 ms).
    index('proposals_campaign_updated_idx').on(t.campaignId, t.updatedAt, t.id, t.stage),
    index('proposals_campaign_submission_idx').on(t.campaignId, t.submissionOrder, t.id, t.stage),
    // Counts: the queue's total, the campaign's proposal count and the dashboard's figures and
    // breakdowns read these columns only (the read policy's stage and status included), so they
    // scan this index alone instead of the table: 4 MB at 160,000 proposals against 57 MB
    // (bench/province.ts). Low-cardinality columns only, so deduplication keeps it small: with
    // id or the classification it grew to 9.5 MB and the planner went back to the table.
    index('proposals_campaign_counts_idx').on(t.campaignId, t.stage, t.status, t.action, t.powerTypeCode, t.submittingUnitId),
    index('proposals_power_item_idx').on(t.powerItemId),
    // One open proposal per power item per campaign; a withdrawn or rejected one may be proposed again.
    uniqueIndex('proposals_open_per_item_key')
      .on(t.campaignId, t.powerItemId)
      .where(sql`${t.powerItemId} is not null and ${t.status} not in ('withdrawn', 'rejected')`),
    check('proposals_power_item_required', sql`${t.powerItemId} is not null or ${t.action} = 'add'`),
    // The lifecycle's one way to approval ends at `decided`, which nothing leaves
    // (server/src/proposals/lifecycle.ts). As a guarantee, the read policy's SQL may treat the
    // published branch as implied by "past the draft" (server/src/proposals/visibility.ts).
    check('proposals_approved_decided', sql`${t.status} <> 'approved' or ${t.stage} = 'decided'`),
  ],
);

/**
 * For delegate/entrust: the districts that would take the power over. A table rather than an
 * array so "what is proposed to my district" is an indexed lookup and the API plans it as a join.
 */
export const proposalDistricts = pgTable(
  'proposal_districts',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    districtId: integer('district_id')
      .notNull()
      .references(() => units.id),
    /**
     * Set when the approver approved the delegation for only some of its target districts and
     * left this one out (it did not agree): no handover, and the power is not delegated to it.
     */
    excluded: boolean('excluded').notNull().default(false),
  },
  (t) => [
    uniqueIndex('proposal_districts_proposal_district_key').on(t.proposalId, t.districtId),
    index('proposal_districts_district_idx').on(t.districtId, t.proposalId),
  ],
);

/** Reviewers assigned to a proposal. */
export const proposalAssignees = pgTable(
  'proposal_assignees',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    assignedById: integer('assigned_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('proposal_assignees_proposal_user_key').on(t.proposalId, t.userId),
    index('proposal_assignees_user_idx').on(t.userId, t.proposalId),
  ],
);
