import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Work crossing roles, each person in their own browser: what one does reaches the other's open
 * page without a reload, within two seconds (the poll timeout is the assertion).
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

describe('across roles, live', () => {
  it('a district answers a consultation in its portal, and the reviewer looking at the proposal sees the answer', async () => {
    const liaison = await server.signIn('district-440106');
    const waiting = await liaison.graphql<{
      districtConsultations: { nodes: { consultation: { proposal: { id: string; powerItem: { name: string } } } }[] };
    }>('{ districtConsultations(first: 1, filter: { open: true, answered: false }) { nodes { consultation { proposal { id powerItem { name } } } } } }');
    const { proposal } = waiting.data!.districtConsultations.nodes[0]!.consultation;
    const name = proposal.powerItem.name;

    const reviewer = await openSignedIn(browser, server.url, 'reviewer1', { path: `/proposals/${proposal.id}` });
    const answers = reviewer.getByRole('region', { name: /各区意见/ });
    await expect.poll(() => answers.innerText(), { timeout: 20_000 }).toContain('天河区');
    const notes = '区政务服务中心已设综合窗口，可于次月起承接。';
    expect(await answers.innerText()).not.toContain(notes);

    const district = await openSignedIn(browser, server.url, 'district-440106', { path: '/district' });
    const row = district
      .getByRole('region', { name: /^待答复/ })
      .locator('tbody', { has: district.locator(`a[href="/proposals/${proposal.id}"]`) });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await row.getByRole('button', { name: `答复「${name}」` }).click();
    await row.getByRole('radio', { name: '有条件同意' }).check();
    await row.getByLabel('承接能力说明', { exact: true }).fill(notes);
    await row.locator('button[type="submit"]').click();
    await expect.poll(() => district.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已提交对「${name}」的答复。`);

    await expect.poll(() => answers.innerText(), { timeout: 2_000 }).toContain(notes);
    await reviewer.screenshot({ path: path.join(artifactsDir, 'collaboration-district-answer.png') });
    await Promise.all([reviewer.context().close(), district.context().close()]);
  });

  it('a department submits a proposal in its portal, and it enters the reviewer\'s open queue', async () => {
    const department = await server.signIn('gz-scjgj');
    const context = await department.graphql<{
      me: { user: { unit: { id: string } } };
      campaign: { id: string };
      proposals: { nodes: { id: string; powerItem: { basicCode: string; name: string } }[] };
    }>(
      `{ me { user { unit { id } } } campaign(year: 2019) { id }
         proposals(first: 1, filter: { stages: [DRAFT], actions: [CANCEL, ADJUST, RETAIN] }) { nodes { id powerItem { basicCode name } } } }`,
    );
    const draft = context.data!.proposals.nodes[0]!;

    // The reviewer watches the submitted proposals of that item: none yet.
    const queue = await openSignedIn(browser, server.url, 'reviewer1', {
      path: `/queue?stage=submitted&q=${encodeURIComponent(draft.powerItem.basicCode)}`,
    });
    const row = queue.locator(`.queue-row[data-id="${draft.id}"]`);
    await expect.poll(() => queue.locator('.queue-toolbar .count strong').innerText(), { timeout: 20_000 }).toMatch(/共 0 条/);

    // The department opens its draft and submits it.
    const portal = await openSignedIn(browser, server.url, 'gz-scjgj', { path: `/department?edit=${encodeURIComponent(draft.id)}` });
    await expect.poll(() => portal.getByRole('heading', { name: '修改精简意见' }).count(), { timeout: 20_000 }).toBe(1);
    await portal.getByRole('button', { name: '报送', exact: true }).click();
    await expect
      .poll(() => portal.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toBe(`已报送「${draft.powerItem.name}」，等待专班审查。`);

    await expect.poll(() => row.count(), { timeout: 2_000 }).toBe(1);
    expect(await row.innerText()).toContain(draft.powerItem.name);
    await expect.poll(() => queue.locator('.queue-toolbar .count strong').innerText()).toMatch(/共 1 条/);
    await queue.screenshot({ path: path.join(artifactsDir, 'collaboration-queue.png') });
    await Promise.all([queue.context().close(), portal.context().close()]);
  });
});
