import { reminders, type Database } from '@devolve/db';
import { and, eq, isNotNull, notExists, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { mutate } from '../activity/mutate.ts';
import type { Job } from '../jobs/runner.ts';
import { dueSoonMs, isOverdue } from '../todo/deadlines.ts';
import { ownedKinds, type TodoKind, type WorkKind } from '../todo/work.ts';
import { type AutomaticReminder, sendAutomaticReminders } from './commands.ts';

/**
 * The scheduled reminders: work due within two days or overdue (todo/work.ts, by the domain clock)
 * is chased once per owner, work and deadline, by an AUTOMATIC reminder. Work whose deadline is the
 * campaign's (a reviewer's proposals, a department's returns and confirmations) is chased once for
 * all its items with that deadline; work with its own deadline (a consultation to answer, a handover
 * to prepare) item by item. The unique indexes on reminders make a second send of the same reminder
 * a no-op; the candidates below already leave out those sent, so most runs find nothing to write.
 */

/** What the reminder says about each kind, in Chinese (the recipients' language). */
const what: Partial<Record<TodoKind, string>> = {
  review: '项分配给您的精简意见待审核',
  revise: '项退回的精简意见待修改后重新报送',
  confirm: '项审核结果待确认',
  answer: '项征求意见待答复',
  handover: '项下放事项待完成承接准备',
};

function message(kind: TodoKind, count: number, dueOn: string, overdue: boolean): string {
  return `【自动催办】${count}${what[kind] ?? '项工作待办理'}，截止 ${dueOn}${overdue ? '，已逾期' : '，即将到期'}。`;
}

/** One kind's reminders to send at `now`: its items due by now + two days, grouped as the kind is chased, less those sent. */
function candidates(db: Database, kind: WorkKind & { owner: 'unit' | 'user' }, now: Date) {
  const items = kind.items(db, null, now).as('items');
  const subjectId = kind.chase === 'campaign' ? sql<number | null>`null::integer` : sql<number | null>`${items.subjectId}`;
  const horizon = new Date(now.getTime() + dueSoonMs).toISOString();
  return db
    .select({
      kind: sql<TodoKind>`${kind.kind}::text`.as('kind'),
      campaignId: sql<number>`${items.campaignId}`.as('campaign_id'),
      unitId: items.unitId,
      userId: items.userId,
      subjectId: subjectId.as('chased_id'),
      dueOn: sql<string>`${items.dueOn}`.as('chased_on'),
      dueAt: sql<string>`min(${items.dueAt})`.as('chased_at'),
      count: sql<number>`count(*)::int`.as('count'),
      district: sql<boolean>`exists (select 1 from units where units.id = ${items.unitId} and units.kind = 'district')`.as('district'),
    })
    .from(items)
    .where(
      and(
        isNotNull(items.campaignId),
        sql`${items.dueAt} <= ${horizon}::timestamptz`,
        notExists(
          db
            .select({ one: sql`1` })
            .from(reminders)
            .where(
              and(
                eq(reminders.channel, 'automatic'),
                sql`${reminders.campaignId} = ${items.campaignId}`,
                sql`${reminders.recipientUnitId} is not distinct from ${items.unitId}`,
                sql`${reminders.recipientUserId} is not distinct from ${items.userId}`,
                eq(reminders.subject, kind.chase),
                sql`coalesce(${reminders.subjectId}, 0) = coalesce(${subjectId}, 0)`,
                sql`${reminders.dueOn} = ${items.dueOn}::date`,
              ),
            ),
        ),
      ),
    )
    .groupBy(items.campaignId, items.unitId, items.userId, subjectId, items.dueOn);
}

/** The reminders due at `now`, in one statement. */
export async function dueReminders(db: Database, now: Date): Promise<AutomaticReminder[]> {
  const [first, second, ...rest] = ownedKinds.map((kind) => candidates(db, kind, now));
  // ownedKinds lists five kinds: at least two to unite.
  const rows = await unionAll(first!, second!, ...rest).orderBy(sql`campaign_id`, sql`kind`, sql`unit_id`, sql`user_id`, sql`chased_id`, sql`chased_on`);
  return rows.map((row) => ({
    campaignId: row.campaignId,
    recipientUnitId: row.unitId,
    recipientUserId: row.userId,
    recipientIsDistrict: row.district,
    subject: ownedKinds.find((kind) => kind.kind === row.kind)!.chase,
    subjectId: row.subjectId,
    dueOn: row.dueOn,
    message: message(row.kind, row.count, row.dueOn, isOverdue(row.dueAt, now)),
  }));
}

/** Sends the reminders due at `now` as the system; returns the new reminders' ids. */
export async function sendDueReminders(deps: Parameters<Job['run']>[0]): Promise<number[]> {
  const now = deps.clock();
  const due = await dueReminders(deps.db, now);
  // A mutation must record activity: nothing due, nothing to open one for.
  if (due.length === 0) return [];
  return mutate({ ...deps, viewer: null, clock: () => now }, (m) => sendAutomaticReminders({ ...m, viewer: null }, due));
}

/** Due-soon and overdue work is chased within a few minutes of the domain clock reaching it. */
export const automaticRemindersJob: Job = {
  name: 'automatic-reminders',
  everyMs: 5 * 60_000,
  run: async (deps) => {
    await sendDueReminders(deps);
  },
};
