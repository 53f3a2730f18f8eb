import { activity, districtFeedback, proposals } from '@devolve/db';
import { and, eq, exists, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Which activity rows a viewer may read, as SQL: the team everything; a department the
 * non-internal entries of its own proposals; a district the entries about its own feedback and
 * handovers and the opening and closing of the consultations that ask it; everyone their own
 * account's entries. Anonymous: nothing.
 */
export function visibleActivity(table: typeof activity, viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  if (isTeam(viewer)) return sql`true`;
  return or(
    eq(table.actorId, viewer.userId),
    hasRole(viewer, 'submitter')
      ? and(
          eq(table.internal, false),
          exists(
            sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.submittingUnitId} = ${viewer.unitId})`,
          ),
        )
      : undefined,
    hasRole(viewer, 'district_liaison')
      ? and(
          eq(table.internal, false),
          or(
            eq(table.districtId, viewer.unitId),
            and(
              eq(table.entityType, 'consultation'),
              exists(
                sql`(select 1 from ${districtFeedback} where ${districtFeedback.consultationId} = ${table.entityId} and ${districtFeedback.districtId} = ${viewer.unitId})`,
              ),
            ),
          ),
        )
      : undefined,
  )!;
}
