import { campaigns, evaluations, units } from '@devolve/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { recordAssessment, saveSelfEvaluation, submitSelfEvaluation } from './commands.ts';

let t: CommandTestDatabase;
let campaignId: number;
let department: Viewer;
let district: Viewer;
let observer: Viewer;
let coordinator: Viewer;

const at = new Date('2020-03-02T01:00:00.000Z');
const clock = () => at;
const form = { results: '经审定取消3项、下放5项。', applicantChanges: '办理时限由20个工作日压减至10个工作日。', problems: '部分区系统对接滞后。', suggestions: '加强培训。' };

const evaluationRows = () => t.db.select().from(evaluations).where(eq(evaluations.campaignId, campaignId));
const setStatus = (status: 'review' | 'handover' | 'closed') => t.db.update(campaigns).set({ status }).where(eq(campaigns.id, campaignId));

beforeAll(async () => {
  t = await commandTestDatabase();
  const [campaign] = await t.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
  campaignId = campaign!.id;
  department = await t.viewer('gz-scjgj');
  district = await t.viewer('district-440106');
  observer = await t.viewer('observer');
  coordinator = await t.viewer('coordinator');
});
afterAll(() => t.dispose());

/** Runs `work` and expects it refused with `code`, having written nothing at all. */
async function refused(work: () => Promise<unknown>, code: string): Promise<void> {
  const before = await t.lastActivityId();
  const rows = await evaluationRows();
  await expect(work()).rejects.toMatchObject({ code });
  expect(await t.activitySince(before)).toEqual([]);
  expect(await evaluationRows()).toEqual(rows);
}

describe('saveSelfEvaluation and submitSelfEvaluation', () => {
  it('is refused before the handover stage, saying why', async () => {
    await refused(() => t.run(department, saveSelfEvaluation, { campaignId, ...form }, clock), 'INVALID_TRANSITION');
    await expect(t.run(department, saveSelfEvaluation, { campaignId, ...form }, clock)).rejects.toThrow(/handover stage/);
  });

  it('saves a draft, edits it at its version, submits it complete, and records each step by the domain clock', async () => {
    await setStatus('handover');
    const before = await t.lastActivityId();
    const { evaluationId } = await t.run(department, saveSelfEvaluation, { campaignId, results: form.results, problems: '  ' }, clock);
    expect((await evaluationRows()).find((e) => e.id === evaluationId)).toMatchObject({
      kind: 'self',
      status: 'draft',
      unitId: department.unitId,
      authorId: department.userId,
      results: form.results,
      problems: null,
      version: 1,
    });
    await refused(() => t.run(department, submitSelfEvaluation, { evaluationId, expectedVersion: 1 }, clock), 'VALIDATION');
    await refused(() => t.run(department, saveSelfEvaluation, { campaignId, ...form }, clock), 'VALIDATION');
    await refused(() => t.run(department, saveSelfEvaluation, { campaignId, ...form, expectedVersion: 7 }, clock), 'CONFLICT');
    await t.run(department, saveSelfEvaluation, { campaignId, ...form, expectedVersion: 1 }, clock);
    await refused(() => t.run(district, submitSelfEvaluation, { evaluationId, expectedVersion: 2 }, clock), 'NOT_FOUND');
    await t.run(department, submitSelfEvaluation, { evaluationId, expectedVersion: 2 }, clock);
    const [row] = await t.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(row).toMatchObject({ status: 'submitted', version: 3, ...form });
    expect(new Date(row!.submittedAt!).toISOString()).toBe(at.toISOString());
    expect(new Date(row!.updatedAt).toISOString()).toBe(at.toISOString());

    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.campaignId, a.actorId])).toEqual([
      ['evaluation.created', 'evaluation', evaluationId, campaignId, department.userId],
      ['evaluation.updated', 'evaluation', evaluationId, campaignId, department.userId],
      ['evaluation.submitted', 'evaluation', evaluationId, campaignId, department.userId],
    ]);
    expect(logged.every((a) => new Date(a.createdAt).toISOString() === at.toISOString())).toBe(true);

    await refused(() => t.run(department, saveSelfEvaluation, { campaignId, ...form, problems: '新问题', expectedVersion: 3 }, clock), 'INVALID_TRANSITION');
    await refused(() => t.run(department, submitSelfEvaluation, { evaluationId, expectedVersion: 3 }, clock), 'INVALID_TRANSITION');
  });

  it("a district's self-evaluation is seen by its district in the log; others may not write one", async () => {
    const before = await t.lastActivityId();
    const { evaluationId } = await t.run(district, saveSelfEvaluation, { campaignId, ...form }, clock);
    const [entry] = await t.activitySince(before);
    expect(entry).toMatchObject({ action: 'evaluation.created', entityId: evaluationId, districtId: district.unitId });
    await refused(() => t.run(coordinator, saveSelfEvaluation, { campaignId, ...form }, clock), 'FORBIDDEN');
    await refused(() => t.run(observer, saveSelfEvaluation, { campaignId, ...form }, clock), 'FORBIDDEN');
    await refused(() => t.run({ ...department, readOnly: true }, saveSelfEvaluation, { campaignId, ...form }, clock), 'FORBIDDEN');
  });
});

