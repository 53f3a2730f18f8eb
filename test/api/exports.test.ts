import { get } from 'node:http';
import { campaigns } from '@devolve/db';
import * as XLSX from '@e965/xlsx';
import type ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId } from '../support/ids.ts';
import { readWorkbook, sheetValues, zipEntryText } from '../support/exports.ts';
import { startTestServer, type GraphQLResponse, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Downloads under /exports/ on the demo data: each list's file read back and compared cell by
 * cell with the same GraphQL list under the same filter and order; read policies; errors; the
 * official lists (精简事项目录) as .xlsx and .docx.
 */
let server: TestServer;
let coordinator: SignedInClient;
let campaignId: string;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
});
afterAll(() => server?.close());

async function download(path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
}

const exportPath = (list: string, format: string, params: Record<string, unknown>) =>
  `/exports/${list}.${format}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}`;

/** Every page of a GraphQL connection, as a client would read it. */
async function allNodes<T>(client: SignedInClient, query: string, variables: Record<string, unknown>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const response: GraphQLResponse<{ list: { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }> = await client.graphql(query, {
      ...variables,
      first: 100,
      after,
    });
    expect(response.errors).toBeUndefined();
    nodes.push(...response.data!.list.nodes);
    after = response.data!.list.pageInfo.hasNextPage ? response.data!.list.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

/** An instant as the spreadsheet's China-time date cell holds it. */
const chinaCell = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000);

interface QueueNode {
  stage: string;
  submittedAt: string | null;
  powerItem: { basicCode: string; name: string } | null;
  proposedItemName: string | null;
  submittingUnit: { name: string; nameEn: string | null };
  targetDistricts: { name: string }[];
}
const queueQuery = `query($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
  list: proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { stage submittedAt proposedItemName powerItem { basicCode name } submittingUnit { name nameEn } targetDistricts { name } }
    pageInfo { hasNextPage endCursor } } }`;

function expectSheetShape(sheet: ExcelJS.Worksheet, columns: number) {
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.autoFilter).toBe(`A1:${String.fromCharCode(64 + columns)}1`);
}

describe('the review queue', () => {
  const filter = { stages: ['CONSULTATION', 'UNIT_CONFIRMATION'], actions: ['DELEGATE', 'ENTRUST'] };

  it('exports the filtered queue in its order, cell by cell as the GraphQL list', async () => {
    const expected = await allNodes<QueueNode>(coordinator, queueQuery, { filter, orderBy: 'NEWEST' });
    expect(expected.length).toBeGreaterThan(100); // more than one page
    const response = await download(exportPath('proposals', 'xlsx', { filter, orderBy: 'NEWEST' }), coordinator.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const workbook = await readWorkbook(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('审查队列');
    expectSheetShape(sheet, 13);
    const [header, ...rows] = sheetValues(sheet);
    expect(header!.slice(0, 3)).toEqual(['事项编码', '事项名称', '子项']);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const node = expected[i]!;
      expect(row[0]).toBe(node.powerItem?.basicCode ?? null); // text, leading zeros kept
      expect(typeof row[0]).toBe('string');
      expect(row[1]).toBe(node.powerItem?.name ?? node.proposedItemName);
      expect(row[4]).toBe(node.submittingUnit.name);
      expect(row[6]).toBe(node.targetDistricts.map((d) => d.name).join('、'));
      expect(row[7]).toBe({ CONSULTATION: '征求意见', UNIT_CONFIRMATION: '单位确认' }[node.stage]);
      expect(row[10]).toEqual(node.submittedAt ? chinaCell(node.submittedAt) : undefined);
    });
  });

  it('speaks English with lang=en and writes CSV with a BOM, RFC 4180 quoting and China-time dates', async () => {
    const expected = await allNodes<QueueNode>(coordinator, queueQuery, { filter, orderBy: 'OLDEST' });
    const response = await download(exportPath('proposals', 'csv', { filter, lang: 'en' }), coordinator.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const sheet = XLSX.read(text, { type: 'string', raw: true }).Sheets.Sheet1!;
    const [header, ...rows] = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, defval: '' });
    expect(header![0]).toBe('Item code');
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      expect(row[0]).toBe(expected[i]!.powerItem?.basicCode ?? '');
      expect(row[4]).toBe(expected[i]!.submittingUnit.nameEn ?? expected[i]!.submittingUnit.name);
      const at = expected[i]!.submittedAt;
      expect(row[10]).toBe(at ? chinaCell(at).toISOString().slice(0, 19).replace('T', ' ') : '');
    });
  });

  it("never gives a department or a district rows their read policy hides", async () => {
    for (const username of ['gz-scjgj', 'district-440106']) {
      const viewer = await server.signIn(username);
      const expected = await allNodes<QueueNode>(viewer, queueQuery, { orderBy: 'OLDEST' });
      const response = await download(exportPath('proposals', 'xlsx', {}), viewer.cookie);
      const [, ...rows] = sheetValues((await readWorkbook(await response.arrayBuffer())).worksheets[0]!);
      expect(rows.map((row) => row[0] ?? null)).toEqual(expected.map((node) => node.powerItem?.basicCode ?? null));
      expect(rows.length).toBeLessThan(7_580);
    }
  });
});

