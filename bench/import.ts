/**
 * A 100,000-row power list imported and committed (the import's preview and commit commands, as
 * the web and the CLI run them), against a raw COPY of the same rows into the same table, on
 * PostgreSQL (DATABASE_URL) or, without it, PGlite. Each measured on its own clone of the seeded
 * database. Prints times, the ratio commit / COPY and the process's peak RSS.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @devolve/bench run import [--rows 100000]
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { powerItems } from '@devolve/db';
import { importFile } from '@devolve/server/imports';
import { createInProcessBus } from '../server/src/events/in-process.ts';
import { createTestDatabase } from '@devolve/test/support/database';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import postgres from 'postgres';

const { rows } = new Command()
  .option('--rows <n>', 'rows in the file', (v) => Number.parseInt(v, 10), 100_000)
  .parse()
  .opts<{ rows: number }>();

const types = ['行政许可', '行政处罚', '行政强制', '行政检查', '行政确认'];
const row = (i: number) => [
  `4499${String(i).padStart(8, '0')}`,
  `基准测试事项${i}`,
  i % 3 === 0 ? `子项${i % 7}` : '',
  types[i % types.length]!,
  `《基准测试条例》第${(i % 90) + 1}条：县级以上人民政府有关部门负责本行政区域内的相关管理工作。`,
  '市级',
  `第${(i % 12) + 1}处`,
];

async function spreadsheet(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const stream = new (await import('node:stream')).PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('权责清单');
  sheet.addRow(['基本编码', '事项名称', '子项名称', '事项类型', '设定依据', '行使层级', '承办机构']).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(row(i)).commit();
  sheet.commit();
  await book.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

const started = performance.now();
const file = await spreadsheet();
console.log(`${rows} rows as .xlsx: ${(file.length / 1024 / 1024).toFixed(1)} MB, written in ${seconds(performance.now() - started)}`);

// The import, through its commands.
const database = await createTestDatabase({ engine, seed: true });
const db = database.opened.db;
const unit = (await db.query.units.findFirst({ where: { code: 'GZ-SCJGJ' } }))!;
const before = await db.$count(powerItems);
const result = await importFile({ db, events: createInProcessBus() }, { kind: 'power_items', unitCode: 'GZ-SCJGJ', username: 'coordinator', fileName: 'bench.xlsx', file });
const { previewMs } = result;
const commitMs = result.commitMs!;
const after = await db.$count(powerItems);
if (after - before !== rows || result.committed?.created !== rows) throw new Error(`expected ${rows} new items, got ${after - before}: ${JSON.stringify(result.counts)} ${JSON.stringify(result.errors.slice(0, 3))}`);
await database.dispose();

// A raw COPY of the same rows into the same table, on a fresh clone.
const copyDb = await createTestDatabase({ engine, seed: true });
const lines = Array.from({ length: rows }, (_, k) => {
  const [code, name, sub, type, basis, , division] = row(k + 1);
  const typeCode = String(types.indexOf(type!) === 0 ? 1 : [2, 3, 6, 7][types.indexOf(type!) - 1]).padStart(2, '0');
  const csv = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return `${[code, name, sub, typeCode, basis, '3', String(unit.id), division].map((v) => csv(v!)).join(',')}\n`;
});
const t = performance.now();
if (engine === 'postgres') {
  const sql = postgres(copyDb.url!, { max: 1, onnotice: () => {} });
  const writable = await sql`copy power_items (basic_code, name, sub_item_name, type_code, legal_basis, level, implementing_unit_id, handling_division) from stdin with (format csv)`.writable();
  await pipeline(Readable.from(lines), writable);
  await sql.end();
} else {
  await copyDb.opened.pgliteClient!.query(`copy power_items (basic_code, name, sub_item_name, type_code, legal_basis, level, implementing_unit_id, handling_division) from '/dev/blob' with (format csv)`, [], { blob: new Blob(lines) });
}
const copyMs = performance.now() - t;
await copyDb.dispose();

const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`${engine}: preview ${seconds(previewMs)}, commit ${seconds(commitMs)}, COPY ${seconds(copyMs)}, commit / COPY ${(commitMs / copyMs).toFixed(2)}×, peak RSS ${rssMb.toFixed(0)} MB`);
process.exit(0);
