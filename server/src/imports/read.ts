import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import yauzl from 'yauzl';
import { ImportRefusedError } from '../errors.ts';

/**
 * Reading an uploaded spreadsheet into plain rows of cells (server/src/imports/): `.xlsx` streamed
 * with exceljs's WorkbookReader (no workbook model in memory), `.xls` with SheetJS (the format
 * stops at 65,536 rows, so its memory is bounded), `.csv` in UTF-8 (with or without a BOM) or
 * GB18030. Merged ranges are filled in: every cell of a range carries the value of its top-left
 * cell. Nothing here knows what the columns mean (headers.ts, values.ts).
 */

/** A cell as read: text, or a number when the file stored one (codes that lost their zeros). */
export type Cell = string | number;

export interface Sheet {
  name: string;
  /** Row i is the sheet's row i + 1; a row's cells by column index (0 = A); missing cells are ''. */
  rows: Cell[][];
}

export interface Workbook {
  format: 'xlsx' | 'xls' | 'csv';
  sheets: Sheet[];
}

export interface ReadLimits {
  /** Largest total size of a zip's entries once uncompressed. */
  maxUncompressedBytes: number;
  /** Largest ratio of uncompressed to compressed size, per entry and in total. */
  maxRatio: number;
  /** Most rows of one sheet. */
  maxRows: number;
}

export const defaultReadLimits: ReadLimits = { maxUncompressedBytes: 400 * 1024 * 1024, maxRatio: 100, maxRows: 200_000 };

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

const notSpreadsheet = () =>
  new ImportRefusedError('NOT_A_SPREADSHEET', '文件不是 Excel（.xlsx、.xls）或 CSV 表格', 'The file is not a spreadsheet (.xlsx, .xls or .csv)');
const encrypted = () =>
  new ImportRefusedError('ENCRYPTED', '文件已加密（设有打开密码），请取消密码后再导入', 'The file is encrypted (password-protected): remove the password and import it again');

export async function readWorkbook(bytes: Uint8Array, limits: ReadLimits = defaultReadLimits): Promise<Workbook> {
  if (bytes.length === 0) throw notSpreadsheet();
  if (startsWith(bytes, zipMagic)) {
    const merges = await inspectZip(bytes, limits);
    return { format: 'xlsx', sheets: await readXlsx(bytes, merges, limits) };
  }
  if (startsWith(bytes, oleMagic)) {
    // An encrypted .xlsx is an OLE container holding EncryptionInfo and EncryptedPackage streams;
    // the directory names them in UTF-16LE.
    if (Buffer.from(bytes).includes(Buffer.from('EncryptionInfo', 'utf16le'))) throw encrypted();
    return { format: 'xls', sheets: readXls(bytes, limits) };
  }
  return { format: 'csv', sheets: [{ name: 'CSV', rows: readCsv(bytes, limits) }] };
}

/**
 * The zip's directory, read BEFORE anything is inflated: a zip bomb (a huge total, or an entry far
 * larger than it is compressed) is refused from its declared sizes, and inflating is bounded by
 * the same caps as it runs (a lying directory stops the read). Also collects each sheet's merged
 * ranges, which exceljs's streaming reader skips.
 */
async function inspectZip(bytes: Uint8Array, limits: ReadLimits): Promise<Map<number, string[]>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
      error || !file ? reject(notSpreadsheet()) : resolve(file),
    ),
  );
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', () => reject(notSpreadsheet()));
    zip.readEntry();
  });
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const compressed = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  const bomb = () =>
    new ImportRefusedError('ZIP_BOMB', '文件解压后过大（疑似压缩炸弹），已拒绝', 'The file expands far beyond its size (a zip bomb): refused');
  if (total > limits.maxUncompressedBytes || total > Math.max(compressed, 1) * limits.maxRatio) {
    zip.close();
    throw bomb();
  }
  if (entries.some((e) => e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > Math.max(e.compressedSize, 1) * limits.maxRatio)) {
    zip.close();
    throw bomb();
  }
  const names = new Set(entries.map((e) => e.fileName));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    zip.close();
    throw notSpreadsheet();
  }
  const merges = new Map<number, string[]>();
  for (const entry of entries) {
    const match = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.fileName);
    if (match) merges.set(Number(match[1]), await mergedRanges(zip, entry));
  }
  zip.close();
  return merges;
}

