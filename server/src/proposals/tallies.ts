import type { Database } from '@devolve/db';
import { sql } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import type { Job } from '../jobs/runner.ts';

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
