import { nameInitials } from '../../server/src/power-items/initials.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The public site on a phone (375×667), as an anonymous visitor: search the power list by a Chinese
 * substring, open an item at its readable URL with its history (where a delegation went), read a
 * published campaign's results and the status page; axe-core finds nothing on any of them, and the
 * keyboard reaches the search and its results.
 */
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/public-list-phone.png');

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const violations = () => axeViolations(page);

/** Presses Tab until the focused element matches `selector`, at most `limit` times; true if reached. */
async function tabTo(selector: string, limit = 30): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

describe('the public site on a phone', () => {
  it('searches the power list by a Chinese substring, by keyboard', async () => {
    await page.goto(`${server.url}/list`);
    await page.getByRole('heading', { level: 1, name: '权责清单' }).waitFor();
    await page.locator('.public-item').first().waitFor();
    expect(await tabTo('#public-search')).toBe(true);
    await page.keyboard.type('许可');
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]q=%E8%AE%B8%E5%8F%AF/);
    await expect.poll(async () => (await page.locator('.public-item-name').allTextContents()).every((name) => name.includes('许可'))).toBe(true);
    const names = await page.locator('.public-item-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    // The results follow the search in tab order.
    expect(await tabTo('.public-item-name')).toBe(true);
    // No horizontal scrolling at 375 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await violations()).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot });

    // By pinyin initials (拼音首字母): spjy finds 食品经营….
    await page.locator('#public-search').fill('spjy');
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]q=spjy/);
    await expect
      .poll(async () => {
        const found = await page.locator('.public-item-name').allTextContents();
        return found.length > 0 && found.every((name) => nameInitials(name, null).includes('spjy'));
      })
      .toBe(true);
  });

  it('opens an item at its readable URL, with its history, and a delegated one names its districts', async () => {
    const first = page.locator('.public-item-name').first();
    const name = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/\/list\/\d{6,}$/);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('heading', { level: 2, name: '变更记录' }).waitFor();
    expect(await page.locator('.public-history li').first().textContent()).toContain('列入清单');

    const delegated = await server.graphql<{ powerItems: { nodes: { basicCode: string; name: string }[] } }>(
      '{ powerItems(first: 1, filter: { status: DELEGATED }) { nodes { basicCode name } } }',
    );
    const item = delegated.data!.powerItems.nodes[0]!;
    await page.goto(`${server.url}/list/${item.basicCode}`);
    await page.getByRole('heading', { level: 1, name: item.name }).waitFor();
    await expect.poll(() => page.locator('.public-history').textContent()).toMatch(/下放至：\S*区/);
    expect(await page.title()).toContain(item.name);
    expect(await violations()).toEqual([]);

    // The server renders the link preview and says 404 for an unknown code, still booting the app.
    const html = await (await fetch(`${server.url}/list/${item.basicCode}`)).text();
    expect(html).toContain(`<meta property="og:title" content="${item.name}`);
    const missing = await fetch(`${server.url}/list/000000000000`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/未找到事项[\s\S]*<script type="module"/);
  });

  it('reads the results of a campaign once the coordinator has published it', async () => {
    await page.goto(`${server.url}/results`);
    // Nothing published yet: the page says which year is awaited and at which stage it is.
    await page.getByText(/^2019年度的精简结果尚未公布：该年度工作目前处于「审查」阶段/).waitFor();

    const coordinator = await server.signIn('coordinator');
    const campaign = await coordinator.graphql<{ campaign: { id: string; version: number } }>('{ campaign(year: 2019) { id version } }');
    const published = await coordinator.graphql<{ updateCampaign: { __typename: string } }>(
      'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }',
      { input: { campaignId: campaign.data!.campaign.id, expectedVersion: campaign.data!.campaign.version, status: 'PUBLISHED' } },
    );
    expect(published.data!.updateCampaign.__typename).toBe('Campaign');

    await page.goto(`${server.url}/results`);
    await page.waitForURL(/\/results\/2019$/);
    await page.getByRole('heading', { level: 1, name: '2019年简政放权结果公开' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '按单位' }).waitFor();
    expect(await page.locator('.public-tiles').textContent()).toContain('下放');
    await page.getByLabel('按处理方式筛选').selectOption('DELEGATE');
    await expect.poll(async () => new Set(await page.locator('.public-action').allTextContents())).toEqual(new Set(['下放']));
    expect(await page.locator('.public-items').textContent()).toMatch(/承接区：\S*区/);
    expect(await violations()).toEqual([]);
  });

  it('shows the status: each campaign\'s stage and key task 20\'s published quarters', async () => {
    await page.getByRole('navigation', { name: '公开栏目' }).getByRole('link', { name: '工作进度' }).click();
    await page.waitForURL(/\/status$/);
    await page.getByRole('heading', { level: 2, name: '2019年重点工作任务' }).waitFor();
    const row = page.locator('tr', { hasText: '2019' });
    expect(await row.getByRole('link', { name: '查看结果' }).count()).toBe(1);
    expect(await page.locator('.public-quarter').count()).toBeGreaterThanOrEqual(4);
    expect(await violations()).toEqual([]);
    // Staff find their way in.
    expect(await page.getByRole('link', { name: '工作人员登录' }).getAttribute('href')).toBe('/sign-in');
  });
});
