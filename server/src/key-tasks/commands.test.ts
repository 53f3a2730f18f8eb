import { campaigns, keyTaskGoals, keyTaskProgress, keyTasks } from '@devolve/db';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { campaignFigures } from '../campaigns/figures.ts';
import { createKeyTask, publishKeyTaskProgress, saveKeyTaskProgress } from './commands.ts';

let t: CommandTestDatabase;
beforeAll(async () => {
  t = await commandTestDatabase();
});
afterAll(() => t.dispose());

const at = new Date('2020-04-08T02:00:00.000Z');
const later = new Date('2020-04-10T02:00:00.000Z');

async function campaignId(year: number): Promise<number> {
  const [campaign] = await t.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, year));
  return campaign!.id;
}

async function entryOf(keyTaskId: number, quarter: number) {
  const [entry] = await t.db.select().from(keyTaskProgress).where(and(eq(keyTaskProgress.keyTaskId, keyTaskId), eq(keyTaskProgress.quarter, quarter)));
  return entry;
}

/** What the key-task tables hold, to show a refusal wrote nothing. */
const snapshot = async () => ({
  tasks: await t.db.select().from(keyTasks).orderBy(asc(keyTasks.id)),
  goals: await t.db.$count(keyTaskGoals),
  progress: await t.db.select().from(keyTaskProgress).orderBy(asc(keyTaskProgress.id)),
});

let task2020: number;

