import type { proposalAction, proposalStage, proposalStatus, reviewVerdict } from '@devolve/db';
import { canWriteAs, hasRole, isSubmitterOf, type Role, type Viewer } from '../accounts/permissions.ts';
import { type ConsultationState, consultationComplete } from '../consultations/rules.ts';
import { stageNames, statusNames } from './action-names.ts';

/**
 * The proposal's path through a campaign, as pure rules: which transitions exist, who may make
 * each, from where, to where, and on what conditions. No GraphQL, no SQL: tested alone.
 *
 *   draft ─submit→ submitted ─start_review→ initial_review ─pass_initial_review→ legality_review
 *   ─complete_legality_review→ recheck ─pass_recheck→ consultation (delegate/entrust only)
 *   ─close_consultation→ unit_confirmation ─confirm→ approval ─approve→ decided (approved)
 *
 *   return (initial review, re-check) → same stage, status returned ─resubmit→ active again
 *   reject (initial review, re-check, approval) → decided (rejected)
 *   contest (unit confirmation) → back to re-check
 *   withdraw (by the department, once submitted, before the legality review or while returned) → status withdrawn;
 *   a draft never submitted is not withdrawn but deleted (deleteDraftRefusal, 删除草稿)
 */
export type Stage = (typeof proposalStage.enumValues)[number];
export type Status = (typeof proposalStatus.enumValues)[number];
export type Action = (typeof proposalAction.enumValues)[number];
export type Verdict = (typeof reviewVerdict.enumValues)[number];

export const transitionNames = [
  'submit',
  'withdraw',
  'start_review',
  'pass_initial_review',
  'return',
  'resubmit',
  'reject',
  'complete_legality_review',
  'pass_recheck',
  'close_consultation',
  'confirm',
  'contest',
  'approve',
] as const;
export type Transition = (typeof transitionNames)[number];

/** What the rules need to know about a proposal. */
export interface ProposalFacts {
  stage: Stage;
  status: Status;
  action: Action;
  submittingUnitId: number;
  classificationCode: string | null;
  targetDistrictCount: number;
  /** The justice bureau has recorded a legality opinion at the legality review. */
  hasLegalityOpinion: boolean;
  /** The latest consultation, if one was opened. */
  consultation: ConsultationState | null;
  /** The latest consultation is open: districts may answer it, and no other round may open. */
  consultationOpen: boolean;
  /** The districts the latest consultation still waits for, by name, in the districts' order. */
  waitingDistricts: readonly { zh: string; en: string }[];
}

export interface Outcome {
  stage: Stage;
  status: Status;
  /** The review record this transition writes, if it is a decision. */
  verdict: Verdict | null;
}

export interface Refusal {
  code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'VALIDATION';
  zh: string;
  en: string;
  /** For VALIDATION: what is wrong, when it is the proposal's content rather than the transition's reason. */
  field?: string;
}

interface Rule {
  /** The roles that make it at all, before the proposal is known (what a bulk menu offers). */
  actors: readonly Role[];
  /** Narrows `actors` given the proposal (the department's own unit, the approver at approval). */
  narrow?: (viewer: Viewer, p: ProposalFacts) => boolean;
  whoText: { zh: string; en: string };
  from: (p: ProposalFacts) => boolean;
  to: (p: ProposalFacts) => { stage: Stage; status: Status };
  verdict?: Verdict;
  requiresReason?: boolean;
  /** A refusal when a condition beyond the stage is not met. */
  precondition?: (p: ProposalFacts) => Refusal | null;
}

const ownDepartment = (viewer: Viewer, p: ProposalFacts) => isSubmitterOf(viewer, p.submittingUnitId);
const at = (stage: Stage, status: Status = 'active') => (p: ProposalFacts) => p.stage === stage && p.status === status;
const stays = (status: Status) => (p: ProposalFacts) => ({ stage: p.stage, status });
const goes = (stage: Stage, status: Status = 'active') => () => ({ stage, status });
const districtAction = (action: Action) => action === 'delegate' || action === 'entrust';

const needsClassification = (p: ProposalFacts): Refusal | null =>
  p.classificationCode
    ? null
    : { code: 'INVALID_TRANSITION', zh: '请先确定最终分类', en: 'Set the final classification first' };

const team = { zh: '精简工作专班审核人员或牵头单位', en: 'a special-team reviewer or the coordinator' };
const department = { zh: '报送单位本单位人员', en: "the proposal's own department" };

/**
 * The transitions the viewer may make in bulk, in the rules' order: the review team's moves, by the
 * roles that make them (a department's own moves are made one by one, in its portal). The server
 * checks each item again when they are made.
 */
export function bulkTransitionsFor(viewer: Viewer): Transition[] {
  if (viewer.readOnly) return [];
  return teamTransitions().filter((transition) => hasRole(viewer, ...rules[transition].actors));
}

const teamTransitions = () => (Object.keys(rules) as Transition[]).filter((transition) => !rules[transition].actors.includes('submitter'));

