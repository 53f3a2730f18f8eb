import { actionNamesZh } from '../proposals/action-names.ts';
import { agreeingCode } from '../classification/consensus.ts';
import { rules, type Transition } from '../proposals/lifecycle.ts';
import { isDistrictAction, type PlannedProposal, type PlannedStep, type ProposalStage } from './proposals.ts';
import type { Rng } from './random.ts';
import { between, demoNow } from './time.ts';
import { departments } from './units.ts';
import type { reviewVerdict } from '@devolve/db';

/** The users who do the review work, by role. */
export interface Team {
  coordinator: number;
  approver: number;
  legal: number;
  observer: number;
  reviewers: number[];
  displayNames: Map<number, string>;
  submitterByDepartment: Map<string, number>;
  liaisonByDistrict: Map<string, number>;
}

export type Verdict = (typeof reviewVerdict.enumValues)[number];

export interface PlannedVote {
  reviewerId: number;
  code: string;
  note: string | null;
  at: number;
}

export interface PlannedRecord {
  stage: ProposalStage;
  reviewerId: number;
  verdict: Verdict;
  reason: string | null;
  at: number;
}

/** A lifecycle move with who makes it and why. */
export interface PlannedTransition extends PlannedStep {
  actorId: number;
  reason: string | null;
}

/** The special team's work on one proposal. */
export interface ReviewPlan {
  /** The proposal's moves along the lifecycle, with their actors and reasons. */
  steps: PlannedTransition[];
  /** The justice bureau's legality opinion, before it completes the legality review. */
  legalityOpinion: { verdict: 'lawful' | 'lawful_with_conditions'; reason: string | null; at: number } | null;
  assigneeIds: number[];
  assignedAt: number | null;
  leadReviewerId: number | null;
  classificationCode: string | null;
  classifiedAt: number | null;
  votes: PlannedVote[];
  records: PlannedRecord[];
}

const initialReasons = [null, '初审通过，提交合法性审查。', '经专班初审，同意部门意见。', '材料齐全，理由充分，同意进入下一环节。'];
const lawfulReasons = [
  '经审查，该事项调整符合《中华人民共和国行政许可法》等上位法规定。',
  '经审查，未发现与上位法相抵触的情形。',
  '该事项调整不违反法律、法规规定，同意。',
];
const conditionalReasons = [
  '原则同意。下放后应同步明确市级部门的监督指导职责，并修订相关规范性文件。',
  '同意，但需在实施前完成相关规范性文件的清理和修订。',
  '基本合法。委托实施的，应当签订委托协议并向社会公告委托事项和受委托机关。',
  '同意。取消后应当制定事中事后监管措施，防止监管真空。',
];

/** Why a reviewer sends a proposal back: about its own item and action, never a stock sentence that fits another. */
export function returnReason(rng: Rng, p: Pick<PlannedProposal, 'action' | 'itemName'>): string {
  const item = `“${p.itemName}”`;
  const byAction: Record<PlannedProposal['action'], string[]> = {
    cancel: [`取消${item}的理由不充分，请补充说明取消后的事中事后监管措施。`, `请补充${item}近三年办件量，说明取消后对企业和群众的影响。`],
    delegate: [`请补充${item}近三年办件量及下放后各承接区的意见。`, `拟承接${item}的区未逐一说明承接能力，请补充人员、系统和经费安排。`],
    entrust: [`请补充${item}委托实施的委托协议文本，并明确市级保留的监督职责。`, `拟受委托的区未说明承接能力，请补充${item}的人员和系统安排。`],
    merge: [`请说明${item}与拟合并事项在办理条件和申请材料上的对应关系。`, `合并后${item}的实施依据未列明，请补充后重新报送。`],
    adjust: [`${item}调整后的名称和依据未与省级目录核对，请核对后重新报送。`, `请补充${item}调整承办机构的依据文件。`],
    retain: [`保留${item}的理由过于笼统，请结合近三年办件量和监管需要补充说明。`, `请核对${item}的设定依据是否为现行有效版本。`],
    add: [`新增${item}的设定依据未列明具体条款，请补充后重新报送。`, `请说明${item}是否已在其他部门权责清单中列明，避免重复。`],
  };
  return rng.pick(byAction[p.action]);
}

/** Why a proposal is turned down where it stops: the approver weighs the districts, reviewers the substance. */
function rejectReason(rng: Rng, p: PlannedProposal, stage: ProposalStage): string {
  if (stage === 'approval')
    return isDistrictAction(p.action)
      ? rng.pick(['部分区反映承接能力不足，经审定暂缓下放。', '经审定，该事项暂不下放，待各区承接条件成熟后再行研究。'])
      : rng.pick(['经审定，该事项暂不调整，待条件成熟后再行研究。', `“${p.itemName}”涉及公共安全，经审定予以保留。`]);
  return rng.pick([`“${p.itemName}”为法定职责，不具备${actionNamesZh[p.action]}条件，不予采纳。`, '经专班集体研究，部门意见依据不足，不予采纳。']);
}


const disagreeNotes = ['建议补充材料后再议。', '理由不充分，不同意部门意见。', '该事项应保留，不宜取消或下放。', '建议与相关部门进一步沟通。'];

/** Who leads a department's proposals: each department has one reviewer as its point of contact. */
function primaryReviewer(team: Team, departmentCode: string): number {
  const index = departments.findIndex((d) => d.code === departmentCode);
  return team.reviewers[Math.max(0, index) % team.reviewers.length]!;
}

