import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * 导入表格 in a real browser: 市市场监管局's submitter uploads a spreadsheet of its power list,
 * corrects a column the server could not place, sees the diff of an updated item and an error
 * row, fixes it by choosing the corrected sheet, commits, and finds the new item on its list.
 */
let server: TestServer;
let browser: Browser;
let department: SignedInClient;
let dir: string;

interface Item {
  basicCode: string;
  name: string;
  typeNameZh: string;
  legalBasis: string;
  level: number;
  handlingDivision: string | null;
}
let existing: Item;
let unitId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  department = await server.signIn('gz-scjgj');
  dir = await mkdtemp(path.join(tmpdir(), 'devolve-import-'));
  const me = await department.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }');
  unitId = me.data!.me.user.unit.id;
  const items = await department.graphql<{ powerItems: { nodes: Item[] } }>(
    'query($unitId: ID!) { powerItems(first: 1, filter: { unitId: $unitId, status: IN_FORCE }) { nodes { basicCode name typeNameZh legalBasis level handlingDivision } } }',
    { unitId },
  );
  existing = items.data!.powerItems.nodes[0]!;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A basic code no item has yet: the existing item's code with its tail changed. */
async function freeCode(tail: string): Promise<string> {
  const code = existing.basicCode.slice(0, -tail.length) + tail;
  const found = await department.graphql<{ powerItems: { totalCount: number } }>(
    'query($search: String) { powerItems(first: 0, filter: { search: $search }) { totalCount } }',
    { search: code },
  );
  if (found.data!.powerItems.totalCount !== 0) throw new Error(`code ${code} is taken`);
  return code;
}

/**
 * The department's workbook, as such files come: a merged title row above the header, a header
 * the server cannot place (主要法规条文 for 设定依据), an item it already has with a new handling
 * division, a new item, and a row whose type is unknown. A second sheet is the corrected copy.
 */
async function workbook(newCode: string, badCode: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const rows = (badType: string) => [
    [1, existing.basicCode, existing.name, existing.typeNameZh, existing.legalBasis, existing.level, '登记注册处（导入）'],
    [2, newCode, '导入测试：食品小作坊登记', '许可', '《广东省食品生产加工小作坊和食品摊贩管理条例》第十条', '市级', '食品生产监管处'],
    [3, badCode, '导入测试：广告发布备案', badType, '《中华人民共和国广告法》第二十九条', '市级', '广告监管处'],
  ];
  for (const [name, badType] of [
    ['权责清单（初稿）', '行政审核'],
    ['权责清单（修正）', '行政确认'],
  ] as const) {
    const sheet = book.addWorksheet(name);
    sheet.addRow(['广州市市场监督管理局权责清单']);
    sheet.mergeCells('A1:G1');
    sheet.addRow([]);
    sheet.addRow(['序号', '基本编码', '事项名称', '事项类型', '主要法规条文', '行使层级', '承办机构']);
    for (const row of rows(badType)) sheet.addRow(row);
    sheet.getColumn(2).numFmt = '@';
  }
  const file = path.join(dir, '市场监管局权责清单.xlsx');
  await book.xlsx.writeFile(file);
  return file;
}

