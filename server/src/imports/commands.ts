import { campaigns, importMappings, importRows, imports, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { hasRole, proposalRefusal, type Viewer } from '../accounts/permissions.ts';
import type { Command, Mutation } from '../activity/mutate.ts';
import { ConflictError, ForbiddenError, ImportRefusedError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { jsonRows } from '../json-rows.ts';
import { requireReadable } from '../readable.ts';
import { type ImportedPowerItem, mayImportPowerItems, planPowerItems, writePowerItems } from '../power-items/import.ts';
import type { ProposalDraft } from '../proposals/commands.ts';
import { type ImportKind, importFields } from './fields.ts';
import { findLayout, type Mapping, type SheetLayout } from './headers.ts';
import { endProgress, reportProgress } from './progress.ts';
import { actingFor, planProposals, writeProposals } from './proposals.ts';
import { type Cell, readWorkbook, type Workbook } from './read.ts';
import { type CellError, readPowerItemRows, readProposalRows } from './rows.ts';

/**
 * The import's commands (architecture: one place per rule): preview (read, check every row,
 * store the upload and each row's outcome, write nothing else), remap (another sheet or column
 * mapping), commit (all rows or none) and discard. GraphQL and the CLI call these.
 */

export type Outcome = 'new' | 'update' | 'unchanged' | 'skipped' | 'error';
export const outcomes: readonly Outcome[] = ['new', 'update', 'unchanged', 'skipped', 'error'];
export type Counts = Record<Outcome, number>;

const importWhat = { zh: '导入', en: 'import' };

export interface SheetSummary {
  name: string;
  /** Whether a header of this kind was found in it. */
  recognised: boolean;
  rows: number;
}

interface AnalysedRow {
  rowNumber: number;
  cells: Record<string, Cell>;
  outcome: Outcome;
  detail: Record<string, unknown>;
}

/** Who may import `kind` for `unitId`: the coordinator for any unit, a department's submitter for its own. */
function requireImporter(viewer: Viewer, kind: ImportKind, unitId: number): void {
  const allowed =
    kind === 'power_items' ? mayImportPowerItems(viewer, unitId) : !viewer.readOnly && (hasRole(viewer, 'coordinator') || (hasRole(viewer, 'submitter') && viewer.unitId === unitId));
  if (!allowed) throw new ForbiddenError('只能导入本单位的数据', "Import only your own unit's data");
}

const noHeader = (kind: ImportKind) =>
  new ImportRefusedError(
    'NO_HEADER',
    `未在表格前 30 行找到可识别的表头（需含“${importFields[kind].find((f) => f.keyField)!.zh}”列）`,
    `No recognisable header in the first 30 rows (a "${importFields[kind].find((f) => f.keyField)!.zh}" column is needed)`,
  );

/** The sheet to read: the one named, else the first with a recognisable header. */
function chooseSheet(kind: ImportKind, workbook: Workbook, sheet: string | null | undefined, remembered: Record<string, string>) {
  const summaries: SheetSummary[] = workbook.sheets.map((s) => ({ name: s.name, recognised: findLayout(kind, s) !== null, rows: s.rows.length }));
  const chosen = sheet == null ? workbook.sheets.find((_, i) => summaries[i]!.recognised) : workbook.sheets.find((s) => s.name === sheet);
  if (sheet != null && !chosen) throw new ValidationError('input.sheet', `文件中没有名为“${sheet}”的工作表`, `The file has no sheet named "${sheet}"`);
  if (!chosen) throw noHeader(kind);
  const layout = findLayout(kind, chosen, remembered);
  if (!layout) throw noHeader(kind);
  return { summaries, chosen, layout };
}

/** The user's corrected mapping: known fields, columns that exist, each column once. */
function checkMapping(kind: ImportKind, layout: SheetLayout, mapping: Mapping): Mapping {
  const letters = new Set(layout.columns.map((c) => c.letter));
  const used = new Set<string>();
  const checked: Mapping = {};
  for (const [field, letter] of Object.entries(mapping)) {
    if (!importFields[kind].some((f) => f.key === field)) throw new ValidationError('input.mapping', `未知字段“${field}”`, `Unknown field "${field}"`);
    if (letter === '') continue;
    if (!letters.has(letter)) throw new ValidationError('input.mapping', `表格中没有第 ${letter} 列`, `The sheet has no column ${letter}`);
    if (used.has(letter)) throw new ValidationError('input.mapping', `第 ${letter} 列被指定给多个字段`, `Column ${letter} is mapped to more than one field`);
    used.add(letter);
    checked[field] = letter;
  }
  const keyField = importFields[kind].find((f) => f.keyField)!;
  if (!checked[keyField.key]) throw new ValidationError('input.mapping', `必须指定“${keyField.zh}”所在的列`, `Map the "${keyField.zh}" column`);
  return checked;
}

const errorDetail = (errors: CellError[]) => ({ errors });

/** Every row's outcome for `unitId` against the database as it is (under lock when committing). */
async function analyse(
  m: Mutation<Viewer>,
  target: { kind: ImportKind; unitId: number; campaignId: number | null },
  sheet: Workbook['sheets'][number],
  layout: { headerRow: number; mapping: Mapping },
): Promise<AnalysedRow[]> {
  if (target.kind === 'power_items') {
    const read = readPowerItemRows(sheet, layout.headerRow, layout.mapping);
    const valued = read.flatMap((r) => (r.kind === 'values' ? [r.values as ImportedPowerItem] : []));
    const plan = await planPowerItems(m.tx, target.unitId, valued, false);
    let next = 0;
    return read.map((r): AnalysedRow => {
      if (r.kind === 'skipped') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'skipped', detail: { reason: r.reason } };
      if (r.kind === 'error') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'error', detail: errorDetail(r.errors) };
      const p = plan[next++]!;
      if (p.outcome === 'error') {
        return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'error', detail: errorDetail([{ cell: cellRef(layout.mapping, p.field, r.rowNumber), field: p.field, zh: p.zh, en: p.en }]) };
      }
      if (p.outcome === 'unchanged') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'unchanged', detail: { values: r.values, id: p.id } };
      if (p.outcome === 'new') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'new', detail: { values: r.values } };
      return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'update', detail: { values: r.values, id: p.id, diff: p.diff } };
    });
  }
  const read = readProposalRows(sheet, layout.headerRow, layout.mapping);
  const plan = await planProposals(m.tx, target.unitId, target.campaignId!, read.flatMap((r) => (r.kind === 'values' ? [r.values] : [])));
  let next = 0;
  return read.map((r): AnalysedRow => {
    if (r.kind === 'skipped') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'skipped', detail: { reason: r.reason } };
    if (r.kind === 'error') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'error', detail: errorDetail(r.errors) };
    const p = plan[next++]!;
    if (p.outcome === 'error') {
      return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'error', detail: errorDetail([{ cell: cellRef(layout.mapping, p.field, r.rowNumber), field: p.field, zh: p.zh, en: p.en }]) };
    }
    if (p.outcome === 'unchanged') return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'unchanged', detail: { values: r.values, proposalId: p.proposalId } };
    return { rowNumber: r.rowNumber, cells: r.cells, outcome: 'new', detail: { values: r.values, draft: p.draft } };
  });
}

