import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activity, campaigns, consultations } from '@devolve/db';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { databaseId } from '../support/ids.ts';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 12, "Done when": the lead office's 2020 year played in the browser, each step a person
 * takes done in the UI (GraphQL only looks ids up and checks what the UI did). The `it`s run in
 * order and share one server, one browser and one page per person: set-up, submission, review,
 * the legality review, consultation (one round answered, one closed by the job at its deadline),
 * a claim, confirmation, approval, publication and handover, evaluation, and the quarter's
 * progress; after each stage no proposal is at a dead end.
 */
let server: TestServer;
let browser: Browser;
/** The coordinator over GraphQL, to look ids up and check what the UI did. */
let lookup: SignedInClient;
const pages = new Map<string, Page>();
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/campaign-console.png');

/** The person's page (one browser context each, opened once), at `to`. */
async function pageOf(username: string, to: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await openSignedIn(browser, server.url, username, { path: to });
    pages.set(username, page);
  } else await page.goto(`${server.url}${to}`);
  return page;
}

const actions = ['CANCEL', 'DELEGATE', 'ENTRUST', 'MERGE', 'ADJUST', 'RETAIN', 'ADD'] as const;
type Action = (typeof actions)[number];
const actionLabel: Record<Action, string> = { CANCEL: '取消', DELEGATE: '下放', ENTRUST: '委托', MERGE: '合并', ADJUST: '调整', RETAIN: '保留', ADD: '新增' };
/** The 2020 campaign's id and its seven proposals by action, as the story creates them. */
let campaignId: string;
const proposals = new Map<Action, { id: string; name: string }>();

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true, config: { jobs: true, jobSweepMs: 1_000 } }), launchBrowser()]);
  // The demo already holds an empty 2020 round in planning; this story is the lead office creating
  // it, so this file's copy of the data starts without it (nothing else refers to it).
  lookup = await server.signIn('coordinator');
  const db = server.database.opened.db;
  const [planned] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2020));
  await db.delete(activity).where(eq(activity.campaignId, planned!.id));
  await db.delete(campaigns).where(eq(campaigns.id, planned!.id));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Stage = { stage: string; status: string };
/** Where each of the seven proposals stands, read over GraphQL (to check what the UI did). */
async function standing(): Promise<Record<Action, Stage>> {
  const ids = actions.map((action) => proposals.get(action)!.id);
  const read = await lookup.graphql<{ nodes: ({ id: string } & Stage)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { ... on Proposal { id stage status } } }', { ids });
  expect(read.errors).toBeUndefined();
  return Object.fromEntries(actions.map((action, i) => [action, { stage: read.data!.nodes[i]!.stage, status: read.data!.nodes[i]!.status }])) as Record<Action, Stage>;
}

/**
 * No dead ends: on each proposal's workspace, the department (whose proposals they are) either has
 * an action, or the page says who must act next and why (the decision panel's 待他人办理 list).
 */
