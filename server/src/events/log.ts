import { activity, type Database } from '@devolve/db';
import { asc, gt, max } from 'drizzle-orm';
import type { ChangeEvent } from './change-event.ts';

export const eventColumns = {
  id: activity.id,
  action: activity.action,
  entityType: activity.entityType,
  entityId: activity.entityId,
  campaignId: activity.campaignId,
  proposalId: activity.proposalId,
  districtId: activity.districtId,
  internal: activity.internal,
  actorId: activity.actorId,
};

/**
 * Events after a log position, read back from the activity table: how a reconnecting listener
 * catches up and how a client resumes (architecture decision 2).
 */
export async function readEventsAfter(db: Database, afterId: number, limit = 1000): Promise<ChangeEvent[]> {
  return db.select(eventColumns).from(activity).where(gt(activity.id, afterId)).orderBy(asc(activity.id)).limit(limit);
}

export async function latestEventId(db: Database): Promise<number> {
  const [row] = await db.select({ id: max(activity.id) }).from(activity);
  return Number(row?.id ?? 0);
}
