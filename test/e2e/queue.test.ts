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
  it('shows the 2019 queue from the API and pages on', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.url);
    await expect.poll(() => page.getByText('共 7,580 条').count(), { timeout: 15_000 }).toBe(1);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    // The first row is the first proposal of the API's own first page.
    const api = await server.graphql<{ proposals: { nodes: { powerItem: { basicCode: string } | null }[] } }>(
      '{ proposals(first: 1, orderBy: OLDEST) { nodes { powerItem { basicCode } } } }',
    );
    const firstCode = api.data!.proposals.nodes[0]!.powerItem!.basicCode;
    await expect.poll(() => rows.first().innerText()).toContain(firstCode);
    await page.screenshot({ path: path.join(artifactsDir, 'queue.png') });

    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(100);
    await page.close();
  });
});
