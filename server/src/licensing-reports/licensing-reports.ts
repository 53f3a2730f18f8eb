import { licensingReports, licensingReportStatus } from '@devolve/db';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Unit } from '../units/units.ts';
import type { Context } from '../context.ts';
import { dayInChina } from '../dates.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { publishLicensingReport, requestLicensingReports } from './commands.ts';
import { canReadLicensingReport, visibleLicensingReports } from './visibility.ts';

export const LicensingReportStatus = builder.enumType('LicensingReportStatus', {
  description: '待发布 pending, 已发布 published.',
  values: enumValuesOf(licensingReportStatus.enumValues),
});

export const LicensingReport = builder.drizzleNode('licensingReports', {
  name: 'LicensingReport',
  description:
    '行政许可实施和监督管理情况年度报告: a licensing unit’s report on a year, published by the deadline the lead office set. Published reports are public.',
  id: { column: (report) => report.id },
  select: { columns: { unitId: true, status: true } },
  authScopes: (report, ctx) => canReadLicensingReport(ctx.viewer, report),
  fields: (t) => ({
    unit: t.relation('unit'),
    year: t.exposeInt('year', { description: 'The year reported on.' }),
    deadline: t.expose('deadline', { type: 'Date' }),
    status: t.expose('status', { type: LicensingReportStatus }),
    link: t.exposeString('link', { nullable: true, description: 'Where the report is published.' }),
    reference: t.exposeString('reference', { nullable: true, description: 'The reference of the attached report (文号, 附件名).' }),
    publishedOn: t.expose('publishedOn', { type: 'Date', nullable: true }),
    publishedOnTime: t.boolean({
      nullable: true,
      description: 'Published by its deadline; null while pending.',
      select: { columns: { publishedOn: true, deadline: true } },
      resolve: (report) => (report.publishedOn === null ? null : report.publishedOn <= report.deadline),
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

const LicensingReportFilter = builder.inputType('LicensingReportFilter', {
  fields: (t) => ({
    year: t.int({ description: 'The year reported on.' }),
    unitId: t.globalID({ for: Unit }),
    status: t.field({ type: LicensingReportStatus }),
    overdue: t.boolean({ description: 'true: only pending reports past their deadline (by the domain clock).' }),
  }),
});

interface ReportFilterValues {
  year?: number | undefined;
  unitId?: number | undefined;
  status?: (typeof licensingReportStatus.enumValues)[number] | undefined;
  overdue?: boolean | undefined;
}

function readFilter(input: typeof LicensingReportFilter.$inferInput | null | undefined): ReportFilterValues {
  if (!input) return {};
  return {
    year: input.year ?? undefined,
    unitId: input.unitId?.id,
    status: input.status ?? undefined,
    overdue: input.overdue ?? undefined,
  };
}

/** Pending and past its deadline on `today`. */
const overdue = (table: typeof licensingReports, today: string): SQL => and(eq(table.status, 'pending'), lt(table.deadline, today))!;

function reportConditions(table: typeof licensingReports, viewer: Viewer | null, filter: ReportFilterValues, today: string) {
  return and(
    visibleLicensingReports(table, viewer),
    filter.year !== undefined ? eq(table.year, filter.year) : undefined,
    filter.unitId !== undefined ? eq(table.unitId, filter.unitId) : undefined,
    filter.status !== undefined ? eq(table.status, filter.status) : undefined,
    filter.overdue === undefined ? undefined : filter.overdue ? overdue(table, today) : sql`not ${overdue(table, today)}`,
  );
}

/** The connection's order: newest year first, then units in the order they were asked. */
const reportOrder = { year: 'desc', id: 'asc' } as const;

builder.queryField('licensingReports', (t) =>
  t.drizzleConnection({
    type: 'licensingReports',
    description: 'Annual licensing reports: published ones are public; the team reads all, a unit its own.',
    args: { filter: t.arg({ type: LicensingReportFilter }) },
    totalCount: (_root, args, ctx) =>
      ctx.db.$count(licensingReports, reportConditions(licensingReports, ctx.viewer, readFilter(args.filter), dayInChina(ctx.clock()))),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, licensingReports, reportOrder);
      const filter = readFilter(args.filter);
      const today = dayInChina(ctx.clock());
      return ctx.db.query.licensingReports.findMany(
        query({ where: rawWhere((table: typeof licensingReports) => reportConditions(table, ctx.viewer, filter, today)), orderBy: reportOrder }),
      );
    },
  }),
);

export interface LicensingReportTally {
  due: number;
  published: number;
  publishedOnTime: number;
  pending: number;
  overdue: number;
}

/** The reports on `year` counted by state, over what the viewer may read, in one statement. */
export async function licensingReportTally(ctx: Pick<Context, 'db' | 'viewer' | 'clock'>, year: SQL | number): Promise<LicensingReportTally> {
  const t = licensingReports;
  const [row] = await ctx.db
    .select({
      due: sql<number>`count(*)`.mapWith(Number),
      published: sql<number>`count(*) filter (where ${t.status} = 'published')`.mapWith(Number),
      publishedOnTime: sql<number>`count(*) filter (where ${t.status} = 'published' and ${t.publishedOn} <= ${t.deadline})`.mapWith(Number),
      pending: sql<number>`count(*) filter (where ${t.status} = 'pending')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdue(t, dayInChina(ctx.clock()))})`.mapWith(Number),
    })
    .from(t)
    .where(and(sql`${t.year} = ${year}`, visibleLicensingReports(t, ctx.viewer)));
  return row!;
}

export const LicensingReportTallyRef = builder.objectRef<LicensingReportTally>('LicensingReportTally').implement({
  description: 'How many licensing units have published their report on a year (of the reports the viewer may read).',
  fields: (t) => ({
    due: t.exposeInt('due', { description: 'Reports asked for.' }),
    published: t.exposeInt('published'),
    publishedOnTime: t.exposeInt('publishedOnTime', { description: 'Published by their deadline.' }),
    pending: t.exposeInt('pending'),
    overdue: t.exposeInt('overdue', { description: 'Pending past their deadline, by the domain clock.' }),
  }),
});

builder.queryField('licensingReportTally', (t) =>
  t.field({
    type: LicensingReportTallyRef,
    args: { year: t.arg.int({ required: true, description: 'The year reported on.' }) },
    resolve: (_root, args, ctx) => licensingReportTally(ctx, args.year),
  }),
);

const RequestLicensingReportsInput = builder.inputType('RequestLicensingReportsInput', {
  fields: (t) => ({
    year: t.int({ required: true, description: 'The year reported on.' }),
    deadline: t.field({ type: 'Date', required: true }),
  }),
});

const RequestLicensingReportsPayload = builder
  .objectRef<{ requested: number; extended: number; year: number }>('RequestLicensingReportsPayload')
  .implement({
    fields: (t) => ({
      requested: t.exposeInt('requested', { description: 'Units newly asked for their report.' }),
      extended: t.exposeInt('extended', { description: 'Pending reports given the new deadline.' }),
      tally: t.field({ type: LicensingReportTallyRef, resolve: (payload, _args, ctx) => licensingReportTally(ctx, payload.year) }),
    }),
  });

builder.mutationField('requestLicensingReports', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).field({
    type: RequestLicensingReportsPayload,
    errors: {},
    description:
      'The coordinator asks every unit with licensing items for its report on a year by a deadline; pending reports get the new deadline.',
    args: { input: t.arg({ type: RequestLicensingReportsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      ...(await runCommand(ctx, ctx.viewer, requestLicensingReports, input)),
      year: input.year,
    }),
  }),
);

const PublishLicensingReportInput = builder.inputType('PublishLicensingReportInput', {
  description: 'Where the report is published: a web address, a reference to the attached report, or both.',
  fields: (t) => ({
    reportId: t.globalID({ for: LicensingReport, required: true }),
    link: t.string(),
    reference: t.string(),
    publishedOn: t.field({ type: 'Date', required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('publishLicensingReport', (t) =>
  t.withAuth({ canWrite: ['submitter'] }).drizzleField({
    type: LicensingReport,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: "A licensing unit's submitter marks its annual report published, with where and when.",
    args: { input: t.arg({ type: PublishLicensingReportInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { reportId } = await runCommand(ctx, ctx.viewer, publishLicensingReport, {
        ...input,
        reportId: input.reportId.id,
      });
      return (await ctx.db.query.licensingReports.findFirst(query({ where: { id: reportId } })))!;
    },
  }),
);
