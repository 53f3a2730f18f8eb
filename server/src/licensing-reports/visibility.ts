import { licensingReports } from '@devolve/db';
import { eq, or, type SQL } from 'drizzle-orm';
import { isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads an annual licensing report, in memory (node(id)); visibleLicensingReports below is the
 * same rule as SQL (test/api/read-policies.test.ts checks they agree). A published report is
 * public; the team reads all; a unit reads its own.
 */
export function canReadLicensingReport(viewer: Viewer | null, r: { unitId: number; status: string }): boolean {
  return r.status === 'published' || isTeam(viewer) || (viewer !== null && viewer.unitId === r.unitId);
}

/** canReadLicensingReport as SQL over `table`; undefined means every row (the team). */
export function visibleLicensingReports(table: typeof licensingReports, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  return or(eq(table.status, 'published'), viewer ? eq(table.unitId, viewer.unitId) : undefined);
}
