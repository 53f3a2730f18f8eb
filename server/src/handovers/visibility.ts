import { handovers, proposals } from '@devolve/db';
import { eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * canReadHandover (rules.ts) as SQL over `table`; undefined means every row (the team). A liaison
 * is held to their own district whatever the filter asks for.
 */
export function visibleHandovers(table: typeof handovers, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  return (
    or(
      hasRole(viewer, 'district_liaison') ? eq(table.districtId, viewer!.unitId) : undefined,
      hasRole(viewer, 'submitter')
        ? exists(
            sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.submittingUnitId} = ${viewer!.unitId})`,
          )
        : undefined,
    ) ?? sql`false`
  );
}
