import { consultations, districtFeedback, proposals } from '@devolve/db';
import { eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isSubmitterOf, isTeam, type Viewer } from '../accounts/permissions.ts';
import { answersFor } from './rules.ts';

/*
 * Who may read consultations and the consulted units' feedback, each rule in its two forms side by side: in
 * memory (node(id)) and as SQL (lists, counts). The parity test
 * (test/api/read-policies.test.ts) checks they agree for every demo account.
 */

/** Whether the viewer's unit may be asked (a district, or a department), so reads what it was asked. */
const consultedAs = (viewer: Viewer): boolean => hasRole(viewer, 'district_liaison', 'submitter');

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
      consultedAs(viewer) ? eq(table.districtId, viewer.unitId) : undefined,
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
      consultedAs(viewer)
        ? exists(
            sql`(select 1 from ${districtFeedback} where ${districtFeedback.consultationId} = ${table.id} and ${districtFeedback.districtId} = ${viewer.unitId})`,
          )
        : undefined,
    ) ?? sql`false`
  );
}

/**
 * Who reads a consultation (its deadline and progress): the team, the proposal's own department,
 * and those who answer for the units it asks (districts, other departments).
 */
export function canReadConsultation(
  viewer: Viewer | null,
  c: { submittingUnitId: number; consultedUnitIds: readonly number[] },
): boolean {
  return isTeam(viewer) || isSubmitterOf(viewer, c.submittingUnitId) || c.consultedUnitIds.some((unitId) => answersFor(viewer, unitId));
}

/**
 * Who reads one consulted unit's answer: the team, the proposal's department, the unit itself.
 * Never another consulted unit.
 */
export function canReadFeedback(viewer: Viewer | null, f: { districtId: number; submittingUnitId: number }): boolean {
  return isTeam(viewer) || isSubmitterOf(viewer, f.submittingUnitId) || answersFor(viewer, f.districtId);
}
