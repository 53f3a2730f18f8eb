import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Working through a filtered queue (issue 13): the queue keeps its place while a proposal is open,
 * the workspace's 上一条 / 下一条 and j / k follow the queue's filter, proposals have readable
 * addresses and titles, a bad address shows a not-found page, a saved view (视图) brings a filter
 * back, and GraphiQL loads with the network beyond the server closed.
 */
let server: TestServer;
let browser: Browser;
let api: SignedInClient;
let filtered: { id: string; name: string; code: string }[];
let queuePath: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true, config: { graphiql: true } }), launchBrowser()]);
  api = await server.signIn('reviewer1');
  const units = await api.graphql<{ units: { id: string; shortName: string }[] }>('{ units(kind: DEPARTMENT) { id shortName } }');
  const market = units.data!.units.find((unit) => unit.shortName === '市市场监管局')!;
  const campaign = await api.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  const page = await api.graphql<{ proposals: { nodes: { id: string; powerItem: { basicCode: string; name: string } }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 6, filter: $f) { nodes { id powerItem { basicCode name } } } }',
    { f: { campaignId: campaign.data!.campaign.id, stages: ['INITIAL_REVIEW'], unitId: market.id } },
  );
  filtered = page.data!.proposals.nodes.map((node) => ({ id: node.id, name: node.powerItem.name, code: node.powerItem.basicCode }));
  expect(filtered).toHaveLength(6);
  queuePath = `/queue?stage=initial_review&unit=${encodeURIComponent(market.id)}`;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const rowAt = (page: Page, index: number) => page.locator(`.queue-row[data-index="${index}"]`);
const focused = (page: Page) => page.evaluate(() => [document.activeElement?.getAttribute('data-index'), document.activeElement?.getAttribute('data-id')]);
const heading = (page: Page) => page.locator('h1').innerText();