describe('the other lists', () => {
  it('exports the power list with codes as text, levels as numbers', async () => {
    const filter = { type: 'LICENSING', level: 3 };
    const expected = await allNodes<{ basicCode: string; name: string; typeCode: string; level: number; updatedAt: string }>(
      coordinator,
      `query($first: Int, $after: String, $filter: PowerItemFilter) { list: powerItems(first: $first, after: $after, filter: $filter) {
        nodes { basicCode name typeCode level updatedAt } pageInfo { hasNextPage endCursor } } }`,
      { filter },
    );
    const response = await download(exportPath('power-items', 'xlsx', { filter }), coordinator.cookie);
    const sheet = (await readWorkbook(await response.arrayBuffer())).worksheets[0]!;
    expectSheetShape(sheet, 11);
    const [, ...rows] = sheetValues(sheet);
    expect(rows.map((row) => [row[0], row[1], row[3], row[4], row[10]])).toEqual(
      expected.map((item) => [item.basicCode, item.name, item.typeCode, item.level, chinaCell(item.updatedAt)]),
    );
    expect(rows.every((row) => row[3] === '01')).toBe(true); // 事项类型 as text: the leading zero stays
  });

  it('exports claims, handovers, consultations and evaluations as their GraphQL lists give them', async () => {
    const cases: { list: string; params: Record<string, unknown>; query: string; key: (node: Record<string, never>) => unknown }[] = [
      {
        list: 'claims',
        params: {},
        query: `query($first: Int, $after: String) { list: powerItemClaims(first: $first, after: $after) { nodes { powerItem { basicCode } } pageInfo { hasNextPage endCursor } } }`,
        key: (node: { powerItem: { basicCode: string } }) => node.powerItem.basicCode,
      },
      {
        list: 'handovers',
        params: { filter: { status: 'PREPARING' } },
        query: `query($first: Int, $after: String, $filter: HandoverFilter) { list: handovers(first: $first, after: $after, filter: $filter) { nodes { powerItem { basicCode } } pageInfo { hasNextPage endCursor } } }`,
        key: (node: { powerItem: { basicCode: string } }) => node.powerItem.basicCode,
      },
      {
        list: 'consultations',
        params: { campaignId },
        query: `query($first: Int, $after: String, $campaignId: ID!) { list: consultationBoard(first: $first, after: $after, campaignId: $campaignId) { nodes { powerItem { basicCode } } pageInfo { hasNextPage endCursor } } }`,
        key: (node: { powerItem: { basicCode: string } | null }) => node.powerItem?.basicCode ?? null,
      },
    ] as never;
    for (const { list, params, query, key } of cases) {
      const expected = await allNodes<Record<string, never>>(coordinator, query, params);
      expect(expected.length, list).toBeGreaterThan(0);
      const response = await download(exportPath(list, 'xlsx', params), coordinator.cookie);
      expect(response.status, list).toBe(200);
      const [, ...rows] = sheetValues((await readWorkbook(await response.arrayBuffer())).worksheets[0]!);
      expect(rows.map((row) => row[0] ?? null), list).toEqual(expected.map(key));
    }
    const evaluations = await coordinator.graphql<{ node: { evaluations: { kind: string }[] } }>(
      'query($id: ID!) { node(id: $id) { ... on Campaign { evaluations { kind } } } }',
      { id: campaignId },
    );
    const response = await download(exportPath('evaluations', 'csv', { campaignId }), coordinator.cookie);
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split('\r\n')).toHaveLength(1 + evaluations.data!.node.evaluations.length);
  });

  it("gives a district only its own district's handovers", async () => {
    const district = await server.signIn('district-440106');
    const response = await download(exportPath('handovers', 'xlsx', {}), district.cookie);
    const [, ...rows] = sheetValues((await readWorkbook(await response.arrayBuffer())).worksheets[0]!);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row[3]))).toEqual(new Set(['广州市天河区']));
  });
});

