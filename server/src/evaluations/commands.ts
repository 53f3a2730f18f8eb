import { campaigns, evaluations, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, isNull } from 'drizzle-orm';
import { type Command, type Mutation, updateVersioned } from '../activity/mutate.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { campaignWhat } from '../campaigns/commands.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { notFound, requireReadable } from '../readable.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';
import {
  blankFields,
  canAssess,
  canSelfEvaluate,
  evaluationClosedReason,
  isScore,
  scoreRange,
  type SelfEvaluationForm,
  selfEvaluationFieldNames,
  selfEvaluationFields,
} from './rules.ts';

/** The evaluation (成效评估) commands: units' self-evaluations and the evaluator's assessments. */

const evaluationWhat = { zh: '成效评估', en: 'evaluation' };
type EvaluationRow = typeof evaluations.$inferSelect;

/** The campaign of `campaignId`, refused unless its path has reached evaluation (rules.ts). */
async function evaluableCampaign(m: Mutation<Viewer>, campaignId: number): Promise<void> {
  const [campaign] = await m.tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) throw new NotFoundError(campaignWhat, encodeGlobalID('Campaign', campaignId));
  const closed = evaluationClosedReason(campaign.status);
  if (closed) throw new InvalidTransitionError(closed.zh, closed.en);
}

/**
 * Writes an evaluation: a new row, or the changed fields of the one there (locked by the caller's
 * select) at the version its author saw. Records evaluation.created or evaluation.updated.
 */
async function writeEvaluation(
  m: Mutation<Viewer>,
  target: { campaignId: number; unitId: number | null; unitKind: string | null; kind: EvaluationRow['kind'] },
  existing: EvaluationRow | undefined,
  values: Partial<Pick<EvaluationRow, 'score' | 'summary' | 'results' | 'applicantChanges' | 'problems' | 'suggestions' | 'status' | 'submittedAt'>>,
  expectedVersion: number | null | undefined,
): Promise<number> {
  if (expectedVersion != null && !(Number.isInteger(expectedVersion) && expectedVersion >= 1)) {
    throw new ValidationError('input.expectedVersion', '版本号应为正整数', 'The version is a positive whole number');
  }
  const now = m.now.toISOString();
  const districtId = target.unitKind === 'district' ? target.unitId : null;
  if (!existing) {
    const [row] = await m.tx
      .insert(evaluations)
      .values({ campaignId: target.campaignId, unitId: target.unitId, kind: target.kind, authorId: m.viewer.userId, ...values, createdAt: now, updatedAt: now })
      .returning({ id: evaluations.id });
    m.record({ action: 'evaluation.created', entityId: row!.id, campaignId: target.campaignId, districtId, after: { kind: target.kind, ...values } });
    return row!.id;
  }
  if (expectedVersion == null) {
    throw new ValidationError('input.expectedVersion', '请提供所修改评估的版本号', 'Give the version of the evaluation you are changing');
  }
  const changed = (Object.keys(values) as (keyof typeof values)[]).filter((key) => values[key] !== existing[key]);
  if (changed.length === 0) throw new ValidationError('input', '没有需要更新的内容', 'Nothing to change');
  await updateVersioned(
    m.tx,
    evaluations,
    { id: existing.id, expectedVersion, typename: 'Evaluation', what: evaluationWhat },
    { ...Object.fromEntries(changed.map((key) => [key, values[key]])), authorId: m.viewer.userId, updatedAt: now },
  );
  m.record({
    action: values.status === 'submitted' ? 'evaluation.submitted' : 'evaluation.updated',
    entityId: existing.id,
    campaignId: target.campaignId,
    districtId,
    before: Object.fromEntries(changed.map((key) => [key, existing[key]])),
    after: Object.fromEntries(changed.map((key) => [key, values[key]])),
  });
  return existing.id;
}

export interface SaveSelfEvaluationInput extends Partial<SelfEvaluationForm> {
  campaignId: number;
  /** The version of the unit's draft the form was loaded at; none for the first save. */
  expectedVersion?: number | null;
}

/**
 * Saves the viewer's unit's self-evaluation (自评) of a campaign as a draft: created at the first
 * save, changed at the next. A department's submitter or a district's liaison, while the campaign
 * can be evaluated; a submitted one no longer changes. One per unit and campaign (a unique index).
 */
