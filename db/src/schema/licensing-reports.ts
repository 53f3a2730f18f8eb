import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, id, updatedAt, version } from './common.ts';
import { units } from './units.ts';

export const licensingReportStatus = pgEnum('licensing_report_status', ['pending', 'published']);

/**
 * 行政许可实施和监督管理情况年度报告: a licensing unit's report on the year before, which it
 * publishes by a deadline the lead office sets. One per unit and year reported on.
 */
export const licensingReports = pgTable(
  'licensing_reports',
  {
    id: id(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The year reported on (the 2018 reports are published in 2019). */
    year: integer('year').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: licensingReportStatus('status').notNull().default('pending'),
    /** Where it is published: a web address, */
    link: text('link'),
    /** … or a reference to the attached document (文号, 附件名). */
    reference: text('reference'),
    publishedOn: date('published_on', { mode: 'string' }),
    publishedById: integer('published_by_id').references(() => users.id),
    requestedById: integer('requested_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('licensing_reports_unit_year_key').on(t.unitId, t.year),
    index('licensing_reports_year_idx').on(t.year, t.status, t.id),
    check('licensing_reports_year_range', sql`${t.year} between 2000 and 2100`),
    check(
      'licensing_reports_published_where',
      sql`${t.status} = 'pending' or (${t.publishedOn} is not null and (${t.link} is not null or ${t.reference} is not null))`,
    ),
  ],
);
