import { campaigns, reminders } from '@devolve/db';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { createInProcessBus } from '../events/in-process.ts';
import { recordAssessment, saveSelfEvaluation, submitSelfEvaluation } from '../evaluations/commands.ts';
import { dueReminders, sendDueReminders } from '../reminders/automatic.ts';
import { sendReminders } from '../reminders/commands.ts';
import { isOverdue } from './deadlines.ts';
import { todoOf } from './entries.ts';
import { overdueFigures } from './overdue.ts';

/**
 * The to-do's sources, the console's overdue figures and the scheduled reminders, on the demo data
 * at its story clock (27 December 2019, 17:30 in Guangzhou: the review deadline, 29 November, has
 * passed; the approval deadline, 31 December, has not).
 */
let t: CommandTestDatabase;
let campaignId: number;
const now = new Date('2019-12-27T09:30:00.000Z');

beforeAll(async () => {
  t = await commandTestDatabase();
  const [c] = await t.db.select({ id: campaigns.id }).from(campaigns).orderBy(asc(campaigns.year)).limit(1);
  campaignId = c!.id;
});
afterAll(() => t.dispose());

const kindsOf = (entries: { kind: string }[]) => entries.map((entry) => entry.kind);

describe('the to-do', () => {
  it("lists a reviewer's assigned proposals past the review deadline first, linking to their filtered queue", async () => {
    const entries = await todoOf(t.db, await t.viewer('reviewer1'), now);
    const review = entries.find((entry) => entry.kind === 'review');
    expect(review).toMatchObject({ campaignYear: 2019, overdue: true, deadline: '2019-11-29T16:00:00.000Z' });
    expect(review!.count).toBeGreaterThan(0);
    expect(review!.overdueCount).toBe(review!.count);
    expect(review!.href).toMatch(/^\/queue\?campaign=.+&mine=1&stage=submitted&stage=initial_review&stage=recheck&status=active$/);
    // Only kinds a reviewer does: no department's or district's work.
    expect(kindsOf(entries).every((kind) => ['review', 'reminder'].includes(kind))).toBe(true);
  });

  it('puts overdue entries before those not yet due, each group by its earliest deadline', async () => {
    for (const username of ['coordinator', 'legal1', 'approver', 'gz-scjgj', 'district-440106']) {
      const entries = await todoOf(t.db, await t.viewer(username), now);
      const firstNotOverdue = entries.findIndex((entry) => !entry.overdue);
      if (firstNotOverdue >= 0) expect(entries.slice(firstNotOverdue).every((entry) => !entry.overdue)).toBe(true);
      for (const entry of entries) expect(entry.overdue).toBe(isOverdue(entry.deadline, now));
    }
  });

  it("gives each role its own work: the legal reviewer's legality review, the approver's approvals, a district's consultations and handovers", async () => {
    expect(kindsOf(await todoOf(t.db, await t.viewer('legal1'), now))).toEqual(expect.arrayContaining(['legality']));
    expect(kindsOf(await todoOf(t.db, await t.viewer('approver'), now)).filter((k) => k !== 'reminder')).toEqual(
      expect.not.arrayContaining(['review', 'legality', 'answer']),
    );
    const district = kindsOf(await todoOf(t.db, await t.viewer('district-440106'), now));
    expect(district.every((kind) => ['answer', 'handover', 'reminder'].includes(kind))).toBe(true);
    expect(district).toEqual(expect.arrayContaining(['answer']));
    const observer = await todoOf(t.db, await t.viewer('observer'), now);
    expect(observer).toEqual([]);
  });

  it('shows a reminder sent to the unit until it is marked seen', async () => {
    const department = await t.viewer('gz-jtj');
    const before = (await todoOf(t.db, department, now)).find((entry) => entry.kind === 'reminder');
    await t.run(await t.viewer('coordinator'), sendReminders, {
      campaignId,
      channel: 'notice',
      dueOn: '2019-12-20',
      reminders: [{ recipientUnitId: department.unitId, subject: 'campaign' }],
    });
    const after = (await todoOf(t.db, department, now)).find((entry) => entry.kind === 'reminder');
    expect(after).toMatchObject({ count: (before?.count ?? 0) + 1, overdue: true, href: '/todo#reminders' });
  });
});

describe('the overdue figures', () => {
  it('count overdue work per owner in one statement, reviewers by name and departments by unit', async () => {
    const figures = await overdueFigures(t.db, campaignId, now);
    expect(figures.some((f) => f.kind === 'review' && f.userId !== null && f.count > 0)).toBe(true);
    for (const f of figures) {
      expect(f.count).toBeGreaterThan(0);
      expect(isOverdue(f.deadline, now)).toBe(true);
      expect((f.unitId === null) !== (f.userId === null)).toBe(true);
    }
    // Nothing of the 2020 round, still in planning, is overdue.
    const [next] = await t.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2020));
    expect(await overdueFigures(t.db, next!.id, now)).toEqual([]);
  });
});