describe('recordAssessment', () => {
  it("records the evaluator's assessment of a unit, revises it at its version, and the overall one", async () => {
    const before = await t.lastActivityId();
    const { evaluationId } = await t.run(observer, recordAssessment, { campaignId, unitId: department.unitId, score: 4, summary: ' 取消下放事项落实到位。 ' }, clock);
    await t.run(observer, recordAssessment, { campaignId, unitId: department.unitId, score: 5, summary: '取消下放事项落实到位。', expectedVersion: 1 }, clock);
    const [row] = await t.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(row).toMatchObject({ kind: 'third_party', status: 'submitted', unitId: department.unitId, score: 5, summary: '取消下放事项落实到位。', version: 2, authorId: observer.userId });
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.before, a.after])).toEqual([
      ['evaluation.created', evaluationId, null, { kind: 'third_party', score: 4, summary: '取消下放事项落实到位。', status: 'submitted', submittedAt: at.toISOString() }],
      ['evaluation.updated', evaluationId, { score: 4 }, { score: 5 }],
    ]);
    // The seed holds an overall assessment of 2019: revising it needs its version.
    const [overall] = await t.db.select().from(evaluations).where(and(eq(evaluations.campaignId, campaignId), eq(evaluations.kind, 'third_party'), eq(evaluations.score, 4)));
    await refused(() => t.run(observer, recordAssessment, { campaignId, unitId: null, score: 3, summary: '总体评估' }, clock), 'VALIDATION');
    await t.run(observer, recordAssessment, { campaignId, unitId: null, score: 3, summary: '总体评估', expectedVersion: overall!.version }, clock);
  });

  it('refuses others, scores outside 1–5, blank text, units that are not assessed, and a closed campaign', async () => {
    const [lead] = await t.db.select({ id: units.id }).from(units).where(eq(units.kind, 'lead_office'));
    await refused(() => t.run(coordinator, recordAssessment, { campaignId, unitId: district.unitId, score: 3, summary: '好' }, clock), 'FORBIDDEN');
    await refused(() => t.run(department, recordAssessment, { campaignId, unitId: district.unitId, score: 3, summary: '好' }, clock), 'FORBIDDEN');
    await refused(() => t.run(observer, recordAssessment, { campaignId, unitId: district.unitId, score: 6, summary: '好' }, clock), 'VALIDATION');
    await refused(() => t.run(observer, recordAssessment, { campaignId, unitId: district.unitId, score: 3, summary: '  ' }, clock), 'VALIDATION');
    await refused(() => t.run(observer, recordAssessment, { campaignId, unitId: lead!.id, score: 3, summary: '好' }, clock), 'VALIDATION');
    await refused(() => t.run(observer, recordAssessment, { campaignId, unitId: 999_999, score: 3, summary: '好' }, clock), 'NOT_FOUND');
    await setStatus('closed');
    await refused(() => t.run(observer, recordAssessment, { campaignId, unitId: district.unitId, score: 3, summary: '好' }, clock), 'INVALID_TRANSITION');
  });
});
