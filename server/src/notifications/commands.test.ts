import { notifications, proposals, units, users } from '@devolve/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { replyToThreads, startCommentThreads } from '../comments/commands.ts';
import { transitionProposals } from '../proposals/commands.ts';
import { createInProcessBus } from '../events/in-process.ts';
import { markNotificationsRead, updateNotificationSettings } from './commands.ts';
import { dueDigests } from './digest.ts';
import { visibleNotifications } from './visibility.ts';

let t: CommandTestDatabase;
let reviewer1: Viewer;
let reviewer2: Viewer;
let department: Viewer;
let otherDepartment: Viewer;
/** 市场监管局's submitters: a department is told as a whole. */
let departmentUserIds: number[];
let own: { id: number; version: number }[];

const clock = () => new Date('2019-10-08T03:00:00.000Z');

beforeAll(async () => {
  t = await commandTestDatabase();
  reviewer1 = await t.viewer('reviewer1');
  reviewer2 = await t.viewer('reviewer2');
  department = await t.viewer('gz-scjgj');
  otherDepartment = await t.viewer('gz-zjj');
  own = await t.db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .innerJoin(units, eq(units.id, proposals.submittingUnitId))
    .where(and(eq(units.code, 'GZ-SCJGJ'), eq(proposals.stage, 'initial_review'), eq(proposals.status, 'active')))
    .orderBy(asc(proposals.id))
    .limit(2);
  departmentUserIds = (await t.db.select({ id: users.id }).from(users).where(eq(users.unitId, department.unitId))).map((u) => u.id);
});
afterAll(() => t.dispose());

/** Who was told about the entries logged since `before`, as `user:kind`. */
async function toldSince(before: number): Promise<string[]> {
  const ids = (await t.activitySince(before)).map((a) => a.id);
  const rows = await t.db.select().from(notifications).where(inArray(notifications.activityId, ids)).orderBy(asc(notifications.userId));
  return rows.map((n) => `${n.userId}:${n.kind}`);
}

describe('the notification rules', () => {
  let internalThread: number;

  it('tells the @mentioned of an internal comment, never its author or the department', async () => {
    const before = await t.lastActivityId();
    [{ threadId: internalThread }] = (await t.run(reviewer1, startCommentThreads, {
      items: [{ proposalId: own[0]!.id, visibility: 'internal', body: '@reviewer2 请核对设定依据' }],
    }, clock)) as [{ threadId: number; commentId: number }];
    expect(await toldSince(before)).toEqual([`${reviewer2.userId}:mention`]);
  });

  it('tells who took part in a thread of a reply, and nobody outside the team of an internal one', async () => {
    const before = await t.lastActivityId();
    await t.run(reviewer2, replyToThreads, { items: [{ threadId: internalThread, body: '已核对' }] }, clock);
    expect(await toldSince(before)).toEqual([`${reviewer1.userId}:reply`]);
  });

  it("tells the department of a comment in a shared thread on its proposal, unless it muted the kind", async () => {
    let before = await t.lastActivityId();
    await t.run(reviewer1, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'shared', body: '请补充依据' }] }, clock);
    expect(await toldSince(before)).toEqual(departmentUserIds.map((id) => `${id}:department_comment`));

    await t.run(department, updateNotificationSettings, { mutedKinds: ['department_comment'], digest: 'off', email: null }, clock);
    before = await t.lastActivityId();
    await t.run(reviewer1, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'shared', body: '再补充一点' }] }, clock);
    expect(await toldSince(before)).toEqual(departmentUserIds.filter((id) => id !== department.userId).map((id) => `${id}:department_comment`));
  });

  it('tells the department its proposal was returned', async () => {
    const before = await t.lastActivityId();
    const p = own[1]!;
    await t.run(reviewer1, transitionProposals, { transition: 'return', items: [{ proposalId: p.id, expectedVersion: p.version, reason: '依据不足' }] }, clock);
    expect(await toldSince(before)).toEqual(departmentUserIds.map((id) => `${id}:proposal_returned`));
  });

  it("reads back only the viewer's own notifications", async () => {
    const visible = async (viewer: Viewer) =>
      t.db.select({ userId: notifications.userId }).from(notifications).where(visibleNotifications(notifications, viewer));
    expect((await visible(department)).every((n) => n.userId === department.userId)).toBe(true);
    expect(await visible(otherDepartment)).toEqual([]);
  });
});

describe('markNotificationsRead', () => {
  it('marks the ids given, refuses ids that are not the viewer’s, then marks all, logging each', async () => {
    const mine = await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, reviewer2.userId));
    const others = await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, reviewer1.userId));
    await expect(t.run(reviewer2, markNotificationsRead, { ids: [others[0]!.id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(reviewer2, markNotificationsRead, { ids: [] })).rejects.toMatchObject({ code: 'VALIDATION' });

    const before = await t.lastActivityId();
    expect(await t.run(reviewer2, markNotificationsRead, { ids: [mine[0]!.id] }, clock)).toEqual({ ids: [mine[0]!.id] });
    expect(await t.run(reviewer2, markNotificationsRead, { all: true }, clock)).toEqual({ ids: [] });
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId])).toEqual([
      ['notifications.read', 'user', reviewer2.userId, reviewer2.userId],
      ['notifications.read', 'user', reviewer2.userId, reviewer2.userId],
    ]);
    const [row] = await t.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, mine[0]!.id));
    expect(row!.readAt).not.toBeNull();
  });
});

describe('updateNotificationSettings', () => {
  it('refuses a digest without an address and a malformed address', async () => {
    await expect(t.run(otherDepartment, updateNotificationSettings, { mutedKinds: [], digest: 'daily', email: 'not-an-address' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('the e-mail digest', () => {
  it('carries each unread notification once, whichever run gets there first', async () => {
    await t.run(reviewer1, updateNotificationSettings, { mutedKinds: [], digest: 'hourly', email: 'reviewer1@review.example' }, clock);
    const deps = (at: Date) => ({ db: t.db, events: createInProcessBus(), clock: () => at });
    const [first, concurrent] = await Promise.all([dueDigests(deps(clock()), 'https://review.example'), dueDigests(deps(clock()), 'https://review.example')]);
    const digests = [...first, ...concurrent];
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ to: 'reviewer1@review.example', subject: expect.stringMatching(/^Devolve 通知摘要：/) });
    expect(digests[0]!.text).toContain('您参与的讨论有新回复');
    // An hour later the period has passed, but nothing new is unread: no second mail.
    expect(await dueDigests(deps(new Date(clock().getTime() + 2 * 3_600_000)), 'https://review.example')).toEqual([]);
  });
});
