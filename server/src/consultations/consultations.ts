import {
  consultations,
  consultationStatus,
  districtFeedback,
  districtStance,
  proposalDistricts,
  proposals,
  units,
} from '@devolve/db';
import { and, asc, eq, exists, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { bumpVersion, mutate, updateVersioned } from '../activity/mutate.ts';
import { isLiaisonOf } from '../accounts/permissions.ts';
import { builder } from '../builder.ts';
import { childCount } from '../counts.ts';
import { enumValuesOf } from '../enums.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { databaseIdOf } from '../ids.ts';
import { readableIdOf } from '../readable.ts';
import { checkPageArgs, pageSizes } from '../pagination.ts';
import { Proposal } from '../proposals/proposals.ts';
import { districtCount, Unit } from '../units/units.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { consultedActions, districtsToConsult, stanceNeedsReason } from './rules.ts';
import { canReadConsultation, canReadFeedback, visibleConsultations, visibleFeedback } from './visibility.ts';

export const DistrictStance = builder.enumType('DistrictStance', {
  description: '同意 agree, 附条件同意 agree with conditions, 不同意 disagree.',
  values: enumValuesOf(districtStance.enumValues),
});

export const ConsultationStatus = builder.enumType('ConsultationStatus', {
  values: enumValuesOf(consultationStatus.enumValues),
});

/** The department whose proposal is consulted on, for the read rules. */
const submittingUnitOf = (proposalId: AnyPgColumn | SQL) =>
  sql<number>`(select ${proposals.submittingUnitId} from ${proposals} where ${proposals.id} = ${proposalId})`;

export const DistrictFeedback = builder.drizzleNode('districtFeedback', {
  name: 'DistrictFeedback',
  description: "One district's answer to a consultation; the stance is null until the district answers.",
  id: { column: (feedback) => feedback.id },
  // node(id) and every nested path pass this check, so a district never reads another's answer.
  select: {
    columns: { districtId: true },
    extras: {
      audienceSubmittingUnitId: (table) =>
        submittingUnitOf(sql`(select ${consultations.proposalId} from ${consultations} where ${consultations.id} = ${table.consultationId})`),
    },
  },
  authScopes: (feedback, ctx) =>
    canReadFeedback(ctx.viewer, { districtId: feedback.districtId, submittingUnitId: feedback.audienceSubmittingUnitId }),
  fields: (t) => ({
    consultation: t.relation('consultation'),
    district: t.relation('district'),
    stance: t.expose('stance', { type: DistrictStance, nullable: true }),
    staffingNeeds: t.exposeString('staffingNeeds', { nullable: true, description: '编制 / 人员需求.' }),
    systemsNeeds: t.exposeString('systemsNeeds', { nullable: true, description: '业务系统需求.' }),
    trainingNeeds: t.exposeString('trainingNeeds', { nullable: true, description: '培训需求.' }),
    fundingNeeds: t.exposeString('fundingNeeds', { nullable: true, description: '经费需求.' }),
    capacityNotes: t.exposeString('capacityNotes', { nullable: true, description: '承接能力说明.' }),
    comments: t.exposeString('comments', { nullable: true }),
    respondedBy: t.relation('respondedBy', { nullable: true }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true }),
    version: t.exposeInt('version'),
  }),
});

