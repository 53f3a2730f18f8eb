import { handovers, proposals } from '@devolve/db';
import { eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isLiaisonOf, isSubmitterOf, isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads a handover, in memory (node(id)); visibleHandovers below is the same rule as SQL. The
 * parity test (test/api/read-policies.test.ts) checks they agree for every demo account.
 * The team, the district taking the power over, the department handing it down.
 */
export function canReadHandover(viewer: Viewer | null, h: { districtId: number; submittingUnitId: number }): boolean {
  return isTeam(viewer) || isLiaisonOf(viewer, h.districtId) || isSubmitterOf(viewer, h.submittingUnitId);
}

/**
 * canReadHandover as SQL over `table`; undefined means every row (the team). A liaison
 * is held to their own district whatever the filter asks for.
 */
export function visibleHandovers(table: typeof handovers, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  if (!viewer) return sql`false`;
  return (
    or(
      hasRole(viewer, 'district_liaison') ? eq(table.districtId, viewer.unitId) : undefined,
      hasRole(viewer, 'submitter')
        ? exists(
            sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.submittingUnitId} = ${viewer.unitId})`,
          )
        : undefined,
    ) ?? sql`false`
  );
}
