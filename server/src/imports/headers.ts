import { type FieldSpec, type ImportKind, importFields } from './fields.ts';
import { type Cell, columnLetter, type Sheet } from './read.ts';
import { headerKey, text } from './values.ts';

/**
 * Finding the header row (title rows above it, not always row 1) and which column holds each
 * field, from the synonyms in fields.ts and, first, the mapping the unit accepted last time.
 */

/** How far down a header is looked for. */
const headerSearchRows = 30;

export interface Column {
  letter: string;
  header: string;
  /** The first few non-blank values under the header. */
  samples: string[];
}

/** field key → column letter. */
export type Mapping = Record<string, string>;

export interface SheetLayout {
  /** 1-based. */
  headerRow: number;
  columns: Column[];
  mapping: Mapping;
}

/** The field a header names, by its exact synonym, else by a synonym it contains (longest first). */
function fieldForHeader(fields: readonly FieldSpec[], header: string): FieldSpec | undefined {
  if (header === '') return undefined;
  const exact = fields.find((f) => f.synonyms.includes(header));
  if (exact) return exact;
  let best: { field: FieldSpec; length: number } | undefined;
  for (const field of fields) {
    for (const synonym of field.synonyms) {
      if (synonym.length >= 2 && header.includes(synonym) && (!best || synonym.length > best.length)) best = { field, length: synonym.length };
    }
  }
  return best?.field;
}

/** The fields a row names as headers, by column: field key → column index. */
function matchRow(kind: ImportKind, row: readonly Cell[]): Map<string, number> {
  const matched = new Map<string, number>();
  for (const [index, cell] of row.entries()) {
    const field = fieldForHeader(importFields[kind], headerKey(cell));
    if (field && !matched.has(field.key)) matched.set(field.key, index);
  }
  return matched;
}

/**
 * The sheet's header row and inferred mapping, or null when no row in the first 30 names the
 * kind's identifying field and at least one other.
 */
export function findLayout(kind: ImportKind, sheet: Sheet, remembered: Record<string, string> = {}): SheetLayout | null {
  const keyField = importFields[kind].find((f) => f.keyField)!;
  let best: { row: number; matched: Map<string, number> } | null = null;
  for (let r = 0; r < Math.min(headerSearchRows, sheet.rows.length); r++) {
    const matched = matchRow(kind, sheet.rows[r] ?? []);
    if (matched.has(keyField.key) && matched.size >= 2 && (!best || matched.size > best.matched.size)) best = { row: r, matched };
  }
  if (!best) return null;
  const headerCells = sheet.rows[best.row] ?? [];
  const columns: Column[] = headerCells.map((cell, index) => ({
    letter: columnLetter(index),
    header: text(cell),
    samples: samplesOf(sheet, best.row, index),
  }));
  const mapping: Mapping = {};
  for (const [key, index] of best.matched) mapping[key] = columnLetter(index);
  // The unit's remembered choices win where their header is in this file.
  for (const [key, header] of Object.entries(remembered)) {
    if (!importFields[kind].some((f) => f.key === key)) continue;
    // '' : the unit said the field is not in its files.
    if (header === '') {
      delete mapping[key];
      continue;
    }
    const column = columns.find((c) => headerKey(c.header) === headerKey(header));
    if (column) mapping[key] = column.letter;
  }
  return { headerRow: best.row + 1, columns: columns.filter((c) => c.header !== '' || c.samples.length > 0), mapping };
}

function samplesOf(sheet: Sheet, headerIndex: number, column: number): string[] {
  const samples: string[] = [];
  for (let r = headerIndex + 1; r < sheet.rows.length && samples.length < 3; r++) {
    const value = text(sheet.rows[r]?.[column]);
    if (value !== '') samples.push(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  }
  return samples;
}
