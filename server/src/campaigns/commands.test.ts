import { campaigns, campaignUnits, classificationOptions, units } from '@devolve/db';
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

/** Two municipal departments and a district, by database id. */
async function someUnits() {
  const departments = await t.db.select({ id: units.id }).from(units).where(eq(units.kind, 'department')).orderBy(asc(units.id)).limit(2);
  const [district] = await t.db.select({ id: units.id }).from(units).where(eq(units.kind, 'district')).limit(1);
  return { departmentIds: departments.map((d) => d.id), districtId: district!.id };
}

const unitIdsOf = async (campaignId: number) =>
  (await t.db.select({ unitId: campaignUnits.unitId }).from(campaignUnits).where(eq(campaignUnits.campaignId, campaignId)).orderBy(asc(campaignUnits.unitId))).map((r) => r.unitId);

async function campaignOf(year: number) {
  const [campaign] = await t.db.select().from(campaigns).where(eq(campaigns.year, year));
  return campaign!;
}

describe('createCampaign', () => {
  it("opens a year's round in planning, led by the coordinator's unit, with its units, schedule and vocabulary, stamped by the domain clock", async () => {
    const coordinator = await t.viewer('coordinator');
    const { departmentIds } = await someUnits();
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
        legalityOpensOn: '2021-09-01',
        approvalDeadline: null,
        unitIds: [departmentIds[1]!, departmentIds[0]!, departmentIds[1]!],
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
      legalityOpensOn: '2021-09-01',
      reviewDeadline: null,
      approvalDeadline: null,
      version: 1,
    });
    expect(await unitIdsOf(campaignId)).toEqual(departmentIds);
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
      [
        'campaign.created',
        'campaign',
        campaignId,
        campaignId,
        coordinator.userId,
        {
          year: 2021,
          title: campaign.title,
          status: 'planning',
          submissionOpensOn: '2021-06-01',
          submissionDeadline: '2021-08-31',
          legalityOpensOn: '2021-09-01',
          approvalDeadline: null,
          unitIds: [departmentIds[1], departmentIds[0]],
        },
      ],
    ]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
  });

  it("starts from the previous year's vocabulary when none is given", async () => {
    const coordinator = await t.viewer('coordinator');
    const { campaignId } = await t.run(coordinator, createCampaign, { year: 2024, title: '2024年精简工作' }, () => at);
    const codes = await t.db
      .select({ code: classificationOptions.code })
      .from(classificationOptions)
      .where(eq(classificationOptions.campaignId, campaignId))
      .orderBy(asc(classificationOptions.sortOrder));
    // 2021's, the latest round before 2024 (created above).
    expect(codes.map((c) => c.code)).toEqual(['agree_cancel', 'retain']);
  });

  it('refuses anyone but a writing coordinator, a taken or impossible year, a blank title, a false date, a schedule out of order, a unit that is not a department and a repeated code, writing nothing', async () => {
    const coordinator = await t.viewer('coordinator');
    const reviewer = await t.viewer('reviewer1');
    const count = await t.db.$count(campaigns);
    const unitRows = await t.db.$count(campaignUnits);
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
    await expect(t.run(coordinator, createCampaign, { ...input, reviewOpensOn: '2022-05-01', reviewDeadline: '2022-04-30' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.reviewDeadline',
    });
    const { departmentIds, districtId } = await someUnits();
    await expect(t.run(coordinator, createCampaign, { ...input, unitIds: [departmentIds[0]!, districtId] })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.unitIds.1',
    });
    const repeated = [
      { code: 'retain', labelZh: '保留', labelEn: 'Retain' },
      { code: 'retain', labelZh: '保留', labelEn: 'Retain' },
    ];
    await expect(t.run(coordinator, createCampaign, { ...input, classificationOptions: repeated })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.classificationOptions.1.code',
    });
    expect(await t.db.$count(campaigns)).toBe(count);
    expect(await t.db.$count(campaignUnits)).toBe(unitRows);
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

  it("replaces the units taking part, and publishing sets publishedOn to the city's day by the domain clock, once", async () => {
    const coordinator = await t.viewer('coordinator');
    const { departmentIds } = await someUnits();
    const current = await campaignOf(2021);
    const before = await t.lastActivityId();
    await t.run(coordinator, updateCampaign, { campaignId: current.id, expectedVersion: current.version, unitIds: [departmentIds[0]!] }, () => at);
    expect(await unitIdsOf(current.id)).toEqual([departmentIds[0]]);
    await t.run(coordinator, updateCampaign, { campaignId: current.id, expectedVersion: current.version + 1, status: 'published' }, () => at);
    // 2019-12-30T07:00Z is 15:00 that day in Guangzhou.
    expect(await campaignOf(2021)).toMatchObject({ status: 'published', publishedOn: '2019-12-30' });
    await t.run(coordinator, updateCampaign, { campaignId: current.id, expectedVersion: current.version + 2, status: 'handover' }, () => new Date('2020-01-05T02:00:00Z'));
    expect(await campaignOf(2021)).toMatchObject({ status: 'handover', publishedOn: '2019-12-30' });
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.before, a.after])).toEqual([
      [{ unitIds: departmentIds }, { unitIds: [departmentIds[0]], version: current.version + 1 }],
      [{ status: 'planning', publishedOn: null }, { status: 'published', publishedOn: '2019-12-30', version: current.version + 2 }],
      [{ status: 'published' }, { status: 'handover', version: current.version + 3 }],
    ]);
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
    // The 2019 submission opened on 15 July: its deadline cannot come before.
    await expect(t.run(coordinator, updateCampaign, { ...input, submissionDeadline: '2019-07-01' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.submissionDeadline' });
    await expect(t.run(coordinator, updateCampaign, { ...input, campaignId: 2_000_000_000, status: 'closed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await campaignOf(2019)).toEqual(current);
    expect(await t.activitySince(before)).toEqual([]);
  });
});
