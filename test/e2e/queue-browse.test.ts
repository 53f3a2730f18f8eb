import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueuePageQuery } from '../../web/src/review/queue-query.ts';
import { sentText } from '../../web/src/sent-text.ts';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { readWorkbook, sheetValues } from '../support/exports.ts';
import { startTestServer, type GraphQLResponse, type SignedInClient, type TestServer } from '../support/server.ts';

/** The review queue's filters, search, deep scrolling and keyboard, against the API's own answers. */
let server: TestServer;
let browser: Browser;
/** The same reviewer as the browser, asked over the API. */
let api: SignedInClient;
let campaignId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  api = await server.signIn('reviewer1');
  const campaign = await api.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Page100 {
  proposals: { totalCount: number; pageInfo: { endCursor: string }; nodes: { id: string }[] };
}

/** The API's count and first ids for a filter, as reviewer1 sees them. */
async function apiQueue(filter: Record<string, unknown>, after: string | null = null) {
  const response = await api.graphql<Page100>(
    'query($f: ProposalFilter, $after: String) { proposals(first: 100, after: $after, filter: $f) { totalCount pageInfo { endCursor } nodes { id } } }',
    { f: { campaignId, ...filter }, after },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.proposals;
}

const countText = (page: Page) => page.locator('.queue-toolbar .count strong').innerText();
const rowAt = (page: Page, index: number) => page.locator(`.queue-row[data-index="${index}"]`);
const filterMenu = (page: Page, name: string) => page.locator('details.filter-menu', { has: page.locator('summary', { hasText: name }) });

describe('review queue: finding proposals', () => {
  it('narrows by stage and department to what the API counts, keeps the filter in the address, and survives a reload', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/queue', viewport: { width: 1280, height: 800 } });
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe('共 7,580 条');

    const units = await api.graphql<{ units: { id: string; shortName: string }[] }>('{ units(kind: DEPARTMENT) { id shortName } }');
    const market = units.data!.units.find((unit) => unit.shortName === '市市场监管局')!;
    const expected = await apiQueue({ stages: ['INITIAL_REVIEW'], unitId: market.id });
    expect(expected.totalCount).toBeGreaterThan(0);
    expect(expected.totalCount).toBeLessThan(7580);

    await filterMenu(page, '办理阶段').locator('summary').click();
    await filterMenu(page, '办理阶段').getByLabel('初审', { exact: true }).check();
    await page.getByLabel('报送单位').selectOption({ label: '市市场监管局' });
    await expect.poll(() => countText(page), { timeout: 10_000 }).toBe(`共 ${expected.totalCount.toLocaleString('en')} 条`);
    await expect.poll(() => rowAt(page, 0).getAttribute('data-id'), { timeout: 10_000 }).toBe(expected.nodes[0]!.id);
    const url = new URL(page.url());
    expect(url.searchParams.getAll('stage')).toEqual(['initial_review']);
    expect(url.searchParams.get('unit')).toBe(market.id);
    await page.locator('h1').click(); // closes the stage menu
    await page.screenshot({ path: path.join(artifactsDir, 'queue-filtered.png') });

    // A reload (or a colleague opening the shared address) shows the same queue. Its page request
    // is exactly the text benchmarks send and planned execution is matched by (sent-text.ts).
    const [pageRequest] = await Promise.all([
      page.waitForRequest((request) => request.method() === 'POST' && (request.postDataJSON() as { query?: string } | null)?.query?.startsWith('query QueuePage(') === true),
      page.reload(),
    ]);
    expect((pageRequest.postDataJSON() as { query: string }).query).toBe(sentText(QueuePageQuery));
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe(`共 ${expected.totalCount.toLocaleString('en')} 条`);
    expect(await page.getByLabel('报送单位').inputValue()).toBe(market.id);
    expect(await filterMenu(page, '办理阶段').locator('summary').innerText()).toContain('初审');
    await page.context().close();
  });

  it('searches in Chinese and lists what the API finds for the same text', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/queue', viewport: { width: 1280, height: 800 } });
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe('共 7,580 条');
    const expected = await apiQueue({ search: '食品经营' });
    expect(expected.totalCount).toBeGreaterThan(0);

    await page.getByLabel('搜索').fill('食品经营');
    await expect.poll(() => countText(page), { timeout: 10_000 }).toBe(`共 ${expected.totalCount.toLocaleString('en')} 条`);
    await expect.poll(() => rowAt(page, 0).getAttribute('data-id'), { timeout: 10_000 }).toBe(expected.nodes[0]!.id);
    expect(new URL(page.url()).searchParams.get('q')).toBe('食品经营');
    const shown = Math.min(expected.totalCount, 5);
    for (let i = 0; i < shown; i += 1) expect(await rowAt(page, i).getAttribute('data-id')).toBe(expected.nodes[i]!.id);
    await page.context().close();
  });

  it('downloads the filtered queue from 导出 → xlsx: the file holds the rows the API lists for the same filter, in order', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/queue', viewport: { width: 1280, height: 800 } });
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe('共 7,580 条');
    await filterMenu(page, '办理阶段').locator('summary').click();
    await filterMenu(page, '办理阶段').getByLabel('复核', { exact: true }).check();
    await page.getByLabel('搜索').fill('许可');
    const expected: { powerItem: { basicCode: string; name: string } | null; proposedItemName: string | null }[] = [];
    let after: string | null = null;
    do {
      const response: GraphQLResponse<{ proposals: { pageInfo: { endCursor: string; hasNextPage: boolean }; nodes: (typeof expected)[number][] } }> =
        await api.graphql(
          'query($f: ProposalFilter, $after: String) { proposals(first: 100, after: $after, filter: $f) { pageInfo { endCursor hasNextPage } nodes { proposedItemName powerItem { basicCode name } } } }',
          { f: { campaignId, stages: ['RECHECK'], search: '许可' }, after },
        );
      expected.push(...response.data!.proposals.nodes);
      after = response.data!.proposals.pageInfo.hasNextPage ? response.data!.proposals.pageInfo.endCursor : null;
    } while (after);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => countText(page), { timeout: 10_000 }).toBe(`共 ${expected.length.toLocaleString('en')} 条`);

    await page.locator('.export-menu summary', { hasText: '导出' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel 表格（.xlsx）' }).click()]);
    expect(download.suggestedFilename()).toBe('审查队列.xlsx');
    const [header, ...rows] = sheetValues((await readWorkbook(await readFile((await download.path())!))).worksheets[0]!);
    expect(header![0]).toBe('事项编码');
    expect(rows.map((row) => [row[0] ?? null, row[1]])).toEqual(
      expected.map((node) => [node.powerItem?.basicCode ?? null, node.powerItem?.name ?? node.proposedItemName]),
    );
    await page.context().close();
  });

  it('reads the rows far down the list when the reader scrolls there: position 5,000 is the API\'s 5,001st proposal', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/queue', viewport: { width: 1280, height: 800 } });
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe('共 7,580 条');
    await expect.poll(() => rowAt(page, 0).getAttribute('data-id'), { timeout: 10_000 }).not.toBeNull();

    // The API's rows at positions 5,000 and 5,105 (oldest first): fifty and fifty-one pages of 100 in.
    let after: string | null = null;
    for (let page100 = 0; page100 < 50; page100 += 1) after = (await apiQueue({}, after)).pageInfo.endCursor;
    const page51 = await apiQueue({}, after);
    const page52 = await apiQueue({}, page51.pageInfo.endCursor);

    // Only the rows in view are in the page; the row at 5,000 is not yet.
    expect(await rowAt(page, 5000).count()).toBe(0);
    const scrollTo = (position: number) =>
      page.locator('.queue-scroll').evaluate((scroller, top) => {
        scroller.scrollTop = top;
      }, position * 40);
    await scrollTo(5000);
    await expect.poll(() => rowAt(page, 5000).getAttribute('data-id'), { timeout: 15_000 }).toBe(page51.nodes[0]!.id);
    expect(await page.locator('.queue-body .queue-row').count()).toBeLessThan(60);
    // Scrolling on reads the next page after the same cursor chain: no gaps, no repeats.
    await scrollTo(5100);
    await expect.poll(() => rowAt(page, 5105).getAttribute('data-id'), { timeout: 10_000 }).toBe(page52.nodes[5]!.id);
    expect(await rowAt(page, 5099).getAttribute('data-id')).toBe(page51.nodes[99]!.id);
    await page.context().close();
  });

  it('moves with j and k, selects with x, opens with Enter, and leaves keys to the search field', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/queue', viewport: { width: 1280, height: 800 } });
    await expect.poll(() => rowAt(page, 2).getAttribute('data-id'), { timeout: 15_000 }).not.toBeNull();
    const focusedIndex = () => page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? null);

    await page.locator('h1').click();
    await page.keyboard.press('j');
    await expect.poll(focusedIndex).toBe('0');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(focusedIndex).toBe('2');
    await page.keyboard.press('k');
    await expect.poll(focusedIndex).toBe('1');
    expect(await rowAt(page, 1).getAttribute('class')).toContain('focused');

    // x selects the focused row, and again deselects it.
    await page.keyboard.press('x');
    await expect.poll(() => rowAt(page, 1).locator('input[type="checkbox"]').isChecked()).toBe(true);
    await expect.poll(() => page.locator('.queue-toolbar .count').innerText()).toContain('已选 1 条');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('.queue-toolbar .count').innerText()).toContain('已选 2 条');
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('.queue-toolbar .count').innerText()).toContain('已选 1 条');

    // Moving past the bottom of the view scrolls the focused row into it.
    for (let i = 0; i < 25; i += 1) await page.keyboard.press('j');
    await expect.poll(focusedIndex).toBe('27');
    const inView = await page.evaluate(() => {
      const row = document.querySelector('.queue-row[data-index="27"]')!.getBoundingClientRect();
      const list = document.querySelector('.queue-scroll')!.getBoundingClientRect();
      return row.top >= list.top && row.bottom <= list.bottom;
    });
    expect(inView).toBe(true);

    // Typing j in the search field is typing, not moving.
    await page.getByLabel('搜索').focus();
    await page.keyboard.type('jk');
    expect(await page.getByLabel('搜索').inputValue()).toBe('jk');
    expect(await page.locator('.queue-row.focused').getAttribute('data-index')).toBe('27');
    await page.waitForURL((url) => url.searchParams.get('q') === 'jk', { timeout: 10_000 });

    // A new filter starts the list afresh (no focus, no selection); Enter opens the focused proposal's workspace.
    await page.getByLabel('搜索').fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'), { timeout: 10_000 });
    await expect.poll(() => countText(page), { timeout: 10_000 }).toBe('共 7,580 条');
    expect(await page.locator('.queue-row.focused').count()).toBe(0);
    expect(await page.locator('.queue-toolbar .count').innerText()).not.toContain('已选');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await expect.poll(focusedIndex).toBe('0');
    const code = await rowAt(page, 0).locator('.code').innerText();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/2019/${code}`, { timeout: 10_000 });
    await page.context().close();
  });
});
