import { notifications } from '@devolve/db';
import { sql } from 'drizzle-orm';
import type { ActivityEntry, Tx } from '../activity/mutate.ts';
import type { ChangeEvent } from '../events/change-event.ts';
import { mayNotify, notificationRecipients } from './rules.ts';

/**
 * Writes the notifications of a mutation's activity rows in its transaction (one statement, none
 * when no entry can notify anyone: see mayNotify) and puts each entry's recipients on its event, so the
 * inbox subscription needs no lookup. Runs after the activity insert, which holds the log's
 * commit-order lock: its rows are the ones just inserted.
 */
export async function notify(tx: Tx, entries: readonly ActivityEntry[], events: ChangeEvent[], now: Date): Promise<void> {
  // appendActivity numbers the rows in the order the entries were recorded.
  const inOrder = [...events].sort((a, b) => a.id - b.id);
  const notifying = inOrder.filter((_, i) => mayNotify(entries[i]!));
  if (notifying.length === 0) return;
  const ids = notifying.map((event) => event.id);
  const actions = new Set(notifying.map((event) => event.action as ActivityEntry['action']));
  // The table's insertable columns in order (drizzle inserts an SQL select into all of them).
  const rows = await tx
    .insert(notifications)
    .select(
      sql`select r.user_id, r.activity_id, r.kind, r.proposal_id, r.thread_id, null::timestamptz, null::timestamptz, ${now.toISOString()}::timestamptz
        from (${notificationRecipients(ids, actions)}) r`,
    )
    .onConflictDoNothing()
    .returning({ userId: notifications.userId, activityId: notifications.activityId });
  const byEntry = new Map<number, number[]>();
  for (const row of rows) byEntry.set(row.activityId, [...(byEntry.get(row.activityId) ?? []), row.userId]);
  for (const event of events) event.recipients = byEntry.get(event.id) ?? event.recipients ?? [];
}
