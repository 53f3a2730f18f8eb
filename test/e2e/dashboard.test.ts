import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { docxParagraphs, unzipText } from '../support/docx.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** The progress dashboard in a real browser, against the real server over the demo data. */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Figures {
  proposalsSubmitted: number;
  unitsSubmitting: number;
  proposalsDecided: number;
  delegationsApproved: number;
  cancellationsApproved: number;
  unclaimedItems: number;
  handoversTotal: number;
  handoversTakenOver: number;
}

/** What the API says about the 2019 campaign, asked the way any client would. */
async function apiView(client: SignedInClient) {
  const response = await client.graphql<{
    campaign: { id: string; figures: Omit<Figures, 'unclaimedItems'>; progress: { byStage: { key: string; count: number }[] } };
    unclaimed: { totalCount: number };
    keyTask: {
      quarters: { quarter: number; goals: string[]; progress: { status: string; items: string[] } | null }[];
    };
  }>(`{
    campaign(year: 2019) {
      id
      figures { proposalsSubmitted unitsSubmitting proposalsDecided delegationsApproved cancellationsApproved handoversTotal handoversTakenOver }
      progress { byStage { key count } }
    }
    unclaimed: powerItems(first: 1, filter: { claimed: false }) { totalCount }
    keyTask(year: 2019, number: 20) {
      quarters { quarter goals progress { status items } }
    }
  }`);
  expect(response.errors).toBeUndefined();
  const { campaign, unclaimed, ...rest } = response.data!;
  const figures: Figures = { ...campaign.figures, unclaimedItems: unclaimed.totalCount };
  return { ...rest, campaign: { ...campaign, figures } };
}

/** 7580 → 7,580 (both languages group thousands the same way). */
const formatted = (n: number) => n.toLocaleString('en');

/** The Chinese labels of the stages, by the database values `byStage` is keyed with. */
const stageLabelsZh: Record<string, string> = {
  draft: '草稿',
  submitted: '已报送',
  initial_review: '初审',
  legality_review: '合法性审查',
  recheck: '复核',
  consultation: '征求意见',
  unit_confirmation: '单位确认',
  approval: '审定',
  decided: '已办结',
};

/** A headline figure's number, found by its label. */
function headline(page: Page, label: string) {
  return page
    .locator('.figures .figure')
    .filter({ has: page.getByRole('term').getByText(label, { exact: true }) })
    .locator('.figure-value');
}

/** The count in a chart's data table for one row label. */
function tableCount(page: Page, chartTitle: string, rowLabel: string) {
  return page
    .getByRole('figure', { name: chartTitle })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: rowLabel, exact: true }) })
    .getByRole('cell')
    .first();
}

/** A proposal of the 2019 campaign in a stage, with the version to transition it from. */
async function proposalIn(client: SignedInClient, campaignId: string, stage: string, action?: string) {
  const response = await client.graphql<{ proposals: { nodes: { id: string; version: number }[] } }>(
    `query($filter: ProposalFilter) { proposals(first: 1, filter: $filter) { nodes { id version } } }`,
    { filter: { campaignId, stages: [stage], statuses: ['ACTIVE'], ...(action ? { actions: [action] } : {}) } },
  );
  const proposal = response.data?.proposals.nodes[0];
  if (!proposal) throw new Error(`no ${action ?? ''} proposal in ${stage}: ${JSON.stringify(response)}`);
  return proposal;
}

async function transition(client: SignedInClient, proposal: { id: string; version: number }, move: string) {
  const response = await client.graphql<{ transitionProposal: { __typename: string; stage?: string; code?: string } }>(
    `mutation($input: TransitionProposalInput!) {
      transitionProposal(input: $input) { __typename ... on Proposal { stage } ... on Error { code } }
    }`,
    { input: { proposalId: proposal.id, transition: move, expectedVersion: proposal.version } },
  );
  expect(response.data?.transitionProposal.__typename).toBe('Proposal');
}