export const saveSelfEvaluation: Command<SaveSelfEvaluationInput, { evaluationId: number }> = async (m, input) => {
  if (!canSelfEvaluate(m.viewer)) {
    throw new ForbiddenError('自评由市直单位的填报人员或区政府联络员填写', "A self-evaluation is written by a department's submitter or a district's liaison");
  }
  await evaluableCampaign(m, input.campaignId);
  const form = Object.fromEntries(
    selfEvaluationFields.map((field) => [field, optionalText(input[field], `input.${field}`, textLimits.freeText)]),
  ) as SelfEvaluationForm;
  const [existing] = await m.tx
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.campaignId, input.campaignId), eq(evaluations.unitId, m.viewer.unitId), eq(evaluations.kind, 'self')))
    .for('update');
  if (existing?.status === 'submitted') {
    throw new InvalidTransitionError('本单位的自评已提交，不能再修改', "Your unit's self-evaluation is submitted and can no longer change");
  }
  const target = { campaignId: input.campaignId, unitId: m.viewer.unitId, unitKind: m.viewer.unitKind, kind: 'self' as const };
  const evaluationId = await writeEvaluation(m, target, existing, existing ? form : { ...form, status: 'draft' }, input.expectedVersion);
  return { evaluationId };
};

/** Submits a draft self-evaluation once every part of the form is filled in; it is final. */
export const submitSelfEvaluation: Command<{ evaluationId: number; expectedVersion: number }, { evaluationId: number }> = async (m, input) => {
  await requireReadable(m, 'Evaluation', input.evaluationId);
  const [existing] = await m.tx.select().from(evaluations).where(eq(evaluations.id, input.evaluationId)).for('update');
  if (!existing) throw notFound('Evaluation', encodeGlobalID('Evaluation', input.evaluationId));
  if (existing.kind !== 'self' || existing.unitId !== m.viewer.unitId || !canSelfEvaluate(m.viewer)) {
    throw new ForbiddenError('只能提交本单位的自评', "You can only submit your own unit's self-evaluation");
  }
  await evaluableCampaign(m, existing.campaignId);
  if (existing.status === 'submitted') throw new InvalidTransitionError('本单位的自评已提交', "Your unit's self-evaluation is already submitted");
  const [blank] = blankFields(existing);
  if (blank) {
    const name = selfEvaluationFieldNames[blank];
    throw new ValidationError(`input.${blank}`, `请先填写“${name.zh}”再提交`, `Fill in “${name.en}” before submitting`);
  }
  const target = { campaignId: existing.campaignId, unitId: existing.unitId, unitKind: m.viewer.unitKind, kind: existing.kind };
  await writeEvaluation(m, target, existing, { status: 'submitted', submittedAt: m.now.toISOString() }, input.expectedVersion);
  return { evaluationId: existing.id };
};

export interface RecordAssessmentInput {
  campaignId: number;
  /** The unit assessed (a department or district); null for the assessment of the whole campaign. */
  unitId: number | null;
  score: number;
  summary: string;
  /** The version of the assessment being changed; none for a new one. */
  expectedVersion?: number | null;
}

/**
 * The third-party evaluator records (or revises) its assessment of one participating unit, or its
 * overall assessment of the campaign: a score of 1–5 and its reasons. One of each per campaign.
 */
export const recordAssessment: Command<RecordAssessmentInput, { evaluationId: number }> = async (m, input) => {
  if (!canAssess(m.viewer)) throw new ForbiddenError('评估意见由第三方评估机构录入', 'Assessments are recorded by the third-party evaluator');
  await evaluableCampaign(m, input.campaignId);
  let unitKind: string | null = null;
  if (input.unitId !== null) {
    const [unit] = await m.tx.select({ kind: units.kind }).from(units).where(eq(units.id, input.unitId));
    if (!unit) throw new NotFoundError({ zh: '单位', en: 'unit' }, encodeGlobalID('Unit', input.unitId));
    if (unit.kind !== 'department' && unit.kind !== 'district') {
      throw new ValidationError('input.unitId', '只评估市直单位和区政府', 'Only departments and districts are assessed');
    }
    unitKind = unit.kind;
  }
  if (!isScore(input.score)) {
    throw new ValidationError('input.score', `评分应为 ${scoreRange.min} 至 ${scoreRange.max} 的整数`, `The score is a whole number from ${scoreRange.min} to ${scoreRange.max}`);
  }
  const summary = requiredText(input.summary, 'input.summary', textLimits.freeText);
  const [existing] = await m.tx
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.campaignId, input.campaignId),
        eq(evaluations.kind, 'third_party'),
        input.unitId === null ? isNull(evaluations.unitId) : eq(evaluations.unitId, input.unitId),
      ),
    )
    .for('update');
  const target = { campaignId: input.campaignId, unitId: input.unitId, unitKind, kind: 'third_party' as const };
  const values = { score: input.score, summary, ...(existing ? {} : { status: 'submitted' as const, submittedAt: m.now.toISOString() }) };
  const evaluationId = await writeEvaluation(m, target, existing, values, input.expectedVersion);
  return { evaluationId };
};
