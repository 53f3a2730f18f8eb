import { canWriteAs, hasRole, type Viewer } from '../accounts/permissions.ts';
import type { Refusal } from '../proposals/lifecycle.ts';

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

/** True when at least two votes exist and all name the same code: only then are the votes "unanimous" (表决意见一致). */
export function isUnanimous(codes: readonly string[]): boolean {
  return codes.length >= 2 && !hasDisagreement(codes);
}

/**
 * Whether a final classification `code` goes against the votes: votes exist and either a strict
 * majority names another code, or, without a majority, no vote names this one.
 */
export function contradictsVotes(codes: readonly string[], code: string): boolean {
  if (codes.length === 0) return false;
  const majority = consensusOf(codes);
  return majority === null ? !codes.includes(code) : majority !== code;
}

/** The code that agrees with each proposal action (a reviewer who agrees with the unit picks it). */
export const agreeingCode: Readonly<Record<string, string>> = {
  cancel: 'agree_cancel',
  delegate: 'agree_delegate',
  entrust: 'agree_entrust',
  merge: 'merge',
  adjust: 'adjust',
  retain: 'retain',
  add: 'agree_add',
};

/**
 * Whether a final classification `code` goes against the proposal's own action: it is the code
 * agreeing with another action (同意下放 for a cancellation). Declining codes (不予采纳, 需补充材料)
 * and codes outside this table answer the proposal without contradicting what it asks.
 */
export function contradictsAction(action: string, code: string): boolean {
  return code !== agreeingCode[action] && Object.values(agreeingCode).includes(code);
}

/** Stages at which reviewers classify: the initial review and the re-check. */
export const votingStages = ['initial_review', 'recheck'] as const;

/** Votes and the final classification are taken while the proposal is at a voting stage and active. */
export function isOpenForClassification(proposal: { stage: string; status: string }): boolean {
  return (votingStages as readonly string[]).includes(proposal.stage) && proposal.status === 'active';
}

const notOpen: Refusal = {
  code: 'INVALID_TRANSITION',
  zh: '只能在初审或复核阶段、且意见处于办理中时进行分类',
  en: 'Proposals are classified only at the initial review or the re-check, while active',
};

/**
 * Why this viewer may not vote on the proposal's classification now, or null when they may: a
 * reviewer with a credential that writes, while classifying is open. The one rule of
 * voteClassification and of ProposalViewerCan.vote; without a proposal, only who may.
 */
export function voteRefusal(viewer: Viewer | null, proposal?: { stage: string; status: string }): Refusal | null {
  if (!canWriteAs(viewer, 'reviewer')) return { code: 'FORBIDDEN', zh: '只有专班审核人员可以表决分类', en: 'Only reviewers of the special team vote on classifications' };
  if (proposal && !isOpenForClassification(proposal)) return notOpen;
  return null;
}

/**
 * Why this viewer may not set the proposal's final classification now, or null when they may: a
 * reviewer or the coordinator with a credential that writes, while classifying is open, and then
 * its lead reviewer, any reviewer while it has none (who then leads it), or the coordinator. The
 * one rule of setFinalClassification and of ProposalViewerCan.finalizeClassification; without a
 * proposal, only who may.
 */
export function finalClassificationRefusal(
  viewer: Viewer | null,
  proposal?: { stage: string; status: string; leadReviewerId: number | null },
): Refusal | null {
  if (!canWriteAs(viewer, 'reviewer', 'coordinator')) {
    return { code: 'FORBIDDEN', zh: '只有专班审核人员或统筹人员可以确定最终分类', en: 'Only reviewers and the coordinator set final classifications' };
  }
  if (!proposal) return null;
  if (!isOpenForClassification(proposal)) return notOpen;
  const leads = hasRole(viewer, 'coordinator') || proposal.leadReviewerId === null || proposal.leadReviewerId === viewer!.userId;
  if (!leads) {
    return {
      code: 'FORBIDDEN',
      zh: '只有该意见的主审人员或统筹人员可以确定最终分类',
      en: "Only the proposal's lead reviewer or the coordinator may set its final classification",
    };
  }
  return null;
}

/** Who leads a proposal after the viewer sets its final classification: its lead, else the reviewer who set it. */
export const leadAfterClassifying = (viewer: Viewer, proposal: { leadReviewerId: number | null }): number | null =>
  proposal.leadReviewerId ?? (hasRole(viewer, 'reviewer') ? viewer.userId : null);
