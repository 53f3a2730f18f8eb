import { evaluations } from '@devolve/db';
import { eq, type SQL, sql } from 'drizzle-orm';
import { isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads an evaluation, in memory (node(id)); visibleEvaluations below is the same rule as SQL
 * (test/api/read-policies.test.ts checks they agree). The team reads all; a unit reads its own
 * self-evaluation and the assessment of it.
 */
export function canReadEvaluation(viewer: Viewer | null, e: { unitId: number | null }): boolean {
  return isTeam(viewer) || (viewer !== null && e.unitId !== null && e.unitId === viewer.unitId);
}

/** canReadEvaluation as SQL over `table`; undefined means every row (the team). */
export function visibleEvaluations(table: typeof evaluations, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  if (!viewer) return sql`false`;
  return eq(table.unitId, viewer.unitId);
}