describe('progress dashboard', () => {
  it('shows the API’s figures, stage counts and key task 20, live, in both languages; Chart.js loads with it only', async () => {
    const coordinator = await server.signIn('coordinator');
    const before = await apiView(coordinator);
    const campaignId = before.campaign.id;

    // The coordinator starts in the review queue: no script of that page holds Chart.js.
    // A laptop screen: the page must work at 1280 pixels wide.
    const page = await openSignedIn(browser, server.url, 'coordinator', {
      path: '/queue',
      viewport: { width: 1280, height: 900 },
    });
    const scriptsWithChartJs: string[] = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      // A message only Chart.js carries, minified or not.
      if ((await response.text()).includes('Canvas is already in use')) scriptsWithChartJs.push(response.url());
    });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.queue-row[data-id]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const queueScripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js')).map((entry) => entry.name),
    );
    expect(queueScripts.some((name) => /dashboard-page/.test(name))).toBe(false);

    // Through the navigation to the dashboard: now its chunk, with Chart.js in it, is fetched.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作进度' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    await expect.poll(() => scriptsWithChartJs.length, { timeout: 15_000 }).toBe(1);
    expect(scriptsWithChartJs[0]).toMatch(/\/assets\/dashboard-page-[\w-]+\.js$/);

    // The headline numbers are the API's own figures for the 2019 campaign (the newest with proposals).
    await expect.poll(() => page.getByRole('heading', { name: '简政放权工作进度', level: 1 }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByLabel('工作年度').inputValue()).toBe(campaignId);
    const figures = before.campaign.figures;
    const expected: [string, number][] = [
      ['报送精简意见', figures.proposalsSubmitted],
      ['报送单位', figures.unitsSubmitting],
      ['已办结', figures.proposalsDecided],
      ['批准取消', figures.cancellationsApproved],
      ['批准下放', figures.delegationsApproved],
      ['各区已承接', figures.handoversTakenOver],
      ['暂未认领事项', figures.unclaimedItems],
    ];
    for (const [label, value] of expected) {
      await expect.poll(() => headline(page, label).innerText(), { timeout: 15_000 }).toBe(formatted(value));
    }

    // The stage chart's data table holds the API's byStage counts.
    const stageChart = page.getByRole('figure', { name: '按办理阶段' });
    await stageChart.getByText('查看数据表').click();
    for (const group of before.campaign.progress.byStage) {
      expect(await tableCount(page, '按办理阶段', stageLabelsZh[group.key]!).innerText()).toBe(formatted(group.count));
    }
    // Each chart has its canvas, named, and its table; the unit chart's table lists every unit.
    for (const title of ['按办理阶段', '按办理状态', '按处理意见', '按事项类型', '按报送单位']) {
      const chart = page.getByRole('figure', { name: title });
      expect(await chart.getByRole('img').getAttribute('aria-label')).toContain(title);
      expect(await chart.locator('table').count()).toBe(1);
    }
    const unitChart = page.getByRole('figure', { name: '按报送单位' });
    expect(await unitChart.locator('tbody tr').count()).toBe(figures.unitsSubmitting);
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard.png'), fullPage: true });

    // Key task 20 as the seed page lays it out: task, lead unit, four quarters of goals and progress.
    const keyTask = page.getByRole('region', { name: '任务20' });
    await expect.poll(() => keyTask.count(), { timeout: 15_000 }).toBe(1);
    expect(await keyTask.innerText()).toContain('继续推进简政放权');
    expect(await keyTask.getByRole('definition').nth(1).innerText()).toBe('市政府办公厅');
    const goalRows = keyTask.locator('.key-task-goals tbody tr');
    expect(await goalRows.count()).toBe(4);
    for (const [index, quarterName] of ['第一季度', '第二季度', '第三季度', '第四季度'].entries()) {
      const quarter = before.keyTask.quarters[index]!;
      expect(await goalRows.nth(index).getByRole('rowheader').innerText()).toBe(quarterName);
      expect(await goalRows.nth(index).locator('li, p').count()).toBe(quarter.goals.length);
      const progress = keyTask.getByRole('article', { name: quarterName });
      const status = quarter.progress!.status === 'DONE' ? '已完成。' : '按计划推进中。';
      expect(await progress.locator('.progress-status').innerText()).toBe(status);
      expect(await progress.locator('.progress-items li').count()).toBe(quarter.progress!.items.length);
    }
    expect(await keyTask.getByRole('complementary').innerText()).toContain(
      `${figures.unitsSubmitting} 个市直单位报送精简意见 ${formatted(figures.proposalsSubmitted)} 项`,
    );
    await keyTask.screenshot({ path: path.join(artifactsDir, 'key-task.png') });

    // Live: a reviewer starts reviewing a submitted proposal and the approver approves a delegation;
    // the stage table and the headline figures follow without a reload.
    const stageCount = (key: string) => before.campaign.progress.byStage.find((group) => group.key === key)?.count ?? 0;
    const reviewer = await server.signIn('reviewer1');
    await transition(reviewer, await proposalIn(reviewer, campaignId, 'SUBMITTED'), 'START_REVIEW');
    await expect
      .poll(() => tableCount(page, '按办理阶段', '已报送').innerText(), { timeout: 10_000 })
      .toBe(formatted(stageCount('submitted') - 1));
    expect(await tableCount(page, '按办理阶段', '初审').innerText()).toBe(formatted(stageCount('initial_review') + 1));

    const approver = await server.signIn('approver');
    await transition(approver, await proposalIn(approver, campaignId, 'APPROVAL', 'DELEGATE'), 'APPROVE');
    await expect
      .poll(() => headline(page, '批准下放').innerText(), { timeout: 10_000 })
      .toBe(formatted(figures.delegationsApproved + 1));
    await expect.poll(() => headline(page, '已办结').innerText()).toBe(formatted(figures.proposalsDecided + 1));
    const after = await apiView(coordinator);
    expect(after.campaign.figures.delegationsApproved).toBe(figures.delegationsApproved + 1);
    // The change is announced politely, not by reading every number out.
    expect(await page.getByRole('status').filter({ hasText: '实时更新' }).count()).toBe(1);

    // English: the headings, chart titles and labels switch, and the numbers stay.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Streamlining progress', level: 1 }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'At a glance' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Key task 20' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Goals for the year, by quarter' }).count()).toBe(1);
    expect(await headline(page, 'Delegations approved').innerText()).toBe(formatted(figures.delegationsApproved + 1));
    expect(await tableCount(page, 'By stage', 'Initial review').innerText()).toBe(formatted(stageCount('initial_review') + 1));
    expect(await page.getByRole('region', { name: 'Key task 20' }).getByRole('article', { name: 'Q4' }).locator('.progress-status').innerText()).toBe('Done.');
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard-en.png'), fullPage: true });
    await page.context().close();
  });

  it("downloads key task 20's report from its Word button as a .docx holding the task, and prints the report alone", async () => {
    const observer = await server.signIn('observer');
    const task = (await observer.graphql<{ keyTask: { title: string } }>('{ keyTask(year: 2019, number: 20) { title } }')).data!.keyTask;
    const page = await openSignedIn(browser, server.url, 'observer', { path: '/dashboard' });
    const keyTask = page.getByRole('region', { name: '任务20' });
    await expect.poll(() => keyTask.count(), { timeout: 15_000 }).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), keyTask.getByRole('link', { name: '下载 Word' }).click()]);
    expect(download.suggestedFilename()).toBe('2019年任务20进展情况.docx');
    const parts = await unzipText(await readFile((await download.path())!));
    const text = docxParagraphs(parts.get('word/document.xml')!);
    expect(text).toContain(`任务20：${task.title}`);

    // The print button prints the report alone: in print, only the key task is on the page, with its title.
    await page.evaluate(() => {
      // The print dialog is the browser's; the test checks the layout printOnly sets up for it.
      window.print = () => {};
    });
    await keyTask.getByRole('button', { name: '打印' }).click();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: '主导航' }).isHidden()).toBe(true);
    expect(await page.locator('.figures').first().isHidden()).toBe(true);
    expect(await keyTask.getByRole('button', { name: '打印' }).isHidden()).toBe(true);
    expect(await keyTask.getByText('2019年重点工作任务20进展情况').isVisible()).toBe(true);
    expect(await keyTask.getByRole('article', { name: '第四季度' }).isVisible()).toBe(true);
    await page.context().close();
  });
});
