import { describe, expect, it } from 'vitest';
import { messyPowerListXlsx, reorderedXlsx } from '../../../test/fixtures/imports/make.ts';
import { readWorkbook } from './read.ts';

const codes = { a: '440199001000', b: '440199002000', c: '440199003000' };

describe('reading an .xlsx', () => {
  it('reads the sheets in tab order, with merged cells filled in', async () => {
    const book = await readWorkbook(await messyPowerListXlsx(codes));
    expect(book.sheets.map((s) => s.name)).toEqual(['填表说明', '权责清单']);
    const list = book.sheets[1]!;
    expect(list.rows[0]![3]).toBe('广州市市场监督管理局行政职权事项清单');
    expect(list.rows[5]![7]).toBe(list.rows[4]![7]);
  });

  // exceljs's own writer stores the workbook's parts in no fixed order: now and then the shared
  // strings before the sheets and xl/workbook.xml after them. Its streaming reader then failed on
  // the first sheet (no workbook model yet) and a good file was refused as not a spreadsheet.
  const sheets = ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'];
  it.each([
    ['the sheets, then the workbook', [...sheets, 'xl/workbook.xml']],
    ['the workbook, then the sheets backwards', ['xl/workbook.xml', ...sheets.toReversed()]],
    ['the sheets backwards, then the shared strings', [...sheets.toReversed(), 'xl/sharedStrings.xml']],
  ])('reads the same cells whatever the zip order: %s at the end', async (_, last) => {
    const file = await messyPowerListXlsx(codes);
    const expected = await readWorkbook(file);
    const reordered = await readWorkbook(await reorderedXlsx(file, last));
    expect(reordered).toEqual(expected);
  });
});
