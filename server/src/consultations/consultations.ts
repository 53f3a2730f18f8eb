import {
  consultations,
  consultationStatus,
  districtFeedback,
  districtStance,
  proposals,
} from '@devolve/db';
import { and, eq, exists, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { childCount } from '../counts.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import type { GlobalId } from '../ids.ts';
import { checkPageArgs, pageSizes } from '../pagination.ts';
import { Proposal } from '../proposals/proposals.ts';
import { maxBulkItems } from '../proposals/transitions.ts';
import { districtCount, Unit } from '../units/units.ts';
import { answerConsultations, openConsultations } from './commands.ts';
import { maxConsultedDepartments } from './rules.ts';
import { canReadConsultation, canReadFeedback, visibleConsultations, visibleFeedback } from './visibility.ts';

export const DistrictStance = builder.enumType('DistrictStance', {
  description: '同意 agree, 附条件同意 agree with conditions, 不同意 disagree.',
  values: enumValuesOf(districtStance.enumValues),
});

export const ConsultationStatus = builder.enumType('ConsultationStatus', {
  values: enumValuesOf(consultationStatus.enumValues),
});

/** How many units one consultation asks at most: every district, and the other departments. */
const maxConsultedUnits = districtCount + maxConsultedDepartments;

/** The department whose proposal is consulted on, for the read rules. */
const submittingUnitOf = (proposalId: AnyPgColumn | SQL) =>
  sql<number>`(select ${proposals.submittingUnitId} from ${proposals} where ${proposals.id} = ${proposalId})`;

export const DistrictFeedback = builder.drizzleNode('districtFeedback', {
  name: 'DistrictFeedback',
  description:
    "One consulted unit's answer to a consultation: a target district's, or another municipal department's (the type keeps its first name from when only districts were asked). The stance is null until the unit answers.",
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
    unit: t.relation('district', { description: 'The unit asked: a district government, or a municipal department.' }),
    district: t.relation('district', {
      description: 'The unit asked (a district, or a municipal department when other departments are consulted).',
      deprecationReason: 'May be a department: use `unit`.',
    }),
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
  description:
    "征求意见: the coordinator asks the target districts whether they can take a power over, and other municipal departments where the item touches them.",
  id: { column: (consultation) => consultation.id },
  select: {
    columns: {},
    extras: {
      audienceSubmittingUnitId: (table) => submittingUnitOf(table.proposalId),
      audienceUnitIds: (table) =>
        sql<number[]>`array(select ${districtFeedback.districtId} from ${districtFeedback} where ${districtFeedback.consultationId} = ${table.id})`,
    },
  },
  authScopes: (consultation, ctx) =>
    canReadConsultation(ctx.viewer, {
      submittingUnitId: consultation.audienceSubmittingUnitId,
      consultedUnitIds: consultation.audienceUnitIds,
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
      description: "The consulted units' answers (districts first, in the order asked); a consulted unit sees only its own.",
      // One row per consulted unit (a unique index): bounded by the districts and the departments one round may ask.
      extensions: { maxItems: maxConsultedUnits },
      query: (_args, ctx) => ({
        where: rawWhere((table: typeof districtFeedback) => visibleFeedback(table, ctx.viewer)),
        orderBy: { id: 'asc' },
      }),
    }),
    missingDistricts: t.field({
      type: [Unit],
      description:
        'Consulted units (districts, and other departments asked) that have not answered yet; for a consulted unit only itself.',
      extensions: { maxItems: maxConsultedUnits },
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
      description: 'Units asked, districts and departments (that the viewer may see).',
      select: (_args, ctx) => ({
        extras: {
          consultedCount: childCount(districtFeedback, districtFeedback.consultationId, visibleFeedback(districtFeedback, ctx.viewer)),
        },
      }),
      resolve: (consultation) => consultation.consultedCount,
    }),
    answeredCount: t.int({
      description: 'Units that have answered (that the viewer may see).',
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
    everyoneAnswered: t.boolean({
      description:
        'Whether every unit asked has answered, counted over all of them (a district sees only its own feedback, so its counts cannot tell): what "各区均已答复" may say.',
      select: {
        extras: { unansweredCount: childCount(districtFeedback, districtFeedback.consultationId, isNull(districtFeedback.stance)) },
      },
      resolve: (consultation) => consultation.unansweredCount === 0,
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

/** The units a new consultation asks, as the command takes them from an input's global ids. */
const consultedUnits = (input: { districtIds?: readonly GlobalId[] | null; departmentIds?: readonly GlobalId[] | null }) => ({
  districtIds: input.districtIds?.map(({ id }) => id),
  departmentIds: input.departmentIds?.map(({ id }) => id),
});

const consultedUnitFields = {
  districtIds: "A subset of the proposal's target districts; all of them when omitted.",
  departmentIds: `Other municipal departments the item touches, asked as well (at most ${maxConsultedDepartments}, never the proposing department); none when omitted.`,
};

const OpenConsultationInput = builder.inputType('OpenConsultationInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    deadline: t.field({ type: 'DateTime', required: true }),
    districtIds: t.globalIDList({ for: Unit, required: false, description: consultedUnitFields.districtIds }),
    departmentIds: t.globalIDList({ for: Unit, required: false, description: consultedUnitFields.departmentIds }),
  }),
});

builder.mutationField('openConsultation', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: Consultation,
    errors: { types: [NotFoundError, InvalidTransitionError] },
    description:
      'Puts a delegate or entrust proposal at the consultation stage to its target districts, and to other departments if chosen (coordinator).',
    args: { input: t.arg({ type: OpenConsultationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const [consultationId] = await runCommand(ctx, ctx.viewer, openConsultations, {
        items: [
          {
            proposalId: input.proposalId.id,
            deadline: input.deadline,
            ...consultedUnits(input),
          },
        ],
      });
      return (await ctx.db.query.consultations.findFirst(query({ where: { id: consultationId! } })))!;
    },
  }),
);

const OpenConsultationsItem = builder.inputType('OpenConsultationsItem', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    districtIds: t.globalIDList({ for: Unit, required: false, description: consultedUnitFields.districtIds }),
    departmentIds: t.globalIDList({ for: Unit, required: false, description: consultedUnitFields.departmentIds }),
  }),
});

const OpenConsultationsInput = builder.inputType('OpenConsultationsInput', {
  fields: (t) => ({
    deadline: t.field({ type: 'DateTime', required: true, description: 'One deadline for every consultation opened.' }),
    items: t.field({ type: [OpenConsultationsItem], required: true, description: `1 to ${maxBulkItems} proposals.` }),
  }),
});

builder.mutationField('openConsultations', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: [Consultation],
    errors: { types: [NotFoundError, InvalidTransitionError] },
    description:
      'Opens consultations for many proposals at once with one deadline (coordinator), returned in the order given: all of them or none. One refused proposal (moved on, already open, no target districts) refuses the call, naming it, so the list the coordinator chose is never half opened.',
    args: { input: t.arg({ type: OpenConsultationsInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      if (input.items.length === 0 || input.items.length > maxBulkItems) {
        throw new ValidationError('input.items', `一次可处理 1 至 ${maxBulkItems} 条`, `Give 1 to ${maxBulkItems} proposals`);
      }
      const consultationIds = await runCommand(ctx, ctx.viewer, openConsultations, {
        items: input.items.map((item) => ({
          proposalId: item.proposalId.id,
          deadline: input.deadline,
          ...consultedUnits(item),
        })),
      });
      // One INSERT issued the ids in the order given, so id order is that order.
      return ctx.db.query.consultations.findMany(query({ where: { id: { in: consultationIds } }, orderBy: { id: 'asc' } }));
    },
  }),
);

const AnswerConsultationInput = builder.inputType('AnswerConsultationInput', {
  fields: (t) => ({
    feedbackId: t.globalID({ for: DistrictFeedback, required: true }),
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
  t.withAuth({ canWrite: ['district_liaison', 'submitter'] }).drizzleField({
    type: DistrictFeedback,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description:
      "A consulted unit answers for itself while the consultation is open (a district's liaison, or a consulted department's submitter); answering again replaces the answer.",
    args: { input: t.arg({ type: AnswerConsultationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const [feedbackId] = await runCommand(ctx, ctx.viewer, answerConsultations, {
        items: [{ ...input, feedbackId: input.feedbackId.id }],
      });
      return (await ctx.db.query.districtFeedback.findFirst(query({ where: { id: feedbackId! } })))!;
    },
  }),
);

const DistrictConsultationFilter = builder.inputType('DistrictConsultationFilter', {
  fields: (t) => ({
    open: t.boolean({ description: 'true: only open consultations; false: only closed ones.' }),
    answered: t.boolean({ description: 'true: only those the district has answered; false: only those still waiting for its answer.' }),
  }),
});

/** The signed-in unit's feedback rows under the filter, as SQL over `table`. */
function ownUnitFeedback(
  table: typeof districtFeedback,
  unitId: number,
  filter: { open?: boolean | null; answered?: boolean | null } | null | undefined,
) {
  const open = filter?.open;
  const answered = filter?.answered;
  return and(
    eq(table.districtId, unitId),
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

/**
 * The consultations asking the signed-in unit: `unitConsultations` for every unit that may be
 * asked, and its first, district-only form, kept for the clients that use it.
 */
const ownConsultationLists = [
  {
    name: 'unitConsultations',
    roles: ['district_liaison', 'submitter'],
    description:
      "The consultations asking the signed-in unit, with its answer (asked or given), newest first: a district's, or a department's when other departments are consulted.",
    deprecationReason: undefined,
  },
  {
    name: 'districtConsultations',
    roles: ['district_liaison'],
    description: "The district portal: the signed-in liaison's district's consultation answers (asked or given), newest first.",
    deprecationReason: 'Use `unitConsultations`, which also serves consulted departments.',
  },
] as const;

for (const list of ownConsultationLists) {
  builder.queryField(list.name, (t) =>
    t.withAuth({ anyRole: [...list.roles] }).drizzleConnection({
      type: 'districtFeedback',
      description: list.description,
      deprecationReason: list.deprecationReason,
      args: { filter: t.arg({ type: DistrictConsultationFilter }) },
      totalCount: (_root, args, ctx) => ctx.db.$count(districtFeedback, ownUnitFeedback(districtFeedback, ctx.viewer.unitId, args.filter)),
      resolve: (query, _root, args, ctx) => {
        checkPageArgs(args, districtFeedback, newestFeedbackFirst);
        return ctx.db.query.districtFeedback.findMany(
          query({
            where: rawWhere((table: typeof districtFeedback) => ownUnitFeedback(table, ctx.viewer.unitId, args.filter)),
            orderBy: newestFeedbackFirst,
          }),
        );
      },
    }),
  );
}
