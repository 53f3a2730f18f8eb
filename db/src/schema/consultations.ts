import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, id, timestamptz, version } from './common.ts';
import { proposals } from './proposals.ts';
import { units } from './units.ts';

export const consultationStatus = pgEnum('consultation_status', ['open', 'closed']);

/**
 * 征求意见: the coordinator asks the target districts about a delegation or entrustment, and other
 * municipal departments where the item touches them.
 */
export const consultations = pgTable(
  'consultations',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    openedById: integer('opened_by_id')
      .notNull()
      .references(() => users.id),
    deadline: timestamptz('deadline').notNull(),
    status: consultationStatus('status').notNull().default('open'),
    closedAt: timestamptz('closed_at'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    index('consultations_proposal_idx').on(t.proposalId, t.id),
    // At most one open consultation per proposal; closed rounds accumulate.
    uniqueIndex('consultations_open_per_proposal_key').on(t.proposalId).where(sql`${t.status} = 'open'`),
    // Open rounds by deadline: the job's sweep for expired ones and the console's "past deadline" filter.
    index('consultations_open_deadline_idx').on(t.deadline).where(sql`${t.status} = 'open'`),
  ],
);

export const districtStance = pgEnum('district_stance', ['agree', 'agree_with_conditions', 'disagree']);

/**
 * One consulted unit's answer to a consultation: a target district's, or a municipal department's
 * asked because the item touches it (the table and column keep their first name, `district`, from
 * when only districts were asked). The row exists from the moment the consultation opens, with a
 * null stance until the unit answers, so "who has not answered" is a plain filter.
 */
export const districtFeedback = pgTable(
  'district_feedback',
  {
    id: id(),
    consultationId: integer('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** The unit asked: a district government, or a municipal department. */
    districtId: integer('district_id')
      .notNull()
      .references(() => units.id),
    stance: districtStance('stance'),
    staffingNeeds: text('staffing_needs'),
    systemsNeeds: text('systems_needs'),
    trainingNeeds: text('training_needs'),
    fundingNeeds: text('funding_needs'),
    capacityNotes: text('capacity_notes'),
    comments: text('comments'),
    respondedById: integer('responded_by_id').references(() => users.id),
    respondedAt: timestamptz('responded_at'),
    version: version(),
  },
  (t) => [
    uniqueIndex('district_feedback_consultation_district_key').on(t.consultationId, t.districtId),
    index('district_feedback_district_idx').on(t.districtId, t.id),
  ],
);
