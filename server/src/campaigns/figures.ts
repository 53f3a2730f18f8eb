import { handovers, powerItems, proposals } from '@devolve/db';
import { and, count, countDistinct, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '@devolve/db';
import { builder } from '../builder.ts';

export interface CampaignFigures {
  proposalsSubmitted: number;
  unitsSubmitting: number;
  proposalsDecided: number;
  delegationsApproved: number;
  cancellationsApproved: number;
  unclaimedItems: number;
  handoversTotal: number;
  handoversTakenOver: number;
}

/**
 * The numbers a key-task progress entry quotes ("44 units … 7,580 opinions", "35 powers delegated"),
 * read live from the campaign's data in one statement instead of typed in by hand.
 */
export async function campaignFigures(db: Database, campaignId: number): Promise<CampaignFigures> {
  const submitted = and(eq(proposals.campaignId, campaignId), ne(proposals.stage, 'draft'));
  const [row] = await db
    .select({
      proposalsSubmitted: count(),
      unitsSubmitting: countDistinct(proposals.submittingUnitId),
      proposalsDecided: sql<number>`count(*) filter (where ${proposals.stage} = 'decided')`.mapWith(Number),
      delegationsApproved: sql<number>`count(*) filter (where ${proposals.action} = 'delegate' and ${proposals.status} = 'approved')`.mapWith(Number),
      cancellationsApproved: sql<number>`count(*) filter (where ${proposals.action} = 'cancel' and ${proposals.status} = 'approved')`.mapWith(Number),
      unclaimedItems: sql<number>`(select count(*) from ${powerItems} where ${isNull(powerItems.implementingUnitId)})`.mapWith(Number),
      handoversTotal: sql<number>`(select count(*) from ${handovers} join ${proposals} p on p.id = ${handovers.proposalId} where p.campaign_id = ${campaignId})`.mapWith(Number),
      handoversTakenOver: sql<number>`(select count(*) from ${handovers} join ${proposals} p on p.id = ${handovers.proposalId} where p.campaign_id = ${campaignId} and ${handovers.status} = 'taken_over')`.mapWith(Number),
    })
    .from(proposals)
    .where(submitted);
  return row!;
}

export const CampaignFiguresRef = builder.objectRef<CampaignFigures>('CampaignFigures').implement({
  description: 'Live numbers of a campaign, as key-task progress entries quote them.',
  fields: (t) => ({
    proposalsSubmitted: t.exposeInt('proposalsSubmitted'),
    unitsSubmitting: t.exposeInt('unitsSubmitting'),
    proposalsDecided: t.exposeInt('proposalsDecided'),
    delegationsApproved: t.exposeInt('delegationsApproved'),
    cancellationsApproved: t.exposeInt('cancellationsApproved'),
    unclaimedItems: t.exposeInt('unclaimedItems'),
    handoversTotal: t.exposeInt('handoversTotal'),
    handoversTakenOver: t.exposeInt('handoversTakenOver'),
  }),
});