/** Who makes a move: the department for its own moves, the lead reviewer for the team's, the justice bureau, the coordinator, the approver. */
function actorOf(step: PlannedStep, from: ProposalStage, team: Team, lead: number, submitter: number): number {
  switch (step.transition) {
    case 'submit':
    case 'withdraw':
    case 'resubmit':
    case 'confirm':
    case 'contest':
      return submitter;
    case 'complete_legality_review':
      return team.legal;
    case 'close_consultation':
      return team.coordinator;
    case 'approve':
      return team.approver;
    case 'reject':
      return from === 'approval' ? team.approver : lead;
    default:
      return lead;
  }
}

/**
 * Assignees, classification votes, the final classification, the legality opinion, and each
 * lifecycle move's actor and reason, consistent with the proposal's path: the classification is
 * final before the initial review passes, the opinion recorded before the legality review completes.
 */
export function planReviews(rng: Rng, proposals: PlannedProposal[], team: Team): ReviewPlan[] {
  return proposals.map((p): ReviewPlan => {
    const minute = 60_000;
    const lead = primaryReviewer(team, p.departmentCode);
    const submitter = team.submitterByDepartment.get(p.departmentCode)!;
    const plan: ReviewPlan = {
      steps: [],
      legalityOpinion: null,
      assigneeIds: [],
      assignedAt: null,
      leadReviewerId: null,
      classificationCode: null,
      classifiedAt: null,
      votes: [],
      records: [],
    };
    let from: ProposalStage = 'draft';
    for (const step of p.path) {
      const reason =
        step.transition === 'return'
          ? returnReason(rng, p)
          : step.transition === 'reject'
            ? rejectReason(rng, p, from)
            : step.transition === 'pass_initial_review'
              ? rng.pick(initialReasons)
              : step.transition === 'pass_recheck'
                ? '复核通过。'
                : step.transition === 'confirm'
                  ? rng.pick(['本单位对审核结果无异议。', '已确认。', '同意专班审核意见。'])
                  : step.transition === 'approve'
                    ? rng.pick([null, '经市政府常务会议审定，同意。', '同意。'])
                    : null;
      plan.steps.push({ ...step, actorId: actorOf(step, from, team, lead, submitter), reason });
      const verdict = rules[step.transition].verdict;
      if (verdict) plan.records.push({ stage: from, reviewerId: plan.steps[plan.steps.length - 1]!.actorId, verdict, reason, at: step.at });
      from = step.to.stage;
    }

    const stepAt = (transition: Transition) => p.path.find((s) => s.transition === transition)?.at ?? null;
    const started = stepAt('start_review');
    if (started !== null) {
      const others = rng.sample(
        team.reviewers.filter((r) => r !== lead),
        rng.int(1, 2),
      );
      plan.assigneeIds = [lead, ...others];
      plan.leadReviewerId = lead;
      plan.assignedAt = started + rng.int(5, 60) * minute;

      // The initial review ends by passing, by a rejection there, or not yet.
      const passedAt = stepAt('pass_initial_review');
      const rejectedThere = passedAt === null && p.status === 'rejected';
      const end = passedAt ?? (rejectedThere ? p.decidedAt! : (p.statusChangedAt ?? demoNow));
      const outcome = rejectedThere ? 'not_adopted' : (agreeingCode[p.action] ?? 'retain');
      const voteUntil = end - 35 * minute;
      // Nobody votes while the department has it back (voteRefusal): a vote that would fall between
      // a return and the resubmission moves after it, in the same order, still before voteUntil.
      const returned = p.path.findIndex((s) => s.transition === 'return' && s.to.stage === 'initial_review');
      const resubmitted = p.path[returned + 1]?.transition === 'resubmit' ? p.path[returned + 1]!.at : null;
      const outsideReturn = (at: number): number => {
        if (resubmitted === null || at < p.path[returned]!.at || at > resubmitted) return at;
        const from = p.path[returned]!.at;
        const after = resubmitted + minute;
        return Math.min(voteUntil, after + Math.round(((at - from) * Math.max(0, voteUntil - after)) / Math.max(1, voteUntil - from)));
      };
      // Past initial review every assignee has voted; at it, ~30% still wait for some votes (work to demo).
      const awaitingVotes = passedAt === null && !rejectedThere && rng.chance(0.3);
      for (const reviewerId of plan.assigneeIds) {
        if (awaitingVotes && !rng.chance(0.4)) continue;
        const agrees = rng.chance(0.9);
        const alternatives = ['needs_material', 'retain', 'adjust', 'not_adopted'].filter((c) => c !== outcome);
        plan.votes.push({
          reviewerId,
          code: agrees ? outcome : rng.pick(alternatives),
          note: agrees ? (rng.chance(0.2) ? '同意。' : null) : rng.pick(disagreeNotes),
          at: outsideReturn(between(rng, plan.assignedAt, Math.max(plan.assignedAt + 2 * minute, voteUntil))),
        });
      }
      // The lead reviewer makes the classification final before the initial review passes (the
      // lifecycle requires it) or before turning the proposal down there.
      if (passedAt !== null || rejectedThere) {
        plan.classificationCode = outcome;
        plan.classifiedAt = end - rng.int(2, 30) * minute;
      }
    }

    const completedAt = stepAt('complete_legality_review');
    if (completedAt !== null) {
      const conditional = rng.chance(0.15) || (isDistrictAction(p.action) && rng.chance(0.2));
      plan.legalityOpinion = {
        verdict: conditional ? 'lawful_with_conditions' : 'lawful',
        reason: conditional ? rng.pick(conditionalReasons) : rng.pick([null, ...lawfulReasons]),
        at: completedAt - rng.int(2, 30) * minute,
      };
      plan.records.push({ stage: 'legality_review', reviewerId: team.legal, ...plan.legalityOpinion });
    }
    plan.records.sort((a, b) => a.at - b.at);
    return plan;
  });
}
