import { commentThreads, proposals, users } from '@devolve/db';
import { and, arrayContains, arrayOverlaps, eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, teamRoles, type Viewer } from '../accounts/permissions.ts';
import type { ThreadAudience } from './rules.ts';

/**
 * canReadThread (rules.ts) as SQL over `table`, so thread lists and thread counts hold only what
 * the viewer may read. Undefined means "every thread" (the review team).
 */
export function visibleThreads(table: typeof commentThreads, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  if (!viewer || !hasRole(viewer, 'submitter')) return sql`false`;
  return and(
    eq(table.visibility, 'shared'),
    exists(
      sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.submittingUnitId} = ${viewer.unitId})`,
    ),
  );
}

/** The users canReadThread lets read a thread of `audience`, as SQL over the users `table`. */
export function threadReaders(table: typeof users, audience: ThreadAudience): SQL | undefined {
  return or(
    arrayOverlaps(table.roles, [...teamRoles]),
    audience.visibility === 'shared'
      ? and(arrayContains(table.roles, ['submitter']), eq(table.unitId, audience.submittingUnitId))
      : undefined,
  );
}
