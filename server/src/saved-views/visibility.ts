import { savedViews } from '@devolve/db';
import { eq, or, sql, type SQL } from 'drizzle-orm';
import { canWriteAs, isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads a saved view, in memory (node(id), the commands); visibleSavedViews below is the same
 * rule as SQL (the parity test, test/api/read-policies.test.ts, checks they agree for every demo
 * account). Its owner, and the review team (who open the queue) those shared with the team.
 */
export function canReadSavedView(viewer: Viewer | null, view: { ownerId: number; shared: boolean }): boolean {
  return viewer !== null && (view.ownerId === viewer.userId || (view.shared && isTeam(viewer)));
}

/** canReadSavedView as SQL over `table`. */
export function visibleSavedViews(table: typeof savedViews, viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  return isTeam(viewer) ? or(eq(table.ownerId, viewer.userId), eq(table.shared, true))! : eq(table.ownerId, viewer.userId);
}

/** Whether the viewer may share views with the team: the coordinator (SavedView.viewerCan and the commands ask this). */
export const canShareViews = (viewer: Viewer | null): boolean => canWriteAs(viewer, 'coordinator');
