/**
 * What travels on the event bus after a change (architecture decision 3): the activity row's ids,
 * never the changed rows. Subscribers load what they may see through the same authorized
 * resolvers as queries. A serialized event is ~250 bytes, far below NOTIFY's 8,000-byte limit.
 */
export interface ChangeEvent {
  /** The activity row's id: the log position every subscriber resumes from. */
  id: number;
  action: string;
  entityType: string;
  entityId: number;
  campaignId: number | null;
  proposalId: number | null;
  districtId: number | null;
  internal: boolean;
  /** About a proposal still in its department's draft when the event was read (team must not see it). */
  draft: boolean;
  actorId: number | null;
  /** The users this entry notified (notifications/rules.ts), written with it: the inbox's live check. */
  recipients?: number[];
}

export function encodeEvent(event: ChangeEvent): string {
  return JSON.stringify(event);
}

/** Parses a payload from another process; anything malformed is dropped, never thrown. */
export function decodeEvent(payload: string): ChangeEvent | null {
  try {
    const value = JSON.parse(payload) as Partial<ChangeEvent>;
    if (typeof value.id !== 'number' || typeof value.action !== 'string' || typeof value.entityType !== 'string') return null;
    return value as ChangeEvent;
  } catch {
    return null;
  }
}
