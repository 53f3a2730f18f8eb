import { importedItemFields } from '../power-items/import.ts';
import { importKind, importRows, importStatus } from '@devolve/db';
import { resolveCursorConnection } from '@pothos/plugin-relay';
import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, ForbiddenError, ImportRefusedError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { pageSizes } from '../pagination.ts';
import { Unit } from '../units/units.ts';
import { commitImport, type Counts, discardImport, type Outcome, outcomes, previewImport, remapImport } from './commands.ts';
import { type FieldSpec, importFields } from './fields.ts';
import type { Column, Mapping } from './headers.ts';
import { progressOf } from './progress.ts';
import type { CellError } from './rows.ts';
import { canReadImport } from './visibility.ts';

/** Spreadsheet imports over GraphQL: the adapters of imports/commands.ts. */

export const ImportKindEnum = builder.enumType('ImportKind', { values: enumValuesOf(importKind.enumValues) });
export const ImportStatusEnum = builder.enumType('ImportStatus', { values: enumValuesOf(importStatus.enumValues) });
export const ImportOutcome = builder.enumType('ImportOutcome', {
  description: 'What committing would do with a row: create, update, nothing (unchanged), nothing (a blank or note row: skipped), or refuse it (error).',
  values: enumValuesOf(outcomes),
});

const ImportSheet = builder.objectRef<{ name: string; recognised: boolean; rows: number }>('ImportSheet').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    recognised: t.exposeBoolean('recognised', { description: 'A header of the import\'s kind was found in it.' }),
    rows: t.exposeInt('rows'),
  }),
});

const ImportColumn = builder.objectRef<Column>('ImportColumn').implement({
  fields: (t) => ({
    letter: t.exposeString('letter', { description: 'A, B, … as in Excel.' }),
    header: t.exposeString('header'),
    samples: t.exposeStringList('samples', { description: 'Up to three values under the header.', extensions: { maxItems: 3 } }),
  }),
});

interface FieldMapping {
  spec: FieldSpec;
  column: string | null;
}

const ImportFieldMapping = builder.objectRef<FieldMapping>('ImportFieldMapping').implement({
  description: 'One field the import reads and the column it is read from (null: not in the file).',
  fields: (t) => ({
    field: t.string({ resolve: (m) => m.spec.key }),
    nameZh: t.string({ resolve: (m) => m.spec.zh }),
    nameEn: t.string({ resolve: (m) => m.spec.en }),
    required: t.boolean({ description: 'Needed to create a row.', resolve: (m) => m.spec.required }),
    column: t.string({ nullable: true, description: 'The column letter.', resolve: (m) => m.column }),
  }),
});

const ImportCounts = builder.objectRef<Counts>('ImportCounts').implement({
  fields: (t) => ({
    new: t.exposeInt('new'),
    update: t.exposeInt('update'),
    unchanged: t.exposeInt('unchanged'),
    skipped: t.exposeInt('skipped'),
    error: t.exposeInt('error'),
  }),
});

const ImportCellError = builder.objectRef<CellError>('ImportCellError').implement({
  fields: (t) => ({
    cell: t.exposeString('cell', { description: 'e.g. C17.' }),
    field: t.exposeString('field'),
    messageZh: t.string({ resolve: (e) => e.zh }),
    messageEn: t.string({ resolve: (e) => e.en }),
  }),
});

interface FieldChangeShape {
  field: string;
  zh: string;
  en: string;
  before: unknown;
  after: unknown;
}

const ImportFieldChange = builder.objectRef<FieldChangeShape>('ImportFieldChange').implement({
  fields: (t) => ({
    field: t.exposeString('field'),
    nameZh: t.string({ resolve: (c) => c.zh }),
    nameEn: t.string({ resolve: (c) => c.en }),
    before: t.string({ nullable: true, resolve: (c) => (c.before == null ? null : String(c.before)) }),
    after: t.string({ nullable: true, resolve: (c) => (c.after == null ? null : String(c.after)) }),
  }),
});

type ImportRowShape = typeof importRows.$inferSelect;
type Detail = { errors?: CellError[]; diff?: FieldChangeShape[]; reason?: { zh: string; en: string } };

const ImportRow = builder.objectRef<ImportRowShape>('ImportRow').implement({
  description: "One data row of the sheet and what committing would do with it.",
  fields: (t) => ({
    rowNumber: t.exposeInt('rowNumber', { description: 'As in Excel (1-based).' }),
    outcome: t.field({ type: ImportOutcome, resolve: (r) => r.outcome as Outcome }),
    cells: t.field({ type: 'JSON', description: 'Column letter → the value as read (mapped columns only).', resolve: (r) => r.cells }),
    errors: t.field({ type: [ImportCellError], extensions: { maxItems: 12 }, resolve: (r) => (r.detail as Detail).errors ?? [] }),
    changes: t.field({ type: [ImportFieldChange], extensions: { maxItems: importedItemFields.length }, description: 'For an update: field by field.', resolve: (r) => (r.detail as Detail).diff ?? [] }),
    skippedReasonZh: t.string({ nullable: true, resolve: (r) => (r.detail as Detail).reason?.zh ?? null }),
    skippedReasonEn: t.string({ nullable: true, resolve: (r) => (r.detail as Detail).reason?.en ?? null }),
  }),
});

