import { type Database, districtFeedback, proposals } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { hasRole, isTeam, type Viewer } from '../accounts/permissions.ts';
import type { ChangeEvent } from './change-event.ts';

/**
 * What deciding an event's audience needs beyond the event itself, remembered by this process
 * because neither ever changes: the unit that submitted each proposal, and the districts each
 * consultation asks (fixed when it opens). Once a proposal or consultation has been seen, deciding
 * costs no query.
 */
export class EventAudience {
  private readonly proposalUnits = new Map<number, number | undefined>();
  private readonly consultationDistricts = new Map<number, ReadonlySet<number>>();

  constructor(private readonly db: Database) {}

  /** Undefined until this process has looked the proposal up. */
  knownUnitOf(proposalId: number): number | undefined {
    return this.proposalUnits.get(proposalId);
  }

  async unitOf(proposalId: number): Promise<number | undefined> {
    if (!this.proposalUnits.has(proposalId)) {
      const [row] = await this.db.select({ unitId: proposals.submittingUnitId }).from(proposals).where(eq(proposals.id, proposalId));
      this.proposalUnits.set(proposalId, row?.unitId);
    }
    return this.proposalUnits.get(proposalId);
  }

  /** Undefined until this process has looked the consultation up. */
  knownDistrictsOf(consultationId: number): ReadonlySet<number> | undefined {
    return this.consultationDistricts.get(consultationId);
  }

  async districtsOf(consultationId: number): Promise<ReadonlySet<number>> {
    let districts = this.consultationDistricts.get(consultationId);
    if (!districts) {
      const rows = await this.db
        .select({ districtId: districtFeedback.districtId })
        .from(districtFeedback)
        .where(eq(districtFeedback.consultationId, consultationId));
      districts = new Set(rows.map((row) => row.districtId));
      this.consultationDistricts.set(consultationId, districts);
    }
    return districts;
  }
}

/**
 * visibleActivity (activity/visibility.ts) for one event in memory: the team sees every event; a
 * department the non-internal events of its own proposals; a district those about its own
 * district and the consultations that ask it; everyone their own. Subscriptions authorize exactly
 * like the activity query.
 *
 * Decided at once (no promise) unless something must be looked up: this runs for every
 * subscriber on every event, and thousands of promises per event show in the fan-out benchmark.
 */
export function canSeeEvent(viewer: Viewer | null, event: ChangeEvent, audience: EventAudience): boolean | Promise<boolean> {
  if (!viewer) return false;
  if (isTeam(viewer) || event.actorId === viewer.userId) return true;
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