describe('refusals', () => {
  it('asks anonymous clients to sign in (401) and refuses pages of foreign origins (403)', async () => {
    const anonymous = await download('/exports/proposals.xlsx');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    const foreign = await download('/exports/proposals.csv', coordinator.cookie, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers garbage parameters with 400 and a clear message', async () => {
    const cases: [string, RegExp][] = [
      ['/exports/proposals.xlsx?filter=%7Bnot-json', /filter must be a JSON object/],
      ['/exports/proposals.xlsx?filter=%7B%22stages%22%3A%5B%22NOPE%22%5D%7D', /Invalid parameter.*NOPE/],
      ['/exports/proposals.xlsx?orderBy=SIDEWAYS', /Invalid parameter.*SIDEWAYS/],
      ['/exports/proposals.xlsx?colour=red', /Unknown parameter colour/],
      ['/exports/proposals.xlsx?lang=fr', /lang must be zh or en/],
      ['/exports/proposals.xlsx?orderBy=NEWEST&orderBy=OLDEST', /Give orderBy once/],
      ['/exports/power-items.csv?filter=%7B%22unitId%22%3A%22bm90LWFuLWlk%22%7D', /unitId is not a valid id/],
      ['/exports/consultations.xlsx', /Invalid parameter.*campaignId/],
    ];
    for (const [path, message] of cases) {
      const response = await download(path, coordinator.cookie);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string; messageZh: string } }[] };
      expect(body.errors[0]!.message, path).toMatch(message);
      expect(body.errors[0]!.extensions.code).toBe('VALIDATION');
    }
    expect((await download('/exports/nothing.xlsx', coordinator.cookie)).status).toBe(404);
    expect((await download('/exports/proposals.pdf', coordinator.cookie)).status).toBe(404);
  });
});

