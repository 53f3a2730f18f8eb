import { isDistrictAction, stageRank, type PlannedProposal } from './proposals.ts';
import type { Rng } from './random.ts';
import type { ReviewPlan, Team } from './review-work.ts';
import { between, demoNow } from './time.ts';
import type { commentAnchor } from '@devolve/db';

export type Anchor = (typeof commentAnchor.enumValues)[number];

export interface PlannedComment {
  authorId: number;
  body: string;
  mentionedUserIds: number[];
  at: number;
  /** An earlier body, when the comment was edited (kept in comment_revisions). */
  earlierBody: string | null;
  editedAt: number | null;
}

export interface PlannedThread {
  proposalIndex: number;
  anchor: Anchor | null;
  visibility: 'internal' | 'shared';
  authorId: number;
  resolvedById: number | null;
  resolvedAt: number | null;
  comments: PlannedComment[];
}

const openers: Record<Anchor | 'none', string[]> = {
  power_item: ['该事项名称与省级目录不一致，请核对。', '请确认该事项的实施主体是否已随机构改革调整。', '事项编码与省政务服务事项目录对不上，请数据局协助核对。'],
  action: ['建议由“取消”调整为“下放”，请部门研究。', '该事项涉及公共安全，建议保留，不宜取消。', '建议改为委托实施，先行试点一年。', '此项更适合合并到同类许可中办理。'],
  target_districts: ['南沙区、从化区承接能力需进一步评估，建议暂缓下放。', '建议全市统一下放，避免各区标准不一。', '增城区办件量很小，是否有必要下放？', '请补充各目标区的承接意见。'],
  rationale: ['精简理由过于简单，请补充近三年办件量。', '请说明取消后的事中事后监管措施。', '理由中“量大面广”的依据是什么？请提供数据。', '请补充与省里同类事项调整情况的对比。'],
  change_legal_basis: ['请补充国务院或省政府相关决定的文号。', '所引条款已于2019年修正，请更新引用。', '变更依据与拟调整方式不对应，请核实。'],
  legal_basis: ['设定依据中的条例已修订，条款序号有变化，请核对。', '实施依据缺少地方性法规条款。', '设定依据引用的规范性文件已失效。'],
  none: ['请部门联系人尽快补充材料。', '已电话沟通，部门同意按初审意见修改。', '此项提交专班周例会讨论。', '与上周讨论的同类事项一并处理。'],
};
const teamReplies = ['同意。', '已核实，可以。', '建议提交专班会议讨论。', '同意初审意见，按此办理。', '我再跟部门确认一下。', '已与省里对口处室沟通，按省目录调整。'];
const unitReplies = [
  '已补充，详见附件。',
  '已按意见修改，请复核。',
  '经与业务处室核实，已更新相关材料。',
  '已与相关区沟通，区里表示可以承接。',
  '该事项近三年确无办件，已附系统截图。',
  '收到，我们本周内补充。',
];

function pickAnchor(rng: Rng, p: PlannedProposal): Anchor | null {
  if (rng.chance(0.45)) return null;
  const anchors: Anchor[] = ['power_item', 'action', 'rationale', 'change_legal_basis', 'legal_basis'];
  if (isDistrictAction(p.action)) anchors.push('target_districts', 'target_districts');
  return rng.pick(anchors);
}

/** ~`count` comment threads with 1–4 comments each, on proposals the team has looked at. */
export function planThreads(rng: Rng, proposals: PlannedProposal[], reviews: ReviewPlan[], team: Team, count = 1500): PlannedThread[] {
  const candidates = proposals
    .map((_, i) => i)
    .filter((i) => {
      const p = proposals[i]!;
      if (p.status === 'withdrawn') return false;
      return stageRank(p.stage) >= stageRank('initial_review') || p.status === 'returned';
    });
  const chosen = Array.from({ length: count }, () => rng.pick(candidates)).sort((a, b) => a - b);
  const minute = 60_000;

  return chosen.map((proposalIndex): PlannedThread => {
    const p = proposals[proposalIndex]!;
    const review = reviews[proposalIndex]!;
    const anchor = pickAnchor(rng, p);
    const visibility = rng.chance(0.35) ? 'shared' : 'internal';
    const teamMembers = review.assigneeIds.length > 0 ? review.assigneeIds : [rng.pick(team.reviewers)];
    const legalTopic = anchor === 'legal_basis' || anchor === 'change_legal_basis';
    const authorId = rng.chance(0.08)
      ? team.coordinator
      : legalTopic && p.timeline.some((t) => t.stage === 'legality_review') && rng.chance(0.4)
        ? team.legal
        : rng.pick(teamMembers);
    const submitter = team.submitterByDepartment.get(p.departmentCode)!;

    const windowStart = review.assignedAt ?? p.submittedAt ?? p.createdAt;
    // Ends two hours before the demo's "today" so replies never land in the future.
    const windowEnd = Math.min(p.updatedAt > windowStart + 60 * minute ? p.updatedAt : demoNow, demoNow - 120 * minute);
    const n = rng.weighted([
      [1, 35],
      [2, 35],
      [3, 20],
      [4, 10],
    ] as const);
    const comments: PlannedComment[] = [];
    let t = between(rng, windowStart, windowEnd);
    for (let k = 0; k < n; k++) {
      const speaker =
        k === 0
          ? authorId
          : visibility === 'shared'
            ? k % 2 === 1
              ? submitter
              : authorId
            : rng.pick([...teamMembers, team.legal, team.coordinator].filter((u) => u !== comments[k - 1]!.authorId));
      const fromUnit = speaker === submitter;
      let body = k === 0 ? rng.pick(openers[anchor ?? 'none']) : fromUnit ? rng.pick(unitReplies) : rng.pick(teamReplies);
      const mentionedUserIds: number[] = [];
      if (!fromUnit && rng.chance(0.2)) {
        const mentioned = rng.pick([...team.reviewers, team.legal, team.coordinator].filter((u) => u !== speaker));
        mentionedUserIds.push(mentioned);
        body = `@${team.displayNames.get(mentioned)} ${body}`;
      }
      const edited = rng.chance(0.03);
      comments.push({
        authorId: speaker,
        body,
        mentionedUserIds,
        at: t,
        earlierBody: edited ? body.replace(/。$/, '') + '（初稿）' : null,
        editedAt: edited ? t + rng.int(3, 60) * minute : null,
      });
      t = between(rng, t + 10 * minute, Math.max(t + 20 * minute, Math.min(windowEnd, t + 3 * 24 * 60 * minute)));
    }
    const last = comments[comments.length - 1]!.at;
    const resolved = n >= 2 ? rng.chance(0.45) : rng.chance(0.1);
    return {
      proposalIndex,
      anchor,
      visibility,
      authorId,
      resolvedById: resolved ? authorId : null,
      resolvedAt: resolved ? Math.max(last + minute, Math.min(last + rng.int(5, 240) * minute, demoNow)) : null,
      comments,
    };
  });
}
