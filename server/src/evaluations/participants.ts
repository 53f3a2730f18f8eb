import { evaluations, handovers, proposals } from '@devolve/db';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The ids of the units taking part in a campaign's evaluation, as a subquery: departments that
 * submitted proposals, districts taking powers over, and any unit that has written a
 * self-evaluation. `campaignId` is an id, or a column for a correlated subquery (the to-do's
 * evaluation work, todo/work.ts).
 */
export const participatingUnits = (campaignId: number | AnyPgColumn): SQL => sql`(
  select ${proposals.submittingUnitId} from ${proposals} where ${and(eq(proposals.campaignId, campaignId), ne(proposals.stage, 'draft'))}
  union
  select ${handovers.districtId} from ${handovers} join ${proposals} on ${proposals.id} = ${handovers.proposalId} where ${eq(proposals.campaignId, campaignId)}
  union
  select ${evaluations.unitId} from ${evaluations} where ${and(eq(evaluations.campaignId, campaignId), eq(evaluations.kind, 'self'))}
)`;
