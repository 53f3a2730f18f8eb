import { campaigns, proposals } from '@devolve/db';
import { and, eq, exists, inArray, sql, type SQL } from 'drizzle-orm';
import { publishedCampaignStatuses, type Viewer } from '../accounts/permissions.ts';
import { visibleProposals } from '../proposals/visibility.ts';

/**
 * Who reads a campaign's published results (公开结果), the one rule in two forms side by side:
 * in memory for one campaign, and as SQL for the results query, its lists and its counts. Anyone,
 * signed in or not, once the campaign is published (published, handover, evaluation, closed);
 * nobody before, whatever their role: the results page shows what was made public, never the work.
 */
export function canReadResults(campaign: { status: string }): boolean {
  return (publishedCampaignStatuses as readonly string[]).includes(campaign.status);
}

/** canReadResults as SQL over `table`. */
export function visibleResultCampaigns(table: typeof campaigns): SQL {
  return inArray(table.status, [...publishedCampaignStatuses]);
}

/**
 * The proposals a published result lists, as SQL over `table`: approved, in a published campaign,
 * and (never wider than) the proposal's own read rule for the viewer. Drafts never are.
 */
export function publishedResults(table: typeof proposals, viewer: Viewer | null): SQL {
  return and(
    eq(table.status, 'approved'),
    exists(sql`(select 1 from ${campaigns} where ${campaigns.id} = ${table.campaignId} and ${visibleResultCampaigns(campaigns)})`),
    visibleProposals(table, viewer),
  )!;
}
