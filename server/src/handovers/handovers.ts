import { handovers, handoverStatus, proposals } from '@devolve/db';
import { and, eq, exists, sql } from 'drizzle-orm';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { databaseIdOf } from '../ids.ts';
import { checkPageArgs } from '../pagination.ts';
import { updateHandover } from './commands.ts';
import type { HandoverState } from './rules.ts';
import { canReadHandover, visibleHandovers } from './visibility.ts';

export const HandoverStatus = builder.enumType('HandoverStatus', {
  description: '准备中 preparing, 具备条件 ready, 已承接 taken over, 受阻 blocked.',
  values: enumValuesOf(handoverStatus.enumValues),
});

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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

const HandoverFilter = builder.inputType('HandoverFilter', {
  fields: (t) => ({
    districtId: t.id({ description: "A district liaison always sees only their own district's handovers." }),
    status: t.field({ type: HandoverStatus }),
    campaignId: t.id(),
  }),
});

interface HandoverFilterValues {
  districtId?: number | undefined;
  status?: HandoverState['status'] | undefined;
  campaignId?: number | undefined;
}

function readFilter(input: typeof HandoverFilter.$inferInput | null | undefined): HandoverFilterValues {
  if (!input) return {};
  return {
    districtId: input.districtId ? databaseIdOf(String(input.districtId), 'Unit', 'filter.districtId') : undefined,
    status: input.status ?? undefined,
    campaignId: input.campaignId ? databaseIdOf(String(input.campaignId), 'Campaign', 'filter.campaignId') : undefined,
  };
}

function handoverConditions(table: typeof handovers, filter: HandoverFilterValues) {
  return and(
    filter.districtId !== undefined ? eq(table.districtId, filter.districtId) : undefined,
    filter.status !== undefined ? eq(table.status, filter.status) : undefined,
    filter.campaignId !== undefined
      ? exists(
          sql`(select 1 from ${proposals} where ${proposals.id} = ${table.proposalId} and ${proposals.campaignId} = ${filter.campaignId})`,
        )
      : undefined,
  );
}

/** The connection's order, which its cursors follow. */
const newestHandoversFirst = { id: 'desc' } as const;

builder.queryField('handovers', (t) =>
  t.drizzleConnection({
    type: 'handovers',
    description: "Handovers of delegated powers, newest first: the team sees all, a district its own, a department its proposals'.",
    authScopes: { signedIn: true },
    args: { filter: t.arg({ type: HandoverFilter }) },
    totalCount: (_root, args, ctx) =>
      ctx.db.$count(handovers, and(visibleHandovers(handovers, ctx.viewer), handoverConditions(handovers, readFilter(args.filter)))),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, handovers, newestHandoversFirst);
      const filter = readFilter(args.filter);
      return ctx.db.query.handovers.findMany(
        query({
          where: rawWhere((table: typeof handovers) => and(visibleHandovers(table, ctx.viewer), handoverConditions(table, filter))),
          orderBy: newestHandoversFirst,
        }),
      );
    },
  }),
);

const UpdateHandoverInput = builder.inputType('UpdateHandoverInput', {
  description: 'Only the fields given change; an empty notes string clears the notes.',
  fields: (t) => ({
    handoverId: t.id({ required: true }),
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
        handoverId: databaseIdOf(String(input.handoverId), 'Handover', 'input.handoverId'),
      });
      return (await ctx.db.query.handovers.findFirst(query({ where: { id: handoverId } })))!;
    },
  }),
);
