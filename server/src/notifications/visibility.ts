import { activity, type Database, notifications, reminders } from '@devolve/db';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { canSeeEvent, visibleActivity } from '../activity/visibility.ts';
import type { EventAudience } from '../events/audience.ts';
import type { ChangeEvent } from '../events/change-event.ts';
import { eventColumns } from '../events/log.ts';
import { isSentToViewer, sentToViewer, type ReminderRecipient } from '../reminders/visibility.ts';

/**
 * Which notifications a viewer reads: their own, and only while they may read the entry each is
 * about, by the activity log's read policy (activity/visibility.ts) or, for a reminder, by the
 * reminders' (a campaign-wide 催办 to a department is about no proposal of its own, yet is its to
 * read). The rules (rules.ts) never address anyone else; this holds even if a policy tightens later.
 * One rule in two forms: `canReadNotification` in memory (node(id)), `visibleNotifications` as SQL
 * (the inbox, the count, the live stream's rows); test/api/read-policies.test.ts checks they agree.
 */
export function canReadNotification(
  viewer: Viewer | null,
  n: { userId: number },
  entry: { event: ChangeEvent; reminder: ReminderRecipient | null },
  audience: EventAudience,
): boolean | Promise<boolean> {
  if (viewer === null || n.userId !== viewer.userId) return false;
  const byReminder = entry.event.entityType === 'reminder' && entry.reminder !== null && isSentToViewer(viewer, entry.reminder);
  return byReminder || canSeeEvent(viewer, entry.event, audience);
}

/** canReadNotification as SQL over `table`. */
export function visibleNotifications(table: typeof notifications, viewer: Viewer): SQL {
  return and(
    eq(table.userId, viewer.userId),
    sql`exists (select 1 from ${activity} where ${activity.id} = ${table.activityId} and (${visibleActivity(activity, viewer)} or (${activity.entityType} = 'reminder' and exists (select 1 from ${reminders} where ${reminders.id} = ${activity.entityId} and ${sentToViewer(reminders, viewer)}))))`,
  )!;
}

/** What canReadNotification decides by: the entry as an event and, for a reminder's entry, whom the reminder chases. */
export async function notificationEntry(db: Database, activityId: number): Promise<{ event: ChangeEvent; reminder: ReminderRecipient | null }> {
  const [row] = await db
    .select({ event: eventColumns, recipientUnitId: reminders.recipientUnitId, recipientUserId: reminders.recipientUserId })
    .from(activity)
    .leftJoin(reminders, and(eq(activity.entityType, 'reminder'), eq(reminders.id, activity.entityId)))
    .where(eq(activity.id, activityId));
  if (!row) throw new Error(`Notification entry ${activityId} is missing: notifications reference the log`);
  const reminder = row.event.entityType === 'reminder' ? { recipientUnitId: row.recipientUnitId, recipientUserId: row.recipientUserId } : null;
  return { event: row.event, reminder };
}
