import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activity, campaigns } from '@devolve/db';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 12, the lead office's console: the coordinator creates the 2020 campaign with its units
 * and schedule, opens submission (a department then submits), and writes, previews and publishes
 * the quarter's progress of key task 20 quoting a live figure, which `keyTask(year: 2020,
 * number: 20)` then gives anyone.
 */
let server: TestServer;
let browser: Browser;
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/campaign-console.png');

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  // The demo already holds an empty 2020 round in planning; this story is the lead office creating
  // it, so this file's copy of the data starts without it (nothing else refers to it).
  const db = server.database.opened.db;
  const [planned] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2020));
  await db.delete(activity).where(eq(activity.campaignId, planned!.id));
  await db.delete(campaigns).where(eq(campaigns.id, planned!.id));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the lead office runs its year from the console', () => {
  it('creates the 2020 campaign, opens submission, and publishes a quarter of key task 20 with a live figure', async () => {
    const departments = (await server.graphql<{ units: { id: string; code: string; shortName: string }[] }>('{ units(kind: DEPARTMENT) { id code shortName } }')).data!.units;
    const taking = [departments.find((d) => d.code === 'GZ-SCJGJ')!, departments.find((d) => d.code === 'GZ-ZJJ')!];

    const page = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign' });
    await page.getByRole('button', { name: '新建2020年度工作' }).click();
    const create = page.getByRole('region', { name: '新建工作年度' });
    await create.getByLabel('工作通知文号').fill('穗府办函〔2020〕8号');
    for (const unit of taking) await create.getByRole('checkbox', { name: unit.shortName }).check();
    await create.getByLabel('报送开始日期').fill('2019-12-20');
    await create.getByLabel('报送截止日期').fill('2020-03-31');
    await create.getByLabel('审核（初审、复核）开始日期').fill('2020-04-01');
    await create.getByLabel('审核（初审、复核）截止日期').fill('2020-06-30');
    await create.getByLabel('审定截止日期').fill('2020-12-20');
    await create.getByRole('button', { name: '新建工作年度' }).click();

    const status = page.getByRole('status').first();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('已新建2020年度工作');
    const standing = page.getByRole('region', { name: '各阶段进度' });
    const submissionRow = standing.getByRole('row', { name: /^报送/ });
    await expect.poll(() => submissionRow.innerText()).toContain('进行中');
    expect(await submissionRow.innerText()).toContain('2 个单位尚未报送');
    expect(await standing.getByRole('row', { name: /^审核/ }).innerText()).toContain('未开始');

    // Opening submission is confirmed first: it cannot be undone.
    const move = page.getByRole('region', { name: '推进工作阶段' });
    await move.getByRole('button', { name: '推进到「申报」' }).click();
    await move.getByRole('group', { name: '确认推进到「申报」？' }).getByRole('button', { name: '确认推进' }).click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('工作年度已推进到「申报」');
    const facts = page.getByRole('region', { name: '基本情况' });
    await expect.poll(() => facts.innerText()).toContain('申报');
    await page.screenshot({ path: screenshot, fullPage: true });

    // A department taking part can now submit, and the submission stage counts it.
    const department = await server.signIn('gz-scjgj');
    const campaign = (await department.graphql<{ campaign: { id: string; viewerCan: { propose: boolean } } }>('{ campaign(year: 2020) { id viewerCan { propose } } }')).data!.campaign;
    expect(campaign.viewerCan.propose).toBe(true);
    const drafted = await department.graphql<{ createProposal: { id: string; version: number } }>(
      'mutation($input: CreateProposalInput!) { createProposal(input: $input) { ... on Proposal { id version } } }',
      { input: { campaignId: campaign.id, action: 'ADD', proposedItemName: '新增事项', rationale: '按需新增。' } },
    );
    const submitted = await department.graphql<{ transitionProposal: { __typename: string } }>(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
      { input: { proposalId: drafted.data!.createProposal.id, transition: 'SUBMIT', expectedVersion: drafted.data!.createProposal.version } },
    );
    expect(submitted.data!.transitionProposal.__typename).toBe('Proposal');

    // 进展填报: set key task 20, write the first quarter with a live figure, preview, publish.
    await page.getByRole('navigation', { name: '年度工作分区' }).getByRole('link', { name: '进展填报' }).click();
    const setUp = page.getByRole('region', { name: '设立重点工作' });
    await setUp.getByLabel('任务内容').fill('继续推进简政放权，再精简和下放一批行政许可备案事项。');
    await setUp.getByLabel('第一季度工作目标（每行一条）').fill('制订 2020 年广州市简政放权工作方案。');
    await setUp.getByRole('button', { name: '设立重点工作' }).click();

    const task = page.getByRole('region', { name: '任务20' });
    const items = task.getByLabel('进展落实情况（每行一条，按顺序编号）');
    await items.fill('制定了2020年广州市简政放权工作方案。\n各单位已报送');
    await task.getByRole('button', { name: '插入「报送的精简意见数」' }).click();
    await items.press('End');
    await items.pressSequentially('项精简意见。');
    await task.getByRole('button', { name: '保存草稿并预览' }).click();

    const preview = task.getByRole('region', { name: '预览（发布后公开显示的样子）' });
    await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toContain('各单位已报送1项精简意见。');
    expect(await preview.innerText()).toContain('按计划推进中');
    // A draft is the coordinator's alone.
    const before = await server.graphql<{ keyTask: { quarters: { progress: unknown }[] } }>('{ keyTask(year: 2020, number: 20) { quarters { progress { status } } } }');
    expect(before.data!.keyTask.quarters[0]!.progress).toBeNull();

    await preview.getByRole('button', { name: '发布本季度进展' }).click();
    await preview.getByRole('group').getByRole('button', { name: '确认发布' }).click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('第一季度进展已发布');
    await expect.poll(() => task.innerText()).toContain('本季度进展已于');

    const published = await server.graphql<{ keyTask: { quarters: { quarter: number; progress: { status: string; items: string[] } | null }[] } }>(
      '{ keyTask(year: 2020, number: 20) { quarters { quarter progress { status items } } } }',
    );
    expect(published.errors).toBeUndefined();
    expect(published.data!.keyTask.quarters[0]).toEqual({
      quarter: 1,
      progress: { status: 'ON_TRACK', items: ['制定了2020年广州市简政放权工作方案。', '各单位已报送1项精简意见。'] },
    });
  });
});
