import { consultations, districtFeedback, handovers, handoverStatus, proposals, units } from '@devolve/db';
import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { GroupCountRef } from '../campaigns/progress.ts';
import type { Context } from '../context.ts';
import { Unit } from '../units/units.ts';
import { commentOnHandover, updateHandover } from './commands.ts';
import { chinaDay, type HandoverState } from './rules.ts';
import { canReadHandover, visibleHandovers } from './visibility.ts';

export const HandoverStatus = builder.enumType('HandoverStatus', {
  description: '准备中 preparing, 具备条件 ready, 已承接 taken over, 受阻 blocked.',
  values: enumValuesOf(handoverStatus.enumValues),
});

/**
 * Overdue, the one definition (the field, the filter and the counts): planned for a day before
 * today by the domain clock, in China's calendar, and not taken over; never null (no planned day:
 * not overdue). Served by the partial index handovers_open_planned_idx.
 */
function overdueHandover(table: typeof handovers, now: Date) {
  return sql<boolean>`(${table.plannedOn} is not null and ${table.plannedOn} < ${chinaDay(now)}::date and ${table.status} <> 'taken_over')`;
}

interface DistrictGaps {
  stance: string | null;
  staffingNeeds: string | null;
  systemsNeeds: string | null;
  trainingNeeds: string | null;
  fundingNeeds: string | null;
  capacityNotes: string | null;
  respondedAt: string;
}

