import { evaluationKind, evaluations, evaluationStatus } from '@devolve/db';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { isTeam } from '../accounts/permissions.ts';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { Unit } from '../units/units.ts';
import { recordAssessment, saveSelfEvaluation, submitSelfEvaluation } from './commands.ts';
import { participatingUnits } from './participants.ts';
import { selfEvaluationPrefill } from './prefill.ts';
import { canAssess, canSelfEvaluate, evaluationClosedReason, type Text } from './rules.ts';
import { canReadEvaluation, visibleEvaluations } from './visibility.ts';

export const EvaluationKind = builder.enumType('EvaluationKind', {
  description: '自评 a unit’s self-evaluation, 第三方评估 the evaluator’s assessment.',
  values: enumValuesOf(evaluationKind.enumValues),
});

export const EvaluationStatus = builder.enumType('EvaluationStatus', {
  description: '草稿 draft (a self-evaluation being written), 已提交 submitted (final).',
  values: enumValuesOf(evaluationStatus.enumValues),
});

export const Evaluation = builder.drizzleNode('evaluations', {
  name: 'Evaluation',
  description:
    '成效评估: a unit’s self-evaluation of a campaign (results, what changed for applicants, problems, suggestions), or the third-party assessment (score and text) of a unit or, with no unit, of the whole campaign.',
  id: { column: (evaluation) => evaluation.id },
  select: { columns: { unitId: true } },
  authScopes: (evaluation, ctx) => canReadEvaluation(ctx.viewer, evaluation),
  fields: (t) => ({
    campaign: t.relation('campaign'),
    unit: t.relation('unit', { nullable: true, description: 'The unit evaluated; null for the overall assessment.' }),
    kind: t.expose('kind', { type: EvaluationKind }),
    status: t.expose('status', { type: EvaluationStatus }),
    author: t.relation('author'),
    score: t.exposeInt('score', { nullable: true, description: 'The assessment’s score, 1–5.' }),
    summary: t.exposeString('summary', { nullable: true, description: 'The assessment’s text.' }),
    results: t.exposeString('results', { nullable: true, description: '精简下放情况: what was cut or handed down.' }),
    applicantChanges: t.exposeString('applicantChanges', { nullable: true, description: '企业群众办事变化: what changed for applicants.' }),
    problems: t.exposeString('problems', { nullable: true, description: '存在问题.' }),
    suggestions: t.exposeString('suggestions', { nullable: true, description: '意见建议.' }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

interface EvaluationWindowShape {
  reason: Text | null;
  canSelfEvaluate: boolean;
  canAssess: boolean;
}

const EvaluationWindow = builder.objectRef<EvaluationWindowShape>('EvaluationWindow').implement({
  description: 'Whether the campaign’s results can be evaluated now, why not, and what the viewer may do.',
  fields: (t) => ({
    open: t.boolean({ resolve: (w) => w.reason === null }),
    reasonZh: t.string({ nullable: true, description: 'Why evaluation is not open (Chinese); null when open.', resolve: (w) => w.reason?.zh ?? null }),
    reasonEn: t.string({ nullable: true, description: 'Why evaluation is not open (English); null when open.', resolve: (w) => w.reason?.en ?? null }),
    canSelfEvaluate: t.boolean({ description: 'The viewer writes their unit’s self-evaluation (when open).', resolve: (w) => w.canSelfEvaluate }),
    canAssess: t.boolean({ description: 'The viewer records assessments (when open).', resolve: (w) => w.canAssess }),
  }),
});

builder.drizzleObjectFields(Campaign, (t) => ({
  evaluationWindow: t.field({
    type: EvaluationWindow,
    select: { columns: { status: true } },
    resolve: (campaign, _args, ctx) => ({
      reason: evaluationClosedReason(campaign.status),
      canSelfEvaluate: canSelfEvaluate(ctx.viewer),
      canAssess: canAssess(ctx.viewer),
    }),
  }),
  evaluations: t.relation('evaluations', {
    description:
      'The evaluations of the campaign the viewer may read (the team all, a unit its own self-evaluation and the assessment of it). At most one of each kind per unit, so the list is bounded by the units.',
    args: {
      kind: t.arg({ type: EvaluationKind }),
      overall: t.arg.boolean({ description: 'true: only the overall assessment; false: only those of a unit.' }),
    },
    query: (args, ctx) => ({
      where: rawWhere((table: typeof evaluations) =>
        and(
          visibleEvaluations(table, ctx.viewer),
          args.kind ? eq(table.kind, args.kind) : undefined,
          args.overall == null ? undefined : args.overall ? isNull(table.unitId) : sql`${table.unitId} is not null`,
        ),
      ),
      orderBy: { id: 'asc' },
    }),
  }),
  evaluationParticipants: t.field({
    type: [Unit],
    description:
      'The units taking part in the evaluation (departments that submitted proposals, districts taking powers over), in display order: the team only, an empty list for others. Bounded by the units (about 70).',
    select: { columns: { id: true } },
    resolve: (campaign, _args, ctx) =>
      isTeam(ctx.viewer)
        ? ctx.db.query.units.findMany({
            where: { RAW: (table) => and(inArray(table.kind, ['department', 'district']), sql`${table.id} in ${participatingUnits(campaign.id)}`)! },
            orderBy: { kind: 'asc', sortOrder: 'asc', id: 'asc' },
          })
        : [],
  }),
  selfEvaluationPrefill: t.string({
    nullable: true,
    description: 'The viewer’s unit’s results in this campaign, as the self-evaluation form starts its first part; null for a viewer with no form.',
    select: { columns: { id: true } },
    resolve: (campaign, _args, ctx) => selfEvaluationPrefill(ctx.db, ctx.viewer, campaign.id),
  }),
}));

const SaveSelfEvaluationInput = builder.inputType('SaveSelfEvaluationInput', {
  description: 'The whole form, as the unit last wrote it; a blank part is saved empty.',
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign, required: true }),
    results: t.string(),
    applicantChanges: t.string(),
    problems: t.string(),
    suggestions: t.string(),
    expectedVersion: t.int({ description: 'The version of the unit’s draft the form was loaded at; leave out for the first save.' }),
  }),
});

builder.mutationField('saveSelfEvaluation', (t) =>
  t.withAuth({ canWrite: ['submitter', 'district_liaison'] }).drizzleField({
    type: Evaluation,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: "Saves the viewer's unit's self-evaluation (自评) of a campaign as a draft, from the handover stage on until the campaign closes.",
    args: { input: t.arg({ type: SaveSelfEvaluationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { evaluationId } = await runCommand(ctx, ctx.viewer, saveSelfEvaluation, {
        ...input,
        campaignId: input.campaignId.id,
      });
      return (await ctx.db.query.evaluations.findFirst(query({ where: { id: evaluationId } })))!;
    },
  }),
);

const SubmitSelfEvaluationInput = builder.inputType('SubmitSelfEvaluationInput', {
  fields: (t) => ({
    evaluationId: t.globalID({ for: Evaluation, required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('submitSelfEvaluation', (t) =>
  t.withAuth({ canWrite: ['submitter', 'district_liaison'] }).drizzleField({
    type: Evaluation,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: 'Submits a draft self-evaluation once every part of the form is filled in; it is then final.',
    args: { input: t.arg({ type: SubmitSelfEvaluationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { evaluationId } = await runCommand(ctx, ctx.viewer, submitSelfEvaluation, {
        evaluationId: input.evaluationId.id,
        expectedVersion: input.expectedVersion,
      });
      return (await ctx.db.query.evaluations.findFirst(query({ where: { id: evaluationId } })))!;
    },
  }),
);

const RecordAssessmentInput = builder.inputType('RecordAssessmentInput', {
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign, required: true }),
    unitId: t.globalID({ for: Unit, description: 'The department or district assessed; leave out for the overall assessment of the campaign.' }),
    score: t.int({ required: true, description: '1 (poor) to 5 (excellent).' }),
    summary: t.string({ required: true }),
    expectedVersion: t.int({ description: 'The version of the assessment being revised; leave out for a new one.' }),
  }),
});

builder.mutationField('recordAssessment', (t) =>
  t.withAuth({ canWrite: ['observer'] }).drizzleField({
    type: Evaluation,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: 'The third-party evaluator records or revises its assessment of a unit, or of the whole campaign, from the handover stage on.',
    args: { input: t.arg({ type: RecordAssessmentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { evaluationId } = await runCommand(ctx, ctx.viewer, recordAssessment, {
        campaignId: input.campaignId.id,
        unitId: input.unitId?.id ?? null,
        score: input.score,
        summary: input.summary,
        expectedVersion: input.expectedVersion,
      });
      return (await ctx.db.query.evaluations.findFirst(query({ where: { id: evaluationId } })))!;
    },
  }),
);