async function expectNoDeadEnds(viewer: string): Promise<void> {
  for (const action of actions) {
    const page = await pageOf(viewer, `/proposals/${proposals.get(action)!.id}`);
    const decision = page.getByRole('region', { name: '办理' });
    await expect.poll(() => decision.locator('.transitions button, .next-steps li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  }
}

/** Selects the campaign's proposals listed in the queue (all at `to`) and runs one bulk step on them. */
async function bulk(page: Page, count: number, kind: '变更阶段…' | '设定最终分类…', choose: { label: string; option: { index: number } | { label: string } }): Promise<void> {
  const select = page.getByRole('checkbox', { name: `选择已加载的全部 ${count} 条` });
  await expect.poll(() => select.count(), { timeout: 15_000 }).toBe(1);
  await select.check();
  await page.getByRole('group', { name: '批量操作' }).getByRole('button', { name: kind }).click();
  const dialog = page.locator('dialog.bulk-dialog');
  // The select is inside its label, so its name also reads its chosen option ("操作 请选择").
  await dialog.getByRole('combobox', { name: new RegExp(`^${choose.label}`) }).selectOption(choose.option);
  await dialog.getByRole('button', { name: '确定' }).click();
  if (kind === '变更阶段…') {
    // A move cannot be undone: it is asked again, naming the move and how many, before it runs.
    const question = page.getByRole('dialog', { name: /^对所选 \d+ 条意见执行“.+”？$/ });
    expect(await question.getByRole('heading').innerText()).toMatch(new RegExp(`^对所选 ${count} 条意见执行`));
    await question.getByRole('button', { name: '确定' }).click();
  }
  await expect.poll(() => dialog.getByRole('status').innerText(), { timeout: 20_000 }).toBe(`成功 ${count} 条，失败 0 条`);
  await dialog.getByRole('button', { name: '关闭' }).click();
}

/** The coordinator moves the 2020 campaign on to `status` in the console's overview, confirming it. */
async function moveCampaign(status: string): Promise<void> {
  const page = await pageOf('coordinator', '/campaign?year=2020');
  const move = page.getByRole('region', { name: '推进工作阶段' });
  await move.getByRole('button', { name: `推进到「${status}」` }).click();
  await move.getByRole('group', { name: `确认推进到「${status}」？` }).getByRole('button', { name: '确认推进' }).click();
  await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain(`工作年度已推进到「${status}」`);
}

describe('the lead office runs its 2020 year, end to end in the browser', () => {
  it('the coordinator creates the 2020 campaign with its schedule and units, and opens submission', async () => {
    const departments = (await server.graphql<{ units: { id: string; code: string; shortName: string }[] }>('{ units(kind: DEPARTMENT) { id code shortName } }')).data!.units;
    const taking = [departments.find((d) => d.code === 'GZ-SCJGJ')!, departments.find((d) => d.code === 'GZ-ZJJ')!];

    const page = await pageOf('coordinator', '/campaign');
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
    const standingTable = page.getByRole('region', { name: '各阶段进度' });
    const submissionRow = standingTable.getByRole('row', { name: /^报送/ });
    await expect.poll(() => submissionRow.innerText()).toContain('进行中');
    expect(await submissionRow.innerText()).toContain('2 个单位尚未报送');
    expect(await standingTable.getByRole('row', { name: /^审核/ }).innerText()).toContain('未开始');

    // Opening submission is confirmed first: it cannot be undone.
    const move = page.getByRole('region', { name: '推进工作阶段' });
    await move.getByRole('button', { name: '推进到「申报」' }).click();
    await move.getByRole('group', { name: '确认推进到「申报」？' }).getByRole('button', { name: '确认推进' }).click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('工作年度已推进到「申报」');
    await expect.poll(() => page.getByRole('region', { name: '基本情况' }).innerText()).toContain('申报');
    await page.screenshot({ path: screenshot, fullPage: true });

    const campaign = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2020) { id } }')).data!.campaign;
    campaignId = campaign.id;
  });

  it('the department drafts and submits one proposal of each action in its portal', async () => {
    const department = await server.signIn('gz-scjgj');
    const unitId = (await department.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }')).data!.me.user.unit.id;
    const items = (
      await department.graphql<{ powerItems: { nodes: { id: string; basicCode: string; name: string }[] } }>(
        'query($unitId: ID!) { powerItems(first: 7, filter: { unitId: $unitId, status: IN_FORCE }) { nodes { id basicCode name } } }',
        { unitId },
      )
    ).data!.powerItems.nodes;
    const mergeInto = items[6]!;

    for (const [i, action] of actions.entries()) {
      const item = action === 'ADD' ? { id: 'add', name: '网络交易平台备案' } : items[i]!;
      const page = await pageOf('gz-scjgj', `/department?new=${item.id}`);
      const heading = action === 'ADD' ? '新增事项' : '提出精简意见';
      await expect.poll(() => page.getByRole('heading', { name: heading }).count(), { timeout: 15_000 }).toBe(1);
      if (action === 'ADD') {
        await page.getByLabel('拟新增事项名称').fill(item.name);
        await page.getByLabel('事项类型').selectOption({ label: '其他行政权力' });
      } else await page.getByRole('radio', { name: actionLabel[action] }).check();
      if (action === 'DELEGATE' || action === 'ENTRUST') {
        await page.getByRole('checkbox', { name: '天河区' }).check();
        await page.getByRole('checkbox', { name: '南沙区' }).check();
      }
      if (action === 'MERGE') {
        await page.getByLabel('合并到').fill(mergeInto.basicCode);
        await page.getByRole('list', { name: '搜索本单位事项' }).getByRole('listitem').filter({ hasText: mergeInto.basicCode }).getByRole('button', { name: '选择' }).click();
      }
      await page.getByLabel('精简理由', { exact: true }).fill(`${actionLabel[action]}：按2020年度工作方案报送。`);
      await page.getByRole('button', { name: '报送', exact: true }).click();
      await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 15_000 }).toBe(`已报送「${item.name}」，等待专班审查。`);
    }

    const submitted = await department.graphql<{ proposals: { nodes: { id: string; action: Action; stage: string; powerItem: { name: string } | null; proposedItemName: string | null }[] } }>(
      'query($filter: ProposalFilter) { proposals(first: 20, filter: $filter) { nodes { id action stage powerItem { name } proposedItemName } } }',
      { filter: { campaignId } },
    );
    for (const p of submitted.data!.proposals.nodes) proposals.set(p.action, { id: p.id, name: p.powerItem?.name ?? p.proposedItemName! });
    expect(submitted.data!.proposals.nodes.map((p) => [p.action, p.stage]).sort()).toEqual(actions.map((a) => [a, 'SUBMITTED']).sort());
    await expectNoDeadEnds('gz-scjgj');
  });

  it('the team starts the review, classifies and passes the initial review in bulk from the queue', async () => {
    const page = await pageOf('coordinator', `/queue?campaign=${campaignId}`);
    await bulk(page, 7, '变更阶段…', { label: '操作', option: { label: '开始初审' } });
    await expect.poll(async () => Object.values(await standing()).every((s) => s.stage === 'INITIAL_REVIEW')).toBe(true);
    await expectNoDeadEnds('gz-scjgj');

    await pageOf('coordinator', `/queue?campaign=${campaignId}`);
    await bulk(page, 7, '设定最终分类…', { label: '最终分类', option: { index: 1 } });
    await bulk(page, 7, '变更阶段…', { label: '操作', option: { label: '初审通过' } });
    await expect.poll(async () => Object.values(await standing()).every((s) => s.stage === 'LEGALITY_REVIEW')).toBe(true);
    await expectNoDeadEnds('gz-scjgj');
  });

  it('legal1 records each legality opinion and completes the legality review in the workspace', async () => {
    for (const action of actions) {
      const page = await pageOf('legal1', `/proposals/${proposals.get(action)!.id}`);
      const decision = page.getByRole('region', { name: '办理' });
      await decision.getByRole('button', { name: '出具审查意见' }).click();
      const opinion = decision.getByRole('form', { name: '合法性审查意见' });
      await opinion.getByRole('radio', { name: '合法', exact: true }).check();
      await opinion.getByRole('button', { name: '提交意见' }).click();
      await decision.getByRole('button', { name: '完成合法性审查' }).click();
      await decision.getByRole('form', { name: '确认：完成合法性审查' }).getByRole('button', { name: '确认：完成合法性审查' }).click();
      await expect.poll(async () => (await standing())[action].stage, { timeout: 15_000 }).toBe('RECHECK');
    }
    await expectNoDeadEnds('gz-scjgj');
  });

  it('the team passes the re-check in bulk from the queue', async () => {
    const page = await pageOf('coordinator', `/queue?campaign=${campaignId}`);
    await bulk(page, 7, '变更阶段…', { label: '操作', option: { label: '复核通过' } });
    await expect.poll(async () => Object.values(await standing()).map((s) => s.stage)).toEqual(
      actions.map((action) => (action === 'DELEGATE' || action === 'ENTRUST' ? 'CONSULTATION' : 'UNIT_CONFIRMATION')),
    );
    await expectNoDeadEnds('gz-scjgj');
  });

  it('the coordinator consults 天河区 in bulk from the console, 天河区 answers one, the job closes the other at its deadline, and the coordinator moves both on', async () => {
    const consulted = ['DELEGATE', 'ENTRUST'] as const;
    const [delegation, entrustment] = consulted.map((action) => proposals.get(action)!);
    const board = '/campaign?year=2020&tab=consultations';
    const page = await pageOf('coordinator', board);
    const status = page.getByRole('status').first();
    /** Selects the delegation and the entrustment on the board. */
    const selectBoth = async () => {
      for (const { name } of [delegation!, entrustment!]) {
        const select = page.getByRole('checkbox', { name: `选择 ${name}` });
        await expect.poll(() => select.count(), { timeout: 15_000 }).toBe(1);
        await select.check();
      }
    };
    await selectBoth();
    await page.getByRole('group', { name: '批量操作' }).getByRole('button', { name: '发起征求意见（2）' }).click();
    const open = page.getByRole('form', { name: '批量发起征求意见' });
    await open.getByRole('checkbox', { name: '南沙区' }).uncheck();
    await open.getByRole('button', { name: '发起征求意见', exact: true }).click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('已发起 2 项征求意见');
    await expectNoDeadEnds('gz-scjgj');

    const district = await pageOf('district-440106', '/district');
    const row = district.getByRole('region', { name: /^待答复/ }).locator('tbody', { has: district.locator(`a[href="/proposals/${delegation!.id}"]`) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByRole('button', { name: `答复「${delegation!.name}」` }).click();
    await row.getByRole('radio', { name: '同意承接' }).check();
    await row.getByLabel('承接能力说明', { exact: true }).fill('区政务服务中心已设综合窗口，可承接。');
    await row.getByRole('button', { name: '提交答复' }).click();
    await expect.poll(() => district.getByRole('status').first().innerText(), { timeout: 15_000 }).toBe(`已提交对「${delegation!.name}」的答复。`);

    // Time passes: the entrustment's round (天河区 silent) reaches its deadline, and the job closes it.
    const db = server.database.opened.db;
    const entrustmentRound = and(eq(consultations.proposalId, databaseId(entrustment!.id)), eq(consultations.status, 'open'));
    await db.update(consultations).set({ deadline: '2019-12-20T02:00:00.000Z' }).where(entrustmentRound);
    await expect.poll(async () => (await db.select({ id: consultations.id }).from(consultations).where(entrustmentRound)).length, { timeout: 15_000 }).toBe(0);
    const workspace = await pageOf('coordinator', `/proposals/${entrustment!.id}`);
    await expect.poll(() => workspace.getByRole('region', { name: '动态' }).innerText(), { timeout: 15_000 }).toContain('征求意见截止时间已到，系统自动结束了征求意见');
    await expectNoDeadEnds('gz-scjgj');

    // Both rounds are complete (answered, or past the deadline): the coordinator moves both on.
    await pageOf('coordinator', board);
    await selectBoth();
    await page.getByRole('group', { name: '批量操作' }).getByRole('button', { name: '结束征求意见（2）' }).click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('已结束 2 项征求意见');
    await expect.poll(async () => Object.values(await standing()).every((s) => s.stage === 'UNIT_CONFIRMATION')).toBe(true);
    await expectNoDeadEnds('gz-scjgj');
  });

  it('the department claims an item nobody implements in its portal and the coordinator settles the claim in the console', async () => {
    const department = await pageOf('gz-scjgj', '/department?tab=claims');
    const claim = department.getByRole('region', { name: '未认领事项' }).getByRole('button', { name: /^认领「/ }).first();
    await expect.poll(() => claim.count(), { timeout: 15_000 }).toBe(1);
    const name = /^认领「(.*)」$/.exec((await claim.getAttribute('aria-label'))!)![1]!;
    await claim.click();
    await department.getByRole('textbox', { name: '认领理由' }).fill('机构改革后该职责划入本单位。');
    await department.getByRole('button', { name: '提交认领' }).click();
    await expect.poll(() => department.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain(`已申请认领「${name}」`);

    const page = await pageOf('coordinator', '/campaign?year=2020&tab=claims');
    const pending = page.getByRole('region', { name: '待处理的认领申请' });
    const settle = pending.getByRole('button', { name: `处理市市场监管局对“${name}”的认领` });
    await expect.poll(() => settle.count(), { timeout: 15_000 }).toBe(1);
    await settle.click();
    const form = pending.getByRole('form', { name: '处理市市场监管局的认领' });
    await form.getByRole('textbox', { name: '处理理由（申请单位可见）' }).fill('该事项属市场监管职责，由市场监管局实施。');
    await form.getByRole('button', { name: '同意认领' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain(`已确认“${name}”由市市场监管局实施`);

    await pageOf('gz-scjgj', '/department?tab=claims');
    const mine = department.getByRole('region', { name: '本单位的认领申请' }).getByRole('row', { name });
    await expect.poll(() => mine.innerText(), { timeout: 15_000 }).toContain('已认领');
  });

  it('the department confirms every outcome, the approver approves them in bulk, the campaign is published and handed over, and 天河区 reports its handover ready', async () => {
    const department = await pageOf('gz-scjgj', '/department?tab=proposals&group=confirm');
    for (const action of actions) {
      const { id, name } = proposals.get(action)!;
      const row = department.locator('tbody', { has: department.locator(`a[href="/proposals/${id}"]`) });
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
      await row.getByRole('button', { name: '确认结果' }).click();
      // The portal names a proposed new item 新增：….
      const shown = action === 'ADD' ? `新增：${name}` : name;
      await expect.poll(() => department.getByRole('status').first().innerText(), { timeout: 15_000 }).toBe(`已确认「${shown}」的审查结果，转入审定。`);
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    }
    await expect.poll(async () => Object.values(await standing()).every((s) => s.stage === 'APPROVAL')).toBe(true);
    await expectNoDeadEnds('gz-scjgj');

    for (const status of ['审查', '征求意见', '审定'] as const) await moveCampaign(status);
    const queue = await pageOf('approver', `/queue?campaign=${campaignId}`);
    await bulk(queue, 7, '变更阶段…', { label: '操作', option: { label: '批准' } });
    await expect.poll(async () => Object.values(await standing())).toEqual(actions.map(() => ({ stage: 'DECIDED', status: 'APPROVED' })));
    for (const status of ['已公布', '交接'] as const) await moveCampaign(status);

    const { name } = proposals.get('DELEGATE')!;
    const district = await pageOf('district-440106', '/district?tab=handovers');
    const update = district.getByRole('button', { name: `更新「${name}」的承接情况` });
    await expect.poll(() => update.count(), { timeout: 15_000 }).toBe(1);
    await update.click();
    for (const flag of ['人员到位', '系统开通', '培训完成']) await district.getByRole('checkbox', { name: flag }).check();
    await district.getByLabel('承接状态', { exact: true }).selectOption({ label: '具备承接条件' });
    await district.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => district.getByRole('status').first().innerText(), { timeout: 15_000 }).toBe(`已更新「${name}」的承接情况。`);
    // Approval handed the delegation to both its target districts; 天河区's is now ready.
    const handovers = await lookup.graphql<{ handovers: { nodes: { district: { shortName: string }; proposal: { id: string }; status: string; staffingReady: boolean }[] } }>(
      'query($filter: HandoverFilter) { handovers(first: 20, filter: $filter) { nodes { district { shortName } proposal { id } status staffingReady } } }',
      { filter: { campaignId } },
    );
    expect(handovers.errors).toBeUndefined();
    const delegated = handovers.data!.handovers.nodes.filter((h) => h.proposal.id === proposals.get('DELEGATE')!.id);
    expect(delegated.map((h) => [h.district.shortName, h.status]).sort()).toEqual([['南沙区', 'PREPARING'], ['天河区', 'READY']]);
  });

  it('the coordinator moves the campaign to evaluation, the department self-evaluates in its portal and the observer assesses it', async () => {
    await moveCampaign('评估');
    const department = await pageOf('gz-scjgj', '/department?tab=evaluation');
    const results = department.getByRole('textbox', { name: '精简下放情况' });
    await expect.poll(() => results.inputValue(), { timeout: 15_000 }).toContain('本单位报送精简意见');
    await department.getByRole('textbox', { name: '企业群众办事变化' }).fill('网络交易平台备案改为网上办理，办理时限压减一半。');
    await department.getByRole('textbox', { name: '存在问题' }).fill('委托事项在征求意见期限内未获天河区答复。');
    await department.getByRole('textbox', { name: '意见建议' }).fill('承接前加强对区级人员的业务培训。');
    await department.getByRole('button', { name: '提交自评' }).click();
    await expect.poll(() => department.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain('自评已提交');

    const observer = await pageOf('observer', '/evaluation');
    const form = observer.getByRole('form', { name: '评估市市场监管局' });
    await form.getByRole('spinbutton', { name: '评分（1–5）' }).fill('4');
    await form.getByRole('textbox', { name: '评估意见' }).fill('七类精简意见均已办结，下放事项承接准备到位。');
    await form.getByRole('button', { name: '保存评估' }).click();
    await expect.poll(() => observer.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain('已保存对市市场监管局的评估');

    // The console's 成效评估 tab sees both.
    const console = await pageOf('coordinator', '/campaign?year=2020&tab=evaluations');
    const row = console.getByRole('row', { name: /市市场监管局/ });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('已提交');
    expect(await row.innerText()).toContain('4 分');
  });

  it('the coordinator writes, previews and publishes the quarter of key task 20 with a live figure, which keyTask gives anyone', async () => {
    const page = await pageOf('coordinator', '/campaign');
    const status = page.getByRole('status').first();
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

    // The figure is live: the seven proposals the department submitted in this story.
    const preview = task.getByRole('region', { name: '预览（发布后公开显示的样子）' });
    await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toContain('各单位已报送7项精简意见。');
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
      progress: { status: 'ON_TRACK', items: ['制定了2020年广州市简政放权工作方案。', '各单位已报送7项精简意见。'] },
    });
  });
});