const cellRef = (mapping: Mapping, field: string, rowNumber: number) => (mapping[field] ? `${mapping[field]}${rowNumber}` : String(rowNumber));

function countOf(rows: readonly AnalysedRow[]): Counts {
  const counts: Counts = { new: 0, update: 0, unchanged: 0, skipped: 0, error: 0 };
  for (const row of rows) counts[row.outcome]++;
  return counts;
}

const rowChunk = 5_000;

async function storeRows(m: Mutation<Viewer>, importId: number, rows: readonly AnalysedRow[]): Promise<void> {
  await m.tx.delete(importRows).where(eq(importRows.importId, importId));
  for (let i = 0; i < rows.length; i += rowChunk) {
    const part = rows.slice(i, i + rowChunk).map((r) => ({ row_number: r.rowNumber, cells: r.cells, outcome: r.outcome, detail: r.detail }));
    await m.tx.insert(importRows).select((qb) =>
      qb
        .select({
          importId: sql<number>`${importId}::integer`.as('import_id'),
          rowNumber: sql<number>`given.row_number`.as('row_number'),
          cells: sql<Record<string, string>>`given.cells`.as('cells'),
          outcome: sql<string>`given.outcome`.as('outcome'),
          detail: sql`given.detail`.as('detail'),
        })
        .from(jsonRows('given', { row_number: 'integer', cells: 'jsonb', outcome: 'text', detail: 'jsonb' }, part)),
    );
  }
}