/** The roles that make some bulk transition: who may call `bulkTransitionProposals` at all. */
export const bulkActors = (): Role[] => [...new Set(teamTransitions().flatMap((transition) => rules[transition].actors))];

/** Whether the viewer may make the rule's transition on this proposal. */
export const mayMake = (rule: Rule, viewer: Viewer, p: ProposalFacts): boolean =>
  hasRole(viewer, ...rule.actors) && (rule.narrow?.(viewer, p) ?? true);

export const rules: Record<Transition, Rule> = {
  submit: {
    actors: ['submitter'],
    narrow: ownDepartment,
    whoText: department,
    from: at('draft'),
    to: goes('submitted'),
    precondition: (p) =>
      districtAction(p.action) && p.targetDistrictCount === 0
        ? { code: 'VALIDATION', zh: '下放或委托事项须选择承接的区', en: 'Choose the districts for a delegation or entrustment', field: 'proposal.targetDistrictIds' }
        : null,
  },
  withdraw: {
    actors: ['submitter'],
    narrow: ownDepartment,
    whoText: department,
    from: (p) =>
      (p.status === 'active' && ['submitted', 'initial_review'].includes(p.stage)) ||
      (p.status === 'returned' && p.stage !== 'decided'),
    to: stays('withdrawn'),
  },
  start_review: {
    actors: ['coordinator', 'reviewer'],
    whoText: team,
    from: at('submitted'),
    to: goes('initial_review'),
  },
  pass_initial_review: {
    actors: ['coordinator', 'reviewer'],
    whoText: team,
    from: at('initial_review'),
    to: goes('legality_review'),
    verdict: 'approve',
    precondition: needsClassification,
  },
  return: {
    actors: ['reviewer'],
    whoText: { zh: '精简工作专班审核人员', en: 'a special-team reviewer' },
    from: (p) => p.status === 'active' && (p.stage === 'initial_review' || p.stage === 'recheck'),
    to: stays('returned'),
    verdict: 'return',
    requiresReason: true,
  },
  resubmit: {
    actors: ['submitter'],
    narrow: ownDepartment,
    whoText: department,
    from: (p) => p.status === 'returned' && p.stage !== 'decided',
    to: stays('active'),
  },
  reject: {
    actors: ['reviewer', 'approver'],
    narrow: (viewer, p) => (p.stage === 'approval' ? hasRole(viewer, 'approver') : hasRole(viewer, 'reviewer')),
    whoText: { zh: '审核人员（初审、复核）或审定人员（审定）', en: 'a reviewer (initial review, re-check) or the approver (approval)' },
    from: (p) => p.status === 'active' && ['initial_review', 'recheck', 'approval'].includes(p.stage),
    to: goes('decided', 'rejected'),
    verdict: 'reject',
    requiresReason: true,
  },
  complete_legality_review: {
    actors: ['legal_reviewer', 'coordinator'],
    whoText: { zh: '市司法局合法性审查人员或牵头单位', en: 'the legal reviewer or the coordinator' },
    from: at('legality_review'),
    to: goes('recheck'),
    precondition: (p) =>
      p.hasLegalityOpinion
        ? null
        : { code: 'INVALID_TRANSITION', zh: '尚未出具合法性审查意见', en: 'No legality opinion has been recorded yet' },
  },
  pass_recheck: {
    actors: ['coordinator', 'reviewer'],
    whoText: team,
    from: at('recheck'),
    to: (p) => ({ stage: districtAction(p.action) ? 'consultation' : 'unit_confirmation', status: 'active' }),
    verdict: 'approve',
    precondition: needsClassification,
  },
  close_consultation: {
    actors: ['coordinator'],
    whoText: { zh: '牵头单位', en: 'the coordinator' },
    from: at('consultation'),
    to: goes('unit_confirmation'),
    precondition: (p) => {
      if (!p.consultation) {
        return { code: 'INVALID_TRANSITION', zh: '尚未向各区征求意见', en: 'The districts have not been consulted yet' };
      }
      const waiting = p.waitingDistricts;
      return consultationComplete(p.consultation)
        ? null
        : {
            code: 'INVALID_TRANSITION',
            zh: `等待${waiting.map((d) => d.zh).join('、')}答复（未到截止时间）`,
            en: `Waiting for ${waiting.map((d) => d.en).join(', ')} to answer (the deadline has not passed)`,
          };
    },
  },
  confirm: {
    actors: ['submitter'],
    narrow: ownDepartment,
    whoText: department,
    from: at('unit_confirmation'),
    to: goes('approval'),
    verdict: 'confirmed',
  },
  contest: {
    actors: ['submitter'],
    narrow: ownDepartment,
    whoText: department,
    from: at('unit_confirmation'),
    to: goes('recheck'),
    verdict: 'contested',
    requiresReason: true,
  },
  approve: {
    actors: ['approver'],
    whoText: { zh: '市委、市政府审定人员', en: 'the approver' },
    from: at('approval'),
    to: goes('decided', 'approved'),
    verdict: 'approve',
  },
};


