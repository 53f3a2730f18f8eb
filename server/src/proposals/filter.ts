import { type Database, powerTypes, proposalAction, proposalAssignees, proposalDistricts, proposals, proposalStage, proposalStatus, type PowerTypeCode } from '@devolve/db';
import { and, eq, exists, inArray, isNull, not, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Viewer } from '../accounts/permissions.ts';
import { ValidationError } from '../errors.ts';
import { searchText } from '../filters.ts';
import { parseGlobalIdOf } from '../ids.ts';
import { hasUnansweredPublicComments } from '../public-comments/visibility.ts';
import { proposalSearch, searchPlan, type SearchPlan } from './search.ts';

type Proposal = typeof proposals.$inferSelect;

export interface ProposalFilterValues {
  campaignId?: number | undefined;
  stages?: Proposal['stage'][] | undefined;
  statuses?: Proposal['status'][] | undefined;
  unitId?: number | undefined;
  actions?: Proposal['action'][] | undefined;
  typeCodes?: PowerTypeCode[] | undefined;
  /** A classification code, or null for "not yet classified". */
  classificationCode?: string | null | undefined;
  assigneeId?: number | undefined;
  /** A district the proposal would hand powers to. */
  targetDistrictId?: number | undefined;
  search?: string | undefined;
  /** How the queue finds `search`'s proposals (`searchPlan`); absent: through the hashed matches. */
  searchPlan?: SearchPlan | undefined;
  /** true: only proposals with public comments awaiting an answer that `reader` may read; false: none. */
  unansweredPublicComments?: { value: boolean; reader: Viewer | null } | undefined;
}

/**
 * The review queue's filter as SQL over `table` (see rawWhere for why it takes the table).
 * Every filter here is served by an index: (campaign_id, <column>, id) on proposals, or the join
 * tables' (user_id / district_id, proposal_id).
 */
export function proposalConditions(table: typeof proposals, filter: ProposalFilterValues): SQL | undefined {
  const search = filter.search?.trim();
  return and(
    talliedConditions(table, filter),
    filter.unitId !== undefined ? eq(table.submittingUnitId, filter.unitId) : undefined,
    filter.assigneeId !== undefined
      ? exists(
          sql`(select 1 from ${proposalAssignees} where ${proposalAssignees.proposalId} = ${table.id} and ${proposalAssignees.userId} = ${filter.assigneeId})`,
        )
      : undefined,
    filter.targetDistrictId !== undefined
      ? exists(
          sql`(select 1 from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${table.id} and ${proposalDistricts.districtId} = ${filter.targetDistrictId})`,
        )
      : undefined,
    filter.unansweredPublicComments === undefined
      ? undefined
      : filter.unansweredPublicComments.value
        ? hasUnansweredPublicComments(table, filter.unansweredPublicComments.reader)
        : not(hasUnansweredPublicComments(table, filter.unansweredPublicComments.reader)),
    search ? proposalSearch(table, search, filter.campaignId, filter.searchPlan) : undefined,
  );
}

/** The columns of a proposal its tally keeps too (proposal_tallies), by which the queue filters. */
type TalliedColumns = Record<'campaignId' | 'stage' | 'status' | 'action' | 'powerTypeCode' | 'classificationCode', AnyPgColumn>;

/** The filter's conditions on the tallied columns, over the proposals or their tallies. */
export function talliedConditions(table: TalliedColumns, filter: ProposalFilterValues): SQL | undefined {
  return and(
    filter.campaignId !== undefined ? eq(table.campaignId, filter.campaignId) : undefined,
    filter.stages?.length ? inArray(table.stage, filter.stages) : undefined,
    filter.statuses?.length ? inArray(table.status, filter.statuses) : undefined,
    filter.actions?.length ? inArray(table.action, filter.actions) : undefined,
    filter.typeCodes?.length ? inArray(table.powerTypeCode, filter.typeCodes) : undefined,
    filter.classificationCode === null ? isNull(table.classificationCode) : undefined,
    typeof filter.classificationCode === 'string' ? eq(table.classificationCode, filter.classificationCode) : undefined,
  );
}

/** Whether `filter` sets no key but `keys`: a key added to the filter later counts as another. */
export const filtersOnly = (filter: ProposalFilterValues, keys: readonly (keyof ProposalFilterValues)[]): boolean =>
  Object.entries(filter).every(([key, value]) => value === undefined || (keys as readonly string[]).includes(key));

