import type { EnumValue, VariablesOf } from '../graphql.ts';
import type { GroupProposalsQuery } from './department-query.ts';

type Stage = EnumValue<'ProposalStage'>;
type Status = EnumValue<'ProposalStatus'>;
export type ProposalFilter = VariablesOf<typeof GroupProposalsQuery>['filter'];

/**
 * A department's proposals, grouped by what needs doing: drafts to finish and submit, returned ones
 * to revise, outcomes to confirm or contest; then those in the team's hands, the decided and the
 * withdrawn. Every proposal is in exactly one group.
 */
export const proposalGroups = ['drafts', 'returned', 'confirm', 'inReview', 'decided', 'withdrawn'] as const;
export type ProposalGroup = (typeof proposalGroups)[number];

/** Stages at which an active proposal is with the review team (or the approvers). */
const reviewStages: Stage[] = ['SUBMITTED', 'INITIAL_REVIEW', 'LEGALITY_REVIEW', 'RECHECK', 'CONSULTATION', 'APPROVAL'];

const groupConditions: Record<ProposalGroup, { stages?: Stage[]; statuses?: Status[] }> = {
  drafts: { stages: ['DRAFT'], statuses: ['ACTIVE'] },
  returned: { statuses: ['RETURNED'] },
  confirm: { stages: ['UNIT_CONFIRMATION'], statuses: ['ACTIVE'] },
  inReview: { stages: reviewStages, statuses: ['ACTIVE'] },
  decided: { stages: ['DECIDED'] },
  withdrawn: { statuses: ['WITHDRAWN'] },
};

/** The proposals filter of one group of the unit's proposals in the campaign. */
export function groupFilter(group: ProposalGroup, campaignId: string, unitId: string): ProposalFilter {
  return { campaignId, unitId, ...groupConditions[group] };
}

/** The group a proposal is in now (the one whose filter matches it). */
export function groupOf(proposal: { stage: Stage; status: Status }): ProposalGroup {
  if (proposal.status === 'WITHDRAWN') return 'withdrawn';
  if (proposal.status === 'RETURNED') return 'returned';
  if (proposal.stage === 'DECIDED') return 'decided';
  if (proposal.stage === 'DRAFT') return 'drafts';
  if (proposal.stage === 'UNIT_CONFIRMATION') return 'confirm';
  return 'inReview';
}

/** A group named in the address, or the first one. */
export function parseGroup(value: string | undefined): ProposalGroup {
  return (proposalGroups as readonly string[]).includes(value ?? '') ? (value as ProposalGroup) : 'drafts';
}

/**
 * The campaign a department works in now: the newest one it may still propose in (the server
 * says, `viewerCan.propose`), else the newest that has any proposals (a new year's round starts
 * empty), else the newest.
 */
export function currentCampaign<Campaign extends { viewerCan: { propose: boolean }; proposalCount: number }>(
  campaigns: readonly Campaign[],
): Campaign | undefined {
  return campaigns.find((c) => c.viewerCan.propose) ?? campaigns.find((c) => c.proposalCount > 0) ?? campaigns[0];
}
