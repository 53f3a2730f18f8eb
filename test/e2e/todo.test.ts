import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * 我的待办 and 督办催办 in the browser: a reviewer and a district land on their own to-do, overdue
 * first, and follow an entry; the coordinator chases a department from the console's reminders tab,
 * and the department finds the reminder in its to-do and marks it seen.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The to-do's entries as the page lists them: their link text and whether they are marked overdue. */
async function entries(page: import('playwright-core').Page) {
  const list = page.getByRole('region', { name: '待办事项', exact: true }).getByRole('listitem');
  await expect.poll(() => list.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  return list.evaluateAll((items) => items.map((li) => ({ text: li.querySelector('a')?.textContent ?? '', overdue: li.classList.contains('overdue') })));
}

describe('my to-do', () => {
  it('a reviewer lands on it, overdue first, and follows their assigned proposals to the filtered queue', async () => {
    const page = await openSignedIn(browser, server.url, 'reviewer1');
    await page.waitForURL((url) => url.pathname === '/todo', { timeout: 15_000 });
    const listed = await entries(page);
    expect(listed[0]).toEqual({ text: '分配给我的精简意见待审核', overdue: true });
    expect(await page.getByRole('listitem').filter({ hasText: '分配给我的精简意见待审核' }).innerText()).toContain('已逾期');
    await page.getByRole('link', { name: '分配给我的精简意见待审核' }).click();
    await page.waitForURL((url) => url.pathname === '/queue' && url.searchParams.get('mine') === '1', { timeout: 15_000 });
    await page.context().close();
  });

  it('a district lands on its consultations to answer and follows them to its portal', async () => {
    const page = await openSignedIn(browser, server.url, 'district-440106');
    await page.waitForURL((url) => url.pathname === '/todo', { timeout: 15_000 });
    const listed = await entries(page);
    const overdue = listed.map((entry) => entry.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
    await page.getByRole('link', { name: '待答复的征求意见' }).click();
    await page.waitForURL((url) => url.pathname === '/district' && url.searchParams.get('tab') === 'consultations', { timeout: 15_000 });
    await page.context().close();
  });

  it('the coordinator chases a department from 督办催办; the department sees it in its to-do and marks it seen', async () => {
    // A department with returned proposals past the review deadline, as the console will list it.
    const coordinator = await server.signIn('coordinator');
    const campaign = await coordinator.graphql<{ campaigns: { nodes: { id: string; year: number }[] } }>('{ campaigns(first: 5) { nodes { id year } } }');
    const campaignId = campaign.data!.campaigns.nodes.find((c) => c.year === 2019)!.id;
    const figures = await coordinator.graphql<{ overdueWork: { kind: string; recipientId: string; recipientName: string }[] }>(
      'query($id: ID!) { overdueWork(campaignId: $id) { kind recipientId recipientName } }',
      { id: campaignId },
    );
    const late = figures.data!.overdueWork.find((row) => row.kind === 'REVISE')!;
    const unit = await coordinator.graphql<{ node: { code: string } }>('query($id: ID!) { node(id: $id) { ... on Unit { code } } }', { id: late.recipientId });

    const console = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign?year=2019&tab=reminders' });
    const overdue = console.getByRole('region', { name: '逾期工作', exact: true });
    await overdue.getByRole('checkbox', { name: `选择 ${late.recipientName} 退回待修改的精简意见`, exact: true }).check({ timeout: 15_000 });
    const form = console.getByRole('form', { name: '催办', exact: true });
    await form.getByLabel('催办方式').selectOption('PHONE');
    await form.getByLabel('催办内容').fill('请今天下班前重新报送退回的意见');
    await form.getByLabel('要求办结日期').fill('2019-12-30');
    await form.getByRole('button', { name: /发送催办/ }).click();
    await expect.poll(() => console.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain('已发送 1 条催办');
    const history = console.getByRole('region', { name: '催办记录', exact: true });
    await expect.poll(() => history.getByRole('row').filter({ hasText: '请今天下班前重新报送退回的意见' }).innerText(), { timeout: 15_000 }).toContain('未阅');
    await console.context().close();

    const page = await openSignedIn(browser, server.url, unit.data!.node.code.toLowerCase());
    await page.waitForURL((url) => url.pathname === '/todo', { timeout: 15_000 });
    const reminders = page.getByRole('region', { name: '催办', exact: true });
    const reminder = reminders.getByRole('listitem').filter({ hasText: '请今天下班前重新报送退回的意见' });
    await expect.poll(() => reminder.innerText(), { timeout: 15_000 }).toContain('电话沟通');
    await reminder.getByRole('button', { name: '已阅' }).click();
    await expect.poll(() => reminder.count(), { timeout: 15_000 }).toBe(0);
    await page.context().close();
  });
});