async function rememberedMapping(m: Mutation<Viewer>, unitId: number, kind: ImportKind): Promise<Record<string, string>> {
  const [row] = await m.tx.select({ mapping: importMappings.mapping }).from(importMappings).where(and(eq(importMappings.unitId, unitId), eq(importMappings.kind, kind)));
  return row?.mapping ?? {};
}

export interface PreviewImportInput {
  kind: ImportKind;
  unitId: number;
  /** Proposals only. */
  campaignId?: number | null;
  fileName: string;
  file: Uint8Array;
  sheet?: string | null;
  mapping?: Mapping | null;
  /** Proposals only: submit them once created (otherwise drafts). */
  submit?: boolean | null;
}

/** Reads the file, finds the header and mapping, and stores the upload with every row's outcome; writes nothing else. */
export const previewImport: Command<PreviewImportInput, { importId: number }> = async (m, input) => {
  const { kind, unitId } = input;
  requireImporter(m.viewer, kind, unitId);
  const [unit] = await m.tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  if (!unit) throw new NotFoundError({ zh: '单位', en: 'unit' }, encodeGlobalID('Unit', unitId));
  let campaignId: number | null = null;
  if (kind === 'proposals') {
    if (input.campaignId == null) throw new ValidationError('input.campaignId', '导入精简意见须选择工作年度', 'Proposals are imported into a campaign: choose one');
    const [campaign] = await m.tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, input.campaignId));
    if (!campaign) throw new NotFoundError({ zh: '工作年度', en: 'campaign' }, encodeGlobalID('Campaign', input.campaignId));
    const refusal = proposalRefusal(actingFor(m.viewer, unitId), campaign.status);
    if (refusal === 'role') throw new ForbiddenError();
    if (refusal === 'closed') throw new InvalidTransitionError('该年度已不接收精简意见', 'This campaign no longer accepts proposals');
    campaignId = input.campaignId;
  }
  const fileName = input.fileName.slice(0, 200);
  const workbook = await readWorkbook(input.file);
  const remembered = await rememberedMapping(m, unitId, kind);
  const { summaries, chosen, layout } = chooseSheet(kind, workbook, input.sheet, remembered);
  const mapping = input.mapping ? checkMapping(kind, layout, input.mapping) : layout.mapping;
  const rows = await analyse(m, { kind, unitId, campaignId }, chosen, { headerRow: layout.headerRow, mapping });
  const counts = countOf(rows);
  const [created] = await m.tx
    .insert(imports)
    .values({
      kind,
      unitId,
      campaignId,
      createdById: m.viewer.userId,
      fileName,
      format: workbook.format,
      file: Buffer.from(input.file),
      sheet: chosen.name,
      sheets: summaries,
      headerRow: layout.headerRow,
      columns: layout.columns,
      mapping,
      submit: input.submit ?? false,
      counts,
      createdAt: m.now.toISOString(),
      updatedAt: m.now.toISOString(),
    })
    .returning({ id: imports.id });
  await storeRows(m, created!.id, rows);
  m.record({ action: 'import.previewed', entityId: created!.id, campaignId, after: { kind, unitId, fileName, counts } });
  return { importId: created!.id };
};

/** The import, locked, if the viewer owns it and it is still a preview. */
async function ownPreview(m: Mutation<Viewer>, importId: number, expectedVersion?: number | null) {
  await requireReadable(m, 'Import', importId);
  const [row] = await m.tx.select().from(imports).where(eq(imports.id, importId)).for('update');
  if (!row) throw new NotFoundError(importWhat, encodeGlobalID('Import', importId));
  if (row.status !== 'previewed') throw new InvalidTransitionError('该导入已提交或已放弃', 'This import has already been committed or discarded');
  if (expectedVersion != null && expectedVersion !== row.version) {
    throw new ConflictError({ typename: 'Import', id: importId }, row.version);
  }
  return row;
}

