import type { EnumValue } from '../graphql.ts';

/**
 * The review queue's filters as they stand in the address bar, so that a filtered queue can be
 * shared and survives a reload: `/queue?stage=initial_review&stage=recheck&unit=VW5pdDoyNw==&q=食品`.
 * Pure functions: query string → view → ProposalFilter variables, and view → query string.
 */

export type Stage = EnumValue<'ProposalStage'>;
export type Status = EnumValue<'ProposalStatus'>;
export type Action = EnumValue<'ProposalAction'>;
export type PowerType = EnumValue<'PowerType'>;
export type Order = EnumValue<'ProposalOrder'>;

/** Every value of a schema enum, in the order given (type-checking fails when one is missing). */
function values<Value extends string>(all: Record<Value, true>): readonly Value[] {
  return Object.keys(all) as Value[];
}

/** In lifecycle order, as the filter menus list them. */
export const stageValues = values<Stage>({
  DRAFT: true,
  SUBMITTED: true,
  INITIAL_REVIEW: true,
  LEGALITY_REVIEW: true,
  RECHECK: true,
  CONSULTATION: true,
  UNIT_CONFIRMATION: true,
  APPROVAL: true,
  DECIDED: true,
});
export const statusValues = values<Status>({ ACTIVE: true, RETURNED: true, WITHDRAWN: true, APPROVED: true, REJECTED: true });
export const actionValues = values<Action>({
  CANCEL: true,
  DELEGATE: true,
  ENTRUST: true,
  MERGE: true,
  ADJUST: true,
  RETAIN: true,
  ADD: true,
});
/** In type-code order 01 … 10. */
export const powerTypeValues = values<PowerType>({
  LICENSING: true,
  PENALTY: true,
  COMPULSORY: true,
  LEVY: true,
  BENEFIT: true,
  INSPECTION: true,
  CONFIRMATION: true,
  REWARD: true,
  ADJUDICATION: true,
  OTHER: true,
});
export const orderValues = values<Order>({ OLDEST: true, NEWEST: true, RECENTLY_UPDATED: true });

/** The API's default order, left out of the address. */
const defaultOrder: Order = 'OLDEST';

/** The classification filter's value for "not classified yet" (the API's empty string). */
export const unclassified = '';
const unclassifiedParam = '_none';

/** The API refuses longer search text. */
export const maxSearchLength = 100;

/** What the queue shows: the campaign (null: the default one) and every filter. */
export interface QueueView {
  campaignId: string | null;
  stages: readonly Stage[];
  statuses: readonly Status[];
  actions: readonly Action[];
  powerTypes: readonly PowerType[];
  /** The submitting department. */
  unitId: string | null;
  /** A classification code, `unclassified`, or null for any. */
  classification: string | null;
  assigneeId: string | null;
  /** Assigned to the signed-in reviewer; takes the place of `assigneeId`. */
  mine: boolean;
  /** Only proposals with public comments received and not yet answered (有待处理的公众意见). */
  unansweredPublicComments: boolean;
  search: string;
  order: Order;
}

/** The ProposalFilter the API takes for a view (the input type's fields; only those set). */
export interface QueueFilter {
  campaignId: string;
  stages?: Stage[];
  statuses?: Status[];
  actions?: Action[];
  powerTypes?: PowerType[];
  unitId?: string;
  classification?: string;
  assigneeId?: string;
  assignedToMe?: boolean;
  hasUnansweredPublicComments?: boolean;
  search?: string;
}

/** The router's view of the query string: a repeated key gives a list. */
export type SearchParams = Partial<Record<string, string | string[]>>;
/** What to merge into the query string: undefined removes a key. */
export type SearchParamsUpdate = Record<string, string | string[] | undefined>;

/** The query string's key for each part of the view. */
const keys = {
  campaignId: 'campaign',
  stages: 'stage',
  statuses: 'status',
  actions: 'action',
  powerTypes: 'type',
  unitId: 'unit',
  classification: 'class',
  assigneeId: 'assignee',
  mine: 'mine',
  unansweredPublicComments: 'public',
  search: 'q',
  order: 'sort',
} as const satisfies Record<keyof QueueView, string>;

