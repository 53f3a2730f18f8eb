import { commentThreads, proposals, users } from '@devolve/db';
import { and, arrayContains, arrayOverlaps, eq, exists, ne, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, teamRoles, type Viewer } from '../accounts/permissions.ts';
import { holds, isOwnDepartment, type Person, type ThreadAudience } from './rules.ts';

/**
 * Who may read a comment thread (and its comments), the one rule in its forms side by side:
 * `canReadThread` in memory (node(id), mentions, typing), `visibleThreads` as SQL over threads
 * (lists, thread counts), `threadReaders` as SQL over users (who may be @mentioned). The parity
 * test (test/api/read-policies.test.ts) checks the first two agree for every demo account.
 *
 * The team reads every thread of a submitted proposal; the proposal's own department reads its
 * shared threads; nobody else reads any (districts and the public never see the team's discussion).
 */
export function canReadThread(person: Person | null, thread: ThreadAudience): boolean {
  if (!person) return false;
  return (
    (holds(person, teamRoles) && !thread.proposalIsDraft) || (thread.visibility === 'shared' && isOwnDepartment(person, thread))
  );
}

const proposalOf = (table: typeof commentThreads, condition: SQL) =>
  exists(sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${condition})`);

/** canReadThread as SQL over `table`. */
export function visibleThreads(table: typeof commentThreads, viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  return (
    or(
      isTeam(viewer) ? proposalOf(table, ne(proposals.stage, 'draft')) : undefined,
      hasRole(viewer, 'submitter')
        ? and(eq(table.visibility, 'shared'), proposalOf(table, eq(proposals.submittingUnitId, viewer.unitId)))
        : undefined,
    ) ?? sql`false`
  );
}

/** The users canReadThread lets read a thread of `audience`, as SQL over the users `table`. */
export function threadReaders(table: typeof users, audience: ThreadAudience): SQL {
  return (
    or(
      audience.proposalIsDraft ? undefined : arrayOverlaps(table.roles, [...teamRoles]),
      audience.visibility === 'shared'
        ? and(arrayContains(table.roles, ['submitter']), eq(table.unitId, audience.submittingUnitId))
        : undefined,
    ) ?? sql`false`
  );
}
