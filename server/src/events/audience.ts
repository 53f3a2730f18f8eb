import { type Database, districtFeedback, proposals } from '@devolve/db';
import { eq } from 'drizzle-orm';

/**
 * What deciding an event's audience (canSeeEvent, activity/visibility.ts) needs beyond the event
 * itself, remembered by this process because neither ever changes: the unit that submitted each
 * proposal, and the districts each consultation asks (fixed when it opens). Once a proposal or
 * consultation has been seen, deciding costs no query.
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
