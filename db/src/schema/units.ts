import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, version } from './common.ts';

/** evaluator: the third-party assessor (第三方机构), outside government. */
export const unitKind = pgEnum('unit_kind', ['lead_office', 'review_body', 'department', 'district', 'evaluator']);

/** An organisation taking part in a campaign: the lead office, a review body, a municipal department or a district government. */
export const units = pgTable(
  'units',
  {
    id: id(),
    kind: unitKind('kind').notNull(),
    /** Stable code: GB/T 2260 for districts (440106), a short code for municipal units. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    nameEn: text('name_en'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('units_code_key').on(t.code),
    index('units_kind_idx').on(t.kind, t.sortOrder),
    check('units_code_not_blank', sql`length(trim(${t.code})) > 0`),
  ],
);