/**
 * Decides one transition: the outcome, or why not. Checks in the order a person would want to
 * hear them: may you at all, is it possible from here, is anything missing.
 */
export function planTransition(
  p: ProposalFacts,
  transition: Transition,
  viewer: Viewer,
  reason: string | null,
): { ok: true; outcome: Outcome } | { ok: false; refusal: Refusal } {
  const rule = rules[transition];
  if (!mayMake(rule, viewer, p)) {
    return { ok: false, refusal: { code: 'FORBIDDEN', zh: `只有${rule.whoText.zh}可以执行此操作`, en: `Only ${rule.whoText.en} may do this` } };
  }
  if (!rule.from(p)) {
    return {
      ok: false,
      refusal: {
        code: 'INVALID_TRANSITION',
        zh: `该意见处于“${stageNames[p.stage].zh}”（${statusNames[p.status].zh}），不能执行此操作`,
        en: `Not possible while the proposal is at ${stageNames[p.stage].en} (${statusNames[p.status].en})`,
      },
    };
  }
  if (rule.requiresReason && !reason?.trim()) {
    return { ok: false, refusal: { code: 'VALIDATION', zh: '请填写理由', en: 'Give a reason' } };
  }
  const refusal = rule.precondition?.(p);
  if (refusal) return { ok: false, refusal };
  return { ok: true, outcome: { ...rule.to(p), verdict: rule.verdict ?? null } };
}

/** Whether the department may still revise a proposal: while it is a draft, or returned for revision. */
export function isEditable(p: { stage: Stage; status: Status }): boolean {
  return (p.stage === 'draft' && p.status === 'active') || p.status === 'returned';
}

/**
 * Why this viewer may not edit the proposal's content now, or null when they may: the one rule of
 * updateProposal and of ProposalViewerCan.edit (what the department's pages offer).
 */
export function editRefusal(viewer: Viewer | null, p: { submittingUnitId: number; stage: Stage; status: Status }): Refusal | null {
  if (!viewer || viewer.readOnly) return { code: 'FORBIDDEN', zh: '您无权执行此操作', en: 'You are not allowed to do this' };
  if (!isSubmitterOf(viewer, p.submittingUnitId)) return { code: 'FORBIDDEN', zh: '只能修改本单位的精简意见', en: "Edit only your own unit's proposals" };
  if (!isEditable(p)) return { code: 'INVALID_TRANSITION', zh: '只有草稿或被退回的意见可以修改', en: 'Only drafts and returned proposals can be edited' };
  return null;
}

/**
 * Why this viewer may not delete the proposal (删除草稿), or null when they may: only a draft never
 * submitted, of the viewer's own unit. The one rule of deleteDraftProposal and of
 * ProposalViewerCan.deleteDraft; a submitted proposal is withdrawn (撤回) instead.
 */
export function deleteDraftRefusal(viewer: Viewer | null, p: { submittingUnitId: number; stage: Stage; status: Status }): Refusal | null {
  if (!viewer || viewer.readOnly) return { code: 'FORBIDDEN', zh: '您无权执行此操作', en: 'You are not allowed to do this' };
  if (!isSubmitterOf(viewer, p.submittingUnitId)) return { code: 'FORBIDDEN', zh: '只能删除本单位的草稿', en: "Delete only your own unit's drafts" };
  if (p.stage !== 'draft' || p.status !== 'active') {
    return { code: 'INVALID_TRANSITION', zh: '只有未报送的草稿可以删除，已报送的意见请撤回', en: 'Only a draft never submitted can be deleted; withdraw a submitted proposal' };
  }
  return null;
}

/**
 * Why this viewer may not record a legality opinion on the proposal now, or null when they may: the
 * one rule of recordLegalityOpinion and of ProposalViewerCan.recordOpinion (the decision panel's).
 * Without a proposal, only whether the viewer is one who records them (what a command asks first).
 */
export function legalityOpinionRefusal(viewer: Viewer | null, p?: { stage: Stage; status: Status }): Refusal | null {
  if (!canWriteAs(viewer, 'legal_reviewer')) {
    return { code: 'FORBIDDEN', zh: '只有司法局审查人员可以出具合法性审查意见', en: 'Only the justice bureau records legality opinions' };
  }
  if (p && (p.stage !== 'legality_review' || p.status !== 'active')) {
    return { code: 'INVALID_TRANSITION', zh: '只能在合法性审查阶段出具意见', en: 'An opinion can only be recorded at the legality review' };
  }
  return null;
}

/** The transitions this viewer may make now (reasons aside): what a decision panel offers. */
export function availableTransitions(p: ProposalFacts, viewer: Viewer): Transition[] {
  return transitionNames.filter((t) => {
    const plan = planTransition(p, t, viewer, 'reason');
    return plan.ok;
  });
}
