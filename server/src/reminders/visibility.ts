import { reminders } from '@devolve/db';
import { eq, or, sql, type SQL } from 'drizzle-orm';
import { isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads a reminder, in memory (node(id), the commands); visibleReminders below is the same rule
 * as SQL (the parity test, test/api/read-policies.test.ts, checks they agree for every demo
 * account). The team, the unit chased (any of its people) and the person chased.
 */
export function canReadReminder(viewer: Viewer | null, r: ReminderRecipient): boolean {
  return isTeam(viewer) || (viewer !== null && isSentToViewer(viewer, r));
}

/** Whom a reminder chases: a unit or one person. */
export interface ReminderRecipient {
  recipientUnitId: number | null;
  recipientUserId: number | null;
}

/** sentToViewer in memory: the reminder chases the viewer or their unit. */
export const isSentToViewer = (viewer: Viewer, r: ReminderRecipient): boolean => r.recipientUnitId === viewer.unitId || r.recipientUserId === viewer.userId;

/** canReadReminder as SQL over `table`; undefined means every row (the team). */
export function visibleReminders(table: typeof reminders, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  if (!viewer) return sql`false`;
  return sentToViewer(table, viewer);
}

/** Reminders sent to the viewer or to their unit: their own, not all those the team may read. */
export const sentToViewer = (table: typeof reminders, viewer: Viewer): SQL =>
  or(eq(table.recipientUnitId, viewer.unitId), eq(table.recipientUserId, viewer.userId))!;