export interface RemapImportInput {
  importId: number;
  sheet?: string | null;
  /** field → column letter; '' leaves a field unmapped. */
  mapping?: Mapping | null;
}

/** Reads the stored upload again with another sheet or a corrected mapping, and checks every row again. */
export const remapImport: Command<RemapImportInput, { importId: number }> = async (m, input) => {
  const row = await ownPreview(m, input.importId);
  requireImporter(m.viewer, row.kind, row.unitId);
  const workbook = await readWorkbook(new Uint8Array(row.file!));
  const sheetName = input.sheet ?? row.sheet;
  const { chosen, layout } = chooseSheet(row.kind, workbook, sheetName, sheetName === row.sheet && !input.mapping ? {} : await rememberedMapping(m, row.unitId, row.kind));
  const mapping = checkMapping(row.kind, layout, input.mapping ?? (sheetName === row.sheet ? (row.mapping as Mapping) : layout.mapping));
  const rows = await analyse(m, row, chosen, { headerRow: layout.headerRow, mapping });
  const counts = countOf(rows);
  await m.tx
    .update(imports)
    .set({ sheet: chosen.name, headerRow: layout.headerRow, columns: layout.columns, mapping, counts, updatedAt: m.now.toISOString(), version: sql`${imports.version} + 1` })
    .where(eq(imports.id, row.id));
  await storeRows(m, row.id, rows);
  m.record({ action: 'import.remapped', entityId: row.id, campaignId: row.campaignId, before: { sheet: row.sheet, mapping: row.mapping }, after: { sheet: chosen.name, mapping, counts } });
  return { importId: row.id };
};

/** Where a row that fails only at commit is: its first error, as the commit's refusal. */
function commitRefusal(rows: readonly AnalysedRow[]): ValidationError | null {
  const bad = rows.find((r) => r.outcome === 'error');
  if (!bad) return null;
  const first = (bad.detail.errors as CellError[])[0]!;
  return new ValidationError(
    `row ${bad.rowNumber}`,
    `第 ${bad.rowNumber} 行（${first.cell}）：${first.zh}。没有写入任何数据`,
    `Row ${bad.rowNumber} (${first.cell}): ${first.en}. Nothing was written`,
  );
}

export interface CommitImportInput {
  importId: number;
  expectedVersion?: number | null;
}

export interface CommitResult {
  importId: number;
  counts: Counts;
  /** Items or proposals created and changed. */
  created: number;
  updated: number;
}

/**
 * Writes every row or none. The rows are checked again against the database under lock (another
 * import or a claim may have come between preview and commit): any error, in the preview or
 * only now, refuses the whole import. Power items are written set-based (power-items/import.ts);
 * proposals through createProposals and, if asked, transitionProposals. One activity row for the
 * import, with its counts; each item created or changed gets its history row (kind `imported`),
 * each proposal its own activity from createProposals. The accepted mapping is remembered for the unit.
 */
export const commitImport: Command<CommitImportInput, CommitResult> = async (m, input) => {
  try {
    return await commit(m, input);
  } finally {
    endProgress(input.importId);
  }
};

