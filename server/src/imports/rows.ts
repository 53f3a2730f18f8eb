import type { PowerTypeCode } from '@devolve/db';
import { importFields } from './fields.ts';
import type { Mapping } from './headers.ts';
import { type Cell, columnIndex, type Sheet } from './read.ts';
import * as v from './values.ts';

/**
 * A sheet's data rows read with a mapping into values, skipped rows (blank, notes, a repeated
 * header) or errors naming their cell (C17). Pure: what the database says about the rows (new,
 * update, unchanged, not the unit's item) is decided by the planners (power-items.ts, proposals.ts).
 */

export interface CellError {
  /** e.g. C17; the row's number alone (17) when the field has no column. */
  cell: string;
  field: string;
  zh: string;
  en: string;
}

export interface PowerItemValues {
  basicCode: string;
  name?: string;
  subItemName?: string | null;
  typeCode?: PowerTypeCode;
  legalBasis?: string;
  level?: number;
  handlingDivision?: string | null;
  coImplementers?: string | null;
  source?: v.PowerSourceValue;
  accountability?: string | null;
  /** 实施主体 as written, checked against the import's unit. */
  implementingUnit?: string | null;
}

export interface ProposalValues {
  itemCode: string | null;
  itemName: string | null;
  action: v.ActionValue;
  /** District names or codes as written. */
  targetDistricts: string[];
  rationale: string;
  changeLegalBasis: string | null;
  mergeIntoCode: string | null;
}

export type ReadRow<V> =
  | { rowNumber: number; cells: Record<string, Cell>; kind: 'values'; values: V }
  | { rowNumber: number; cells: Record<string, Cell>; kind: 'skipped'; reason: v.Reason }
  | { rowNumber: number; cells: Record<string, Cell>; kind: 'error'; errors: CellError[] };

const noteStart = /^(注|备注|说明|填表说明|附注|合计|总计|共计|小计)/;

interface RowReader {
  rowNumber: number;
  cell(field: string): Cell | undefined;
  ref(field: string): string;
  has(field: string): boolean;
}

/** Every data row below the header, with the reader the kind's parser uses. */
function* dataRows(sheet: Sheet, headerRow: number, mapping: Mapping) {
  const indexes = Object.fromEntries(Object.entries(mapping).map(([field, letter]) => [field, columnIndex(letter)]));
  const headerCells = sheet.rows[headerRow - 1] ?? [];
  for (let r = headerRow; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const rowNumber = r + 1;
    const cells: Record<string, Cell> = {};
    for (const [field, letter] of Object.entries(mapping)) {
      const value = row[indexes[field]!];
      if (value !== undefined && value !== '') cells[letter] = value;
    }
    const reader: RowReader = {
      rowNumber,
      cell: (field) => (field in indexes ? row[indexes[field]!] : undefined),
      ref: (field) => (field in mapping ? `${mapping[field]}${rowNumber}` : String(rowNumber)),
      has: (field) => field in mapping,
    };
    const texts = row.map((c) => v.text(c)).filter((t) => t !== '');
    if (texts.length === 0) {
      yield { reader, cells, skip: { zh: '空行', en: 'Blank row' } };
    } else if (row.every((c, i) => v.text(c) === v.text(headerCells[i]))) {
      yield { reader, cells, skip: { zh: '重复的表头行', en: 'A repeated header row' } };
    } else {
      yield { reader, cells, texts, skip: null };
    }
  }
}

/** A row without its identifying field: a note (注：…, 合计) or a title is skipped, anything else is an error. */
function isNoteRow(texts: readonly string[]): boolean {
  return texts.length <= 2 && texts.some((t) => noteStart.test(t) || t.length > 40);
}

function required(reader: RowReader, field: string, errors: CellError[]): string | undefined {
  const value = v.text(reader.cell(field));
  if (value === '') {
    const spec = importFields.power_items.find((f) => f.key === field) ?? importFields.proposals.find((f) => f.key === field);
    errors.push({ cell: reader.ref(field), field, zh: `缺少${spec?.zh ?? field}`, en: `${spec?.en ?? field} is missing` });
    return undefined;
  }
  return value;
}

const optional = (reader: RowReader, field: string): string | null | undefined => {
  if (!reader.has(field)) return undefined;
  const value = v.text(reader.cell(field));
  return value === '' ? null : value;
};

function take<T>(reader: RowReader, field: string, parsed: v.Parsed<T> | null, errors: CellError[]): T | undefined {
  if (parsed === null) return undefined;
  if ('error' in parsed) {
    errors.push({ cell: reader.ref(field), field, ...parsed.error });
    return undefined;
  }
  return parsed.value;
}

