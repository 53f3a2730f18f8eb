import { handovers, proposals } from '@devolve/db';
import { and, count, countDistinct, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '@devolve/db';
import type { Viewer } from '../accounts/permissions.ts';
import type { Tx } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { visibleHandovers } from '../handovers/visibility.ts';
import { visibleProposals } from '../proposals/visibility.ts';

export interface CampaignFigures {
  proposalsSubmitted: number;
  unitsSubmitting: number;
  proposalsDecided: number;
  delegationsApproved: number;
  cancellationsApproved: number;
  handoversTotal: number;
  handoversTakenOver: number;
}

/**
 * The numbers a key-task progress entry quotes ("44 units … 7,580 opinions", "35 powers delegated"),
 * read live from the campaign's data in one statement instead of typed in by hand. Counted over
 * what `viewer` may read (the proposals' and handovers' read policies), so a count never reveals
 * a row its viewer could not list. (Unclaimed power items belong to the power list, not to a
 * campaign: `powerItems(filter: { claimed: false }).totalCount` counts them.)
 */
export async function campaignFigures(db: Database | Tx, viewer: Viewer | null, campaignId: number): Promise<CampaignFigures> {
  const submitted = and(eq(proposals.campaignId, campaignId), ne(proposals.stage, 'draft'), visibleProposals(proposals, viewer));
  // Handovers of the campaign the viewer may read, whose proposals they may read too.
  const campaignHandovers = and(
    visibleHandovers(handovers, viewer),
    sql`exists (select 1 from ${proposals} where ${proposals.id} = ${handovers.proposalId} and ${and(eq(proposals.campaignId, campaignId), visibleProposals(proposals, viewer))})`,
  );
  const [row] = await db
    .select({
      proposalsSubmitted: count(),
      unitsSubmitting: countDistinct(proposals.submittingUnitId),
      proposalsDecided: sql<number>`count(*) filter (where ${proposals.stage} = 'decided')`.mapWith(Number),
      delegationsApproved: sql<number>`count(*) filter (where ${proposals.action} = 'delegate' and ${proposals.status} = 'approved')`.mapWith(Number),
      cancellationsApproved: sql<number>`count(*) filter (where ${proposals.action} = 'cancel' and ${proposals.status} = 'approved')`.mapWith(Number),
      handoversTotal: sql<number>`(select count(*) from ${handovers} where ${campaignHandovers})`.mapWith(Number),
      handoversTakenOver: sql<number>`(select count(*) from ${handovers} where ${and(campaignHandovers, eq(handovers.status, 'taken_over'))})`.mapWith(Number),
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
    handoversTotal: t.exposeInt('handoversTotal'),
    handoversTakenOver: t.exposeInt('handoversTakenOver'),
  }),
});