describe('importing a spreadsheet', () => {
  it('previews with an inferred mapping the user corrects, shows diffs and errors, and commits once they are fixed', async () => {
    const newCode = await freeCode('9901');
    const badCode = await freeCode('9902');
    const file = await workbook(newCode, badCode);
    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=import' });
    await expect.poll(() => page.getByRole('heading', { name: '导入表格' }).count(), { timeout: 15_000 }).toBe(1);

    await page.getByRole('radio', { name: '权责清单' }).check();
    await page.getByLabel('表格文件').setInputFiles(file);
    await page.getByRole('button', { name: '上传并预览' }).click();

    // What was inferred: the first sheet, the header under the title, and each column's field.
    await expect.poll(() => page.getByRole('heading', { name: '核对表头' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByLabel('工作表').inputValue()).toBe('权责清单（初稿）');
    expect(await page.locator('.import-header-row').innerText()).toBe('表头在第 3 行。');
    const fieldOf = (letter: string, header: string) => page.getByLabel(`${letter} 列「${header}」对应的字段`);
    expect(await fieldOf('B', '基本编码').locator('option:checked').innerText()).toBe('基本编码');
    expect(await fieldOf('D', '事项类型').locator('option:checked').innerText()).toBe('事项类型');
    expect(await fieldOf('E', '主要法规条文').locator('option:checked').innerText()).toBe('（不导入）');
    await page.screenshot({ path: path.join(artifactsDir, 'import-mapping.png') });

    // Corrected: 主要法规条文 is the legal basis. Previewed again with it.
    await fieldOf('E', '主要法规条文').selectOption({ label: '设定依据' });
    const errorCount = page.locator('.import-count.outcome-error dd');
    expect(Number(await errorCount.innerText())).toBeGreaterThan(1);
    await page.getByRole('button', { name: '按此重新预览' }).click();
    await expect.poll(() => errorCount.innerText(), { timeout: 15_000 }).toBe('1');
    expect(await fieldOf('E', '主要法规条文').locator('option:checked').innerText()).toBe('设定依据');

    // The preview: one update with its diff, one new, one error naming its cell; commit refused.
    const rows = page.locator('table.import-rows tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const update = rows.filter({ hasText: existing.basicCode });
    expect(await update.locator('td').first().innerText()).toBe('更新');
    expect(await update.locator('.import-diff').innerText()).toContain('登记注册处（导入）');
    expect(await rows.filter({ hasText: newCode }).locator('td').first().innerText()).toBe('新增');
    const error = rows.filter({ hasText: badCode });
    expect(await error.locator('td').first().innerText()).toBe('错误');
    expect(await error.locator('.import-errors').innerText()).toContain('D6');
    expect(await error.locator('.import-errors').innerText()).toContain('无法识别的事项类型“行政审核”');
    const commit = page.getByRole('button', { name: '确认导入' });
    expect(await commit.isDisabled()).toBe(true);
    expect(await page.locator('#import-blocked').innerText()).toContain('改正后才能导入');
    await page.screenshot({ path: path.join(artifactsDir, 'import-preview.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // On a phone the page keeps its width: the wide tables scroll inside themselves.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'import-preview-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1400, height: 900 });

    // Only the errors; then the corrected sheet, whose columns are inferred afresh (the correction
    // is remembered for the unit once an import is committed): corrected again, no error is left.
    await page.getByRole('radio', { name: '错误' }).check();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await page.getByLabel('工作表').selectOption('权责清单（修正）');
    await page.getByRole('button', { name: '按此重新预览' }).click();
    await expect.poll(() => page.getByLabel('工作表').inputValue(), { timeout: 15_000 }).toBe('权责清单（修正）');
    await expect.poll(() => fieldOf('E', '主要法规条文').count(), { timeout: 15_000 }).toBe(1);
    await fieldOf('E', '主要法规条文').selectOption({ label: '设定依据' });
    await page.getByRole('button', { name: '按此重新预览' }).click();
    await expect.poll(() => errorCount.innerText(), { timeout: 15_000 }).toBe('0');
    expect(await commit.isDisabled()).toBe(false);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('#import-blocked').count()).toBe(0);

    await commit.click();
    await expect.poll(() => page.getByRole('heading', { name: '导入完成' }).count(), { timeout: 30_000 }).toBe(1);
    const result = page.locator('.import-result');
    expect(await result.locator('.import-count.outcome-new dd').innerText()).toBe('2');
    expect(await result.locator('.import-count.outcome-update dd').innerText()).toBe('1');
    expect(await result.locator('.import-count.outcome-error dd').innerText()).toBe('0');
    const updated = await department.graphql<{ powerItems: { nodes: { handlingDivision: string | null }[] } }>(
      'query($search: String) { powerItems(first: 1, filter: { search: $search }) { nodes { handlingDivision } } }',
      { search: existing.basicCode },
    );
    expect(updated.data!.powerItems.nodes).toEqual([{ handlingDivision: '登记注册处（导入）' }]);
    await page.screenshot({ path: path.join(artifactsDir, 'import-result.png') });
    await page.getByRole('link', { name: '查看权责清单' }).click();
    await page.getByLabel('事项名称或基本编码').fill(newCode);
    await page.getByLabel('事项名称或基本编码').press('Enter');
    await expect.poll(() => page.getByText('导入测试：食品小作坊登记').count(), { timeout: 10_000 }).toBe(1);
  });

  it('lets the coordinator import for a department it chooses, and refuses a file that is not a spreadsheet', async () => {
    const page = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign?tab=import' });
    await expect.poll(() => page.getByRole('heading', { name: '导入表格' }).count(), { timeout: 15_000 }).toBe(1);
    const unit = page.getByLabel('单位');
    await expect.poll(() => unit.locator('option', { hasText: '市市场监管局' }).count(), { timeout: 10_000 }).toBe(1);
    await unit.selectOption({ label: '市市场监管局' });
    // Notes saved as .csv pass the picker; the server reads them and refuses them in Chinese.
    const notes = path.join(dir, '说明.csv');
    await writeFile(notes, '这不是表格\n只是几行说明\n');
    await page.getByLabel('表格文件').setInputFiles(notes);
    await page.getByRole('button', { name: '上传并预览' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 15_000 }).toBe('文件不是 Excel（.xlsx、.xls）或 CSV 表格');
    expect(await page.getByRole('heading', { name: '核对表头' }).count()).toBe(0);
  });
});
