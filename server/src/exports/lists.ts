import { enumLabel, yesNo, type Lang } from './labels.ts';

/**
 * The lists a user can download, each as the GraphQL query its screen runs (the same field, so the
 * same filter module, read policy and order) and the columns of its file. The export runs the query
 * page by page through the schema (rows.ts); nothing here filters or orders.
 */

/**
 * One node of a list's result, shaped by the list's own query below (GraphQL results are JSON).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a GraphQL result, typed by the query text beside it
export type Row = Record<string, any>;

/** text: a string cell (codes stay text); dateTime: an instant shown in China time; date: a calendar day. */
export type CellKind = 'text' | 'number' | 'dateTime' | 'date';

export interface Column {
  zh: string;
  en: string;
  /** Width in characters (a Chinese character counts two). */
  width: number;
  kind: CellKind;
  value: (row: Row, lang: Lang) => string | number | null;
}

export interface ExportList {
  /** The address: /exports/<name>.xlsx */
  name: string;
  sheet: Record<Lang, string>;
  /** The query: it takes $first and $after (unless `unpaged`) and the list's `params` as variables. */
  query: string;
  /** The list is bounded and comes whole (no connection). */
  unpaged?: true;
  /** URL parameters passed to the query as variables of the same name (`filter` as JSON). */
  params: readonly string[];
  /** The page's rows and the cursor after them, or null at the end. */
  page: (data: Row) => { nodes: Row[]; endCursor: string | null } | null;
  columns: readonly Column[];
}

const pageInfo = 'pageInfo { hasNextPage endCursor }';
const connectionPage = (data: Row) => {
  const list = data.list as Row;
  return { nodes: list.nodes as Row[], endCursor: list.pageInfo.hasNextPage ? (list.pageInfo.endCursor as string) : null };
};

const text = (zh: string, en: string, width: number, value: Column['value']): Column => ({ zh, en, width, kind: 'text', value });
const label = (zh: string, en: string, width: number, enumName: string, value: (row: Row) => string | null | undefined): Column =>
  text(zh, en, width, (row, lang) => enumLabel(enumName, value(row), lang));
const dateTime = (zh: string, en: string, value: (row: Row) => string | null | undefined): Column => ({
  zh,
  en,
  width: 18,
  kind: 'dateTime',
  value: (row) => value(row) ?? null,
});
const unitName = (unit: Row | null | undefined, lang: Lang): string => (unit ? (lang === 'en' ? (unit.nameEn ?? unit.name) : unit.name) : '') as string;
const unitFields = 'name nameEn';

/** Target districts, by code, joined as a list is written in Chinese. */
const districtNames = (districts: Row[], lang: Lang) => districts.map((d) => unitName(d, lang)).join(lang === 'zh' ? '、' : ', ');

const proposals: ExportList = {
  name: 'proposals',
  sheet: { zh: '审查队列', en: 'Review queue' },
  params: ['filter', 'orderBy'],
  query: `query ExportProposals($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
    list: proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes { id action stage status classificationCode proposedItemName rationale submittedAt updatedAt
        powerItem { basicCode name subItemName typeCode }
        submittingUnit { ${unitFields} }
        targetDistricts { ${unitFields} } }
      ${pageInfo} } }`,
  page: connectionPage,
  columns: [
    text('事项编码', 'Item code', 22, (row) => row.powerItem?.basicCode ?? ''),
    text('事项名称', 'Item name', 40, (row) => row.powerItem?.name ?? row.proposedItemName ?? ''),
    text('子项', 'Sub-item', 24, (row) => row.powerItem?.subItemName ?? ''),
    text('类型代码', 'Type code', 10, (row) => row.powerItem?.typeCode ?? ''),
    text('报送单位', 'Submitting unit', 24, (row, lang) => unitName(row.submittingUnit, lang)),
    label('调整方式', 'Action', 10, 'ProposalAction', (row) => row.action),
    text('承接区', 'Target districts', 24, (row, lang) => districtNames(row.targetDistricts, lang)),
    label('阶段', 'Stage', 12, 'ProposalStage', (row) => row.stage),
    label('状态', 'Status', 10, 'ProposalStatus', (row) => row.status),
    text('分类', 'Classification', 10, (row) => row.classificationCode ?? ''),
    dateTime('报送时间', 'Submitted', (row) => row.submittedAt),
    dateTime('更新时间', 'Updated', (row) => row.updatedAt),
    text('理由', 'Rationale', 60, (row) => row.rationale),
  ],
};

