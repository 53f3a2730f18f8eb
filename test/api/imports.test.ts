import { activity, powerItems, units } from '@devolve/db';
import { readFile } from 'node:fs/promises';
import { count, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** Spreadsheet imports over real HTTP multipart uploads (GraphQL multipart request spec). */
let server: TestServer;
let coordinator: SignedInClient;
let market: SignedInClient;
let marketUnitId: string;
let housingUnitId: string;

const previewMutation = /* GraphQL */ `
  mutation($input: PreviewImportInput!) {
    previewImport(input: $input) {
      __typename
      ... on Import { id version status sheet headerRow counts { new update unchanged skipped error }
        mapping { field column }
        rows(first: 50) { edges { node { rowNumber outcome errors { cell messageZh } changes { field before after } } } } }
      ... on ImportRefusedError { reason messageZh }
      ... on Error { code messageEn }
    }
  }
`;
const commitMutation = /* GraphQL */ `
  mutation($input: CommitImportInput!) {
    commitImport(input: $input) { __typename ... on Import { status counts { new update unchanged } } ... on Error { code messageZh messageEn } }
  }
`;

interface Preview {
  __typename: string;
  headerRow: number;
  id: string;
  version: number;
  counts: Record<string, number>;
  reason?: string;
  code?: string;
  mapping: { field: string; column: string | null }[];
  rows: { edges: { node: { rowNumber: number; outcome: string; errors: { cell: string; messageZh: string }[]; changes: { field: string; before: string | null; after: string | null }[] } }[] };
}

/** A multipart upload as the web sends it: operations, map, then the file. */
async function upload(client: SignedInClient | null, input: Record<string, unknown>, file: Uint8Array, name: string, headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' }) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: previewMutation, variables: { input: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([Buffer.from(file)]), name);
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', body: form, headers: { ...(client ? { cookie: client.cookie } : {}), ...headers } });
  const body = (await response.json()) as { data?: { previewImport: Preview }; errors?: unknown[] };
  return { status: response.status, preview: body.data?.previewImport, errors: body.errors };
}

async function powerListXlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('说明').addRow(['填表说明：请勿修改表头']);
  const sheet = book.addWorksheet('权责清单');
  sheet.addRow(['广州市市场监督管理局权责清单（2019年版）']);
  sheet.mergeCells('A1:G1');
  sheet.addRow([]);
  sheet.addRow(['序号', '基本编码', '事项名称', '子项名称', '权力类型', '实施依据', '行使层级', '责任科室']);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  market = await server.signIn('gz-scjgj');
  const db = server.database.opened.db;
  const [m] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'GZ-SCJGJ'));
  const [h] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'GZ-ZJJ'));
  marketUnitId = Buffer.from(`Unit:${m!.id}`).toString('base64');
  housingUnitId = Buffer.from(`Unit:${h!.id}`).toString('base64');
}, 120_000);

afterAll(() => server?.close());

const countItems = async () => (await server.database.opened.db.select({ n: count() }).from(powerItems))[0]!.n;