const ImportProgress = builder.objectRef<{ done: number; total: number }>('ImportProgress').implement({
  description: 'A commit running in this server process: rows written so far of those to write.',
  fields: (t) => ({ done: t.exposeInt('done'), total: t.exposeInt('total') }),
});

export const Import = builder.drizzleNode('imports', {
  name: 'Import',
  description: 'An uploaded spreadsheet: its mapping and every row\'s outcome (a preview) until committed or discarded. Only its uploader reads it.',
  id: { column: (i) => i.id },
  select: { columns: { createdById: true } },
  authScopes: (i, ctx) => canReadImport(ctx.viewer, i.createdById),
  fields: (t) => ({
    kind: t.expose('kind', { type: ImportKindEnum }),
    status: t.expose('status', { type: ImportStatusEnum }),
    fileName: t.exposeString('fileName'),
    format: t.exposeString('format', { description: 'xlsx, xls or csv.' }),
    unit: t.relation('unit'),
    campaign: t.relation('campaign', { nullable: true }),
    submit: t.exposeBoolean('submit', { description: 'Proposals: submitted once created (otherwise drafts).' }),
    sheet: t.exposeString('sheet', { description: 'The sheet read.' }),
    sheets: t.field({
      type: [ImportSheet],
      extensions: { maxItems: 50 },
      select: { columns: { sheets: true } },
      resolve: (i) => i.sheets as { name: string; recognised: boolean; rows: number }[],
    }),
    headerRow: t.exposeInt('headerRow', { description: 'The header\'s row in the sheet (1-based).' }),
    columns: t.field({ type: [ImportColumn], extensions: { maxItems: 100 }, select: { columns: { columns: true } }, resolve: (i) => i.columns as Column[] }),
    mapping: t.field({
      type: [ImportFieldMapping],
      description: 'Every field of the kind, with the column it is read from: inferred, remembered for the unit, or corrected.',
      extensions: { maxItems: 12 },
      select: { columns: { mapping: true, kind: true } },
      resolve: (i) => importFields[i.kind].map((spec) => ({ spec, column: (i.mapping as Mapping)[spec.key] ?? null })),
    }),
    counts: t.field({ type: ImportCounts, select: { columns: { counts: true } }, resolve: (i) => i.counts as Counts }),
    rows: t.connection({
      type: ImportRow,
      description: `The rows in sheet order, ${pageSizes.default} a page unless asked (at most ${pageSizes.max}), optionally of one outcome.`,
      args: { outcome: t.arg({ type: ImportOutcome }) },
      select: { columns: { id: true } },
      resolve: (i, args, ctx) =>
        resolveCursorConnection<Promise<ImportRowShape[]>>({ args, defaultSize: pageSizes.default, maxSize: pageSizes.max, toCursor: (r: ImportRowShape) => String(r.rowNumber) }, async ({ before, after, limit, inverted }): Promise<ImportRowShape[]> => {
          for (const cursor of [before, after]) {
            if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) throw new ValidationError('after', '无效的游标', 'Not a cursor of this list');
          }
          return await ctx.db
            .select()
            .from(importRows)
            .where(
              and(
                eq(importRows.importId, i.id),
                args.outcome ? eq(importRows.outcome, args.outcome) : undefined,
                after !== undefined ? gt(importRows.rowNumber, Number(after)) : undefined,
                before !== undefined ? lt(importRows.rowNumber, Number(before)) : undefined,
              ),
            )
            .orderBy(inverted ? desc(importRows.rowNumber) : asc(importRows.rowNumber))
            .limit(limit);
        }),
    }),
    progress: t.field({
      type: ImportProgress,
      nullable: true,
      description: 'While its commit runs in this process: how far it has got (poll it); null otherwise.',
      select: { columns: { id: true } },
      resolve: (i) => progressOf(i.id),
    }),
    committedAt: t.expose('committedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

const ImportMappingInput = builder.inputType('ImportMappingInput', {
  description: 'One field and the column letter it is read from; an empty column leaves the field out.',
  fields: (t) => ({
    field: t.string({ required: true }),
    column: t.string({ required: true }),
  }),
});

/** The most entries a mapping may have: more than any kind's fields. */
const maxMappingEntries = 20;

function mappingOf(given: readonly { field: string; column: string }[] | null | undefined): Mapping | null {
  if (!given) return null;
  if (given.length > maxMappingEntries) {
    throw new ValidationError('input.mapping', `映射最多 ${maxMappingEntries} 项`, `A mapping has at most ${maxMappingEntries} entries`);
  }
  return Object.fromEntries(given.map((m) => [m.field, m.column.trim().toUpperCase()]));
}

const PreviewImportInput = builder.inputType('PreviewImportInput', {
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum, required: true }),
    unitId: t.globalID({ for: Unit, required: true, description: 'The unit whose list or proposals the file holds: a department its own, the coordinator any.' }),
    campaignId: t.globalID({ for: Campaign, description: 'Proposals only: the campaign they go into.' }),
    file: t.field({ type: 'File', required: true, description: '.xlsx, .xls or .csv (UTF-8 or GB18030).' }),
    sheet: t.string({ description: 'The sheet to read; by default the first with a recognisable header.' }),
    mapping: t.field({ type: [ImportMappingInput], description: 'Corrections to the inferred mapping.' }),
    submit: t.boolean({ description: 'Proposals only: submit them once created (default: drafts).' }),
  }),
});

