import { proposals, proposalTallies } from '@devolve/db';
import { and, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { filtersOnly, type ProposalFilterValues, talliedConditions } from './filter.ts';
import { searchMatchCount } from './search.ts';
import { visibleTallies } from './visibility.ts';

/** The filter's keys `talliedConditions` reads in full (searchFindsFew only picks a search's plan). */
const talliedKeys: readonly (keyof ProposalFilterValues)[] = ['campaignId', 'stages', 'statuses', 'actions', 'typeCodes', 'classificationCode', 'searchFindsFew'];

/**
 * How many proposals `viewer` may read match `filter`, as a scalar subquery that does not read
 * every matching proposal, when the viewer's read rule reads only the stage (the team's,
 * `visibleTallies`): a filter on tallied columns sums the tallies (db/src/schema/tallies.ts), a few
 * hundred rows per campaign; a search alone counts its matches in the search index. Undefined
 * otherwise (a department's or a district's rule, an assignee or district filter, a search with
 * other filters): count the rows.
 */
export function totalWithoutRows(viewer: Viewer | null, filter: ProposalFilterValues): SQL<number> | undefined {
  const tallied = visibleTallies(proposalTallies, viewer);
  if (tallied && filtersOnly(filter, talliedKeys)) {
    return sql<number>`(select coalesce(sum(${proposalTallies.n}), 0) from ${proposalTallies} where ${and(tallied, talliedConditions(proposalTallies, filter))})`.mapWith(Number);
  }
  const search = filter.search?.trim();
  const visible = visibleTallies(proposals, viewer);
  if (search && visible && filtersOnly(filter, ['campaignId', 'search', 'searchFindsFew'])) return searchMatchCount(search, filter.campaignId, visible);
  return undefined;
}