export const Consultation = builder.drizzleNode('consultations', {
  name: 'Consultation',
  description: '征求意见: the coordinator asks the target districts whether they can take a power over.',
  id: { column: (consultation) => consultation.id },
  select: {
    columns: {},
    extras: {
      audienceSubmittingUnitId: (table) => submittingUnitOf(table.proposalId),
      audienceDistrictIds: (table) =>
        sql<number[]>`array(select ${districtFeedback.districtId} from ${districtFeedback} where ${districtFeedback.consultationId} = ${table.id})`,
    },
  },
  authScopes: (consultation, ctx) =>
    canReadConsultation(ctx.viewer, {
      submittingUnitId: consultation.audienceSubmittingUnitId,
      consultedDistrictIds: consultation.audienceDistrictIds,
    }),
  fields: (t) => ({
    proposal: t.relation('proposal'),
    openedBy: t.relation('openedBy'),
    deadline: t.expose('deadline', { type: 'DateTime' }),
    deadlinePassed: t.boolean({
      // By the domain clock, as the lifecycle's close_consultation decides (proposals/facts.ts).
      select: (_args, ctx) => ({ extras: { deadlinePassed: (table) => sql<boolean>`${table.deadline} < ${ctx.clock().toISOString()}::timestamptz` } }),
      resolve: (consultation) => consultation.deadlinePassed,
    }),
    status: t.expose('status', { type: ConsultationStatus }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    feedback: t.relation('feedback', {
      description: "The districts' answers; a district liaison sees only their own district's.",
      // One row per consulted district (a unique index): bounded by the districts.
      extensions: { maxItems: districtCount },
      query: (_args, ctx) => ({
        where: rawWhere((table: typeof districtFeedback) => visibleFeedback(table, ctx.viewer)),
        orderBy: { id: 'asc' },
      }),
    }),
    missingDistricts: t.field({
      type: [Unit],
      description: 'Consulted districts that have not answered yet (for a district liaison: only their own).',
      extensions: { maxItems: districtCount },
      select: (_args, ctx, nestedSelection) => ({
        with: {
          feedback: {
            columns: {},
            where: rawWhere((table: typeof districtFeedback) => and(isNull(table.stance), visibleFeedback(table, ctx.viewer))),
            orderBy: { id: 'asc' },
            with: { district: nestedSelection() },
          },
        },
      }),
      resolve: (consultation) => consultation.feedback.map((feedback) => feedback.district),
    }),
    consultedCount: t.int({
      description: 'Districts asked (that the viewer may see).',
      select: (_args, ctx) => ({
        extras: {
          consultedCount: childCount(districtFeedback, districtFeedback.consultationId, visibleFeedback(districtFeedback, ctx.viewer)),
        },
      }),
      resolve: (consultation) => consultation.consultedCount,
    }),
    answeredCount: t.int({
      description: 'Districts that have answered (that the viewer may see).',
      select: (_args, ctx) => ({
        extras: {
          answeredCount: childCount(
            districtFeedback,
            districtFeedback.consultationId,
            and(isNotNull(districtFeedback.stance), visibleFeedback(districtFeedback, ctx.viewer)),
          ),
        },
      }),
      resolve: (consultation) => consultation.answeredCount,
    }),
    version: t.exposeInt('version'),
  }),
});

/** The order of a proposal's consultations, which their cursors follow. */
const newestFirst = { id: 'desc' } as const;

builder.drizzleObjectFields(Proposal, (t) => ({
  consultations: t.relatedConnection('consultations', {
    description: `Consultations of the districts, newest first: the first is the current round. ${pageSizes.default} a page unless asked (\`first\`/\`last\` at most ${pageSizes.max}); \`pageInfo\` says whether there are more.`,
    query: (args, ctx) => {
      checkPageArgs(args, consultations, newestFirst, { nested: true });
      return {
        where: rawWhere((table: typeof consultations) => visibleConsultations(table, ctx.viewer)),
        orderBy: newestFirst,
      };
    },
  }),
}));

const proposalWhat = { zh: '精简意见', en: 'proposal' };
const feedbackWhat = { zh: '区级意见', en: 'district feedback' };

const OpenConsultationInput = builder.inputType('OpenConsultationInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    deadline: t.field({ type: 'DateTime', required: true }),
    districtIds: t.idList({
      required: false,
      description: "A subset of the proposal's target districts; all of them when omitted.",
    }),
  }),
});