describe('a large export', () => {
  it('neutralises formulas and streams 10,000 rows: chunked, the first bytes before the end', async () => {
    // The demo's ~8,000 items and 2,500 more, one of them a formula in disguise.
    await server.database.opened.db.execute(sql`
      insert into power_items (basic_code, name, sub_item_name, type_code, legal_basis, level, name_initials)
      select 'X' || lpad(g::text, 6, '0'), case when g = 1 then '=HYPERLINK("http://evil.example")' else '测试事项' || g end,
             case when g = 1 then '@SUM(A1)' end, '01', '+依据', 3, 'csxs'
      from generate_series(1, 2500) g`);
    const total = await coordinator.graphql<{ powerItems: { totalCount: number } }>('{ powerItems(first: 1) { totalCount } }');
    expect(total.data!.powerItems.totalCount).toBeGreaterThanOrEqual(10_000);

    const events: string[] = [];
    let bytes = 0;
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      get(`${server.url}/exports/power-items.xlsx`, { headers: { cookie: coordinator.cookie } }, (res) => {
        res.on('data', (chunk: Buffer) => {
          if (events.at(-1) !== 'data') events.push('data');
          bytes += chunk.length;
        });
        res.on('end', () => {
          events.push('end');
          resolve(res.headers);
        });
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(headers['transfer-encoding']).toBe('chunked'); // written as it was read, never sized up front
    expect(headers['content-length']).toBeUndefined();
    expect(events).toEqual(['data', 'end']);
    expect(bytes).toBeGreaterThan(100_000);

    const filter = { search: 'X000001' };
    const xlsx = await download(exportPath('power-items', 'xlsx', { filter }), coordinator.cookie);
    const [, row] = sheetValues((await readWorkbook(await xlsx.arrayBuffer())).worksheets[0]!);
    expect([row![1], row![2], row![9]]).toEqual([`'=HYPERLINK("http://evil.example")`, `'@SUM(A1)`, `'+依据`]);
    const csv = await (await download(exportPath('power-items', 'csv', { filter }), coordinator.cookie)).text();
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""http://evil.example"")",'@SUM(A1)`);
  });
});

describe('the official lists (精简事项目录)', () => {
  interface Delegation {
    powerItem: { basicCode: string; name: string };
    targetDistricts: { name: string }[];
  }

  it('gives the coordinator the .docx before publication: title, number line, the 35 delegations with their districts', async () => {
    const delegations = await allNodes<Delegation>(
      coordinator,
      `query($first: Int, $after: String, $filter: ProposalFilter) { list: proposals(first: $first, after: $after, filter: $filter) {
        nodes { powerItem { basicCode name } targetDistricts { name } } pageInfo { hasNextPage endCursor } } }`,
      { filter: { campaignId, actions: ['DELEGATE'], statuses: ['APPROVED'] } },
    );
    expect(delegations).toHaveLength(35);
    const response = await download(`/exports/official-lists.docx?campaignId=${encodeURIComponent(campaignId)}`, coordinator.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('wordprocessingml');
    const xml = await zipEntryText(Buffer.from(await response.arrayBuffer()), 'word/document.xml');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text).toContain('精简事项目录');
    expect(text).toContain('穗府办函〔2019〕106号');
    expect(text).toContain('二、下放的行政职权事项（35项）');
    for (const header of ['序号', '事项编码', '事项名称', '子项', '实施主体', '调整方式', '承接区/下放对象', '备注']) expect(text).toContain(header);
    for (const d of delegations) {
      expect(text).toContain(`${d.powerItem.basicCode}|${d.powerItem.name}|`);
      expect(text).toContain(`|下放|${d.targetDistricts.map((t) => t.name).join('、')}|`);
    }
    const styles = await zipEntryText(Buffer.from(await (await download(`/exports/official-lists.docx?campaignId=${encodeURIComponent(campaignId)}`, coordinator.cookie)).arrayBuffer()), 'word/styles.xml');
    expect(styles).toContain('仿宋_GB2312');
    expect(styles).toContain('黑体');
  });

  it('lays the .xlsx out as published: a sheet per action, numbered rows, codes as text', async () => {
    const response = await download(`/exports/official-lists.xlsx?campaignId=${encodeURIComponent(campaignId)}`, (await server.signIn('approver')).cookie);
    expect(response.status).toBe(200);
    const workbook = await readWorkbook(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['取消的行政职权事项', '下放的行政职权事项', '委托实施的行政职权事项', '调整的行政职权事项']);
    const rows = sheetValues(workbook.getWorksheet('下放的行政职权事项')!);
    expect(rows[0]![0]).toMatch(/精简事项目录$/);
    expect(rows[1]![0]).toBe('穗府办函〔2019〕106号');
    expect(rows[2]![0]).toBe('二、下放的行政职权事项（35项）');
    expect(rows[3]).toEqual(['序号', '事项编码', '事项名称', '子项', '实施主体', '调整方式', '承接区/下放对象', '备注']);
    expect(rows.slice(4).map((row) => row[0])).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(rows.slice(4).every((row) => typeof row[1] === 'string' && row[5] === '下放' && String(row[6]).endsWith('区'))).toBe(true);
  });

  it('is refused to others before publication and public after it', async () => {
    const path = `/exports/official-lists.xlsx?campaignId=${encodeURIComponent(campaignId)}`;
    expect((await download(path, (await server.signIn('reviewer1')).cookie)).status).toBe(403);
    expect((await download(path)).status).toBe(403);
    expect((await download('/exports/official-lists.docx?campaignId=bm90LWFuLWlk', coordinator.cookie)).status).toBe(400);
    await server.database.opened.db.update(campaigns).set({ status: 'published' }).where(eq(campaigns.id, databaseId(campaignId)));
    const published = await download(path);
    expect(published.status).toBe(200);
    const rows = sheetValues((await readWorkbook(await published.arrayBuffer())).getWorksheet('下放的行政职权事项')!);
    expect(rows.length).toBe(4 + 35);
  });
});
