import { activity, type Database } from '@devolve/db';
import { asc, gt, max } from 'drizzle-orm';
import type { ChangeEvent } from './change-event.ts';
import type { Fanout } from './fanout.ts';

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

/** Every event after a log position, in log order, read a page at a time. */
export async function* eventsAfter(db: Database, afterId: number): AsyncGenerator<ChangeEvent> {
  const pageSize = 1000;
  for (let position = afterId; ; ) {
    const page = await readEventsAfter(db, position, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    position = page.at(-1)!.id;
  }
}

/**
 * After a bus listener (re)connects: delivers what was logged after the last event this process
 * delivered, so a dropped connection never means a missed change. Every backend calls it.
 */
export async function catchUpFromLog(db: Database, fanout: Fanout): Promise<void> {
  for await (const event of eventsAfter(db, fanout.highestId)) fanout.deliver(event);
}

export async function latestEventId(db: Database): Promise<number> {
  const [row] = await db.select({ id: max(activity.id) }).from(activity);
  return Number(row?.id ?? 0);
}
