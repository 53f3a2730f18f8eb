import { type Database, proposalTallies } from '@devolve/db';
import { and, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import type { Tx } from '../activity/mutate.ts';
import type { Job } from '../jobs/runner.ts';
import { filtersTalliedColumnsOnly, type ProposalFilterValues, talliedConditions } from './filter.ts';
import { visibleTallies } from './visibility.ts';

/**
 * How many proposals `viewer` may read match `filter`, as a scalar subquery summing the tallies
 * (db/src/schema/tallies.ts): a few hundred rows per campaign instead of every matching proposal.
 * Undefined when the viewer's read rule or the filter needs the rows themselves (a department's,
 * a district's; an assignee, a district, a search): count those.
 */
export function talliedCount(viewer: Viewer | null, filter: ProposalFilterValues): SQL<number> | undefined {
  const visible = visibleTallies(proposalTallies, viewer);
  if (!visible || !filtersTalliedColumnsOnly(filter)) return undefined;
  return sql<number>`(select coalesce(sum(${proposalTallies.n}), 0) from ${proposalTallies} where ${and(visible, talliedConditions(proposalTallies, filter))})`.mapWith(Number);
}

/** Folds each group's delta rows into one (migration proposal-tallies, `compact_proposal_tallies`). */
export async function compactProposalTallies(db: Database | Tx): Promise<void> {
  await db.execute(sql`select compact_proposal_tallies()`);
}

/**
 * Between runs a group gains a row per change (two per move), and a count sums them: folding them
 * every minute keeps what a count reads near one row per group. Nothing to fold writes nothing.
 */
export const compactProposalTalliesJob: Job = {
  name: 'compact-proposal-tallies',
  everyMs: 60_000,
  run: ({ db }) => compactProposalTallies(db),
};
