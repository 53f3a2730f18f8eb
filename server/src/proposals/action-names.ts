import type { proposalAction, proposalStage, proposalStatus } from '@devolve/db';

type Action = (typeof proposalAction.enumValues)[number];

/** How server-written Chinese text names each action (取消, 下放, …): page metadata, forms, demo text. */
export const actionNamesZh: Record<Action, string> = {
  cancel: '取消',
  delegate: '下放',
  entrust: '委托',
  merge: '合并',
  adjust: '调整',
  retain: '保留',
  add: '新增',
};

type Stage = (typeof proposalStage.enumValues)[number];
type Status = (typeof proposalStatus.enumValues)[number];

/**
 * How server-written messages name each stage and status, in both languages: the web's label
 * table (web/src/i18n/labels.ts) in the server's words, so no raw enum value reaches a message.
 */
export const stageNames: Record<Stage, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已报送', en: 'submitted' },
  initial_review: { zh: '初审', en: 'initial review' },
  legality_review: { zh: '合法性审查', en: 'legality review' },
  recheck: { zh: '复核', en: 're-check' },
  consultation: { zh: '征求意见', en: 'consultation' },
  unit_confirmation: { zh: '单位确认', en: 'unit confirmation' },
  approval: { zh: '审定', en: 'approval' },
  decided: { zh: '已办结', en: 'decided' },
};

export const statusNames: Record<Status, { zh: string; en: string }> = {
  active: { zh: '办理中', en: 'active' },
  returned: { zh: '已退回', en: 'returned' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  approved: { zh: '已通过', en: 'approved' },
  rejected: { zh: '未通过', en: 'rejected' },
};
