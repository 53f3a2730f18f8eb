import { keyTaskProgress } from '@devolve/db';
import { isNotNull, type SQL } from 'drizzle-orm';
import { hasRole, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads a key task's progress entry, in memory; visibleProgress below is the same rule as SQL
 * (test/api/read-policies.test.ts checks they agree). A published entry is public (the key task's
 * status page); a draft is the lead office's, read by its coordinators only.
 */
export function canReadProgress(viewer: Viewer | null, entry: { publishedAt: string | null }): boolean {
  return entry.publishedAt !== null || hasRole(viewer, 'coordinator');
}

/** canReadProgress as SQL over `table`; undefined means every row (the coordinator). */
export function visibleProgress(table: typeof keyTaskProgress, viewer: Viewer | null): SQL | undefined {
  return hasRole(viewer, 'coordinator') ? undefined : isNotNull(table.publishedAt);
}
