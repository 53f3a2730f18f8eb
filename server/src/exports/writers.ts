import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellKind } from './lists.ts';

/**
 * Streaming writers of one table: a header row, then rows as they are read. Both formats:
 * codes stay text, dates are dates (China time), and a text cell starting with = + - @ (or a tab
 * or carriage return, which some programs skip before them) is prefixed with ' so no spreadsheet
 * runs it as a formula (CSV injection).
 */

export interface TableColumn {
  header: string;
  /** In characters. */
  width: number;
  kind: CellKind;
}

export type CellValue = string | number | null;

export interface TableWriter {
  /** Writes rows, resolving once the destination can take more (backpressure). */
  write(rows: readonly CellValue[][]): Promise<void>;
  end(): Promise<void>;
}

const formulaStart = /^[=+\-@\t\r]/;
export const neutralise = (text: string): string => (formulaStart.test(text) ? `'${text}` : text);

const chinaOffsetMs = 8 * 3_600_000;

/**
 * An instant as China's wall-clock time in a Date whose UTC fields hold it: spreadsheet dates have
 * no zone, and exceljs writes a Date's UTC fields.
 */
const chinaWallClock = (iso: string): Date => new Date(Date.parse(iso) + chinaOffsetMs);
/** 2019-12-27T09:30:00.000Z → 2019-12-27 17:30:00 */
const chinaText = (iso: string): string => chinaWallClock(iso).toISOString().slice(0, 19).replace('T', ' ');

/** Thrown when the client leaves mid-download: nothing more to write, nothing to report. */
export class ClientGone extends Error {}

/** Waits until `out` takes more, or fails if the client left (a closed socket never drains). */
async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  if (out.destroyed) throw new ClientGone('The client closed the download');
}

export const contentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;
export type ExportFormat = keyof typeof contentTypes;

/** .xlsx through exceljs's streaming writer: each row is serialised and zipped as it comes. */
export function xlsxWriter(out: Writable, sheetName: string, columns: readonly TableColumn[]): TableWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width,
    style: column.kind === 'dateTime' ? { numFmt: 'yyyy-mm-dd hh:mm' } : column.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : column.kind === 'text' ? { numFmt: '@' } : {},
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const cell = (value: CellValue, kind: CellKind): ExcelJS.CellValue => {
    if (value === null || value === '') return null;
    if (kind === 'dateTime') return chinaWallClock(String(value));
    if (kind === 'date') return new Date(`${String(value)}T00:00:00Z`);
    if (kind === 'number') return Number(value);
    return neutralise(String(value));
  };
  return {
    async write(rows) {
      for (const row of rows) sheet.addRow(row.map((value, i) => cell(value, columns[i]!.kind))).commit();
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; lines end in CRLF. */
const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** UTF-8 with a byte-order mark, which Excel needs to read Chinese from a .csv. */
export function csvWriter(out: Writable, columns: readonly TableColumn[]): TableWriter {
  const line = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;
  out.write(`\uFEFF${line(columns.map((column) => neutralise(column.header)))}`);
  const field = (value: CellValue, kind: CellKind): string => {
    if (value === null || value === '') return '';
    if (kind === 'dateTime') return chinaText(String(value));
    if (kind === 'text') return neutralise(String(value));
    return String(value);
  };
  return {
    async write(rows) {
      out.write(rows.map((row) => line(row.map((value, i) => field(value, columns[i]!.kind)))).join(''));
      await drained(out);
    },
    async end() {
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}
