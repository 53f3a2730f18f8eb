import type { EnumValue } from '../graphql.ts';
import type { introspection_types } from '../graphql-env.d.ts';
import { formatNumber, localized } from './locale.ts';

/**
 * The labels every page shares: the schema's enums and the app's frame. Enum tables are typed
 * against the schema, so a new enum value fails type-checking until it has a label in both
 * languages. Each page keeps its own strings next to it (e.g. review/strings.ts).
 */

type Labels<Name extends keyof introspection_types> = Record<EnumValue<Name> & string, string>;
interface EnumTables {
  action: Labels<'ProposalAction'>;
  stage: Labels<'ProposalStage'>;
  status: Labels<'ProposalStatus'>;
  powerType: Labels<'PowerType'>;
  powerSource: Labels<'PowerSource'>;
  powerItemStatus: Labels<'PowerItemStatus'>;
  role: Labels<'Role'>;
  transition: Labels<'ProposalTransition'>;
  verdict: Labels<'ReviewVerdict'>;
  legality: Labels<'LegalityOpinion'>;
  stance: Labels<'DistrictStance'>;
  handoverStatus: Labels<'HandoverStatus'>;
  consultationStatus: Labels<'ConsultationStatus'>;
  publicCommentStatus: Labels<'PublicCommentStatus'>;
  claimStatus: Labels<'ClaimStatus'>;
  campaignStatus: Labels<'CampaignStatus'>;
  progressStatus: Labels<'ProgressStatus'>;
  anchor: Labels<'CommentAnchor'>;
  visibility: Labels<'CommentVisibility'>;
  order: Labels<'ProposalOrder'>;
}