const DistrictGapsRef = builder.objectRef<DistrictGaps>('DistrictGaps').implement({
  description: "A district's stated gaps for taking a power over, as it answered the consultation (征求意见).",
  fields: (t) => ({
    stance: t.exposeString('stance', { nullable: true, description: 'agree, agree_with_conditions or disagree.' }),
    staffingNeeds: t.exposeString('staffingNeeds', { nullable: true, description: '人员编制.' }),
    systemsNeeds: t.exposeString('systemsNeeds', { nullable: true, description: '业务系统.' }),
    trainingNeeds: t.exposeString('trainingNeeds', { nullable: true, description: '业务培训.' }),
    fundingNeeds: t.exposeString('fundingNeeds', { nullable: true, description: '经费保障.' }),
    capacityNotes: t.exposeString('capacityNotes', { nullable: true }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime' }),
  }),
});

/**
 * The district's latest answer about the handover's proposal, as one JSON value folded into the
 * page's statement (district_feedback is read by the same people as the handover: the team, the
 * department, that district).
 */
const districtGapsOf = (table: typeof handovers) =>
  sql<DistrictGaps | null>`(select json_build_object(
      'stance', ${districtFeedback.stance}, 'staffingNeeds', ${districtFeedback.staffingNeeds}, 'systemsNeeds', ${districtFeedback.systemsNeeds},
      'trainingNeeds', ${districtFeedback.trainingNeeds}, 'fundingNeeds', ${districtFeedback.fundingNeeds},
      'capacityNotes', ${districtFeedback.capacityNotes}, 'respondedAt', ${districtFeedback.respondedAt})
    from ${districtFeedback} join ${consultations} on ${consultations.id} = ${districtFeedback.consultationId}
    where ${consultations.proposalId} = ${table.proposalId} and ${districtFeedback.districtId} = ${table.districtId} and ${districtFeedback.respondedAt} is not null
    order by ${districtFeedback.respondedAt} desc limit 1)`;

export const Handover = builder.drizzleNode('handovers', {
  name: 'Handover',
  description: '承接: a district taking over a delegated power. 放得下、接得住、管得好 — readiness is tracked, not assumed.',
  id: { column: (handover) => handover.id },
  // node(id) and every nested path pass this check; lists filter in SQL.
  select: {
    columns: { districtId: true },
    extras: {
      audienceSubmittingUnitId: (table) =>
        sql<number>`(select ${proposals.submittingUnitId} from ${proposals} where ${proposals.id} = ${table.proposalId})`,
    },
  },
  authScopes: (handover, ctx) =>
    canReadHandover(ctx.viewer, { districtId: handover.districtId, submittingUnitId: handover.audienceSubmittingUnitId }),
  fields: (t) => ({
    proposal: t.relation('proposal'),
    powerItem: t.relation('powerItem'),
    district: t.relation('district'),
    status: t.expose('status', { type: HandoverStatus }),
    staffingReady: t.exposeBoolean('staffingReady', { description: '人员 / 编制到位.' }),
    systemsReady: t.exposeBoolean('systemsReady', { description: '业务系统已开通、对接.' }),
    trainingDone: t.exposeBoolean('trainingDone', { description: '业务培训已完成.' }),
    notes: t.exposeString('notes', { nullable: true }),
    plannedOn: t.expose('plannedOn', { type: 'Date', nullable: true }),
    takenOverAt: t.expose('takenOverAt', { type: 'DateTime', nullable: true }),
    overdue: t.boolean({
      description: 'The planned date has passed by the domain clock (China’s calendar day) and the power is not taken over yet.',
      select: (_args, ctx) => ({ extras: { overdue: (table) => overdueHandover(table, ctx.clock()) } }),
      resolve: (handover) => handover.overdue,
    }),
    districtGaps: t.field({
      type: DistrictGapsRef,
      nullable: true,
      description:
        "What the district said it lacks to take the power over (staff, systems, training, money), from its latest answer to the proposal's consultation; null when it never answered.",
      select: { extras: { districtGaps: districtGapsOf } },
      resolve: (handover) => handover.districtGaps,
    }),
    coordinatorNote: t.exposeString('coordinatorNote', {
      nullable: true,
      description: "The lead office's current note to the district on this handover; earlier notes are in the activity log.",
    }),
    coordinatorNoteAt: t.expose('coordinatorNoteAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

const HandoverFilter = builder.inputType('HandoverFilter', {
  fields: (t) => ({
    districtId: t.globalID({ for: Unit, description: "A district liaison always sees only their own district's handovers." }),
    status: t.field({ type: HandoverStatus, description: 'BLOCKED: the handovers that are stuck.' }),
    campaignId: t.globalID({ for: Campaign }),
    departmentId: t.globalID({ for: Unit, description: 'The department handing the power down (the proposal’s submitting unit).' }),
    overdue: t.boolean({ description: 'true: planned date passed by the domain clock and not taken over; false: the others.' }),
  }),
});

interface HandoverFilterValues {
  districtId?: number | undefined;
  status?: HandoverState['status'] | undefined;
  campaignId?: number | undefined;
  departmentId?: number | undefined;
  overdue?: boolean | undefined;
}

function readFilter(input: typeof HandoverFilter.$inferInput | null | undefined): HandoverFilterValues {
  if (!input) return {};
  return {
    districtId: input.districtId?.id,
    status: input.status ?? undefined,
    campaignId: input.campaignId?.id,
    departmentId: input.departmentId?.id,
    overdue: input.overdue ?? undefined,
  };
}

/**
 * The filter as SQL. Campaign and department narrow the proposals first
 * (proposals_campaign_unit_idx / proposals_campaign_stage_idx), then their handovers by
 * handovers_proposal_district_key; status and overdue have their own indexes.
 */
function handoverConditions(table: typeof handovers, filter: HandoverFilterValues, now: Date): SQL | undefined {
  const byProposal =
    filter.campaignId !== undefined || filter.departmentId !== undefined
      ? inArray(
          table.proposalId,
          sql`(select ${proposals.id} from ${proposals} where ${and(
            filter.campaignId !== undefined ? eq(proposals.campaignId, filter.campaignId) : undefined,
            filter.departmentId !== undefined ? eq(proposals.submittingUnitId, filter.departmentId) : undefined,
          )})`,
        )
      : undefined;
  return and(
    filter.districtId !== undefined ? eq(table.districtId, filter.districtId) : undefined,
    filter.status !== undefined ? eq(table.status, filter.status) : undefined,
    byProposal,
    filter.overdue === true ? overdueHandover(table, now) : undefined,
    filter.overdue === false ? sql`not ${overdueHandover(table, now)}` : undefined,
  );
}

/** The handovers the viewer may read that the filter keeps. */
const boardWhere = (table: typeof handovers, ctx: Context, input: typeof HandoverFilter.$inferInput | null | undefined) =>
  and(visibleHandovers(table, ctx.viewer), handoverConditions(table, readFilter(input), ctx.clock()));

/** The connection's order, which its cursors follow. */
const newestHandoversFirst = { id: 'desc' } as const;

builder.queryField('handovers', (t) =>
  t.drizzleConnection({
    type: 'handovers',
    description: "Handovers of delegated powers, newest first: the team sees all, a district its own, a department its proposals'.",
    authScopes: { signedIn: true },
    args: { filter: t.arg({ type: HandoverFilter }) },
    totalCount: (_root, args, ctx) => ctx.db.$count(handovers, boardWhere(handovers, ctx, args.filter)),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, handovers, newestHandoversFirst);
      return ctx.db.query.handovers.findMany(
        query({
          where: rawWhere((table: typeof handovers) => boardWhere(table, ctx, args.filter)),
          orderBy: newestHandoversFirst,
        }),
      );
    },
  }),
);

interface DistrictCount {
  district: typeof units.$inferSelect;
  total: number;
  preparing: number;
  ready: number;
  takenOver: number;
  blocked: number;
  overdue: number;
}

const HandoverDistrictCountRef = builder.objectRef<DistrictCount>('HandoverDistrictCount').implement({
  description: "One district's handovers on the board, by status, and how many are overdue.",
  fields: (t) => ({
    district: t.field({ type: Unit, resolve: (row) => row.district }),
    total: t.exposeInt('total'),
    preparing: t.exposeInt('preparing'),
    ready: t.exposeInt('ready'),
    takenOver: t.exposeInt('takenOver'),
    blocked: t.exposeInt('blocked'),
    overdue: t.exposeInt('overdue'),
  }),
});


const UpdateHandoverInput = builder.inputType('UpdateHandoverInput', {
  description: 'Only the fields given change; an empty notes string clears the notes.',
  fields: (t) => ({
    handoverId: t.globalID({ for: Handover, required: true }),
    status: t.field({ type: HandoverStatus }),
    staffingReady: t.boolean(),
    systemsReady: t.boolean(),
    trainingDone: t.boolean(),
    notes: t.string(),
    plannedOn: t.field({ type: 'Date' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('updateHandover', (t) =>
  t.withAuth({ canWrite: ['district_liaison', 'coordinator'] }).drizzleField({
    type: Handover,
    errors: { types: [NotFoundError, ConflictError] },
    description: "Reports a handover's readiness: the district's liaison for their own district, or the coordinator.",
    args: { input: t.arg({ type: UpdateHandoverInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { handoverId } = await runCommand(ctx, ctx.viewer, updateHandover, {
        ...input,
        handoverId: input.handoverId.id,
      });
      return (await ctx.db.query.handovers.findFirst(query({ where: { id: handoverId } })))!;
    },
  }),
);

interface HandoverCounts {
  total: number;
  overdue: number;
  byStatus: { key: string; count: number }[];
  byDistrict: DistrictCount[];
}

const HandoverCountsRef = builder.objectRef<HandoverCounts>('HandoverCounts').implement({
  description: 'The handover board’s figures for a filter: per status and per district, with the overdue ones.',
  fields: (t) => ({
    total: t.exposeInt('total'),
    overdue: t.exposeInt('overdue'),
    byStatus: t.field({
      type: [GroupCountRef],
      description: 'Keyed by the database value of HandoverStatus (preparing, ready, taken_over, blocked); every status, zero included.',
      resolve: (counts) => counts.byStatus,
    }),
    byDistrict: t.field({
      type: [HandoverDistrictCountRef],
      description: 'The districts with handovers under the filter, in display order.',
      resolve: (counts) => counts.byDistrict,
    }),
  }),
});

/** The board's figures: one GROUP BY statement over the handovers the viewer may read, then the districts named. */
async function handoverCounts(ctx: Context, input: typeof HandoverFilter.$inferInput | null | undefined): Promise<HandoverCounts> {
  const counted = (condition: SQL) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
  const rows = await ctx.db
    .select({
      districtId: handovers.districtId,
      total: count(),
      preparing: counted(eq(handovers.status, 'preparing')),
      ready: counted(eq(handovers.status, 'ready')),
      takenOver: counted(eq(handovers.status, 'taken_over')),
      blocked: counted(eq(handovers.status, 'blocked')),
      overdue: counted(overdueHandover(handovers, ctx.clock())),
    })
    .from(handovers)
    .where(boardWhere(handovers, ctx, input))
    .groupBy(handovers.districtId);
  const districts = rows.length ? await ctx.db.query.units.findMany({ where: { id: { in: rows.map((row) => row.districtId) } }, orderBy: { sortOrder: 'asc', id: 'asc' } }) : [];
  const byId = new Map(rows.map((row) => [row.districtId, row]));
  const sum = (key: 'total' | 'overdue' | 'preparing' | 'ready' | 'takenOver' | 'blocked') => rows.reduce((n, row) => n + row[key], 0);
  return {
    total: sum('total'),
    overdue: sum('overdue'),
    byStatus: [
      { key: 'preparing', count: sum('preparing') },
      { key: 'ready', count: sum('ready') },
      { key: 'taken_over', count: sum('takenOver') },
      { key: 'blocked', count: sum('blocked') },
    ],
    byDistrict: districts.map((district) => {
      const { districtId: _, ...figures } = byId.get(district.id)!;
      return { district, ...figures };
    }),
  };
}

builder.queryField('handoverCounts', (t) =>
  t.field({
    type: HandoverCountsRef,
    description: 'The handover board’s figures under the same filter as `handovers`: counts per status and per district, overdue included.',
    authScopes: { signedIn: true },
    args: { filter: t.arg({ type: HandoverFilter }) },
    resolve: (_root, args, ctx) => handoverCounts(ctx, args.filter),
  }),
);

const CommentOnHandoverInput = builder.inputType('CommentOnHandoverInput', {
  fields: (t) => ({
    handoverId: t.globalID({ for: Handover, required: true }),
    note: t.string({ required: true, description: 'The note to the district (at most 2,000 characters); it replaces the previous one.' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('commentOnHandover', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: Handover,
    errors: { types: [NotFoundError, ConflictError] },
    description: "The lead office's note to the district on a handover, shown on the district's row; every note stays in the activity log.",
    args: { input: t.arg({ type: CommentOnHandoverInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { handoverId } = await runCommand(ctx, ctx.viewer, commentOnHandover, {
        handoverId: input.handoverId.id,
        note: input.note,
        expectedVersion: input.expectedVersion,
      });
      return (await ctx.db.query.handovers.findFirst(query({ where: { id: handoverId } })))!;
    },
  }),
);