/** `<mergeCell ref="A3:A5"/>` of one sheet's XML, scanned as it inflates (they come after the rows). */
async function mergedRanges(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string[]> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) => (error || !s ? reject(notSpreadsheet()) : resolve(s))),
  );
  const ranges: string[] = [];
  let carry = '';
  try {
    for await (const chunk of stream) {
      const text = carry + (chunk as Buffer).toString('latin1');
      const pattern = /<(?:\w+:)?mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"/g;
      let last = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        ranges.push(m[1]!);
        last = pattern.lastIndex;
      }
      carry = text.slice(Math.max(last, text.length - 64));
    }
  } catch {
    throw notSpreadsheet();
  }
  return ranges;
}

function cellText(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

async function readXlsx(bytes: Uint8Array, merges: Map<number, string[]>, limits: ReadLimits): Promise<Sheet[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const sheets: (Sheet & { id: number })[] = [];
  try {
    for await (const worksheet of reader) {
      // exceljs's reader types its worksheets loosely; id and name are set from the workbook.
      const ws = worksheet as unknown as ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row> & { id: number; name: string };
      const rows: Cell[][] = [];
      for await (const row of ws) {
        if (row.number > limits.maxRows + 50) throw tooManyRows(limits);
        const cells: Cell[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          cells[col - 1] = cellText(cell.value);
        });
        rows[row.number - 1] = Array.from(cells, (c) => c ?? '');
      }
      const filled = Array.from(rows, (r) => r ?? []);
      applyMerges(filled, merges.get(ws.id) ?? []);
      sheets.push({ id: ws.id, name: ws.name, rows: filled });
    }
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error;
    throw notSpreadsheet();
  }
  // The reader yields a sheet when its part is read, and the zip may hold the parts in any order
  // (a sheet stored before the workbook or the shared strings waits until they are read): put the
  // sheets back in the workbook's tab order.
  const tabs = (reader as unknown as { model?: { sheets?: { id: number }[] } }).model?.sheets ?? [];
  const tab = (id: number) => tabs.findIndex((s) => s.id === id);
  return sheets.sort((a, b) => tab(a.id) - tab(b.id)).map(({ name, rows }) => ({ name, rows }));
}

const tooManyRows = (limits: ReadLimits) =>
  new ImportRefusedError('TOO_LARGE', `表格行数超过上限 ${limits.maxRows} 行`, `A sheet has more than ${limits.maxRows} rows`);

/** Column letters (A, Z, AA) → 0-based index. */
export const columnIndex = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
/** 0-based index → column letters. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function applyMerges(rows: Cell[][], ranges: readonly string[]): void {
  for (const range of ranges) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!m) continue;
    const [c1, r1, c2, r2] = [columnIndex(m[1]!), Number(m[2]) - 1, columnIndex(m[3]!), Number(m[4]) - 1];
    const value = rows[r1]?.[c1] ?? '';
    for (let r = r1; r <= r2 && r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = c1; c <= c2; c++) {
        while (row.length < c) row.push('');
        row[c] = value;
      }
    }
  }
}

function readXls(bytes: Uint8Array, limits: ReadLimits): Sheet[] {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'array', cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false, sheetRows: limits.maxRows + 51 });
  } catch (error) {
    if (/password|encrypt/i.test(String((error as Error).message))) throw encrypted();
    throw notSpreadsheet();
  }
  return book.SheetNames.map((name) => {
    const ws = book.Sheets[name]!;
    const rows = XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: '', blankrows: true }).map((row) =>
      row.map((v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : v == null ? '' : String(v))),
    );
    const merges = (ws['!merges'] ?? []).map((r) => XLSX.utils.encode_range(r));
    applyMerges(rows, merges.map((r) => (r.includes(':') ? r : `${r}:${r}`)));
    return { name, rows };
  });
}

/** UTF-8 when the bytes are valid UTF-8 (BOM or not), otherwise GB18030 (which decodes GBK and GB2312). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Uint8Array, limits: ReadLimits): Cell[][] {
  // A text file has no NUL bytes: anything that does is a binary file of another kind.
  if (bytes.subarray(0, 8192).includes(0)) throw notSpreadsheet();
  const text = decodeText(bytes);
  let rows: string[][];
  try {
    rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, bom: true, to_line: limits.maxRows + 51 }) as string[][];
  } catch {
    throw notSpreadsheet();
  }
  if (rows.length === 0 || rows.every((row) => row.length <= 1)) throw notSpreadsheet();
  return rows;
}
