import type { EnumValue } from '../graphql.ts';

/**
 * Every Chinese label of the web app, in one place. Enum maps are typed
 * against the schema, so a new enum value fails type-checking here until it
 * has a label. (Switching to English is a later issue.)
 */

export const appTitle = '精简事项审查';

/** 处理意见: what a unit proposes to do with a power item. */
export const actionLabels: Record<EnumValue<'ProposalAction'>, string> = {
  CANCEL: '取消',
  DELEGATE: '下放',
  ENTRUST: '委托',
  MERGE: '合并',
  ADJUST: '调整',
  RETAIN: '保留',
  ADD: '新增',
};

/** 阶段: where a proposal is on its way through the review. */
export const stageLabels: Record<EnumValue<'ProposalStage'>, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已报送',
  INITIAL_REVIEW: '初审',
  LEGALITY_REVIEW: '合法性审查',
  RECHECK: '复核',
  CONSULTATION: '征求意见',
  UNIT_CONFIRMATION: '单位确认',
  APPROVAL: '审定',
  DECIDED: '已办结',
};

/** 状态: whether a proposal is still moving, and how it ended. */
export const statusLabels: Record<EnumValue<'ProposalStatus'>, string> = {
  ACTIVE: '办理中',
  RETURNED: '已退回',
  WITHDRAWN: '已撤回',
  APPROVED: '已通过',
  REJECTED: '未通过',
};

/** 事项类型 (GB/T 39046-2020), for proposals to add an item, which have no power item yet. */
export const powerTypeLabels: Record<EnumValue<'PowerType'>, string> = {
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
};

const count = new Intl.NumberFormat('zh-CN');

/** Shared by every page. */
export const common = {
  loading: '正在加载…',
  error: (message: string) => `加载失败：${message}`,
  networkError: '无法连接到服务器，请稍后重试。',
  retry: '重试',
} as const;

/** Signing in and out, and who is signed in. */
export const account = {
  heading: '登录',
  intro: (system: string) => `请使用工作账号登录${system}系统。`,
  username: '用户名',
  password: '密码',
  submit: '登录',
  submitting: '正在登录…',
  failed: '登录失败，请稍后重试。',
  /** The header's label for the signed-in person and their unit. */
  signedIn: '当前用户',
  signOut: '退出',
  signingOut: '正在退出…',
  signOutFailed: '退出失败，请稍后重试。',
} as const;

export const queue = {
  heading: '精简意见审查队列',
  campaign: '工作年度',
  noCampaigns: '暂无工作年度。',
  total: (n: number) => `共 ${count.format(n)} 条`,
  shown: (n: number) => `已显示 ${count.format(n)} 条`,
  empty: '该年度暂无精简意见。',
  loadMore: '加载更多',
  columns: {
    basicCode: '基本编码',
    itemName: '事项名称',
    itemType: '事项类型',
    submittingUnit: '申报单位',
    action: '处理意见',
    targetDistricts: '目标区',
    stage: '阶段',
    status: '状态',
    threads: '意见',
  },
  /** Joins district short names: 越秀、海珠. */
  joinNames: (names: readonly string[]) => names.join('、'),
} as const;
