import { users } from '@devolve/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import type { Tx } from '../activity/mutate.ts';
import { acknowledgeReminders, sendReminders } from '../reminders/commands.ts';
import { type TodoKind, workKinds } from '../todo/work.ts';
import { storyMutation, type StoryWriter, viewerOf } from './story.ts';
import { cst } from './time.ts';

/**
 * The lead office chasing late units in December 2019, through the reminders' commands: a notice
 * to departments with returned proposals, phone calls to districts that have not answered a
 * consultation, a meeting with reviewers behind on their assigned proposals; some marked seen.
 * Whom to chase is read from the same open-work definitions as the to-do (todo/work.ts).
 */
export async function writeReminders(c: StoryWriter, campaignId: number): Promise<void> {
  const viewer = (username: string) => viewerOf(c.tx, username);
  const act = (who: Viewer, at: number) => storyMutation(c, who, at);
  /** Owners of open work of `kind` at the story's time, a few of them, in id order. */
  const owners = async (kind: TodoKind, at: number, limit: number) => {
    const items = workKinds.find((k) => k.kind === kind)!.items(c.tx, null, new Date(at)).as('items');
    return c.tx
      
      .select({ unitId: items.unitId, userId: items.userId, subjectId: sql<number>`min(${items.subjectId})`.as('first_id'), dueOn: sql<string | null>`min(${items.dueOn})`.as('first_due') })
      .from(items)
      .where(sql`${items.campaignId} = ${campaignId}`)
      .groupBy(items.unitId, items.userId)
      .orderBy(items.unitId, items.userId)
      .limit(limit);
  };
  const coordinator = await viewer('coordinator');
  /** sendReminders refuses an empty list: a chase with nobody late sends nothing. */
  const send = (at: number, input: Parameters<typeof sendReminders>[1]) =>
    input.reminders.length === 0 ? Promise.resolve({ reminderIds: [] as number[] }) : sendReminders(act(coordinator, at), input);

  // 文件督办: departments with returned proposals, by 20 December.
  const noticeAt = cst(2019, 12, 16, 10);
  const departments = await owners('revise', noticeAt, 4);
  const notice = await send(noticeAt, {
    campaignId,
    channel: 'notice',
    message: '请于12月20日前按专班意见修改退回的精简意见并重新报送。',
    dueOn: '2019-12-20',
    reminders: departments.map((d) => ({ recipientUnitId: d.unitId, subject: 'campaign' as const })),
  });

  // 电话沟通: districts that have not answered a consultation, about that consultation.
  const phoneAt = cst(2019, 12, 19, 15);
  const districts = await owners('answer', phoneAt, 3);
  const phone = await send(phoneAt, {
    campaignId,
    channel: 'phone',
    message: '已电话联系区联络员，请在截止前答复承接能力意见。',
    dueOn: districts[0]?.dueOn ?? '2019-12-30',
    reminders: districts.map((d) => ({ recipientUnitId: d.unitId, subject: 'consultation' as const, subjectId: d.subjectId })),
  });

  // 会议协调: reviewers behind on their assigned proposals.
  const meetingAt = cst(2019, 12, 23, 9, 30);
  const reviewers = await owners('review', meetingAt, 3);
  const meeting = await send(meetingAt, {
    campaignId,
    channel: 'meeting',
    message: '专班推进会：请于本周内完成分配给您的初审、复核意见。',
    dueOn: '2019-12-27',
    reminders: reviewers.map((r) => ({ recipientUserId: r.userId, subject: 'campaign' as const })),
  });

  // Some are marked seen: the first department and the first district by their own people, the second reviewer.
  const seen: { username: string; reminderId: number | undefined; at: number }[] = [
    { username: await usernameOf(c.tx, { unitId: departments[0]?.unitId }), reminderId: notice.reminderIds[0], at: cst(2019, 12, 17, 9, 15) },
    { username: await usernameOf(c.tx, { unitId: districts[0]?.unitId }), reminderId: phone.reminderIds[0], at: cst(2019, 12, 20, 10) },
    { username: await usernameOf(c.tx, { userId: reviewers[1]?.userId }), reminderId: meeting.reminderIds[1], at: cst(2019, 12, 23, 14) },
  ];
  for (const { username, reminderId, at } of seen) {
    if (!username || reminderId === undefined) continue;
    await acknowledgeReminders(act(await viewer(username), at), { reminderIds: [reminderId] });
  }
}

/** The first active user of a unit, or the user with the id: who marks a reminder seen. */
async function usernameOf(tx: Tx, where: { unitId?: number | null; userId?: number | null }): Promise<string> {
  if (where.unitId == null && where.userId == null) return '';
  const [row] = await tx
    .select({ username: users.username })
    .from(users)
    .where(where.unitId != null ? and(eq(users.unitId, where.unitId), eq(users.active, true)) : eq(users.id, where.userId!))
    .orderBy(users.id)
    .limit(1);
  return row?.username ?? '';
}
