import { bigint, boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import { createdAt } from './common.ts';

/**
 * The spine (architecture decision 2): every mutation appends here in its own transaction.
 * At once the audit trail, the source of notifications and the cursor for subscriptions.
 * Append-only: nothing updates or deletes these rows.
 */
export const activity = pgTable(
  'activity',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Null for the system (seed, deadline jobs). */
    actorId: integer('actor_id').references(() => users.id),
    /** e.g. proposal.submitted, comment.created. */
    action: text('action').notNull(),
    /** The table-level entity name, e.g. proposal, comment, consultation. */
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    /** Denormalised scopes so per-campaign and per-proposal streams read one index. */
    campaignId: integer('campaign_id').references(() => campaigns.id),
    proposalId: integer('proposal_id'),
    /** Set for entries about one district's feedback or handover: only that district's liaisons see them. */
    districtId: integer('district_id'),
    /** The review team's internal work (internal comment threads, votes): never shown to departments or districts. */
    internal: boolean('internal').notNull().default(false),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  (t) => [
    index('activity_campaign_idx').on(t.campaignId, t.id),
    index('activity_proposal_idx').on(t.proposalId, t.id),
    index('activity_entity_idx').on(t.entityType, t.entityId, t.id),
    index('activity_district_idx').on(t.districtId, t.id),
  ],
);
