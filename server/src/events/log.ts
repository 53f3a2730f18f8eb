import { activity, type Database, notifications } from '@devolve/db';
import { and, asc, gt, lt, max, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { ofDraftProposal } from '../activity/visibility.ts';
import type { ChangeEvent } from './change-event.ts';
import { Fanout } from './fanout.ts';

/** A ChangeEvent's fields but its recipients, over an activity row: also how mutate() writes its events' JSON. */
export const eventFields = {
  id: activity.id,
  action: activity.action,
  entityType: activity.entityType,
  entityId: activity.entityId,
  campaignId: activity.campaignId,
  proposalId: activity.proposalId,
  districtId: activity.districtId,
  internal: activity.internal,
  draft: ofDraftProposal(activity),
  actorId: activity.actorId,
};

export const eventColumns = {
  ...eventFields,
  recipients: sql<number[]>`array(select ${notifications.userId} from ${notifications} where ${notifications.activityId} = ${activity.id})`,
};

/**
 * Every event after a log position (and before `beforeId`, if given), in log order, read back a
 * page at a time from the activity table: how a reconnecting listener catches up, how a client
 * resumes and how a fanout fills a gap (architecture decision 2).
 */
export async function* eventsAfter(db: Database, afterId: number, beforeId?: number): AsyncGenerator<ChangeEvent> {
  const pageSize = 1000;
  const below = beforeId === undefined ? undefined : lt(activity.id, beforeId);
  for (let position = afterId; ; ) {
    const page = await db
      .select(eventColumns)
      .from(activity)
      .where(and(gt(activity.id, position), below))
      .orderBy(asc(activity.id))
      .limit(pageSize);
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

/**
 * This process's fanout: it joins the log at its current end, and reads the log to fill a gap
 * when an event arrives ahead of a lower one.
 */
export async function openFanout(db: Database, logger: Logger): Promise<Fanout> {
  const fanout = new Fanout({
    readLogBetween: async (afterId, beforeId) => {
      const events: ChangeEvent[] = [];
      try {
        for await (const event of eventsAfter(db, afterId, beforeId)) events.push(event);
      } catch (error) {
        logger.error({ err: error, afterId, beforeId }, 'reading the activity log for missing events failed; reading again');
        throw error;
      }
      return events;
    },
  });
  fanout.startAt(await latestEventId(db));
  return fanout;
}

export async function latestEventId(db: Database): Promise<number> {
  const [row] = await db.select({ id: max(activity.id) }).from(activity);
  return Number(row?.id ?? 0);
}
