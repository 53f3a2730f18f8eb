import { consultations, districtFeedback, proposals } from '@devolve/db';
import { eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isLiaisonOf, isSubmitterOf, isTeam, type Viewer } from '../accounts/permissions.ts';

/*
 * Who may read consultations and district feedback, each rule in its two forms side by side: in
 * memory (node(id)) and as SQL (lists, counts). The parity test
 * (test/api/read-policies.test.ts) checks they agree for every demo account.
 */

/** canReadFeedback as SQL over `table`; undefined means every row (the team). */
export function visibleFeedback(table: typeof districtFeedback, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  if (!viewer) return sql`false`;
  return (
    or(
      hasRole(viewer, 'submitter')
        ? exists(
            sql`(select 1 from ${consultations} join ${proposals} on ${proposals.id} = ${consultations.proposalId} where ${consultations.id} = ${table.consultationId} and ${proposals.submittingUnitId} = ${viewer.unitId})`,
          )
        : undefined,
      hasRole(viewer, 'district_liaison') ? eq(table.districtId, viewer.unitId) : undefined,
    ) ?? sql`false`
  );
}

/** canReadConsultation as SQL over `table`; undefined means every row (the team). */
export function visibleConsultations(table: typeof consultations, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  if (!viewer) return sql`false`;
  return (
    or(
      hasRole(viewer, 'submitter')
        ? exists(
            sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.submittingUnitId} = ${viewer.unitId})`,
          )
        : undefined,
      hasRole(viewer, 'district_liaison')
        ? exists(
            sql`(select 1 from ${districtFeedback} where ${districtFeedback.consultationId} = ${table.id} and ${districtFeedback.districtId} = ${viewer.unitId})`,
          )
        : undefined,
    ) ?? sql`false`
  );
}

/**
 * Who reads a consultation (its deadline and progress): the team, the proposal's own department,
 * and the liaisons of the districts it asks.
 */
export function canReadConsultation(
  viewer: Viewer | null,
  c: { submittingUnitId: number; consultedDistrictIds: readonly number[] },
): boolean {
  return (
    isTeam(viewer) ||
    isSubmitterOf(viewer, c.submittingUnitId) ||
    c.consultedDistrictIds.some((districtId) => isLiaisonOf(viewer, districtId))
  );
}

/** Who reads one district's answer: the team, the proposal's department, that district. Never another district. */
export function canReadFeedback(viewer: Viewer | null, f: { districtId: number; submittingUnitId: number }): boolean {
  return isTeam(viewer) || isSubmitterOf(viewer, f.submittingUnitId) || isLiaisonOf(viewer, f.districtId);
}
