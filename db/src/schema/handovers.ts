import { boolean, date, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, id, timestamptz, updatedAt, version } from './common.ts';
import { powerItems } from './power-items.ts';
import { proposals } from './proposals.ts';
import { units } from './units.ts';

/** 承接: 放得下、接得住、管得好 — readiness is tracked, not assumed. */
export const handoverStatus = pgEnum('handover_status', ['preparing', 'ready', 'taken_over', 'blocked']);

export const handovers = pgTable(
  'handovers',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id),
    powerItemId: integer('power_item_id')
      .notNull()
      .references(() => powerItems.id),
    districtId: integer('district_id')
      .notNull()
      .references(() => units.id),
    status: handoverStatus('status').notNull().default('preparing'),
    staffingReady: boolean('staffing_ready').notNull().default(false),
    systemsReady: boolean('systems_ready').notNull().default(false),
    trainingDone: boolean('training_done').notNull().default(false),
    notes: text('notes'),
    plannedOn: date('planned_on', { mode: 'string' }),
    takenOverAt: timestamptz('taken_over_at'),
    updatedById: integer('updated_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('handovers_proposal_district_key').on(t.proposalId, t.districtId),
    index('handovers_district_idx').on(t.districtId, t.status, t.id),
  ],
);
