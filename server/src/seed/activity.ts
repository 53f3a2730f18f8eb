import { type ActivityAction, activityActions } from '@devolve/db';
import { iso } from './time.ts';

/** One event for the activity spine, collected while seeding and written last, in time order. */
export interface ActivityEvent {
  at: number;
  actorId: number | null;
  /** From the one catalogue, as the server's commands write them. */
  action: ActivityAction;
  /** The entity's table-level name (the catalogue's, for readers of this file) and id, e.g. ['proposal', 42]. */
  entity: readonly [string, number];
  proposalId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Defaults to the log's campaign. */
  campaignId?: number | null;
  /** Entries about one district's feedback or handover (only that district's liaisons see them). */
  districtId?: number | null;
  /** The review team's internal work: internal comment threads and classification votes. */
  internal?: boolean;
}

export class ActivityLog {
  private events: ActivityEvent[] = [];

  /** The campaign events belong to unless they say otherwise (set once the campaign exists). */
  campaignId: number | null = null;

  add(event: ActivityEvent): void {
    this.events.push(event.campaignId === undefined ? { ...event, campaignId: this.campaignId } : event);
  }

  /** Rows in chronological order, so activity ids follow time (the sort is stable for equal times). */
  rows() {
    return this.events
      .slice()
      .sort((a, b) => a.at - b.at)
      .map((e) => ({
        actorId: e.actorId,
        action: e.action,
        entityType: activityActions[e.action],
        entityId: e.entity[1],
        campaignId: e.campaignId ?? null,
        proposalId: e.proposalId ?? null,
        districtId: e.districtId ?? null,
        internal: e.internal ?? false,
        before: e.before ?? null,
        after: e.after ?? null,
        createdAt: iso(e.at),
      }));
  }
}
