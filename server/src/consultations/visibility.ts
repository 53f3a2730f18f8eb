import { consultations, districtFeedback, proposals } from '@devolve/db';
import { eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, type Viewer } from '../accounts/permissions.ts';

/** canReadFeedback (rules.ts) as SQL over `table`; undefined means every row (the team). */
export function visibleFeedback(table: typeof districtFeedback, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  return (
    or(
      hasRole(viewer, 'submitter')
        ? exists(
            sql`(select 1 from ${consultations} join ${proposals} on ${proposals.id} = ${consultations.proposalId} where ${consultations.id} = ${table.consultationId} and ${proposals.submittingUnitId} = ${viewer!.unitId})`,
          )
        : undefined,
      hasRole(viewer, 'district_liaison') ? eq(table.districtId, viewer!.unitId) : undefined,
    ) ?? sql`false`
  );
}

/** canReadConsultation (rules.ts) as SQL over `table`; undefined means every row (the team). */
export function visibleConsultations(table: typeof consultations, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  return (
    or(
      hasRole(viewer, 'submitter')
        ? exists(
            sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.submittingUnitId} = ${viewer!.unitId})`,
          )
        : undefined,
      hasRole(viewer, 'district_liaison')
        ? exists(
            sql`(select 1 from ${districtFeedback} where ${districtFeedback.consultationId} = ${table.id} and ${districtFeedback.districtId} = ${viewer!.unitId})`,
          )
        : undefined,
    ) ?? sql`false`
  );
}
