import { sql } from 'drizzle-orm';
import { check, date, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
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
    submissionOpensOn: date('submission_opens_on', { mode: 'string' }),
    submissionDeadline: date('submission_deadline', { mode: 'string' }),
    reviewDeadline: date('review_deadline', { mode: 'string' }),
    consultationDeadline: date('consultation_deadline', { mode: 'string' }),
    approvalDeadline: date('approval_deadline', { mode: 'string' }),
    publishedOn: date('published_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('campaigns_year_key').on(t.year), check('campaigns_year_range', sql`${t.year} between 2000 and 2100`)],
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
