import { sql } from 'drizzle-orm';
import { boolean, bytea, index, integer, jsonb, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import { createdAt, id, timestamptz, updatedAt, version } from './common.ts';
import { units } from './units.ts';

/** What a spreadsheet import writes: a department's power list, or its proposals for a campaign. */
export const importKind = pgEnum('import_kind', ['power_items', 'proposals']);

/** previewed: read and checked, nothing written; committed: every row written; discarded: dropped. */
export const importStatus = pgEnum('import_status', ['previewed', 'committed', 'discarded']);

/**
 * One uploaded spreadsheet (server/src/imports/): its parsed rows live in import_rows, each with
 * the outcome the preview found, so the preview pages through them and the commit writes them.
 * Only the person who uploaded it reads it (imports/visibility.ts).
 */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    kind: importKind('kind').notNull(),
    /** The unit whose list or proposals the file holds. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** For proposals: the campaign they go into. */
    campaignId: integer('campaign_id').references(() => campaigns.id),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    /** The file as uploaded: choosing another sheet or mapping reads it again. Dropped when committed or discarded. */
    file: bytea('file'),
    /** xlsx, xls or csv. */
    format: text('format').notNull(),
    /** The sheet read, and every sheet of the file with whether a header was recognised in it. */
    sheet: text('sheet').notNull(),
    sheets: jsonb('sheets').notNull(),
    /** The header row's number (1-based) in the sheet. */
    headerRow: integer('header_row').notNull(),
    /** Each column of the sheet: its header, letter and a few sample values. */
    columns: jsonb('columns').notNull(),
    /** field → column letter, as inferred or corrected. */
    mapping: jsonb('mapping').notNull(),
    /** Proposals only: submit them after creating them (otherwise they stay drafts). */
    submit: boolean('submit').notNull().default(false),
    status: importStatus('status').notNull().default('previewed'),
    /** Rows per outcome: new, update, unchanged, skipped, error. */
    counts: jsonb('counts').notNull(),
    committedAt: timestamptz('committed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('imports_creator_idx').on(t.createdById, t.id)],
);

/** One data row of an import's sheet: its cells as read, and what the preview found it would do. */
export const importRows = pgTable(
  'import_rows',
  {
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    /** The row's number in the sheet (1-based), as the user sees it in Excel. */
    rowNumber: integer('row_number').notNull(),
    /** Column letter → the cell's text, merged ranges filled in. */
    cells: jsonb('cells').$type<Record<string, string>>().notNull(),
    /** new, update, unchanged, skipped or error. */
    outcome: text('outcome').notNull(),
    /** The parsed values, the field-by-field diff, the errors with their cells, or why it was skipped. */
    detail: jsonb('detail').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNumber] }),
    index('import_rows_outcome_idx').on(t.importId, t.outcome, t.rowNumber),
  ],
);

/** The column mapping a unit last accepted for a kind of import: the next file starts from it. */
export const importMappings = pgTable(
  'import_mappings',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: importKind('kind').notNull(),
    /** field → the header text it was found under (headers, not letters: the next file may order them differently). */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.kind] })],
);