describe('createKeyTask', () => {
  it("sets a year's key task led by the coordinator's unit, with its goals per quarter, recorded", async () => {
    const coordinator = await t.viewer('coordinator');
    const before = await t.lastActivityId();
    const campaign = await campaignId(2020);
    const { keyTaskId } = await t.run(
      coordinator,
      createKeyTask,
      { year: 2020, number: 20, title: ' 继续推进简政放权。 ', campaignId: campaign, goals: [{ quarter: 2, texts: ['评估。', '调整权责清单。'] }, { quarter: 1, texts: ['制订方案。'] }] },
      () => at,
    );
    task2020 = keyTaskId;
    const [task] = await t.db.select().from(keyTasks).where(eq(keyTasks.id, keyTaskId));
    expect(task).toMatchObject({ year: 2020, number: 20, title: '继续推进简政放权。', leadUnitId: coordinator.unitId, campaignId: campaign });
    expect(new Date(task!.createdAt).toISOString()).toBe(at.toISOString());
    const goals = await t.db
      .select({ quarter: keyTaskGoals.quarter, position: keyTaskGoals.position, text: keyTaskGoals.text })
      .from(keyTaskGoals)
      .where(eq(keyTaskGoals.keyTaskId, keyTaskId))
      .orderBy(asc(keyTaskGoals.quarter), asc(keyTaskGoals.position));
    expect(goals).toEqual([
      { quarter: 1, position: 1, text: '制订方案。' },
      { quarter: 2, position: 1, text: '评估。' },
      { quarter: 2, position: 2, text: '调整权责清单。' },
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.campaignId, a.actorId])).toEqual([['key_task.created', 'key_task', keyTaskId, campaign, coordinator.userId]]);
  });

  it('refuses anyone but the coordinator, a taken number, a bad quarter, a campaign of another year or none, writing nothing', async () => {
    const coordinator = await t.viewer('coordinator');
    const observer = await t.viewer('observer');
    const before = await t.lastActivityId();
    const held = await snapshot();
    const input = { year: 2020, number: 21, title: '另一项重点工作。' };
    await expect(t.run(observer, createKeyTask, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(coordinator, createKeyTask, { ...input, number: 20 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.number' });
    await expect(t.run(coordinator, createKeyTask, { ...input, goals: [{ quarter: 5, texts: ['x'] }] })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.goals.0.quarter' });
    await expect(t.run(coordinator, createKeyTask, { ...input, goals: [{ quarter: 1, texts: ['x'] }, { quarter: 1, texts: ['y'] }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.goals.1.quarter',
    });
    await expect(t.run(coordinator, createKeyTask, { ...input, campaignId: await campaignId(2019) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.campaignId' });
    await expect(t.run(coordinator, createKeyTask, { ...input, campaignId: 2_000_000_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(held);
    expect(await t.activitySince(before)).toEqual([]);
  });
});

describe('saveKeyTaskProgress and publishKeyTaskProgress', () => {
  it('writes a draft, rewrites it at its version, and publishes it with the figures of the moment', async () => {
    const coordinator = await t.viewer('coordinator');
    const before = await t.lastActivityId();
    const items = ['制定了工作方案。', '{unitsSubmitting}个单位报送{proposalsSubmitted}项。'];
    const { progressId } = await t.run(coordinator, saveKeyTaskProgress, { keyTaskId: task2020, quarter: 1, status: 'on_track', items }, () => at);
    const draft = (await entryOf(task2020, 1))!;
    expect(draft).toMatchObject({ id: progressId, status: 'on_track', items, publishedAt: null, publishedFigures: null, reportedById: coordinator.userId, version: 1 });
    expect(new Date(draft.reportedAt).toISOString()).toBe(at.toISOString());

    await t.run(coordinator, saveKeyTaskProgress, { keyTaskId: task2020, quarter: 1, status: 'done', items: items.slice(1), expectedVersion: 1 }, () => at);
    expect(await entryOf(task2020, 1)).toMatchObject({ status: 'done', items: items.slice(1), version: 2 });

    await t.run(coordinator, publishKeyTaskProgress, { progressId, expectedVersion: 2 }, () => later);
    const published = (await entryOf(task2020, 1))!;
    expect(new Date(published.publishedAt!).toISOString()).toBe(later.toISOString());
    expect(published.publishedFigures).toEqual({ ...(await campaignFigures(t.db, coordinator, await campaignId(2020))) });
    expect(published.version).toBe(3);

    const logged = await t.activitySince(before);
    // The draft's texts stay out of the log the team reads.
    expect(logged.map((a) => [a.action, a.entityId, a.before, a.after])).toEqual([
      ['key_task_progress.drafted', progressId, null, { quarter: 1, status: 'on_track', itemCount: 2 }],
      ['key_task_progress.drafted', progressId, { status: 'on_track', itemCount: 2 }, { quarter: 1, status: 'done', itemCount: 1 }],
      ['key_task_progress.reported', progressId, null, { quarter: 1, status: 'done', publishedAt: later.toISOString(), figures: published.publishedFigures, version: 3 }],
    ]);
    expect(new Date(logged[2]!.createdAt).toISOString()).toBe(later.toISOString());
  });

  it('refuses anyone but the coordinator, a bad template, no items, a stale or missing version, a published entry and a missing task, writing nothing', async () => {
    const coordinator = await t.viewer('coordinator');
    const reviewer = await t.viewer('reviewer1');
    const { progressId } = await t.run(coordinator, saveKeyTaskProgress, { keyTaskId: task2020, quarter: 2, status: 'on_track', items: ['按计划推进。'] }, () => at);
    const before = await t.lastActivityId();
    const held = await snapshot();
    const input = { keyTaskId: task2020, quarter: 2, status: 'on_track' as const, items: ['改写。'], expectedVersion: 1 };
    await expect(t.run(reviewer, saveKeyTaskProgress, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(reviewer, publishKeyTaskProgress, { progressId, expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, items: ['报送{proposalCount}项'] })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items.0' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, items: ['共{ 项'] })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items.0' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, items: [] })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, quarter: 0 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.quarter' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, expectedVersion: 7 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, expectedVersion: null })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, keyTaskId: 2_000_000_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(coordinator, saveKeyTaskProgress, { ...input, quarter: 1 })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const [q1] = await t.db.select({ id: keyTaskProgress.id, version: keyTaskProgress.version }).from(keyTaskProgress).where(and(eq(keyTaskProgress.keyTaskId, task2020), eq(keyTaskProgress.quarter, 1)));
    await expect(t.run(coordinator, publishKeyTaskProgress, { progressId: q1!.id, expectedVersion: q1!.version })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(t.run(coordinator, publishKeyTaskProgress, { progressId, expectedVersion: 9 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.run(coordinator, publishKeyTaskProgress, { progressId: 2_000_000_000, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(held);
    expect(await t.activitySince(before)).toEqual([]);
  });
});