/** `labels().stage.CONSULTATION` → 征求意见 / Consultation */
export const labels = localized<EnumTables>(
  {
    action: { CANCEL: '取消', DELEGATE: '下放', ENTRUST: '委托', MERGE: '合并', ADJUST: '调整', RETAIN: '保留', ADD: '新增' },
    stage: {
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
    status: { ACTIVE: '办理中', RETURNED: '已退回', WITHDRAWN: '已撤回', APPROVED: '已通过', REJECTED: '未通过' },
    powerType: {
      LICENSING: '行政许可',
      PENALTY: '行政处罚',
      COMPULSORY: '行政强制',
      LEVY: '行政征收',
      BENEFIT: '行政给付',
      INSPECTION: '行政检查',
      CONFIRMATION: '行政确认',
      REWARD: '行政奖励',
      ADJUDICATION: '行政裁决',
      OTHER: '其他行政权力',
    },
    powerSource: { STATUTORY: '法定', DELEGATED_FROM_ABOVE: '上级下放', ENTRUSTED: '受委托' },
    powerItemStatus: { IN_FORCE: '实施中', CANCELLED: '已取消', DELEGATED: '已下放', MERGED: '已合并' },
    role: {
      SUBMITTER: '报送人',
      REVIEWER: '专班审核',
      COORDINATOR: '统筹协调',
      LEGAL_REVIEWER: '合法性审查',
      APPROVER: '审定',
      DISTRICT_LIAISON: '区联络员',
      OBSERVER: '评估观察',
    },
    transition: {
      SUBMIT: '报送',
      WITHDRAW: '撤回',
      RESUBMIT: '重新报送',
      START_REVIEW: '开始初审',
      PASS_INITIAL_REVIEW: '初审通过',
      COMPLETE_LEGALITY_REVIEW: '完成合法性审查',
      PASS_RECHECK: '复核通过',
      CLOSE_CONSULTATION: '结束征求意见',
      CONFIRM: '确认',
      CONTEST: '提出异议',
      APPROVE: '批准',
      REJECT: '不予通过',
      RETURN: '退回修改',
    },
    verdict: {
      APPROVE: '通过',
      RETURN: '退回',
      REJECT: '不通过',
      LAWFUL: '合法',
      LAWFUL_WITH_CONDITIONS: '附条件合法',
      UNLAWFUL: '不合法',
      CONFIRMED: '已确认',
      CONTESTED: '有异议',
    },
    legality: { LAWFUL: '合法', LAWFUL_WITH_CONDITIONS: '附条件合法', UNLAWFUL: '不合法' },
    stance: { AGREE: '同意承接', AGREE_WITH_CONDITIONS: '有条件同意', DISAGREE: '不同意' },
    handoverStatus: { PREPARING: '准备中', READY: '具备承接条件', TAKEN_OVER: '已承接', BLOCKED: '承接受阻' },
    consultationStatus: { OPEN: '征求中', CLOSED: '已结束' },
    publicCommentStatus: { RECEIVED: '待处理', ACCEPTED: '已采纳', DISMISSED: '不予采纳' },
    claimStatus: { PENDING: '待确认', GRANTED: '已认领', REJECTED: '未通过' },
    campaignStatus: {
      PLANNING: '筹备',
      SUBMISSION: '申报',
      REVIEW: '审查',
      CONSULTATION: '征求意见',
      APPROVAL: '审定',
      PUBLISHED: '已公布',
      HANDOVER: '交接',
      EVALUATION: '评估',
      CLOSED: '已结束',
    },
    progressStatus: { ON_TRACK: '按计划推进中', DONE: '已完成', DELAYED: '滞后' },
    anchor: {
      POWER_ITEM: '事项',
      ACTION: '处理意见',
      RATIONALE: '理由',
      LEGAL_BASIS: '设定依据',
      CHANGE_LEGAL_BASIS: '精简依据',
      TARGET_DISTRICTS: '目标区',
    },
    visibility: { INTERNAL: '仅专班可见', SHARED: '报送单位可见' },
    order: { OLDEST: '最早报送', NEWEST: '最新报送', RECENTLY_UPDATED: '最近更新' },
  },
  {
    action: { CANCEL: 'Cancel', DELEGATE: 'Delegate', ENTRUST: 'Entrust', MERGE: 'Merge', ADJUST: 'Adjust', RETAIN: 'Retain', ADD: 'Add' },
    stage: {
      DRAFT: 'Draft',
      SUBMITTED: 'Submitted',
      INITIAL_REVIEW: 'Initial review',
      LEGALITY_REVIEW: 'Legality review',
      RECHECK: 'Recheck',
      CONSULTATION: 'Consultation',
      UNIT_CONFIRMATION: 'Unit confirmation',
      APPROVAL: 'Approval',
      DECIDED: 'Decided',
    },
    status: { ACTIVE: 'Active', RETURNED: 'Returned', WITHDRAWN: 'Withdrawn', APPROVED: 'Approved', REJECTED: 'Rejected' },
    powerType: {
      LICENSING: 'Licensing',
      PENALTY: 'Penalty',
      COMPULSORY: 'Compulsory measure',
      LEVY: 'Levy',
      BENEFIT: 'Benefit',
      INSPECTION: 'Inspection',
      CONFIRMATION: 'Confirmation',
      REWARD: 'Reward',
      ADJUDICATION: 'Adjudication',
      OTHER: 'Other power',
    },
    powerSource: { STATUTORY: 'Statutory', DELEGATED_FROM_ABOVE: 'Delegated from above', ENTRUSTED: 'Entrusted' },
    powerItemStatus: { IN_FORCE: 'In force', CANCELLED: 'Cancelled', DELEGATED: 'Delegated', MERGED: 'Merged' },
    role: {
      SUBMITTER: 'Submitter',
      REVIEWER: 'Reviewer',
      COORDINATOR: 'Coordinator',
      LEGAL_REVIEWER: 'Legal reviewer',
      APPROVER: 'Approver',
      DISTRICT_LIAISON: 'District liaison',
      OBSERVER: 'Observer',
    },
    transition: {
      SUBMIT: 'Submit',
      WITHDRAW: 'Withdraw',
      RESUBMIT: 'Resubmit',
      START_REVIEW: 'Start review',
      PASS_INITIAL_REVIEW: 'Pass initial review',
      COMPLETE_LEGALITY_REVIEW: 'Complete legality review',
      PASS_RECHECK: 'Pass recheck',
      CLOSE_CONSULTATION: 'Close consultation',
      CONFIRM: 'Confirm',
      CONTEST: 'Contest',
      APPROVE: 'Approve',
      REJECT: 'Do not pass',
      RETURN: 'Return for changes',
    },
    verdict: {
      APPROVE: 'Approved',
      RETURN: 'Returned',
      REJECT: 'Rejected',
      LAWFUL: 'Lawful',
      LAWFUL_WITH_CONDITIONS: 'Lawful with conditions',
      UNLAWFUL: 'Unlawful',
      CONFIRMED: 'Confirmed',
      CONTESTED: 'Contested',
    },
    legality: { LAWFUL: 'Lawful', LAWFUL_WITH_CONDITIONS: 'Lawful with conditions', UNLAWFUL: 'Unlawful' },
    stance: { AGREE: 'Agree', AGREE_WITH_CONDITIONS: 'Agree with conditions', DISAGREE: 'Disagree' },
    handoverStatus: { PREPARING: 'Preparing', READY: 'Ready', TAKEN_OVER: 'Taken over', BLOCKED: 'Blocked' },
    consultationStatus: { OPEN: 'Open', CLOSED: 'Closed' },
    publicCommentStatus: { RECEIVED: 'Received', ACCEPTED: 'Accepted', DISMISSED: 'Dismissed' },
    claimStatus: { PENDING: 'Pending', GRANTED: 'Granted', REJECTED: 'Rejected' },
    campaignStatus: {
      PLANNING: 'Planning',
      SUBMISSION: 'Submission',
      REVIEW: 'Review',
      CONSULTATION: 'Consultation',
      APPROVAL: 'Approval',
      PUBLISHED: 'Published',
      HANDOVER: 'Handover',
      EVALUATION: 'Evaluation',
      CLOSED: 'Closed',
    },
    progressStatus: { ON_TRACK: 'On track', DONE: 'Done', DELAYED: 'Delayed' },
    anchor: {
      POWER_ITEM: 'Item',
      ACTION: 'Action',
      RATIONALE: 'Rationale',
      LEGAL_BASIS: 'Legal basis',
      CHANGE_LEGAL_BASIS: 'Basis for the change',
      TARGET_DISTRICTS: 'Districts',
    },
    visibility: { INTERNAL: 'Review team only', SHARED: 'Shared with the unit' },
    order: { OLDEST: 'Oldest first', NEWEST: 'Newest first', RECENTLY_UPDATED: 'Recently updated' },
  },
);

/** The frame every page shares: app name, navigation, loading and failure, signing in and out. */
/** Rejection at 审定 is the approver's 不予批准; at 初审 and 复核 the reviewers' 不予通过 (the table's label). */
const rejectAtApproval = localized({ label: '不予批准' }, { label: 'Do not approve' });

const basisWords = localized(
  { adjustment: '调整依据', other: '精简依据' },
  { adjustment: 'Basis for the adjustment', other: 'Basis for the change' },
);

/** The name of a proposal's change basis: 调整依据 only for an adjustment, 精简依据 for every other action (or none chosen yet). */
export function changeBasisLabel(action: EnumValue<'ProposalAction'> | null | undefined): string {
  return action === 'ADJUST' ? basisWords().adjustment : basisWords().other;
}

/**
 * A transition's label where it is taken: one word per act, whatever the page. Without a stage
 * (a bulk move over rows at several stages), the table's label.
 */
export function transitionLabel(transition: EnumValue<'ProposalTransition'>, stage: EnumValue<'ProposalStage'> | undefined): string {
  return transition === 'REJECT' && stage === 'APPROVAL' ? rejectAtApproval().label : labels().transition[transition];
}

export const common = localized(
  {
    appTitle: '精简事项审查',
    loading: '正在加载…',
    error: (message: string) => `加载失败：${message}`,
    networkError: '无法连接到服务器，请稍后重试。',
    retry: '重试',
    none: '—',
    count: (n: number) => `${formatNumber(n)} 条`,
    language: '语言',
    switchTo: 'English',
    switchToLabel: 'Switch to English',
    nav: {
      label: '主导航',
      todo: '我的待办',
      queue: '审查队列',
      campaign: '年度工作',
      department: '本单位事项',
      district: '本区承接',
      evaluation: '成效评估',
      dashboard: '工作进度',
    },
    account: {
      heading: '登录',
      intro: (system: string) => `请使用工作账号登录${system}系统。`,
      username: '用户名',
      password: '密码',
      submit: '登录',
      submitting: '正在登录…',
      failed: '登录失败，请稍后重试。',
      signedIn: '当前用户',
      signOut: '退出',
      signingOut: '正在退出…',
      signOutFailed: '退出失败，请稍后重试。',
      publicSite: '公开查询：权责清单、结果公开、工作进度（无需登录）',
    },
    live: { reconnecting: '实时连接已断开，正在重新连接…' },
    confirm: { irreversible: '此操作提交后不可撤销。', send: '确定', back: '返回修改' },
  },
  {
    appTitle: 'Power List Review',
    loading: 'Loading…',
    error: (message: string) => `Could not load: ${message}`,
    networkError: 'Cannot reach the server. Please try again shortly.',
    retry: 'Retry',
    none: '—',
    count: (n: number) => `${formatNumber(n)} ${n === 1 ? 'item' : 'items'}`,
    language: 'Language',
    switchTo: '中文',
    switchToLabel: '切换到中文',
    nav: {
      label: 'Main navigation',
      todo: 'My to-do',
      queue: 'Review queue',
      campaign: 'Campaign',
      department: 'My unit',
      district: 'My district',
      evaluation: 'Evaluation',
      dashboard: 'Progress',
    },
    account: {
      heading: 'Sign in',
      intro: (system: string) => `Sign in to ${system} with your work account.`,
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      submitting: 'Signing in…',
      failed: 'Sign-in failed. Please try again shortly.',
      signedIn: 'Signed in',
      signOut: 'Sign out',
      signingOut: 'Signing out…',
      signOutFailed: 'Sign-out failed. Please try again shortly.',
      publicSite: 'Public pages: the power list, results and progress (no sign-in)',
    },
    live: { reconnecting: 'Live connection lost, reconnecting…' },
    confirm: { irreversible: 'This cannot be undone once sent.', send: 'Yes, send', back: 'Back' },
  },
);
