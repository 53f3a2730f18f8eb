import { agreeingCode } from './campaigns.ts';
import { isDistrictAction, stageRank, type PlannedProposal, type ProposalStage } from './proposals.ts';
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

/** The special team's work on one proposal. */
export interface ReviewPlan {
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
const returnReasons = [
  '请补充该事项近三年办件量及下放后承接单位意见。',
  '设定依据引用条款有误，请核对现行有效的法律法规后重新报送。',
  '精简理由不充分，请补充说明取消后的事中事后监管措施。',
  '拟下放的区未明确，请补充目标区及各区承接能力说明。',
  '事项编码与省级目录不一致，请核对后重新报送。',
  '合并事项的目标事项不属于本单位，请重新选择。',
];
const rejectReasons = [
  '经审定，该事项暂不调整，待条件成熟后再行研究。',
  '部分区反映承接能力不足，暂缓下放。',
  '该事项涉及公共安全，经审定予以保留。',
];
const disagreeNotes = ['建议补充材料后再议。', '理由不充分，不同意部门意见。', '该事项应保留，不宜取消或下放。', '建议与相关部门进一步沟通。'];

/** Who leads a department's proposals: each department has one reviewer as its point of contact. */
function primaryReviewer(team: Team, departmentCode: string): number {
  const index = departments.findIndex((d) => d.code === departmentCode);
  return team.reviewers[Math.max(0, index) % team.reviewers.length]!;
}

/** When the proposal left `stage`, or null when it is still there. */
function leftAt(p: PlannedProposal, stage: ProposalStage): number | null {
  const i = p.timeline.findIndex((t) => t.stage === stage);
  return i >= 0 && i + 1 < p.timeline.length ? p.timeline[i + 1]!.at : null;
}

function enteredAt(p: PlannedProposal, stage: ProposalStage): number | null {
  return p.timeline.find((t) => t.stage === stage)?.at ?? null;
}

/** Assignees, classification votes, final classification and review records, consistent with each proposal's stage. */
export function planReviews(rng: Rng, proposals: PlannedProposal[], team: Team): ReviewPlan[] {
  return proposals.map((p): ReviewPlan => {
    const rank = stageRank(p.stage);
    const plan: ReviewPlan = {
      assigneeIds: [],
      assignedAt: null,
      leadReviewerId: null,
      classificationCode: null,
      classifiedAt: null,
      votes: [],
      records: [],
    };
    const minute = 60_000;
    const stillOpenUntil = p.statusChangedAt ?? demoNow;

    if (rank >= stageRank('initial_review')) {
      const start = enteredAt(p, 'initial_review')!;
      const end = leftAt(p, 'initial_review') ?? stillOpenUntil;
      const lead = primaryReviewer(team, p.departmentCode);
      const others = rng.sample(
        team.reviewers.filter((r) => r !== lead),
        rng.int(1, 2),
      );
      plan.assigneeIds = [lead, ...others];
      plan.leadReviewerId = lead;
      plan.assignedAt = start + rng.int(5, 60) * minute;

      const outcome = p.status === 'rejected' ? 'not_adopted' : (agreeingCode[p.action] ?? 'retain');
      const voteUntil = end - 35 * minute;
      // Past initial review every assignee has voted; at it, ~30% still wait for some votes (work to demo).
      const awaitingVotes = p.stage === 'initial_review' && rng.chance(0.3);
      for (const reviewerId of plan.assigneeIds) {
        if (awaitingVotes && !rng.chance(0.4)) continue;
        const agrees = rng.chance(0.9);
        const alternatives = ['needs_material', 'retain', 'adjust', 'not_adopted'].filter((c) => c !== outcome);
        plan.votes.push({
          reviewerId,
          code: agrees ? outcome : rng.pick(alternatives),
          note: agrees ? (rng.chance(0.2) ? '同意。' : null) : rng.pick(disagreeNotes),
          at: between(rng, plan.assignedAt, Math.max(plan.assignedAt + 2 * minute, voteUntil)),
        });
      }
    }

    const closing = (stage: ProposalStage) => (leftAt(p, stage) ?? stillOpenUntil) - rng.int(2, 30) * minute;
    if (rank > stageRank('initial_review'))
      plan.records.push({ stage: 'initial_review', reviewerId: plan.leadReviewerId!, verdict: 'approve', reason: rng.pick(initialReasons), at: closing('initial_review') });
    if (rank > stageRank('legality_review')) {
      const conditional = rng.chance(0.15) || (isDistrictAction(p.action) && rng.chance(0.2));
      plan.records.push({
        stage: 'legality_review',
        reviewerId: team.legal,
        verdict: conditional ? 'lawful_with_conditions' : 'lawful',
        reason: conditional ? rng.pick(conditionalReasons) : rng.pick(lawfulReasons),
        at: closing('legality_review'),
      });
    }
    if (rank > stageRank('recheck')) {
      const at = closing('recheck');
      plan.records.push({ stage: 'recheck', reviewerId: plan.leadReviewerId!, verdict: 'approve', reason: '复核通过。', at });
      // The lead reviewer sets the final classification when the re-check ends.
      plan.classificationCode = p.status === 'rejected' ? 'not_adopted' : (agreeingCode[p.action] ?? 'retain');
      plan.classifiedAt = at - rng.int(1, 20) * minute;
    }
    if (rank > stageRank('unit_confirmation'))
      plan.records.push({
        stage: 'unit_confirmation',
        reviewerId: team.submitterByDepartment.get(p.departmentCode)!,
        verdict: 'confirmed',
        reason: rng.pick(['本单位对审核结果无异议。', '已确认。', '同意专班审核意见。']),
        at: closing('unit_confirmation'),
      });
    if (p.stage === 'decided')
      plan.records.push({
        stage: 'approval',
        reviewerId: team.approver,
        verdict: p.status === 'approved' ? 'approve' : 'reject',
        reason: p.status === 'approved' ? rng.pick([null, '经市政府常务会议审定，同意。', '同意。']) : rng.pick(rejectReasons),
        at: p.decidedAt! - rng.int(2, 30) * minute,
      });
    if (p.status === 'returned') {
      const reviewerId =
        p.stage === 'legality_review' ? team.legal : (plan.leadReviewerId ?? primaryReviewer(team, p.departmentCode));
      plan.records.push({ stage: p.stage, reviewerId, verdict: 'return', reason: rng.pick(returnReasons), at: p.statusChangedAt! });
    }
    plan.records.sort((a, b) => a.at - b.at);
    return plan;
  });
}