const powerItems: ExportList = {
  name: 'power-items',
  sheet: { zh: '权责清单', en: 'Power list' },
  params: ['filter'],
  query: `query ExportPowerItems($first: Int, $after: String, $filter: PowerItemFilter) {
    list: powerItems(first: $first, after: $after, filter: $filter) {
      nodes { id basicCode name subItemName typeCode level source status handlingDivision legalBasis updatedAt
        implementingUnit { ${unitFields} } }
      ${pageInfo} } }`,
  page: connectionPage,
  columns: [
    text('基本编码', 'Basic code', 22, (row) => row.basicCode),
    text('事项名称', 'Item name', 40, (row) => row.name),
    text('子项名称', 'Sub-item', 24, (row) => row.subItemName ?? ''),
    text('事项类型', 'Type code', 10, (row) => row.typeCode),
    { zh: '行使层级', en: 'Level', width: 10, kind: 'number', value: (row) => row.level as number },
    text('实施主体', 'Implementing unit', 24, (row, lang) => unitName(row.implementingUnit, lang)),
    text('承办机构', 'Handling division', 20, (row) => row.handlingDivision ?? ''),
    label('权力来源', 'Source', 12, 'PowerSource', (row) => row.source),
    label('状态', 'Status', 10, 'PowerItemStatus', (row) => row.status),
    text('设定依据', 'Legal basis', 60, (row) => row.legalBasis),
    dateTime('更新时间', 'Updated', (row) => row.updatedAt),
  ],
};

const claims: ExportList = {
  name: 'claims',
  sheet: { zh: '认领', en: 'Claims' },
  params: ['filter'],
  query: `query ExportClaims($first: Int, $after: String, $filter: PowerItemClaimFilter) {
    list: powerItemClaims(first: $first, after: $after, filter: $filter) {
      nodes { id status contested reason decisionNote createdAt
        powerItem { basicCode name }
        unit { ${unitFields} }
        claimedBy { displayName } }
      ${pageInfo} } }`,
  page: connectionPage,
  columns: [
    text('事项编码', 'Item code', 22, (row) => row.powerItem.basicCode),
    text('事项名称', 'Item name', 40, (row) => row.powerItem.name),
    text('认领单位', 'Claiming unit', 24, (row, lang) => unitName(row.unit, lang)),
    text('认领人', 'Claimed by', 12, (row) => row.claimedBy?.displayName ?? ''),
    label('状态', 'Status', 10, 'ClaimStatus', (row) => row.status),
    text('有争议', 'Contested', 8, (row, lang) => yesNo(row.contested as boolean, lang)),
    text('理由', 'Reason', 40, (row) => row.reason ?? ''),
    text('处理意见', 'Decision note', 40, (row) => row.decisionNote ?? ''),
    dateTime('认领时间', 'Claimed', (row) => row.createdAt),
  ],
};

const consultations: ExportList = {
  name: 'consultations',
  sheet: { zh: '征求意见', en: 'Consultations' },
  params: ['campaignId', 'filter'],
  query: `query ExportConsultations($first: Int, $after: String, $campaignId: ID!, $filter: ConsultationBoardFilter) {
    list: consultationBoard(first: $first, after: $after, campaignId: $campaignId, filter: $filter) {
      nodes { id action stage
        powerItem { basicCode name }
        submittingUnit { ${unitFields} }
        targetDistricts { ${unitFields} }
        consultations(first: 1) { nodes { status deadline answeredCount consultedCount closedAt } } }
      ${pageInfo} } }`,
  page: connectionPage,
  columns: [
    text('事项编码', 'Item code', 22, (row) => row.powerItem?.basicCode ?? ''),
    text('事项名称', 'Item name', 40, (row) => row.powerItem?.name ?? ''),
    text('报送单位', 'Submitting unit', 24, (row, lang) => unitName(row.submittingUnit, lang)),
    label('调整方式', 'Action', 10, 'ProposalAction', (row) => row.action),
    text('承接区', 'Target districts', 24, (row, lang) => districtNames(row.targetDistricts, lang)),
    label('阶段', 'Stage', 12, 'ProposalStage', (row) => row.stage),
    label('本轮状态', 'Round status', 10, 'ConsultationStatus', (row) => row.consultations.nodes[0]?.status),
    { zh: '已答复', en: 'Answered', width: 8, kind: 'number', value: (row) => row.consultations.nodes[0]?.answeredCount ?? null },
    { zh: '征求单位数', en: 'Consulted', width: 10, kind: 'number', value: (row) => row.consultations.nodes[0]?.consultedCount ?? null },
    dateTime('截止时间', 'Deadline', (row) => row.consultations.nodes[0]?.deadline),
    dateTime('结束时间', 'Closed', (row) => row.consultations.nodes[0]?.closedAt),
  ],
};