describe('power-list import', () => {
  const good = [
    [1, '４４０１９９００１０００', '测试许可事项甲', '', '行政许可', '《测试条例》第一条', '市级', '登记注册处'],
    [2, 440199002000, '测试处罚事项乙', '子项一', '02', '《测试条例》第二条', 3, '执法处'],
    [3, 440199003000, '测试检查事项丙', '', '检查', '《测试条例》第三条', '3', '执法处'],
    [],
    ['注：本表由业务处室填报'],
  ];

  it('previews every row, commits all of them, and a re-import changes nothing', async () => {
    const file = await powerListXlsx(good);
    const before = await countItems();
    const { preview } = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, file, '权责清单.xlsx');
    expect(preview).toMatchObject({ __typename: 'Import' });
    expect(preview!.counts).toMatchObject({ new: 3, error: 0, skipped: 2 });
    expect(preview!.mapping.find((m) => m.field === 'legalBasis')?.column).toBe('F');
    expect(await countItems()).toBe(before);
    const committed = await market.graphql<{ commitImport: { __typename: string; counts: Record<string, number> } }>(commitMutation, { input: { importId: preview!.id } });
    expect(committed.data?.commitImport).toMatchObject({ __typename: 'Import', counts: { new: 3 } });
    expect(await countItems()).toBe(before + 3);
    const [first] = await server.database.opened.db.select().from(powerItems).where(eq(powerItems.basicCode, '440199001000'));
    expect(first).toMatchObject({ typeCode: '01', level: 3, handlingDivision: '登记注册处' });

    const again = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, file, '权责清单.xlsx');
    expect(again.preview!.counts).toMatchObject({ new: 0, update: 0, unchanged: 3 });
  });

  it('shows an update field by field, and a bad row in the middle writes nothing', async () => {
    const changed = good.map((r) => [...r]);
    changed[0]![5] = '《测试条例》第一条（修订）';
    changed.splice(1, 0, [9, '4.40199E+11', '坏行', '', '许可', '依据', '市级', '']);
    const before = await countItems();
    const { preview } = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, await powerListXlsx(changed), 'bad.xlsx');
    expect(preview!.counts).toMatchObject({ update: 1, error: 1 });
    const update = preview!.rows.edges.find((e) => e.node.outcome === 'UPDATE')!.node;
    expect(update.changes).toEqual([{ field: 'legalBasis', before: '《测试条例》第一条', after: '《测试条例》第一条（修订）' }]);
    const error = preview!.rows.edges.find((e) => e.node.outcome === 'ERROR')!.node;
    expect(error.errors[0]!.cell).toBe('B5');
    expect(error.errors[0]!.messageZh).toContain('科学计数法');
    const committed = await market.graphql<{ commitImport: { __typename: string } }>(commitMutation, { input: { importId: preview!.id } });
    expect(committed.data?.commitImport.__typename).toBe('InvalidTransitionError');
    expect(await countItems()).toBe(before);
  });

  it('lets a department import only its own list', async () => {
    const { preview } = await upload(market, { kind: 'POWER_ITEMS', unitId: housingUnitId }, await powerListXlsx(good), 'x.xlsx');
    expect(preview).toMatchObject({ __typename: 'ForbiddenError' });
  });

  it('reads a GB18030 CSV with its header below a title row, for the coordinator', async () => {
    const csv = await readFile(new URL('../fixtures/imports/power-list-gb18030.csv', import.meta.url));
    const { preview } = await upload(coordinator, { kind: 'POWER_ITEMS', unitId: marketUnitId }, csv, 'list.csv');
    expect(preview).toMatchObject({ headerRow: 3, counts: { new: 2, error: 0 } });
  });
});

describe('refusals', () => {
  it('refuses a file that is not a spreadsheet, an encrypted file and a zip bomb, never with a 500', async () => {
    const text = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, new TextEncoder().encode('hello'), 'a.txt');
    expect(text.preview).toMatchObject({ __typename: 'ImportRefusedError', reason: 'NOT_A_SPREADSHEET' });
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(new Uint8Array(Buffer.from('EncryptionInfo', 'utf16le')), 1024);
    const encrypted = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, ole, 'secret.xlsx');
    expect(encrypted.preview).toMatchObject({ __typename: 'ImportRefusedError', reason: 'ENCRYPTED' });
    const { zipBomb } = await import('../fixtures/imports/make.ts');
    const bomb = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, await zipBomb(), 'bomb.xlsx');
    expect(bomb.preview).toMatchObject({ __typename: 'ImportRefusedError', reason: 'ZIP_BOMB' });
  });

  it('refuses a multipart POST without the CSRF header, and an upload over the limit', async () => {
    const noHeader = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, new Uint8Array(10), 'a.csv', {});
    expect(noHeader.status).toBe(403);
    const big = await upload(market, { kind: 'POWER_ITEMS', unitId: marketUnitId }, new Uint8Array(31 * 1024 * 1024), 'big.csv');
    expect(big.status).toBe(413);
    const logged = await server.database.opened.db.select({ n: count() }).from(activity).where(like(activity.action, 'import.%'));
    expect(logged[0]!.n).toBeGreaterThan(0);
  });
});
