import { campaigns, classificationOptions } from '@devolve/db';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { createCampaign, updateCampaign } from './commands.ts';

let t: CommandTestDatabase;
beforeAll(async () => {
  t = await commandTestDatabase();
});
afterAll(() => t.dispose());

const at = new Date('2019-12-30T07:00:00.000Z');

async function campaignOf(year: number) {
  const [campaign] = await t.db.select().from(campaigns).where(eq(campaigns.year, year));
  return campaign!;
}

describe('createCampaign', () => {
  it("opens a year's round in planning, led by the coordinator's unit, with its vocabulary, stamped by the domain clock", async () => {
    const coordinator = await t.viewer('coordinator');
    const before = await t.lastActivityId();
    const { campaignId } = await t.run(
      coordinator,
      createCampaign,
      {
        year: 2021,
        title: ' 2021年广州市市级行政权力事项精简工作 ',
        noticeNumber: '穗府办函〔2021〕1号',
        submissionOpensOn: '2021-06-01',
        submissionDeadline: '2021-08-31',
        approvalDeadline: null,
        classificationOptions: [
          { code: 'agree_cancel', labelZh: '同意取消', labelEn: 'Agree to cancel' },
          { code: 'retain', labelZh: '保留', labelEn: 'Retain' },
        ],
      },
      () => at,
    );

    const campaign = await campaignOf(2021);
    expect(campaign).toMatchObject({
      id: campaignId,
      title: '2021年广州市市级行政权力事项精简工作',
      noticeNumber: '穗府办函〔2021〕1号',
      status: 'planning',
      leadUnitId: coordinator.unitId,
      submissionOpensOn: '2021-06-01',
      submissionDeadline: '2021-08-31',
      reviewDeadline: null,
      approvalDeadline: null,
      version: 1,
    });
    expect(new Date(campaign.createdAt).toISOString()).toBe(at.toISOString());
    expect(new Date(campaign.updatedAt).toISOString()).toBe(at.toISOString());
    const options = await t.db
      .select({ code: classificationOptions.code, labelZh: classificationOptions.labelZh, sortOrder: classificationOptions.sortOrder })
      .from(classificationOptions)
      .where(eq(classificationOptions.campaignId, campaignId))
      .orderBy(asc(classificationOptions.sortOrder));
    expect(options).toEqual([
      { code: 'agree_cancel', labelZh: '同意取消', sortOrder: 1 },
      { code: 'retain', labelZh: '保留', sortOrder: 2 },
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.campaignId, a.actorId, a.after])).toEqual([
      ['campaign.created', 'campaign', campaignId, campaignId, coordinator.userId, { year: 2021, title: campaign.title, status: 'planning' }],
    ]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses anyone but a writing coordinator, a taken or impossible year, a blank title, a false date and a repeated code, writing nothing', async () => {
    const coordinator = await t.viewer('coordinator');
    const reviewer = await t.viewer('reviewer1');
    const count = await t.db.$count(campaigns);
    const before = await t.lastActivityId();
    const input = { year: 2022, title: '2022年精简工作' };
    await expect(t.run(reviewer, createCampaign, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run({ ...coordinator, readOnly: true }, createCampaign, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(coordinator, createCampaign, { ...input, year: 2019 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.year' });
    for (const year of [1999, 2101, 2022.5]) {
      await expect(t.run(coordinator, createCampaign, { ...input, year })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.year' });
    }
    await expect(t.run(coordinator, createCampaign, { ...input, title: '  ' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.title' });
    await expect(t.run(coordinator, createCampaign, { ...input, reviewDeadline: '2022-02-30' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.reviewDeadline' });
    const repeated = [
      { code: 'retain', labelZh: '保留', labelEn: 'Retain' },
      { code: 'retain', labelZh: '保留', labelEn: 'Retain' },
    ];
    await expect(t.run(coordinator, createCampaign, { ...input, classificationOptions: repeated })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.classificationOptions.1.code',
    });
    expect(await t.db.$count(campaigns)).toBe(count);
    expect(await t.activitySince(before)).toEqual([]);
  });
});

describe('updateCampaign', () => {
  it('moves the campaign forward and sets deadlines, recording before and after, stamped by the domain clock', async () => {
    const coordinator = await t.viewer('coordinator');
    const current = await campaignOf(2020);
    const before = await t.lastActivityId();
    await t.run(coordinator, updateCampaign, { campaignId: current.id, expectedVersion: current.version, status: 'submission', reviewDeadline: '2020-11-15' }, () => at);

    const updated = await campaignOf(2020);
    expect(updated).toMatchObject({ status: 'submission', reviewDeadline: '2020-11-15', submissionDeadline: current.submissionDeadline, version: current.version + 1 });
    expect(new Date(updated.updatedAt).toISOString()).toBe(at.toISOString());
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.campaignId, a.before, a.after])).toEqual([
      [
        'campaign.updated',
        current.id,
        current.id,
        { status: current.status, reviewDeadline: current.reviewDeadline },
        { status: 'submission', reviewDeadline: '2020-11-15', version: current.version + 1 },
      ],
    ]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses anyone but the coordinator, a step back, nothing to change, a stale version, a false date and a missing campaign, writing nothing', async () => {
    const coordinator = await t.viewer('coordinator');
    const approver = await t.viewer('approver');
    const current = await campaignOf(2019);
    const before = await t.lastActivityId();
    const input = { campaignId: current.id, expectedVersion: current.version };
    await expect(t.run(approver, updateCampaign, { ...input, status: 'closed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(coordinator, updateCampaign, { ...input, status: 'planning' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(t.run(coordinator, updateCampaign, input)).rejects.toMatchObject({ code: 'VALIDATION', field: 'input' });
    await expect(t.run(coordinator, updateCampaign, { ...input, expectedVersion: current.version - 1, approvalDeadline: '2020-01-10' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(t.run(coordinator, updateCampaign, { ...input, approvalDeadline: '1899-12-31' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.approvalDeadline' });
    await expect(t.run(coordinator, updateCampaign, { ...input, campaignId: 2_000_000_000, status: 'closed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await campaignOf(2019)).toEqual(current);
    expect(await t.activitySince(before)).toEqual([]);
  });
});