describe('working through a filtered queue', () => {
  it('opens a proposal from the keyboard, walks the filtered list in the workspace, and comes back to the same row, filter and selection', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: queuePath, viewport: { width: 1280, height: 800 } });
    await expect.poll(() => rowAt(page, 2).getAttribute('data-id'), { timeout: 15_000 }).toBe(filtered[2]!.id);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('x'); // the first row selected
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => focused(page)).toEqual(['2', filtered[2]!.id]);
    await page.keyboard.press('Enter');

    // The readable address, carrying the queue; the tab named after the item.
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[2]!.code}`);
    expect(new URL(page.url()).searchParams.get('queue')).toBe(queuePath.split('?')[1]);
    await expect.poll(() => heading(page), { timeout: 10_000 }).toBe(filtered[2]!.name);
    await expect.poll(() => page.title()).toBe(`${filtered[2]!.code} ${filtered[2]!.name} · 精简事项审查`);

    // j and 下一条 go on through the filtered list, k and 上一条 back, as the server pages it.
    const nav = page.getByRole('navigation', { name: '队列中的位置' });
    await expect.poll(() => nav.getByRole('button', { name: '下一条' }).isEnabled()).toBe(true);
    await page.keyboard.press('j');
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[3]!.code}`);
    await expect.poll(() => heading(page)).toBe(filtered[3]!.name);
    await expect.poll(() => nav.getByRole('button', { name: '下一条' }).isEnabled()).toBe(true);
    await nav.getByRole('button', { name: '下一条' }).click();
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[4]!.code}`);
    await expect.poll(() => nav.getByRole('button', { name: '上一条' }).isEnabled()).toBe(true);
    await page.keyboard.press('k');
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[3]!.code}`);
    await expect.poll(() => heading(page)).toBe(filtered[3]!.name);
    await page.screenshot({ path: path.join(artifactsDir, 'queue-flow-workspace.png') });

    // Back in the queue: the same filter, the row last opened has the keyboard, the selection held.
    await nav.getByRole('link', { name: /返回队列/ }).click();
    await page.waitForURL((url) => url.pathname === '/queue');
    expect(new URL(page.url()).searchParams.get('stage')).toBe('initial_review');
    await expect.poll(() => focused(page), { timeout: 10_000 }).toEqual(['3', filtered[3]!.id]);
    expect(await rowAt(page, 0).locator('input[type="checkbox"]').isChecked()).toBe(true);
    await expect.poll(() => page.title()).toBe('审查队列 · 精简事项审查');

    // The browser's back button too.
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[2]!.code}`);
    await page.goBack();
    await expect.poll(() => focused(page), { timeout: 10_000 }).toEqual(['2', filtered[2]!.id]);
    await page.context().close();
  });

  it('saves the filter as a view, clears the filter, and applying the view gives the same rows and address filter', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: queuePath, viewport: { width: 1280, height: 800 } });
    await expect.poll(() => rowAt(page, 2).getAttribute('data-id'), { timeout: 15_000 }).toBe(filtered[2]!.id);
    const filterOf = () => {
      const params = new URL(page.url()).searchParams;
      return [params.getAll('stage'), params.getAll('unit')];
    };
    const saved = filterOf();

    const views = page.locator('details.saved-views');
    await views.locator('summary').click();
    await views.getByLabel('保存当前筛选').fill('市场监管局初审');
    await views.getByRole('button', { name: '保存', exact: true }).click();
    await views.getByRole('button', { name: '市场监管局初审', exact: true }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'queue-saved-views.png') });

    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => filterOf()).toEqual([[], []]);
    await expect.poll(() => rowAt(page, 0).getAttribute('data-id'), { timeout: 15_000 }).not.toBe(filtered[0]!.id);

    await views.locator('summary').click();
    await views.getByRole('button', { name: '市场监管局初审', exact: true }).click();
    await expect.poll(() => filterOf()).toEqual(saved);
    for (const index of [0, 1, 2]) {
      await expect.poll(() => rowAt(page, index).getAttribute('data-id'), { timeout: 15_000 }).toBe(filtered[index]!.id);
    }
    await page.context().close();
  });

  it('opens readable and old addresses at the canonical one, and shows a not-found page with a way back for a bad one', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: `/proposals/${filtered[0]!.code}` });
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[0]!.code}`);
    await expect.poll(() => heading(page), { timeout: 10_000 }).toBe(filtered[0]!.name);
    await expect.poll(() => page.title()).toBe(`${filtered[0]!.code} ${filtered[0]!.name} · 精简事项审查`);
    // No queue behind it: no queue navigation.
    expect(await page.getByRole('navigation', { name: '队列中的位置' }).count()).toBe(0);

    await page.goto(`${server.url}/proposals/${encodeURIComponent(filtered[1]!.id)}`);
    await page.waitForURL((url) => url.pathname === `/2019/${filtered[1]!.code}`);
    await expect.poll(() => heading(page), { timeout: 10_000 }).toBe(filtered[1]!.name);

    for (const bad of ['/2019/000000000000', '/proposals/not-a-proposal', '/2031/' + filtered[0]!.code]) {
      await page.goto(`${server.url}${bad}`);
      await expect.poll(() => heading(page), { timeout: 10_000 }).toBe('未找到精简意见');
      expect(await page.title()).toBe('未找到 · 精简事项审查');
    }
    await page.screenshot({ path: path.join(artifactsDir, 'proposal-not-found.png') });
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => heading(page)).toBe('Proposal not found');
    await page.getByRole('link', { name: 'Back to the review queue' }).click();
    await page.waitForURL((url) => url.pathname === '/queue');
    await page.context().close();
  });

  it('loads GraphiQL with every request to another host blocked', async () => {
    const context = await browser.newContext();
    const elsewhere: string[] = [];
    const origin = new URL(server.url).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/graphql`);
    // GraphiQL's editor (Monaco, with its workers) is up, and the query runs against the server.
    await page.locator('.graphiql-container .monaco-editor').first().waitFor({ timeout: 20_000 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.locator('.graphiql-query-editor .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ domainNow');
    // The editor's autocomplete (served by its worker) may cover the button: close it, run by key.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 10_000 }).toMatch(/"domainNow":\s*"20/);
    await page.screenshot({ path: path.join(artifactsDir, 'graphiql-offline.png') });
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});