builder.mutationField('openConsultation', (t) =>
  t.drizzleField({
    type: Consultation,
    errors: {},
    description: 'Puts a delegate or entrust proposal at the consultation stage to its target districts (coordinator).',
    authScopes: { canWrite: ['coordinator'] },
    args: { input: t.arg({ type: OpenConsultationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const proposalId = await readableIdOf(m.tx, m.viewer, String(input.proposalId), 'Proposal', 'input.proposalId');
        const requested = input.districtIds?.map((id) => databaseIdOf(String(id), 'Unit', 'input.districtIds'));
        if (Date.parse(input.deadline) <= Date.now()) {
          throw new ValidationError('input.deadline', '截止时间应晚于当前时间', 'The deadline must be in the future');
        }
        // Locking the proposal serialises concurrent attempts; consultations_open_per_proposal_key
        // keeps at most one open (its violation becomes the rule's error in activity/unique-rules.ts).
        const [proposal] = await m.tx
          .select({ id: proposals.id, campaignId: proposals.campaignId, action: proposals.action, stage: proposals.stage, status: proposals.status, version: proposals.version })
          .from(proposals)
          .where(eq(proposals.id, proposalId))
          .for('no key update');
        if (!proposal) throw new NotFoundError(proposalWhat, String(input.proposalId));
        if (!(consultedActions as readonly string[]).includes(proposal.action)) {
          throw new InvalidTransitionError('只有下放、委托类意见需要征求各区意见', 'Only delegate and entrust proposals are put to the districts');
        }
        if (proposal.stage !== 'consultation' || proposal.status !== 'active') {
          throw new InvalidTransitionError(
            '意见须处于征求意见阶段且正在办理中',
            'The proposal must be active at the consultation stage',
          );
        }

        const targets = await m.tx
          .select({ id: proposalDistricts.districtId })
          .from(proposalDistricts)
          .innerJoin(units, eq(units.id, proposalDistricts.districtId))
          .where(eq(proposalDistricts.proposalId, proposalId))
          .orderBy(asc(units.sortOrder), asc(units.id));
        const choice = districtsToConsult(
          targets.map((d) => d.id),
          requested,
        );
        if ('problem' in choice) {
          if (choice.problem === 'no_targets') {
            throw new InvalidTransitionError('该意见未指定承接的区，无法征求意见', 'The proposal names no target districts to consult');
          }
          throw new ValidationError(
            'input.districtIds',
            '征求意见的区须为该意见拟下放的区，且至少一个',
            "Consult at least one district, and only the proposal's target districts",
          );
        }
        const [consultation] = await m.tx
          .insert(consultations)
          .values({ proposalId, openedById: m.viewer!.userId, deadline: input.deadline })
          .returning();
        await m.tx
          .insert(districtFeedback)
          .values(choice.districtIds.map((districtId) => ({ consultationId: consultation!.id, districtId })));
        // An open consultation changes what may be done with the proposal (close_consultation).
        const version = await bumpVersion(m.tx, proposals, proposalId);
        m.record({
          action: 'consultation.opened',
          entityId: consultation!.id,
          campaignId: proposal.campaignId,
          proposalId,
          after: { deadline: input.deadline, districtIds: choice.districtIds, proposalVersion: version },
        });
        return (await m.tx.query.consultations.findFirst(query({ where: { id: consultation!.id } })))!;
      }),
  }),
);

const AnswerConsultationInput = builder.inputType('AnswerConsultationInput', {
  fields: (t) => ({
    feedbackId: t.id({ required: true }),
    stance: t.field({ type: DistrictStance, required: true }),
    staffingNeeds: t.string(),
    systemsNeeds: t.string(),
    trainingNeeds: t.string(),
    fundingNeeds: t.string(),
    capacityNotes: t.string(),
    comments: t.string({ description: 'Required (or capacityNotes) when agreeing with conditions or disagreeing.' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('answerConsultation', (t) =>
  t.drizzleField({
    type: DistrictFeedback,
    errors: {},
    description: "A district liaison answers for their own district while the consultation is open; answering again replaces the answer.",
    authScopes: { canWrite: ['district_liaison'] },
    args: { input: t.arg({ type: AnswerConsultationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const feedbackId = await readableIdOf(m.tx, m.viewer, String(input.feedbackId), 'DistrictFeedback', 'input.feedbackId');
        const [current] = await m.tx
          .select({
            districtId: districtFeedback.districtId,
            stance: districtFeedback.stance,
            consultationStatus: consultations.status,
            proposalId: consultations.proposalId,
            campaignId: proposals.campaignId,
          })
          .from(districtFeedback)
          .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
          .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
          .where(eq(districtFeedback.id, feedbackId))
          // The answer is decided on the consultation being open: closing it (an UPDATE) waits for
          // this answer to commit, or this read waits for the close and sees it.
          .for('share', { of: consultations });
        if (!current) throw new NotFoundError(feedbackWhat, String(input.feedbackId));
        if (!isLiaisonOf(m.viewer, current.districtId)) {
          throw new ForbiddenError('只能答复本区的征求意见', "You can only answer your own district's consultation");
        }
        const answer = {
          stance: input.stance,
          staffingNeeds: optionalText(input.staffingNeeds, 'input.staffingNeeds', textLimits.freeText),
          systemsNeeds: optionalText(input.systemsNeeds, 'input.systemsNeeds', textLimits.freeText),
          trainingNeeds: optionalText(input.trainingNeeds, 'input.trainingNeeds', textLimits.freeText),
          fundingNeeds: optionalText(input.fundingNeeds, 'input.fundingNeeds', textLimits.freeText),
          capacityNotes: optionalText(input.capacityNotes, 'input.capacityNotes', textLimits.freeText),
          comments: optionalText(input.comments, 'input.comments', textLimits.freeText),
        };
        if (stanceNeedsReason(answer.stance) && answer.comments === null && answer.capacityNotes === null) {
          throw new ValidationError(
            'input.comments',
            '附条件同意或不同意时，请在意见或承接能力说明中写明条件或理由',
            'Agreeing with conditions or disagreeing needs the conditions or reasons in comments or capacity notes',
          );
        }
        if (current.consultationStatus !== 'open') {
          throw new InvalidTransitionError('征求意见已结束，不能再答复', 'The consultation is closed; it takes no more answers');
        }
        await updateVersioned(
          m.tx,
          districtFeedback,
          { id: feedbackId, expectedVersion: input.expectedVersion, typename: 'DistrictFeedback', what: feedbackWhat },
          { ...answer, respondedById: m.viewer!.userId, respondedAt: new Date().toISOString() },
        );
        m.record({
          action: 'consultation.answered',
          entityId: feedbackId,
          campaignId: current.campaignId,
          proposalId: current.proposalId,
          districtId: current.districtId,
          before: { stance: current.stance },
          after: { stance: answer.stance },
        });
        return (await m.tx.query.districtFeedback.findFirst(query({ where: { id: feedbackId } })))!;
      }),
  }),
);

const DistrictConsultationFilter = builder.inputType('DistrictConsultationFilter', {
  fields: (t) => ({
    open: t.boolean({ description: 'true: only open consultations; false: only closed ones.' }),
    answered: t.boolean({ description: 'true: only those the district has answered; false: only those still waiting for its answer.' }),
  }),
});

/** The signed-in liaison's district's feedback rows under the filter, as SQL over `table`. */
function ownDistrictFeedback(
  table: typeof districtFeedback,
  districtId: number,
  filter: { open?: boolean | null; answered?: boolean | null } | null | undefined,
) {
  const open = filter?.open;
  const answered = filter?.answered;
  return and(
    eq(table.districtId, districtId),
    answered == null ? undefined : answered ? isNotNull(table.stance) : isNull(table.stance),
    open == null
      ? undefined
      : exists(
          sql`(select 1 from ${consultations} where ${consultations.id} = ${table.consultationId} and ${consultations.status} = ${open ? 'open' : 'closed'})`,
        ),
  );
}

/** The connection's order, which its cursors follow. */
const newestFeedbackFirst = { id: 'desc' } as const;

builder.queryField('districtConsultations', (t) =>
  t.drizzleConnection({
    type: 'districtFeedback',
    description: "The district portal: the signed-in liaison's district's consultation answers (asked or given), newest first.",
    authScopes: { anyRole: ['district_liaison'] },
    args: { filter: t.arg({ type: DistrictConsultationFilter }) },
    totalCount: (_root, args, ctx) =>
      ctx.db.$count(districtFeedback, ownDistrictFeedback(districtFeedback, ctx.viewer!.unitId, args.filter)),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, districtFeedback, newestFeedbackFirst);
      return ctx.db.query.districtFeedback.findMany(
        query({
          where: rawWhere((table: typeof districtFeedback) => ownDistrictFeedback(table, ctx.viewer!.unitId, args.filter)),
          orderBy: newestFeedbackFirst,
        }),
      );
    },
  }),
);
