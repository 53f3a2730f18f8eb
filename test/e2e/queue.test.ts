import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The web shell in a real browser, served by the real server over the demo data. */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('review queue page', () => {
  it('signs in through the form, shows the 2019 queue from the API, and signs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(server.url);

    // Anonymous visitors are sent to the sign-in page, with the cursor in the username field.
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 });
    const username = page.getByLabel('用户名', { exact: true });
    const password = page.getByLabel('密码', { exact: true });
    await expect.poll(() => username.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await username.getAttribute('autocomplete')).toBe('username');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
    await page.screenshot({ path: path.join(artifactsDir, 'sign-in.png') });

    // A wrong password is refused in Chinese, announced in place; the page stays.
    await username.fill('reviewer1');
    await password.fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 }).toBe('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.screenshot({ path: path.join(artifactsDir, 'sign-in-error.png') });

    // The right one, submitted with Enter, opens the reviewer's home, their to-do; the queue is one
    // link away, with the whole campaign counted.
    await password.fill('devolve-demo');
    await password.press('Enter');
    await page.waitForURL((url) => url.pathname === '/todo', { timeout: 15_000 });
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审查队列' }).click();
    await page.waitForURL((url) => url.pathname === '/queue', { timeout: 15_000 });
    await expect.poll(() => page.locator('.queue-toolbar .count strong').innerText(), { timeout: 15_000 }).toBe('共 7,580 条');

    // The header says who is signed in.
    const me = await server.signIn('reviewer1');
    const whoami = await me.graphql<{ me: { user: { displayName: string; unit: { shortName: string } } } }>(
      '{ me { user { displayName unit { shortName } } } }',
    );
    const header = page.getByRole('region', { name: '当前用户' });
    expect(await header.innerText()).toContain(whoami.data!.me.user.displayName);
    expect(await header.innerText()).toContain(whoami.data!.me.user.unit.shortName);

    // The first row is the API's first proposal (oldest first), as the same reviewer sees it; the
    // list renders only the rows in view, not all 7,580.
    const api = await me.graphql<{ proposals: { nodes: { id: string; powerItem: { basicCode: string; name: string } | null }[] } }>(
      '{ proposals(first: 1, orderBy: OLDEST) { nodes { id powerItem { basicCode name } } } }',
    );
    const first = api.data!.proposals.nodes[0]!;
    const firstRow = page.locator('.queue-row[data-index="0"]');
    await expect.poll(() => firstRow.getAttribute('data-id'), { timeout: 10_000 }).toBe(first.id);
    expect(await firstRow.innerText()).toContain(first.powerItem!.basicCode);
    // The item name is a real link to the proposal's workspace, at its readable address, carrying the queue.
    expect(await firstRow.getByRole('link', { name: first.powerItem!.name }).getAttribute('href')).toMatch(
      new RegExp(`^/2019/${first.powerItem!.basicCode}\\?queue=&at=`),
    );
    const rendered = await page.locator('.queue-body .queue-row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    await page.screenshot({ path: path.join(artifactsDir, 'queue.png') });

    // Clicking the name opens the workspace in the same page (the app is not reloaded); back returns.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await firstRow.getByRole('link', { name: first.powerItem!.name }).click();
    await page.waitForURL((url) => url.pathname === `/2019/${first.powerItem!.basicCode}`, { timeout: 10_000 });
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/queue', { timeout: 10_000 });
    await expect.poll(() => firstRow.getAttribute('data-id'), { timeout: 10_000 }).toBe(first.id);

    // 退出 ends the session: back on the sign-in page, and the queue is gone even on reload.
    await header.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 10_000 });
    await expect.poll(() => page.getByRole('heading', { name: '登录' }).count()).toBe(1);
    expect(await page.locator('.queue-body .queue-row').count()).toBe(0);
    await page.goto(`${server.url}/queue`);
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 10_000 });
    await page.close();
  });
});