async function commit(m: Mutation<Viewer>, input: CommitImportInput): Promise<CommitResult> {
  const row = await ownPreview(m, input.importId, input.expectedVersion);
  requireImporter(m.viewer, row.kind, row.unitId);
  const counts = row.counts as Counts;
  if (counts.error > 0) {
    throw new InvalidTransitionError(`有 ${counts.error} 行错误，请修正文件后重新导入；未写入任何数据`, `${counts.error} row(s) have errors: correct the file and import it again. Nothing was written`);
  }
  const stored = await m.tx
    .select({ rowNumber: importRows.rowNumber, detail: importRows.detail, outcome: importRows.outcome })
    .from(importRows)
    .where(and(eq(importRows.importId, row.id), inArray(importRows.outcome, ['new', 'update', 'unchanged'])))
    .orderBy(asc(importRows.rowNumber));
  const mapping = row.mapping as Mapping;
  const total = stored.length;
  const progress = (done: number) => reportProgress(row.id, done, total);
  progress(0);
  let created = 0;
  let updated = 0;
  let finalCounts: Counts;
  if (row.kind === 'power_items') {
    const values = stored.map((s) => (s.detail as { values: ImportedPowerItem }).values);
    const plan = await planPowerItems(m.tx, row.unitId, values, true);
    const checked: AnalysedRow[] = plan.map((p, i) => ({
      rowNumber: stored[i]!.rowNumber,
      cells: {},
      outcome: p.outcome,
      detail: p.outcome === 'error' ? { errors: [{ cell: cellRef(mapping, p.field, stored[i]!.rowNumber), field: p.field, zh: p.zh, en: p.en }] } : {},
    }));
    const refusal = commitRefusal(checked);
    if (refusal) throw refusal;
    ({ created, updated } = await writePowerItems(m, row.unitId, plan, progress));
    finalCounts = { ...countOf(checked), skipped: counts.skipped };
  } else {
    const values = stored.map((s) => (s.detail as { values: Parameters<typeof planProposals>[3][number] }).values);
    const plan = await planProposals(m.tx, row.unitId, row.campaignId!, values);
    const checked: AnalysedRow[] = plan.map((p, i) => ({
      rowNumber: stored[i]!.rowNumber,
      cells: {},
      outcome: p.outcome,
      detail: p.outcome === 'error' ? { errors: [{ cell: cellRef(mapping, p.field, stored[i]!.rowNumber), field: p.field, zh: p.zh, en: p.en }] } : {},
    }));
    const refusal = commitRefusal(checked);
    if (refusal) throw refusal;
    const drafts = plan.flatMap((p) => (p.outcome === 'new' ? [p.draft as ProposalDraft] : []));
    if (drafts.length > 0) created = (await writeProposals(m, row.unitId, row.campaignId!, drafts, row.submit, progress)).length;
    finalCounts = { ...countOf(checked), skipped: counts.skipped };
  }
  // Every field: the header it was read from, or '' for a field left out (so the next file leaves it out too).
  const headers = Object.fromEntries(
    importFields[row.kind].map(({ key }) => [key, (row.columns as { letter: string; header: string }[]).find((c) => c.letter === mapping[key])?.header ?? '']),
  );
  await m.tx
    .insert(importMappings)
    .values({ unitId: row.unitId, kind: row.kind, mapping: headers, updatedAt: m.now.toISOString() })
    .onConflictDoUpdate({ target: [importMappings.unitId, importMappings.kind], set: { mapping: headers, updatedAt: m.now.toISOString() } });
  await m.tx
    .update(imports)
    .set({ status: 'committed', counts: finalCounts, file: null, committedAt: m.now.toISOString(), updatedAt: m.now.toISOString(), version: sql`${imports.version} + 1` })
    .where(eq(imports.id, row.id));
  m.record({
    action: 'import.committed',
    entityId: row.id,
    campaignId: row.campaignId,
    after: { kind: row.kind, unitId: row.unitId, fileName: row.fileName, created, updated, unchanged: finalCounts.unchanged, skipped: finalCounts.skipped },
  });
  return { importId: row.id, counts: finalCounts, created, updated };
}

/** Drops a preview: its stored file and rows go, the import stays as discarded. */
export const discardImport: Command<{ importId: number }, { importId: number }> = async (m, input) => {
  const row = await ownPreview(m, input.importId);
  await m.tx.delete(importRows).where(eq(importRows.importId, row.id));
  await m.tx.update(imports).set({ status: 'discarded', file: null, updatedAt: m.now.toISOString(), version: sql`${imports.version} + 1` }).where(eq(imports.id, row.id));
  m.record({ action: 'import.discarded', entityId: row.id, campaignId: row.campaignId, after: { fileName: row.fileName } });
  return { importId: row.id };
};

