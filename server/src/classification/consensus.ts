import { canWriteAs, hasRole, type Viewer } from '../accounts/permissions.ts';

/**
 * How the special team's classification votes on one proposal add up. Pure rules: no GraphQL,
 * no SQL. Each reviewer has at most one vote; the lead reviewer's final classification is set
 * separately and may differ from the consensus.
 */

/** The code more than half of the votes agree on, or null (no votes, a tie, or a plurality only). */
export function consensusOf(codes: readonly string[]): string | null {
  const tally = new Map<string, number>();
  for (const code of codes) tally.set(code, (tally.get(code) ?? 0) + 1);
  for (const [code, count] of tally) if (count * 2 > codes.length) return code;
  return null;
}

/** True when votes exist and do not all name the same code. */
export function hasDisagreement(codes: readonly string[]): boolean {
  return new Set(codes).size > 1;
}

/** Stages at which reviewers classify: the initial review and the re-check. */
export const votingStages = ['initial_review', 'recheck'] as const;

/** Votes and the final classification are taken while the proposal is at a voting stage and active. */
export function isOpenForClassification(proposal: { stage: string; status: string }): boolean {
  return (votingStages as readonly string[]).includes(proposal.stage) && proposal.status === 'active';
}

/** Reviewers classify with their own votes, with a credential that writes. */
export const canVote = (viewer: Viewer): boolean => canWriteAs(viewer, 'reviewer');

/** Final classifications are set by reviewers and the coordinator, with a credential that writes. */
export const canClassify = (viewer: Viewer): boolean => canWriteAs(viewer, 'reviewer', 'coordinator');

/**
 * Whether the viewer (one who may classify) may set this proposal's final classification: it is
 * its lead reviewer's, any reviewer's while it has none (who then leads it), and always the coordinator's.
 */
export const leadsClassification = (viewer: Viewer, proposal: { leadReviewerId: number | null }): boolean =>
  hasRole(viewer, 'coordinator') || proposal.leadReviewerId === null || proposal.leadReviewerId === viewer.userId;

/** Who leads a proposal after the viewer sets its final classification: its lead, else the reviewer who set it. */
export const leadAfterClassifying = (viewer: Viewer, proposal: { leadReviewerId: number | null }): number | null =>
  proposal.leadReviewerId ?? (hasRole(viewer, 'reviewer') ? viewer.userId : null);
