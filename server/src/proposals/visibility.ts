import { campaigns, consultations, districtFeedback, proposalDistricts, proposals } from '@devolve/db';
import { and, eq, exists, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  districtStages,
  hasRole,
  isLiaisonOf,
  isSubmitterOf,
  isTeam,
  publishedCampaignStatuses,
  type ProposalAudience,
  type Viewer,
} from '../accounts/permissions.ts';

/**
 * Who may read a proposal, the one rule in two forms side by side: `canReadProposal` for one row
 * in memory (node(id), subscribing), `visibleProposals` as SQL (lists, counts, aggregates). The
 * parity test (test/api/read-policies.test.ts) checks they agree for every demo account.
 *
 * A department's draft is its own until submitted (a proposal never returns to the draft stage);
 * the team reads every submitted proposal; a target district once the district is involved, and
 * another department once it is consulted on it (from the consultation stage on, as a district);
 * anyone an approved, published result.
 */
export function canReadProposal(viewer: Viewer | null, p: ProposalAudience): boolean {
  if (isSubmitterOf(viewer, p.submittingUnitId)) return true;
  if (p.stage === 'draft') return false;
  if (isTeam(viewer)) return true;
  if ((districtStages as readonly string[]).includes(p.stage)) {
    if (p.targetDistrictIds.some((districtId) => isLiaisonOf(viewer, districtId))) return true;
    if (p.consultedUnitIds.some((unitId) => isSubmitterOf(viewer, unitId))) return true;
  }
  return p.status === 'approved' && (publishedCampaignStatuses as readonly string[]).includes(p.campaignStatus);
}

/** The team's rule: every proposal past its department's draft. */
const pastTheDraft = (stage: AnyPgColumn) => ne(stage, 'draft');

/**
 * canReadProposal as SQL over `table`: every list, count and aggregate of proposals uses it.
 *
 * For the team, "past the draft" implies every later branch: the district stages come after the
 * draft, and an approved proposal is decided (the CHECK `proposals_approved_decided`). Those
 * branches are left out of its SQL, as canReadProposal returns before them, because an `OR` with
 * an `EXISTS` keeps PostgreSQL off the count index (`proposals_campaign_counts_idx`): the queue's
 * total was a scan of the campaign's rows instead of an index-only scan.
 */
export function visibleProposals(table: typeof proposals, viewer: Viewer | null): SQL {
  const team = isTeam(viewer);
  return or(
    viewer !== null && hasRole(viewer, 'submitter') ? eq(table.submittingUnitId, viewer.unitId) : undefined,
    team ? pastTheDraft(table.stage) : undefined,
    !team && viewer !== null && hasRole(viewer, 'district_liaison')
      ? and(
          inArray(table.stage, [...districtStages]),
          exists(
            sql`(select 1 from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${table.id} and ${proposalDistricts.districtId} = ${viewer.unitId})`,
          ),
        )
      : undefined,
    !team && viewer !== null && hasRole(viewer, 'submitter')
      ? and(
          inArray(table.stage, [...districtStages]),
          exists(
            sql`(select 1 from ${consultations} join ${districtFeedback} on ${districtFeedback.consultationId} = ${consultations.id} where ${consultations.proposalId} = ${table.id} and ${districtFeedback.districtId} = ${viewer.unitId})`,
          ),
        )
      : undefined,
    team
      ? undefined
      : and(
          eq(table.status, 'approved'),
          exists(
            sql`(select 1 from ${campaigns} where ${campaigns.id} = ${table.campaignId} and ${inArray(campaigns.status, [...publishedCampaignStatuses])})`,
          ),
        ),
  )!;
}

/**
 * `visibleProposals` over the proposals' tallies (proposals/tallies.ts), for the viewers whose rule
 * reads only the tallied stage: the team without a department's role of its own, who read every
 * proposal past the draft. Undefined for everyone else, whose rule needs each row (its unit, its
 * districts, its consultations, its campaign's status): their counts read the proposals.
 */
export function visibleTallies(table: { stage: AnyPgColumn }, viewer: Viewer | null): SQL | undefined {
  return isTeam(viewer) && !hasRole(viewer, 'submitter') ? pastTheDraft(table.stage) : undefined;
}

/** The units asked in any consultation of the proposal `proposalId`, for ProposalAudience. */
export const consultedUnitIdsOf = (proposalId: AnyPgColumn) =>
  sql<number[]>`array(select ${districtFeedback.districtId} from ${consultations} join ${districtFeedback} on ${districtFeedback.consultationId} = ${consultations.id} where ${consultations.proposalId} = ${proposalId})`;
