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
  it('signs in through the form, shows the 2019 queue from the API, pages on and signs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
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

    // The right one, submitted with Enter, opens the queue as the signed-in reviewer.
    await password.fill('devolve-demo');
    await password.press('Enter');
    await expect.poll(() => page.getByText('共 7,580 条').count(), { timeout: 15_000 }).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    // The header says who is signed in.
    const me = await server.signIn('reviewer1');
    const whoami = await me.graphql<{ me: { user: { displayName: string; unit: { shortName: string } } } }>(
      '{ me { user { displayName unit { shortName } } } }',
    );
    const header = page.getByRole('region', { name: '当前用户' });
    expect(await header.innerText()).toContain(whoami.data!.me.user.displayName);
    expect(await header.innerText()).toContain(whoami.data!.me.user.unit.shortName);

    // The first row is the first proposal of the API's own first page, as the same reviewer sees it.
    const api = await me.graphql<{ proposals: { nodes: { powerItem: { basicCode: string } | null }[] } }>(
      '{ proposals(first: 1, orderBy: OLDEST) { nodes { powerItem { basicCode } } } }',
    );
    const firstCode = api.data!.proposals.nodes[0]!.powerItem!.basicCode;
    await expect.poll(() => rows.first().innerText()).toContain(firstCode);
    await page.screenshot({ path: path.join(artifactsDir, 'queue.png') });

    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(100);

    // 退出 ends the session: back on the sign-in page, and the queue is gone even on reload.
    await header.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 10_000 });
    await expect.poll(() => page.getByRole('heading', { name: '登录' }).count()).toBe(1);
    expect(await rows.count()).toBe(0);
    await page.goto(server.url);
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 10_000 });
    await page.close();
  });
});