function all(param: string | string[] | undefined): string[] {
  return (Array.isArray(param) ? param : param === undefined ? [] : [param])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function first(param: string | string[] | undefined): string | null {
  return all(param)[0] ?? null;
}

/** The known enum values among a parameter's (case-insensitive), each once, in the enum's order. */
function enumList<Value extends string>(param: string | string[] | undefined, known: readonly Value[]): Value[] {
  const given = new Set(all(param).map((value) => value.toUpperCase()));
  return known.filter((value) => given.has(value));
}

/** Reads the view from the query string; unknown values are dropped, never an error. */
export function parseQueueView(params: SearchParams): QueueView {
  const classification = first(params[keys.classification]);
  const mine = first(params[keys.mine]) === '1';
  const searchParam = params[keys.search];
  const search = (Array.isArray(searchParam) ? searchParam[0] : searchParam) ?? '';
  return {
    campaignId: first(params[keys.campaignId]),
    stages: enumList(params[keys.stages], stageValues),
    statuses: enumList(params[keys.statuses], statusValues),
    actions: enumList(params[keys.actions], actionValues),
    powerTypes: enumList(params[keys.powerTypes], powerTypeValues),
    unitId: first(params[keys.unitId]),
    classification: classification === unclassifiedParam ? unclassified : classification,
    // The API takes one or the other: "mine" wins.
    assigneeId: mine ? null : first(params[keys.assigneeId]),
    mine,
    unansweredPublicComments: first(params[keys.unansweredPublicComments]) === '1',
    search: search.trim().slice(0, maxSearchLength),
    order: enumList(params[keys.order], orderValues)[0] ?? defaultOrder,
  };
}

const lower = (values: readonly string[]) => values.map((value) => value.toLowerCase());

/**
 * The query string for a view: every key, so that merging it replaces the whole filter (an empty
 * part is undefined and leaves the address). Defaults are left out: a plain /queue is the default.
 */
export function queueViewParams(view: QueueView): SearchParamsUpdate {
  const list = (values: readonly string[]) => (values.length > 0 ? lower(values) : undefined);
  return {
    [keys.campaignId]: view.campaignId ?? undefined,
    [keys.stages]: list(view.stages),
    [keys.statuses]: list(view.statuses),
    [keys.actions]: list(view.actions),
    [keys.powerTypes]: list(view.powerTypes),
    [keys.unitId]: view.unitId ?? undefined,
    [keys.classification]:
      view.classification === null ? undefined : view.classification === unclassified ? unclassifiedParam : view.classification,
    [keys.assigneeId]: view.mine ? undefined : (view.assigneeId ?? undefined),
    [keys.mine]: view.mine ? '1' : undefined,
    [keys.unansweredPublicComments]: view.unansweredPublicComments ? '1' : undefined,
    [keys.search]: view.search.trim() === '' ? undefined : view.search.trim(),
    [keys.order]: view.order === defaultOrder ? undefined : view.order.toLowerCase(),
  };
}

/** The API's ProposalFilter for a view of `campaignId`: only the parts that filter. */
export function queueFilter(view: QueueView, campaignId: string): QueueFilter {
  const filter: QueueFilter = { campaignId };
  if (view.stages.length > 0) filter.stages = [...view.stages];
  if (view.statuses.length > 0) filter.statuses = [...view.statuses];
  if (view.actions.length > 0) filter.actions = [...view.actions];
  if (view.powerTypes.length > 0) filter.powerTypes = [...view.powerTypes];
  if (view.unitId) filter.unitId = view.unitId;
  if (view.classification !== null) filter.classification = view.classification;
  if (view.mine) filter.assignedToMe = true;
  else if (view.assigneeId) filter.assigneeId = view.assigneeId;
  if (view.unansweredPublicComments) filter.hasUnansweredPublicComments = true;
  const search = view.search.trim();
  if (search) filter.search = search;
  return filter;
}

/** Every filter off (the campaign and the sort order stay): what 清除筛选 applies. */
export const noFilters = {
  stages: [],
  statuses: [],
  actions: [],
  powerTypes: [],
  unitId: null,
  classification: null,
  assigneeId: null,
  mine: false,
  unansweredPublicComments: false,
  search: '',
} as const satisfies Partial<QueueView>;

/** Whether a sort order follows submission (最早报送 / 最新报送), so the rows show the submission date. */
export function sortsBySubmission(order: Order): boolean {
  return order !== 'RECENTLY_UPDATED';
}

/** Whether anything narrows the queue beyond its campaign (the sort order does not). */
export function isFiltered(view: QueueView): boolean {
  return Object.keys(queueFilter(view, '')).length > 1;
}

/** The view as the address's query string (without `?`): what a saved view (视图) keeps. */
export function queueViewQuery(view: QueueView): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(queueViewParams(view))) {
    if (value !== undefined) query.set(key, Array.isArray(value) ? value.join(',') : value);
  }
  return query.toString();
}

/** Reads a view from a query string such as a saved view's (unknown values dropped, as in the address). */
export function parseQueueQuery(query: string): QueueView {
  const params: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) (params[key] ??= []).push(value);
  return parseQueueView(params);
}
