import { licensingReports, powerItems, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, exists, notExists, sql } from 'drizzle-orm';
import { canWriteAs } from '../accounts/permissions.ts';
import { type Command, updateVersioned } from '../activity/mutate.ts';
import { dayInChina, parseDateInput } from '../dates.ts';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '../errors.ts';
import { notFound, requireReadable } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';

/**
 * The annual licensing report (行政许可实施和监督管理情况年度报告) commands: the lead office asks
 * every licensing unit for its report on a year by a deadline; each unit marks its report published.
 */

const reportWhat = { zh: '行政许可年度报告', en: 'annual licensing report' };
/** 事项类型 01 行政许可: a unit implementing any such item reports on its licensing every year. */
const licensingTypeCode = '01';
const years = { first: 2000, last: 2100 };

export interface RequestLicensingReportsInput {
  /** The year reported on. */
  year: number;
  /** YYYY-MM-DD. */
  deadline: string;
}

/**
 * The coordinator asks for the reports on `year` by `deadline`: every unit with licensing items
 * that has no report for the year yet gets one, pending; reports still pending get the new deadline
 * (an extension). Published reports keep the deadline they were published against.
 */
export const requestLicensingReports: Command<RequestLicensingReportsInput, { requested: number; extended: number }> = async (m, input) => {
  if (!canWriteAs(m.viewer, 'coordinator')) {
    throw new ForbiddenError('只有统筹人员可以部署年度报告工作', 'Only the coordinator asks for the annual licensing reports');
  }
  if (!Number.isInteger(input.year) || input.year < years.first || input.year > years.last) {
    throw new ValidationError('input.year', `年度应在 ${years.first} 至 ${years.last} 之间`, `The year must be between ${years.first} and ${years.last}`);
  }
  const deadline = parseDateInput(input.deadline, 'input.deadline');
  if (deadline <= `${input.year}-12-31`) {
    throw new ValidationError('input.deadline', '报告截止日期应在所报告年度结束之后', 'The deadline must come after the year reported on');
  }
  const now = m.now.toISOString();
  // Pending reports of the year move to the new deadline; the rows are locked by the update.
  const extended = await m.tx
    .update(licensingReports)
    .set({ deadline, updatedAt: now, version: sql`${licensingReports.version} + 1` })
    .where(and(eq(licensingReports.year, input.year), eq(licensingReports.status, 'pending'), sql`${licensingReports.deadline} <> ${deadline}`))
    .returning({ id: licensingReports.id, unitId: licensingReports.unitId });
  const created = await m.tx
    .insert(licensingReports)
    .select(
      m.tx
        .select({
          unitId: sql`${units.id}`.as('unit_id'),
          year: sql`${input.year}::integer`.as('year'),
          deadline: sql`${deadline}::date`.as('deadline'),
          requestedById: sql`${m.viewer.userId}::integer`.as('requested_by_id'),
          createdAt: sql`${now}::timestamptz`.as('created_at'),
          updatedAt: sql`${now}::timestamptz`.as('updated_at'),
        })
        .from(units)
        .where(
          and(
            exists(
              sql`(select 1 from ${powerItems} where ${powerItems.implementingUnitId} = ${units.id} and ${powerItems.typeCode} = ${licensingTypeCode})`,
            ),
            notExists(
              sql`(select 1 from ${licensingReports} where ${licensingReports.unitId} = ${units.id} and ${licensingReports.year} = ${input.year})`,
            ),
          ),
        )
        .orderBy(units.sortOrder, units.id),
    )
    // A concurrent request made the same unit's row: that one stands.
    .onConflictDoNothing()
    .returning({ id: licensingReports.id, unitId: licensingReports.unitId });
  if (created.length + extended.length === 0) {
    throw new ValidationError('input.deadline', '各单位的年度报告已按此截止日期部署', 'Every licensing unit has already been asked for this year by this deadline');
  }
  for (const report of [...extended, ...created]) {
    m.record({ action: 'licensing_report.requested', entityId: report.id, after: { year: input.year, deadline, unitId: report.unitId } });
  }
  return { requested: created.length, extended: extended.length };
};

export interface PublishLicensingReportInput {
  reportId: number;
  /** Where it is published (a web address), or */
  link?: string | null;
  /** a reference to the attached document; at least one of the two. */
  reference?: string | null;
  /** YYYY-MM-DD, not after today. */
  publishedOn: string;
  expectedVersion: number;
}

const webAddress = /^https?:\/\/\S+$/;

/** A licensing unit's submitter marks its report published, saying where and on which day. */
export const publishLicensingReport: Command<PublishLicensingReportInput, { reportId: number }> = async (m, input) => {
  await requireReadable(m, 'LicensingReport', input.reportId);
  const [report] = await m.tx
    .select({ unitId: licensingReports.unitId, status: licensingReports.status, year: licensingReports.year })
    .from(licensingReports)
    .where(eq(licensingReports.id, input.reportId));
  if (!report) throw notFound('LicensingReport', encodeGlobalID('LicensingReport', input.reportId));
  if (!canWriteAs(m.viewer, 'submitter') || m.viewer.unitId !== report.unitId) {
    throw new ForbiddenError('只能发布本单位的年度报告', "You can only publish your own unit's report");
  }
  if (report.status === 'published') throw new InvalidTransitionError('该年度报告已发布', 'This report is already published');
  const link = optionalText(input.link, 'input.link', textLimits.shortName);
  if (link !== null && !webAddress.test(link)) {
    throw new ValidationError('input.link', '请填写以 http:// 或 https:// 开头的网址', 'Give a web address starting with http:// or https://');
  }
  const reference = optionalText(input.reference, 'input.reference', textLimits.shortName);
  if (link === null && reference === null) {
    throw new ValidationError('input.link', '请填写发布网址或附件文号', 'Give the web address or the reference of the attached report');
  }
  const publishedOn = parseDateInput(input.publishedOn, 'input.publishedOn');
  if (publishedOn > dayInChina(m.now)) throw new ValidationError('input.publishedOn', '发布日期不能晚于今天', 'The publication date cannot be in the future');
  if (publishedOn <= `${report.year}-12-31`) {
    throw new ValidationError('input.publishedOn', '发布日期应在所报告年度结束之后', 'The report is published after the year it reports on');
  }
  const values = { status: 'published' as const, link, reference, publishedOn };
  await updateVersioned(
    m.tx,
    licensingReports,
    { id: input.reportId, expectedVersion: input.expectedVersion, typename: 'LicensingReport', what: reportWhat },
    { ...values, publishedById: m.viewer.userId, updatedAt: m.now.toISOString() },
  );
  m.record({ action: 'licensing_report.published', entityId: input.reportId, before: { status: 'pending' }, after: values });
  return { reportId: input.reportId };
};
