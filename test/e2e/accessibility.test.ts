import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations as violations } from '../support/axe.ts';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Every main screen, as its users see it on the demo data, checked by axe-core against WCAG 2 A
 * and AA: contrast, names and labels, roles and their ARIA attributes, landmarks, language.
 */
let server: TestServer;
let browser: Browser;
let consultationProposalId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  const reviewer = await server.signIn('reviewer1');
  const listed = await reviewer.graphql<{ proposals: { nodes: { id: string }[] } }>(
    '{ proposals(first: 1, filter: { stages: [CONSULTATION], actions: [DELEGATE] }) { nodes { id } } }',
  );
  consultationProposalId = listed.data!.proposals.nodes[0]!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until `ready` is on the page: the screen has drawn what it loads. */
async function drawn(ready: Locator): Promise<void> {
  await expect.poll(() => ready.count(), { timeout: 20_000 }).toBeGreaterThan(0);
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it('passes on the sign-in page, with its error shown', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('用户名', { exact: true }).fill('reviewer1');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await drawn(page.getByRole('alert'));
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  // What each screen shows once it has drawn what it loads (the same in either language).
  const screens: { name: string; username: string; path: () => string; ready: string }[] = [
    { name: 'the review queue', username: 'reviewer1', path: () => '/queue', ready: '.queue-row[data-id]' },
    { name: 'the proposal workspace', username: 'reviewer1', path: () => `/proposals/${consultationProposalId}`, ready: 'main textarea' },
    { name: 'the department portal', username: 'gz-scjgj', path: () => '/department', ready: '.portal-table tbody' },
    { name: 'the district portal', username: 'district-440106', path: () => '/district', ready: '.portal-table tbody' },
    { name: 'the dashboard', username: 'coordinator', path: () => '/dashboard', ready: 'canvas' },
  ];

  for (const locale of ['zh-CN', 'en'] as const) {
    for (const screen of screens) {
      it(`passes on ${screen.name} (${locale})`, async () => {
        const page = await openSignedIn(browser, server.url, screen.username, { path: screen.path(), locale });
        await drawn(page.locator(screen.ready));
        expect(await violations(page)).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('passes with the @mention list open in a comment box', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: `/proposals/${consultationProposalId}` });
    const box = page.getByRole('combobox', { name: '讨论内容' });
    await drawn(box);
    await box.pressSequentially('请 @');
    await drawn(page.getByRole('option'));
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
