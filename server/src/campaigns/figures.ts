import { campaigns, handovers, licensingReports, proposals, proposalTallies, proposalUnitTallies, units } from '@devolve/db';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@devolve/db';
import type { Viewer } from '../accounts/permissions.ts';
import type { Tx } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { visibleHandovers } from '../handovers/visibility.ts';
import { visibleLicensingReports } from '../licensing-reports/visibility.ts';
import { visibleProposals, visibleTallies } from '../proposals/visibility.ts';

export interface CampaignFigures {
  proposalsSubmitted: number;
  unitsSubmitting: number;
  proposalsDecided: number;
  delegationsApproved: number;
  cancellationsApproved: number;
  handoversTotal: number;
  handoversTakenOver: number;
  /** Annual licensing reports on the year before the campaign's (due in its year): asked for, published, published by the deadline. */
  licensingReportsDue: number;
  licensingReportsPublished: number;
  licensingReportsPublishedOnTime: number;
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
  // The reports published in the campaign's year are on the year before (the 2019 round quotes the 2018 reports).
  const reportsOfPreviousYear = and(
    sql`${licensingReports.year} = (select ${campaigns.year} - 1 from ${campaigns} where ${campaigns.id} = ${campaignId})`,
    visibleLicensingReports(licensingReports, viewer),
  );
  const reportCount = (where?: SQL) => sql<number>`(select count(*) from ${licensingReports} where ${and(reportsOfPreviousYear, where)})`.mapWith(Number);
  // The proposal figures from the tallies (proposals/tallies.ts) when the viewer's read rule is
  // the team's, a few hundred rows instead of every proposal; else from the proposals.
  const tallied = visibleTallies(proposalTallies, viewer);
  const unitsTallied = visibleTallies(proposalUnitTallies, viewer);
  const source =
    tallied && unitsTallied
      ? {
          table: proposalTallies,
          where: and(eq(proposalTallies.campaignId, campaignId), ne(proposalTallies.stage, 'draft'), tallied),
          counted: (where?: SQL) => sql`coalesce(sum(${proposalTallies.n})${where ? sql` filter (where ${where})` : sql``}, 0)`,
          unitsSubmitting: sql`(select count(*) from (select 1 from ${proposalUnitTallies} where ${and(eq(proposalUnitTallies.campaignId, campaignId), ne(proposalUnitTallies.stage, 'draft'), unitsTallied)} group by ${proposalUnitTallies.submittingUnitId} having sum(${proposalUnitTallies.n}) > 0) as submitting)`,
        }
      : {
          table: proposals,
          where: submitted,
          counted: (where?: SQL) => sql`count(*)${where ? sql` filter (where ${where})` : sql``}`,
          // Each unit probed in the (campaign, unit) index: count(distinct) sorted every proposal's
          // unit (at 21 cities 159,180 of them for 924 units).
          unitsSubmitting: sql`(select count(*) from ${units} where exists (select 1 from ${proposals} where ${and(eq(proposals.submittingUnitId, units.id), submitted)}))`,
        };
  const { stage, status, action } = source.table;
  const [row] = await db
    .select({
      proposalsSubmitted: source.counted().mapWith(Number),
      unitsSubmitting: source.unitsSubmitting.mapWith(Number),
      proposalsDecided: source.counted(sql`${stage} = 'decided'`).mapWith(Number),
      delegationsApproved: source.counted(sql`${action} = 'delegate' and ${status} = 'approved'`).mapWith(Number),
      cancellationsApproved: source.counted(sql`${action} = 'cancel' and ${status} = 'approved'`).mapWith(Number),
      handoversTotal: sql<number>`(select count(*) from ${handovers} where ${campaignHandovers})`.mapWith(Number),
      handoversTakenOver: sql<number>`(select count(*) from ${handovers} where ${and(campaignHandovers, eq(handovers.status, 'taken_over'))})`.mapWith(Number),
      licensingReportsDue: reportCount(),
      licensingReportsPublished: reportCount(eq(licensingReports.status, 'published')),
      licensingReportsPublishedOnTime: reportCount(sql`${licensingReports.status} = 'published' and ${licensingReports.publishedOn} <= ${licensingReports.deadline}`),
    })
    .from(source.table)
    .where(source.where);
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
    licensingReportsDue: t.exposeInt('licensingReportsDue', { description: 'Annual licensing reports on the previous year asked for.' }),
    licensingReportsPublished: t.exposeInt('licensingReportsPublished', { description: 'Of those, published ("32个单位公开了2018年度报告").' }),
    licensingReportsPublishedOnTime: t.exposeInt('licensingReportsPublishedOnTime', { description: 'Of those, published by their deadline.' }),
  }),
});
