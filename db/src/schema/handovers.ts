import { sql } from 'drizzle-orm';
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
    /**
     * The lead office's note to the district about this handover (what to fix, by when). One current
     * note on the row, where the district reads it; earlier notes stay in the activity log.
     */
    coordinatorNote: text('coordinator_note'),
    coordinatorNoteAt: timestamptz('coordinator_note_at'),
    coordinatorNoteById: integer('coordinator_note_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('handovers_proposal_district_key').on(t.proposalId, t.districtId),
    index('handovers_district_idx').on(t.districtId, t.status, t.id),
    // The handover board's filters: by status (blocked), and overdue (planned date passed, not taken over).
    index('handovers_status_idx').on(t.status, t.id),
    index('handovers_open_planned_idx').on(t.plannedOn, t.id).where(sql`${t.status} <> 'taken_over'`),
  ],
);
