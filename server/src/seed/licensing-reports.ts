import { publishLicensingReport, requestLicensingReports } from '../licensing-reports/commands.ts';
import { licensingReports, units } from '@devolve/db';
import { asc, eq } from 'drizzle-orm';
import type { Tx } from './insert.ts';
import { runAt, type StoryWriter, viewerOf } from './story.ts';
import { cst, day, isoDate } from './time.ts';

/**
 * The 2018 annual licensing reports (行政许可实施和监督管理情况年度报告) as the seed page counts
 * them: the lead office asked the 45 licensing units in January 2019; 31 published by the first
 * deadline, the rest were given a month more and one of them published then: 32 in all.
 */
const reportYear = 2018;
const asked = { at: cst(2019, 1, 10, 10), deadline: '2019-03-31' };
const extended = { at: cst(2019, 4, 2, 10), deadline: '2019-04-30' };
/** Published after the first deadline, within the extension. */
const late = { code: 'GZ-WGLJ', at: cst(2019, 4, 19, 15) };
/** The licensing units that had not published by the page's date (13 of 45). */
const notPublished: readonly string[] = [
  'GZ-ZJJ',
  'GZ-SCJGJ',
  'GZ-TYJRJ',
  'GZ-SJJ',
  'GZ-WB',
  'GZ-TJJ',
  'GZ-XFJ',
  'GZ-MZZJJ',
  'GZ-DAJ',
  'GZ-RFB',
  'GZ-BMJ',
  'GZ-DFZB',
  'GZ-XZB',
];

/** The reports on the year, with their units' codes, in the order they were asked for. */
const reportsOfYear = (tx: Tx) =>
  tx
    .select({ id: licensingReports.id, version: licensingReports.version, code: units.code })
    .from(licensingReports)
    .innerJoin(units, eq(units.id, licensingReports.unitId))
    .where(eq(licensingReports.year, reportYear))
    .orderBy(asc(licensingReports.id));

/** A department's demo submitter: its unit code lower-cased. */
const submitterOf = (tx: Tx, code: string) => viewerOf(tx, code.toLowerCase());

/** Writes the 2018 reports through the licensing-report commands, as the lead office and the units did. */
export async function writeLicensingReports(s: StoryWriter): Promise<void> {
  const coordinator = await viewerOf(s.tx, 'coordinator');
  await runAt(s, coordinator, asked.at, requestLicensingReports, { year: reportYear, deadline: asked.deadline });
  const onTime = (await reportsOfYear(s.tx)).filter((r) => r.code !== late.code && !notPublished.includes(r.code));
  for (const [i, report] of onTime.entries()) {
    // Spread over the six weeks before the deadline, a working morning each.
    const at = cst(2019, 2, 15, 10) + (i % 44) * day;
    await runAt(s, await submitterOf(s.tx, report.code), at, publishLicensingReport, {
      reportId: report.id,
      link: `https://www.gz.gov.cn/zwgk/xzxk/ndbg/2018/${report.code.toLowerCase()}.html`,
      publishedOn: isoDate(at),
      expectedVersion: report.version,
    });
  }
  await runAt(s, coordinator, extended.at, requestLicensingReports, { year: reportYear, deadline: extended.deadline });
  const lateReport = (await reportsOfYear(s.tx)).find((r) => r.code === late.code)!;
  await runAt(s, await submitterOf(s.tx, late.code), late.at, publishLicensingReport, {
    reportId: lateReport.id,
    reference: '2018年度行政许可实施和监督管理情况报告（附件）',
    publishedOn: isoDate(late.at),
    expectedVersion: lateReport.version,
  });
}
