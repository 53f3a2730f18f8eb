import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, version } from './common.ts';
import { units } from './units.ts';

/** The campaign's path from the seed document (see shared/domain.md, "The campaign's path"). */
export const campaignStatus = pgEnum('campaign_status', [
  'planning',
  'submission',
  'review',
  'consultation',
  'approval',
  'published',
  'handover',
  'evaluation',
  'closed',
]);

/** An annual round of cutting and handing down powers. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    /** The work notice, e.g. 穗府办函〔2019〕106号. */
    noticeNumber: text('notice_number'),
    leadUnitId: integer('lead_unit_id')
      .notNull()
      .references(() => units.id),
    status: campaignStatus('status').notNull().default('planning'),
    /*
     * Each stage's window: the day it opens and its deadline (server/src/campaigns/stages.ts
     * names them per stage). Any may be unset while the schedule is being planned.
     */
    submissionOpensOn: date('submission_opens_on', { mode: 'string' }),
    submissionDeadline: date('submission_deadline', { mode: 'string' }),
    reviewOpensOn: date('review_opens_on', { mode: 'string' }),
    reviewDeadline: date('review_deadline', { mode: 'string' }),
    legalityOpensOn: date('legality_opens_on', { mode: 'string' }),
    legalityDeadline: date('legality_deadline', { mode: 'string' }),
    consultationOpensOn: date('consultation_opens_on', { mode: 'string' }),
    consultationDeadline: date('consultation_deadline', { mode: 'string' }),
    confirmationOpensOn: date('confirmation_opens_on', { mode: 'string' }),
    confirmationDeadline: date('confirmation_deadline', { mode: 'string' }),
    approvalOpensOn: date('approval_opens_on', { mode: 'string' }),
    approvalDeadline: date('approval_deadline', { mode: 'string' }),
    publishedOn: date('published_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('campaigns_year_key').on(t.year), check('campaigns_year_range', sql`${t.year} between 2000 and 2100`)],
);

/** The units taking part in a campaign (参与单位): the departments asked to submit, whom the lead office chases. */
export const campaignUnits = pgTable(
  'campaign_units',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId] }), index('campaign_units_unit_idx').on(t.unitId)],
);

/** The per-campaign controlled vocabulary reviewers classify proposals with (同意取消, 同意下放, …). */
export const classificationOptions = pgTable(
  'classification_options',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('classification_options_campaign_code_key').on(t.campaignId, t.code)],
);