/** `filter` with its `searchPlan` read from the database when it searches (one short statement). */
export async function withSearchPlan(db: Database, filter: ProposalFilterValues): Promise<ProposalFilterValues> {
  const search = filter.search?.trim();
  return search ? { ...filter, searchPlan: await searchPlan(db, search, filter.campaignId, filter.unitId) } : filter;
}

/** The longest queue address query string a saved view keeps (web/src/review/queue-url.ts writes it). */
export const maxQueueQueryLength = 2_000;

/** The queue's orders as the address spells them (ProposalOrder, lower case). */
const queueOrders = ['oldest', 'newest', 'recently_updated'] as const;

/**
 * The review queue's filter as its address query string (`stage=recheck&unit=<Unit id>&q=食品`,
 * the keys web/src/review/queue-url.ts writes), read strictly with the same rules as the
 * ProposalFilter input: every key known, every value one the API takes. A saved view stores only
 * a query string this accepts, so applying it never meets garbage. Returns its canonical form (keys
 * in a fixed order, lists comma-joined and in the enums' order).
 */
export function readQueueQuery(query: string, field: string): string {
  if (query.length > maxQueueQueryLength) {
    throw new ValidationError(field, `筛选条件不能超过 ${maxQueueQueryLength} 个字符`, `The filter must be at most ${maxQueueQueryLength} characters`);
  }
  const bad = (what: string) => new ValidationError(field, `筛选条件无效：${what}`, `The filter is not valid: ${what}`);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  } catch {
    throw bad('query');
  }
  const known = ['campaign', 'stage', 'status', 'action', 'type', 'unit', 'class', 'assignee', 'mine', 'public', 'q', 'sort'];
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!known.includes(key)) throw bad(key);
    seen.add(key);
  }
  const list = (key: string) => params.getAll(key).flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase()).filter((value) => value !== '');
  const one = (key: string): string | undefined => {
    const values = params.getAll(key);
    if (values.length > 1) throw bad(key);
    return values[0];
  };
  const enumList = <V extends string>(key: string, allowed: readonly V[]): V[] => {
    const given = [...new Set(list(key))];
    const wrong = given.find((value) => !(allowed as readonly string[]).includes(value));
    if (wrong !== undefined) throw bad(key);
    return allowed.filter((value) => given.includes(value));
  };
  const id = (key: string, typename: string) => {
    const value = one(key);
    return value === undefined ? undefined : parseGlobalIdOf(value, [typename], `${field}.${key}`).id;
  };
  const flag = (key: string) => {
    const value = one(key);
    if (value !== undefined && value !== '1') throw bad(key);
    return value === '1';
  };
  const stages = enumList('stage', proposalStage.enumValues);
  const statuses = enumList('status', proposalStatus.enumValues);
  const actions = enumList('action', proposalAction.enumValues);
  const typeKeys = enumList('type', powerTypes.map((type) => type.key.toLowerCase()));
  const classification = one('class');
  if (classification !== undefined && (classification.length === 0 || classification.length > 64)) throw bad('class');
  id('campaign', 'Campaign');
  id('unit', 'Unit');
  const assigneeId = id('assignee', 'User');
  const assignedToMe = flag('mine');
  if (assignedToMe && assigneeId !== undefined) throw bad('mine');
  flag('public');
  const search = searchText(one('q')?.trim() || undefined, `${field}.q`);
  const sort = one('sort');
  if (sort !== undefined && !(queueOrders as readonly string[]).includes(sort.toLowerCase())) throw bad('sort');

  const canonical = new URLSearchParams();
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') canonical.set(key, value);
  };
  for (const key of known) {
    if (!seen.has(key)) continue;
    if (key === 'stage') put(key, stages.join(','));
    else if (key === 'status') put(key, statuses.join(','));
    else if (key === 'action') put(key, actions.join(','));
    else if (key === 'type') put(key, typeKeys.join(','));
    else if (key === 'mine' || key === 'public') put(key, flag(key) ? '1' : undefined);
    else if (key === 'q') put(key, search);
    else if (key === 'sort') put(key, sort?.toLowerCase());
    else put(key, one(key));
  }
  return canonical.toString();
}
