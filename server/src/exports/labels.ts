/**
 * How exported files name the schema's enum values, in the words the web app uses
 * (web/src/i18n/labels.ts): a spreadsheet is read by people, not by programs. English falls back
 * to the value itself made readable (TAKEN_OVER → Taken over).
 */
const zh: Record<string, Record<string, string>> = {
  ProposalAction: { CANCEL: '取消', DELEGATE: '下放', ENTRUST: '委托', MERGE: '合并', ADJUST: '调整', RETAIN: '保留', ADD: '新增' },
  ProposalStage: {
    DRAFT: '草稿',
    SUBMITTED: '已报送',
    INITIAL_REVIEW: '初审',
    LEGALITY_REVIEW: '合法性审查',
    RECHECK: '复核',
    CONSULTATION: '征求意见',
    UNIT_CONFIRMATION: '单位确认',
    APPROVAL: '审定',
    DECIDED: '已办结',
  },
  ProposalStatus: { ACTIVE: '办理中', RETURNED: '已退回', WITHDRAWN: '已撤回', APPROVED: '已通过', REJECTED: '未通过' },
  PowerSource: { STATUTORY: '法定', DELEGATED_FROM_ABOVE: '上级下放', ENTRUSTED: '受委托' },
  PowerItemStatus: { IN_FORCE: '实施中', CANCELLED: '已取消', DELEGATED: '已下放', MERGED: '已合并' },
  HandoverStatus: { PREPARING: '准备中', READY: '具备承接条件', TAKEN_OVER: '已承接', BLOCKED: '承接受阻' },
  ConsultationStatus: { OPEN: '征求中', CLOSED: '已结束' },
  ClaimStatus: { PENDING: '待确认', GRANTED: '已认领', REJECTED: '未通过' },
  EvaluationKind: { SELF: '自评', THIRD_PARTY: '第三方评估' },
  EvaluationStatus: { DRAFT: '草稿', SUBMITTED: '已提交' },
};

export type Lang = 'zh' | 'en';

export function enumLabel(enumName: string, value: string | null | undefined, lang: Lang): string {
  if (value == null) return '';
  if (lang === 'zh') return zh[enumName]?.[value] ?? value;
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const yesNo = (value: boolean, lang: Lang): string => (lang === 'zh' ? (value ? '是' : '否') : value ? 'Yes' : 'No');
