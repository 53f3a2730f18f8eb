import { proposals, proposalSearchTexts, proposalTallies } from '@devolve/db';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Viewer } from '../accounts/permissions.ts';
import { childCount } from '../counts.ts';
import { filtersOnly, type ProposalFilterValues, talliedConditions } from './filter.ts';
import { searchMatchCount } from './search.ts';
import { visibleProposals, visibleTallies } from './visibility.ts';

/** The tallies' sum over `where`, as a scalar subquery. */
const talliesSum = (where: SQL | undefined) =>
  sql<number>`(select coalesce(sum(${proposalTallies.n}), 0) from ${proposalTallies} where ${where ?? sql`true`})`.mapWith(Number);

/** The filter's keys `talliedConditions` reads in full (searchPlan only picks how a search finds its rows). */
const talliedKeys: readonly (keyof ProposalFilterValues)[] = ['campaignId', 'stages', 'statuses', 'actions', 'typeCodes', 'classificationCode', 'searchPlan'];

/**
 * How many proposals `viewer` may read match `filter`, as a scalar subquery that does not read
 * every matching proposal, when the viewer's read rule reads only the stage (the team's,
 * `visibleTallies`): a filter on tallied columns sums the tallies (db/src/schema/tallies.ts), a few
 * hundred rows per campaign; a search alone counts its matches in the search index, which keeps
 * each proposal's stage. Undefined
 * otherwise (a department's or a district's rule, an assignee or district filter, a search with
 * other filters): count the rows.
 */
export function totalWithoutRows(viewer: Viewer | null, filter: ProposalFilterValues): SQL<number> | undefined {
  const tallied = visibleTallies(proposalTallies, viewer);
  if (tallied && filtersOnly(filter, talliedKeys)) return talliesSum(and(tallied, talliedConditions(proposalTallies, filter)));
  const search = filter.search?.trim();
  const visible = visibleTallies(proposalSearchTexts, viewer);
  if (search && visible && filtersOnly(filter, ['campaignId', 'search', 'searchPlan'])) return searchMatchCount(search, filter.campaignId, visible);
  return undefined;
}

/**
 * How many proposals of the campaign `campaignId` (a column of the outer query) `viewer` may read:
 * summed from its tallies for the team, else counted.
 */
export function campaignProposalCount(viewer: Viewer | null, campaignId: AnyPgColumn): SQL<number> {
  const tallied = visibleTallies(proposalTallies, viewer);
  return tallied
    ? talliesSum(and(eq(proposalTallies.campaignId, campaignId), tallied))
    : childCount(proposals, proposals.campaignId, visibleProposals(proposals, viewer))({ id: campaignId });
}

/**
 * Whether the queue's total is counted beside its page (a statement of its own on another
 * connection, started first; countInPage's `beside`) rather than in the page's statement: when the
 * count reads rows the page does not need. A probed search's page stops within a few hundred
 * proposals while its count reads every match; the team's count over rows (an assignee or district
 * filter, public comments, a search with other filters) reads the whole campaign's. On PostgreSQL
 * the count then overlaps the page's statement and Node's building of the answer. A count from
 * the tallies or the search index, or over a department's or a district's own rows, is cheap and
 * stays in the page's statement.
 */
export function countsBesidePage(viewer: Viewer | null, filter: ProposalFilterValues): boolean {
  return filter.searchPlan === 'probed' || (visibleTallies(proposalTallies, viewer) !== undefined && totalWithoutRows(viewer, filter) === undefined);
}
