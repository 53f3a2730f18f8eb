import { type Database, proposals } from '@devolve/db';
import { inArray } from 'drizzle-orm';
import { hasRole, isTeam, type Viewer } from '../accounts/permissions.ts';
import type { ChangeEvent } from './change-event.ts';

/**
 * The submitting unit of each proposal, remembered by this process (it never changes), so
 * deciding who may see an event costs no query once a proposal has been seen.
 */
export class ProposalUnits {
  private readonly units = new Map<number, number>();

  constructor(private readonly db: Database) {}

  /** The unit, if this process has seen the proposal already: deciding then needs no await. */
  known(proposalId: number): number | undefined {
    return this.units.get(proposalId);
  }

  async unitOf(proposalId: number): Promise<number | undefined> {
    if (!this.units.has(proposalId)) {
      const rows = await this.db
        .select({ id: proposals.id, unitId: proposals.submittingUnitId })
        .from(proposals)
        .where(inArray(proposals.id, [proposalId]));
      for (const row of rows) this.units.set(row.id, row.unitId);
    }
    return this.units.get(proposalId);
  }
}

/**
 * visibleActivity (activity/visibility.ts) for one event in memory: the team sees every event; a
 * department the non-internal events of its own proposals; a district those about its own
 * district; everyone their own. Subscriptions authorize exactly like the activity query.
 *
 * Decided at once (no promise) unless a proposal's unit must be looked up: this runs for every
 * subscriber on every event, and thousands of promises per event show in the fan-out benchmark.
 */
export function canSeeEvent(viewer: Viewer | null, event: ChangeEvent, units: ProposalUnits): boolean | Promise<boolean> {
  if (!viewer) return false;
  if (isTeam(viewer) || event.actorId === viewer.userId) return true;
  if (event.internal) return false;
  if (hasRole(viewer, 'district_liaison') && event.districtId === viewer.unitId) return true;
  if (hasRole(viewer, 'submitter') && event.proposalId !== null) {
    const unitId = units.known(event.proposalId);
    if (unitId !== undefined) return unitId === viewer.unitId;
    return units.unitOf(event.proposalId).then((loaded) => loaded === viewer.unitId);
  }
  return false;
}
