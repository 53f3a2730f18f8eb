import { activity, districtFeedback, proposals } from '@devolve/db';
import { and, eq, exists, not, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, type Viewer } from '../accounts/permissions.ts';
import type { ChangeEvent } from '../events/change-event.ts';
import type { EventAudience } from '../events/audience.ts';

/**
 * Who may read an activity entry (a log row, or the event published for it), the one rule in
 * its two forms side by side: `visibleActivity` as SQL (the activity query, a proposal's
 * timeline) and `canSeeEvent` in memory (every subscription). The parity test
 * (test/api/read-policies.test.ts) checks they agree for every demo account.
 *
 * Everyone reads their own entries. Sign-ins, password changes, API tokens and saved views belong
 * to their owner alone. The team reads every other entry except those of a department's draft; a
 * department the non-internal entries of its own proposals; a district those about its own
 * feedback and handovers and the opening and closing of the consultations that ask it.
 * Anonymous: nothing.
 */
export const accountEntityTypes: readonly string[] = ['user', 'session', 'api_token', 'saved_view'];

/**
 * Whether an entry is about a proposal that is (still) its department's draft: the proposal's
 * current stage, since a submitted proposal never returns to draft and its history is then the
 * team's to read. Read with every event (log.ts) so the in-memory check needs no lookup.
 */
export const ofDraftProposal = (table: typeof activity) =>
  sql<boolean>`exists (select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.stage} = 'draft')`;

export function visibleActivity(table: typeof activity, viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  return or(
    eq(table.actorId, viewer.userId),
    isTeam(viewer) ? and(notInArray(table.entityType, [...accountEntityTypes]), not(ofDraftProposal(table))) : undefined,
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

/**
 * visibleActivity for one event in memory.
 *
 * Decided at once (no promise) unless something must be looked up: this runs for every
 * subscriber on every event, and thousands of promises per event show in the fan-out benchmark.
 */
export function canSeeEvent(viewer: Viewer | null, event: ChangeEvent, audience: EventAudience): boolean | Promise<boolean> {
  if (!viewer) return false;
  if (event.actorId === viewer.userId) return true;
  if (accountEntityTypes.includes(event.entityType)) return false;
  if (isTeam(viewer) && !event.draft) return true;
  if (event.internal) return false;
  if (hasRole(viewer, 'district_liaison')) {
    if (event.districtId === viewer.unitId) return true;
    // Consultations are never a liaison's own unit's proposals (districts submit none), so the
    // department rule below has nothing to add.
    if (event.entityType === 'consultation') {
      const districts = audience.knownDistrictsOf(event.entityId);
      if (districts) return districts.has(viewer.unitId);
      return audience.districtsOf(event.entityId).then((loaded) => loaded.has(viewer.unitId));
    }
  }
  if (hasRole(viewer, 'submitter') && event.proposalId !== null) {
    const unitId = audience.knownUnitOf(event.proposalId);
    if (unitId !== undefined) return unitId === viewer.unitId;
    return audience.unitOf(event.proposalId).then((loaded) => loaded === viewer.unitId);
  }
  return false;
}
