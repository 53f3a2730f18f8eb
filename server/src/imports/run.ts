import { campaigns, type Database, importRows, units, users } from '@devolve/db';
import { and, arrayContains, asc, eq } from 'drizzle-orm';
import { systemViewer } from '../accounts/credentials.ts';
import { type MutationDeps, runCommand } from '../activity/mutate.ts';
import { commitImport, type CommitResult, type Counts, previewImport } from './commands.ts';
import type { ImportKind } from './fields.ts';
import { progressOf } from './progress.ts';
import type { CellError } from './rows.ts';

/**
 * One file imported outside HTTP, as `devolve import` and the benchmark do: the same preview and
 * commit commands the GraphQL mutations run, acting as a named user.
 */

export interface ImportFileOptions {
  kind: ImportKind;
  /** The unit's code (GZ-SCJGJ). */
  unitCode: string;
  /** Proposals: the campaign's year. */
  campaignYear?: number;
  sheet?: string;
  /** Who acts; by default the unit's first active submitter. */
  username?: string;
  dryRun?: boolean;
  fileName: string;
  file: Uint8Array;
  /** Called with (done, total) while the commit runs. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportFileResult {
  importId: number;
  sheet: string;
  mapping: Record<string, string>;
  counts: Counts;
  /** Every row with an error, with its cells' reasons. */
  errors: { rowNumber: number; errors: CellError[] }[];
  committed: CommitResult | null;
  /** Milliseconds the preview and the commit took. */
  previewMs: number;
  commitMs: number | null;
}

/** A mistake of the operator's (unknown unit, user or campaign): one line, exit code 1. */
export class ImportSetupError extends Error {}

export async function importFile(deps: Omit<MutationDeps, 'viewer'>, options: ImportFileOptions): Promise<ImportFileResult> {
  const { db } = deps;
  const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, options.unitCode));
  if (!unit) throw new ImportSetupError(`No unit has the code ${options.unitCode}.`);
  const username = options.username ?? (await firstSubmitter(db, unit.id));
  const viewer = username ? await systemViewer(db, username) : null;
  if (!viewer) throw new ImportSetupError(username ? `No active user ${username}.` : `Unit ${options.unitCode} has no active submitter: name one with --as.`);
  let campaignId: number | null = null;
  if (options.campaignYear !== undefined) {
    const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, options.campaignYear));
    if (!campaign) throw new ImportSetupError(`No campaign for ${options.campaignYear}.`);
    campaignId = campaign.id;
  }
  const run = { ...deps, viewer };
  const started = performance.now();
  const { importId } = await runCommand(run, viewer, previewImport, {
    kind: options.kind,
    unitId: unit.id,
    campaignId,
    fileName: options.fileName,
    file: options.file,
    sheet: options.sheet,
  });
  const preview = (await db.query.imports.findFirst({ where: { id: importId } }))!;
  const counts = preview.counts as Counts;
  const errorRows = await db
    .select({ rowNumber: importRows.rowNumber, detail: importRows.detail })
    .from(importRows)
    .where(and(eq(importRows.importId, importId), eq(importRows.outcome, 'error')))
    .orderBy(asc(importRows.rowNumber));
  const result: ImportFileResult = {
    importId,
    sheet: preview.sheet,
    mapping: preview.mapping as Record<string, string>,
    counts,
    errors: errorRows.map((r) => ({ rowNumber: r.rowNumber, errors: (r.detail as { errors: CellError[] }).errors })),
    committed: null,
    previewMs: performance.now() - started,
    commitMs: null,
  };
  if (options.dryRun || counts.error > 0) return result;
  const timer = options.onProgress
    ? setInterval(() => {
        const progress = progressOf(importId);
        if (progress) options.onProgress!(progress.done, progress.total);
      }, 200)
    : null;
  const committing = performance.now();
  try {
    result.committed = await runCommand(run, viewer, commitImport, { importId });
    result.commitMs = performance.now() - committing;
  } finally {
    if (timer) clearInterval(timer);
  }
  return result;
}

async function firstSubmitter(db: Database, unitId: number): Promise<string | null> {
  const [user] = await db
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.unitId, unitId), eq(users.active, true), arrayContains(users.roles, ['submitter'])))
    .orderBy(asc(users.id))
    .limit(1);
  return user?.username ?? null;
}