const importErrors = [ValidationError, NotFoundError, ForbiddenError, InvalidTransitionError, ImportRefusedError];

builder.mutationField('previewImport', (t) =>
  t.withAuth({ canWrite: ['coordinator', 'submitter'] }).drizzleField({
    type: Import,
    errors: { types: importErrors },
    description: 'Reads a spreadsheet and checks every row against the database; writes nothing but the preview (the Import). Commit it with commitImport.',
    args: { input: t.arg({ type: PreviewImportInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const file = new Uint8Array(await input.file.arrayBuffer());
      const { importId } = await runCommand(ctx, ctx.viewer, previewImport, {
        kind: input.kind,
        unitId: input.unitId.id,
        campaignId: input.campaignId?.id ?? null,
        fileName: input.file.name || 'upload',
        file,
        sheet: input.sheet,
        mapping: mappingOf(input.mapping),
        submit: input.submit,
      });
      return (await ctx.db.query.imports.findFirst(query({ where: { id: importId } })))!;
    },
  }),
);

const RemapImportInput = builder.inputType('RemapImportInput', {
  fields: (t) => ({
    importId: t.globalID({ for: Import, required: true }),
    sheet: t.string({ description: 'Another sheet of the file.' }),
    mapping: t.field({ type: [ImportMappingInput], description: 'The corrected mapping (every field to read).' }),
  }),
});

builder.mutationField('remapImport', (t) =>
  t.withAuth({ canWrite: ['coordinator', 'submitter'] }).drizzleField({
    type: Import,
    errors: { types: importErrors },
    description: 'Reads the uploaded file again with another sheet or a corrected column mapping and checks every row again.',
    args: { input: t.arg({ type: RemapImportInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { importId } = await runCommand(ctx, ctx.viewer, remapImport, { importId: input.importId.id, sheet: input.sheet, mapping: mappingOf(input.mapping) });
      return (await ctx.db.query.imports.findFirst(query({ where: { id: importId } })))!;
    },
  }),
);

const ImportIdInput = builder.inputType('CommitImportInput', {
  fields: (t) => ({
    importId: t.globalID({ for: Import, required: true }),
    expectedVersion: t.int({ description: 'The import\'s version as previewed: a remap since then is a conflict.' }),
  }),
});

builder.mutationField('commitImport', (t) =>
  t.withAuth({ canWrite: ['coordinator', 'submitter'] }).drizzleField({
    type: Import,
    errors: { types: [...importErrors, ConflictError] },
    description:
      'Writes every row of a preview in one transaction, or none: a preview with errors, or a row that fails only now, writes nothing. Re-importing the same file changes nothing.',
    args: { input: t.arg({ type: ImportIdInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { importId } = await runCommand(ctx, ctx.viewer, commitImport, { importId: input.importId.id, expectedVersion: input.expectedVersion });
      return (await ctx.db.query.imports.findFirst(query({ where: { id: importId } })))!;
    },
  }),
);

const DiscardImportInput = builder.inputType('DiscardImportInput', {
  fields: (t) => ({ importId: t.globalID({ for: Import, required: true }) }),
});

builder.mutationField('discardImport', (t) =>
  t.withAuth({ canWrite: ['coordinator', 'submitter'] }).drizzleField({
    type: Import,
    errors: { types: [NotFoundError, InvalidTransitionError] },
    description: 'Drops a preview: its file and rows are deleted, nothing is written.',
    args: { input: t.arg({ type: DiscardImportInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { importId } = await runCommand(ctx, ctx.viewer, discardImport, { importId: input.importId.id });
      return (await ctx.db.query.imports.findFirst(query({ where: { id: importId } })))!;
    },
  }),
);
