import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

/** Reads an exported .xlsx back with exceljs. */
export async function readWorkbook(bytes: ArrayBuffer | Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes as ArrayBuffer) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A sheet's cell values as rows (exceljs's rows are 1-based with an empty slot 0). */
export function sheetValues(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return rows;
}

/** One file's text out of a zip (a .docx's word/document.xml), through yauzl. */
export async function zipEntryText(bytes: Buffer, name: string): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== name) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          zip.close();
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
      });
    });
    zip.on('end', () => reject(new Error(`${name} is not in the zip`)));
    zip.readEntry();
  });
}
