import { activity, notifications, reminders } from '@devolve/db';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { canSeeEvent, visibleActivity } from '../activity/visibility.ts';
import type { EventAudience } from '../events/audience.ts';
import type { ChangeEvent } from '../events/change-event.ts';
import { isSentToViewer, sentToViewer, type ReminderRecipient } from '../reminders/visibility.ts';

/**
 * Which notifications a viewer reads: their own, and only while they may read the entry each is
 * about, by the activity log's read policy (activity/visibility.ts) or, for a reminder, by the
 * reminders' (a campaign-wide 催办 to a department is about no proposal of its own, yet is its to
 * read). The rules (rules.ts) never address anyone else; this holds even if a policy tightens later.
 * One rule in two forms: `visibleNotifications` as SQL (the inbox, the count, the live stream's
 * rows) and `canReadNotification` in memory, for one notification with its entry loaded;
 * test/api/read-policies.test.ts checks they agree for every demo account.
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