const handovers: ExportList = {
  name: 'handovers',
  sheet: { zh: '承接', en: 'Handovers' },
  params: ['filter'],
  query: `query ExportHandovers($first: Int, $after: String, $filter: HandoverFilter) {
    list: handovers(first: $first, after: $after, filter: $filter) {
      nodes { id status plannedOn takenOverAt staffingReady systemsReady trainingDone overdue notes
        powerItem { basicCode name }
        district { ${unitFields} }
        proposal { submittingUnit { ${unitFields} } } }
      ${pageInfo} } }`,
  page: connectionPage,
  columns: [
    text('事项编码', 'Item code', 22, (row) => row.powerItem.basicCode),
    text('事项名称', 'Item name', 40, (row) => row.powerItem.name),
    text('下放单位', 'Department', 24, (row, lang) => unitName(row.proposal.submittingUnit, lang)),
    text('承接区', 'District', 14, (row, lang) => unitName(row.district, lang)),
    label('状态', 'Status', 14, 'HandoverStatus', (row) => row.status),
    { zh: '计划承接日期', en: 'Planned on', width: 14, kind: 'date', value: (row) => row.plannedOn ?? null },
    dateTime('承接时间', 'Taken over', (row) => row.takenOverAt),
    text('人员到位', 'Staffing ready', 8, (row, lang) => yesNo(row.staffingReady as boolean, lang)),
    text('系统到位', 'Systems ready', 8, (row, lang) => yesNo(row.systemsReady as boolean, lang)),
    text('培训完成', 'Training done', 8, (row, lang) => yesNo(row.trainingDone as boolean, lang)),
    text('逾期', 'Overdue', 6, (row, lang) => yesNo(row.overdue as boolean, lang)),
    text('备注', 'Notes', 40, (row) => row.notes ?? ''),
  ],
};

/** A campaign's evaluations: bounded by its units (one of each kind per unit), so one page. */
const evaluations: ExportList = {
  name: 'evaluations',
  sheet: { zh: '评估', en: 'Evaluations' },
  params: ['campaignId', 'kind'],
  unpaged: true,
  query: `query ExportEvaluations($campaignId: ID!, $kind: EvaluationKind) {
    campaign: node(id: $campaignId) { ... on Campaign {
      list: evaluations(kind: $kind) { id kind status score submittedAt summary problems suggestions
        unit { ${unitFields} } author { displayName } } } } }`,
  page: (data) => (data.campaign?.list ? { nodes: data.campaign.list as Row[], endCursor: null } : null),
  columns: [
    text('单位', 'Unit', 24, (row, lang) => (row.unit ? unitName(row.unit, lang) : lang === 'zh' ? '总体' : 'Overall')),
    label('类型', 'Kind', 10, 'EvaluationKind', (row) => row.kind),
    label('状态', 'Status', 8, 'EvaluationStatus', (row) => row.status),
    { zh: '得分', en: 'Score', width: 8, kind: 'number', value: (row) => row.score ?? null },
    text('填写人', 'Author', 12, (row) => row.author.displayName),
    dateTime('提交时间', 'Submitted', (row) => row.submittedAt),
    text('总结', 'Summary', 50, (row) => row.summary ?? ''),
    text('问题', 'Problems', 40, (row) => row.problems ?? ''),
    text('建议', 'Suggestions', 40, (row) => row.suggestions ?? ''),
  ],
};

export const exportLists: ReadonlyMap<string, ExportList> = new Map(
  [proposals, powerItems, claims, consultations, handovers, evaluations].map((list) => [list.name, list]),
);