export function readPowerItemRows(sheet: Sheet, headerRow: number, mapping: Mapping): ReadRow<PowerItemValues>[] {
  const rows = [...dataRows(sheet, headerRow, mapping)];
  // Codes stored as numbers lost their leading zeros: the column's usual length puts them back.
  const codes = rows.flatMap(({ reader }) => {
    const parsed = v.codeDigits(reader.cell('basicCode'));
    return parsed && 'value' in parsed ? [parsed.value] : [];
  });
  const length = v.usualLength(codes);
  const seen = new Map<string, number>();
  return rows.map(({ reader, cells, skip, texts }) => {
    const { rowNumber } = reader;
    if (skip) return { rowNumber, cells, kind: 'skipped', reason: skip };
    const errors: CellError[] = [];
    const code = take(reader, 'basicCode', v.codeDigits(reader.cell('basicCode')), errors);
    if (code === undefined && errors.length === 0) {
      if (isNoteRow(texts!)) return { rowNumber, cells, kind: 'skipped', reason: { zh: '说明或备注行', en: 'A note row' } };
      errors.push({ cell: reader.ref('basicCode'), field: 'basicCode', zh: '缺少基本编码', en: 'The basic code is missing' });
    }
    const basicCode = code === undefined ? undefined : v.restoreZeros(code, length);
    if (basicCode !== undefined) {
      const earlier = seen.get(basicCode);
      if (earlier !== undefined) {
        errors.push({ cell: reader.ref('basicCode'), field: 'basicCode', zh: `基本编码与第 ${earlier} 行重复`, en: `The same basic code as row ${earlier}` });
      } else seen.set(basicCode, rowNumber);
    }
    const values: PowerItemValues = { basicCode: basicCode ?? '' };
    if (reader.has('name')) values.name = required(reader, 'name', errors);
    if (reader.has('subItemName')) values.subItemName = optional(reader, 'subItemName');
    if (reader.has('type')) {
      values.typeCode = take(reader, 'type', v.powerType(reader.cell('type')), errors);
      if (values.typeCode === undefined && !errors.some((e) => e.field === 'type')) required(reader, 'type', errors);
    }
    if (reader.has('legalBasis')) values.legalBasis = required(reader, 'legalBasis', errors);
    if (reader.has('level')) {
      values.level = take(reader, 'level', v.level(reader.cell('level')), errors);
      if (values.level === undefined && !errors.some((e) => e.field === 'level')) required(reader, 'level', errors);
    }
    if (reader.has('handlingDivision')) values.handlingDivision = optional(reader, 'handlingDivision');
    if (reader.has('coImplementers')) values.coImplementers = optional(reader, 'coImplementers');
    if (reader.has('accountability')) values.accountability = optional(reader, 'accountability');
    if (reader.has('implementingUnit')) values.implementingUnit = optional(reader, 'implementingUnit');
    if (reader.has('source')) values.source = take(reader, 'source', v.powerSource(reader.cell('source')), errors) ?? 'statutory';
    return errors.length > 0 ? { rowNumber, cells, kind: 'error', errors } : { rowNumber, cells, kind: 'values', values };
  });
}

export function readProposalRows(sheet: Sheet, headerRow: number, mapping: Mapping): ReadRow<ProposalValues>[] {
  const rows = [...dataRows(sheet, headerRow, mapping)];
  const codeOf = (cell: Cell | undefined) => v.codeDigits(cell);
  const length = v.usualLength(
    rows.flatMap(({ reader }) => {
      const parsed = codeOf(reader.cell('itemCode'));
      return parsed && 'value' in parsed ? [parsed.value] : [];
    }),
  );
  return rows.map(({ reader, cells, skip, texts }) => {
    const { rowNumber } = reader;
    if (skip) return { rowNumber, cells, kind: 'skipped', reason: skip };
    const errors: CellError[] = [];
    const action = take(reader, 'action', v.action(reader.cell('action')), errors);
    if (action === undefined && errors.length === 0) {
      if (isNoteRow(texts!)) return { rowNumber, cells, kind: 'skipped', reason: { zh: '说明或备注行', en: 'A note row' } };
      required(reader, 'action', errors);
    }
    const code = take(reader, 'itemCode', codeOf(reader.cell('itemCode')), errors);
    const merge = take(reader, 'mergeInto', codeOf(reader.cell('mergeInto')), errors);
    const rationale = required(reader, 'rationale', errors);
    const itemName = optional(reader, 'itemName') ?? null;
    if (action && action !== 'add' && code === undefined && !errors.some((e) => e.field === 'itemCode')) {
      errors.push({ cell: reader.ref('itemCode'), field: 'itemCode', zh: '缺少事项的基本编码', en: "The item's basic code is missing" });
    }
    if (action === 'add' && itemName === null) {
      errors.push({ cell: reader.ref('itemName'), field: 'itemName', zh: '新增事项须填写事项名称', en: 'An added item needs its name' });
    }
    if (errors.length > 0 || !action || rationale === undefined) return { rowNumber, cells, kind: 'error', errors };
    return {
      rowNumber,
      cells,
      kind: 'values',
      values: {
        itemCode: action === 'add' ? null : v.restoreZeros(code!, length),
        itemName,
        action,
        targetDistricts: v.listItems(reader.cell('targetDistricts')),
        rationale,
        changeLegalBasis: optional(reader, 'changeLegalBasis') ?? null,
        mergeIntoCode: merge === undefined ? null : v.restoreZeros(merge, length),
      },
    };
  });
}

