import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { domainNow } from '../support/dates.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The lead office's console, 事项认领 and 承接情况: the coordinator settles a contested claim and the
 * department turned down reads why; the coordinator narrows the board to blocked and overdue
 * handovers, leaves a note and chases the district, which finds both on its handovers tab.
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

describe('the console’s claims and handover board', () => {
  it('settles a contested claim, and the department turned down sees the outcome and the reason', async () => {
    const coordinator = await server.signIn('coordinator');
    const unclaimed = await coordinator.graphql<{ powerItems: { nodes: { id: string; name: string; claims: { id: string }[] }[] } }>(
      '{ powerItems(first: 100, filter: { claimed: false }) { nodes { id name claims { id } } } }',
    );
    const item = unclaimed.data!.powerItems.nodes.find((i) => i.claims.length === 0)!;
    for (const username of ['gz-scjgj', 'gz-zjj']) {
      const department = await server.signIn(username);
      const claimed = await department.graphql<{ claimPowerItem: { __typename: string } }>(
        'mutation($input: ClaimPowerItemInput!) { claimPowerItem(input: $input) { __typename } }',
        { input: { powerItemId: item.id, reason: '机构改革后该职责划入本单位。' } },
      );
      expect(claimed.data!.claimPowerItem.__typename).toBe('PowerItemClaim');
    }

    const page = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign?tab=claims' });
    const pending = page.getByRole('region', { name: '待处理的认领申请' });
    await pending.getByRole('checkbox', { name: '只看有争议的事项' }).check();
    const settle = pending.getByRole('button', { name: `处理市住房城乡建设局对“${item.name}”的认领` });
    await expect.poll(() => settle.count(), { timeout: 15_000 }).toBe(1);
    await settle.click();
    const form = pending.getByRole('form', { name: '处理市住房城乡建设局的认领' });
    // A reason is required: the form says so before anything is sent.
    await form.getByRole('button', { name: '同意认领' }).click();
    await expect.poll(() => form.getByText('请填写理由').count()).toBe(1);
    await form.getByRole('textbox', { name: '处理理由（申请单位可见）' }).fill('该事项属建设工程管理职责，由住建局实施。');
    await form.getByRole('button', { name: '同意认领' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toContain(`已确认“${item.name}”由市住房城乡建设局实施`);
    await expect.poll(() => pending.getByRole('button', { name: new RegExp(item.name) }).count()).toBe(0);
    await page.screenshot({ path: path.join(artifactsDir, 'campaign-claims.png'), fullPage: true });

    const market = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=claims' });
    const mine = market.getByRole('region', { name: '本单位的认领申请' }).getByRole('row', { name: new RegExp(item.name) });
    await expect.poll(() => mine.innerText(), { timeout: 15_000 }).toContain('未通过');
    expect(await mine.innerText()).toContain('该事项已确定由广州市住房和城乡建设局实施：该事项属建设工程管理职责，由住建局实施。');
  });

  it('filters the board to blocked and overdue handovers, comments on one and chases its district, which sees both', async () => {
    const coordinator = await server.signIn('coordinator');
    const campaign = (await coordinator.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
    const blocked = await coordinator.graphql<{
      handovers: { nodes: { id: string; version: number; powerItem: { name: string }; district: { code: string; shortName: string } }[] };
    }>('query($filter: HandoverFilter) { handovers(first: 1, filter: $filter) { nodes { id version powerItem { name } district { code shortName } } } }', {
      filter: { campaignId: campaign, status: 'BLOCKED' },
    });
    const target = blocked.data!.handovers.nodes[0]!;
    // Its planned day passed a week ago by the story's clock (the district planned it so).
    const weekAgo = new Date((await domainNow(coordinator)) + 8 * 3_600_000 - 7 * 86_400_000).toISOString().slice(0, 10);
    const replanned = await coordinator.graphql<{ updateHandover: { __typename: string } }>(
      'mutation($input: UpdateHandoverInput!) { updateHandover(input: $input) { __typename } }',
      { input: { handoverId: target.id, plannedOn: weekAgo, expectedVersion: target.version } },
    );
    expect(replanned.data!.updateHandover.__typename).toBe('Handover');

    const page = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign?year=2019&tab=handovers' });
    const figures = page.getByRole('region', { name: '承接概况' });
    await expect.poll(() => figures.getByRole('table', { name: '按区' }).getByRole('row', { name: new RegExp(target.district.shortName) }).count(), {
      timeout: 15_000,
    }).toBe(1);
    const list = page.getByRole('region', { name: '承接清单' });
    await list.getByRole('combobox', { name: '状态' }).selectOption({ label: '承接受阻' });
    await list.getByRole('checkbox', { name: /只看逾期/ }).check();
    const comment = list.getByRole('button', { name: `对${target.district.shortName}承接“${target.powerItem.name}”提出意见` });
    await expect.poll(() => comment.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => list.getByText('逾期', { exact: true }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir, 'campaign-handovers.png'), fullPage: true });

    await comment.click();
    const note = '请于1月10日前落实承接编制，并报送承接方案。';
    const commentForm = list.getByRole('form', { name: `对${target.district.shortName}的意见` });
    await commentForm.getByRole('textbox', { name: /意见/ }).fill(note);
    await commentForm.getByRole('button', { name: '发送意见' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toContain(`已将意见发给${target.district.shortName}`);

    await list.getByRole('button', { name: `催办：${target.district.shortName} · ${target.powerItem.name}` }).click();
    const chase = list.getByRole('form', { name: `催办承接“${target.powerItem.name}”` });
    await chase.getByRole('combobox', { name: '催办方式' }).selectOption({ label: '电话沟通' });
    await chase.getByRole('button', { name: '发送催办' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toContain(`已催办${target.district.shortName}`);

    const district = await openSignedIn(browser, server.url, `district-${target.district.code}`, { path: '/district?tab=handovers' });
    await district.getByRole('combobox', { name: '承接状态' }).selectOption({ label: '承接受阻' });
    const row = district.locator('tbody', { hasText: target.powerItem.name });
    await expect.poll(() => row.first().innerText(), { timeout: 15_000 }).toContain(note);
    expect(await row.first().innerText()).toContain(`请加快“${target.powerItem.name}”的承接准备`);
  });
});