describe('the scheduled reminders', () => {
  const deps = (at: Date) => ({ db: t.db, events: createInProcessBus(), clock: () => at });

  it('chase each owner of overdue or due-soon work once per deadline, as the system, and never twice', async () => {
    const due = await dueReminders(t.db, now);
    expect(due.length).toBeGreaterThan(0);
    const before = await t.lastActivityId();
    const sent = await sendDueReminders(deps(now));
    expect(sent).toHaveLength(due.length);
    const rows = await t.db.select().from(reminders).where(eq(reminders.channel, 'automatic'));
    expect(rows).toHaveLength(sent.length);
    for (const row of rows) {
      expect(row.sentById).toBeNull();
      expect(new Date(row.sentAt).toISOString()).toBe(now.toISOString());
      expect(row.dueOn).not.toBeNull();
      expect(row.message).toMatch(/^【自动催办】/);
    }
    const logged = await t.activitySince(before);
    expect(logged.map((entry) => [entry.action, entry.actorId])).toEqual(sent.map(() => ['reminder.sent', null]));
    // A reviewer is chased once for all their proposals with the review deadline.
    expect(rows.filter((row) => row.recipientUserId !== null).every((row) => row.subject === 'campaign' && row.dueOn === '2019-11-29')).toBe(true);

    // The next run, and a run an hour later, find nothing new.
    expect(await dueReminders(t.db, now)).toEqual([]);
    expect(await sendDueReminders(deps(new Date(now.getTime() + 3_600_000)))).toEqual([]);
    expect(await t.lastActivityId()).toBe(logged.at(-1)!.id);
  });

  it('refuse, by the unique index, a second automatic reminder for the same recipient, work and deadline', async () => {
    const [row] = await t.db.select().from(reminders).where(eq(reminders.channel, 'automatic')).limit(1);
    const { id: _id, ...copy } = row!;
    await expect(t.db.insert(reminders).values(copy)).rejects.toThrow();
  });

  it('leave automatic reminders to the system: people send notices, calls and meetings', async () => {
    await expect(
      t.run(await t.viewer('coordinator'), sendReminders, {
        campaignId,
        channel: 'automatic',
        reminders: [{ recipientUnitId: (await t.viewer('gz-jtj')).unitId, subject: 'campaign' }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('the evaluation work', () => {
  it("asks participating units for their self-evaluation once the campaign is at handover, then the evaluator to assess each submitted one", async () => {
    const department = await t.viewer('gz-scjgj');
    const district = await t.viewer('district-440106');
    const observer = await t.viewer('observer');
    const kinds = async (viewer: typeof department) => kindsOf(await todoOf(t.db, viewer, now));
    // At review nothing is evaluated yet.
    expect(await kinds(department)).not.toContain('self_evaluate');
    await t.db.update(campaigns).set({ status: 'handover' }).where(eq(campaigns.id, campaignId));
    try {
      const [ownWork] = (await todoOf(t.db, department, now)).filter((entry) => entry.kind === 'self_evaluate');
      expect(ownWork).toMatchObject({ campaignYear: 2019, count: 1, deadline: null, overdue: false, href: '/department?tab=evaluation' });
      expect((await todoOf(t.db, district, now)).find((entry) => entry.kind === 'self_evaluate')).toMatchObject({ count: 1, href: '/district?tab=evaluation' });
      expect(await kinds(observer)).not.toContain('assess');

      const form = { results: '取消3项、下放5项', applicantChanges: '办理时限缩短', problems: '系统对接滞后', suggestions: '加强培训' };
      const { evaluationId } = await t.run(department, saveSelfEvaluation, { campaignId, ...form });
      expect(await kinds(department)).toContain('self_evaluate');
      await t.run(department, submitSelfEvaluation, { evaluationId, expectedVersion: 1 });
      expect(await kinds(department)).not.toContain('self_evaluate');
      expect((await todoOf(t.db, observer, now)).find((entry) => entry.kind === 'assess')).toMatchObject({ count: 1, href: '/evaluation' });

      await t.run(observer, recordAssessment, { campaignId, unitId: department.unitId, score: 4, summary: '成效明显' });
      expect(await kinds(observer)).not.toContain('assess');
    } finally {
      await t.db.update(campaigns).set({ status: 'review' }).where(eq(campaigns.id, campaignId));
    }
  });
});
