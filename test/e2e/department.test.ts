import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { type GraphQLResponse, startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** The department portal (本单位事项) in a real browser, as 市市场监管局's submitter, over the demo data. */
let server: TestServer;
let browser: Browser;
let department: SignedInClient;
let campaignId: string;
let unitId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  department = await server.signIn('gz-scjgj');
  const context = await department.graphql<{ me: { user: { unit: { id: string } } }; campaign: { id: string } }>(
    '{ me { user { unit { id } } } campaign(year: 2019) { id } }',
  );
  unitId = context.data!.me.user.unit.id;
  campaignId = context.data!.campaign.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Connection<T> = { nodes: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };

/** Every page of a connection, as the department sees it. */
async function allNodes<T>(query: string, field: string, variables: Record<string, unknown>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<Record<string, Connection<T>>> = await department.graphql(query, { ...variables, after });
    const page: Connection<T> = response.data![field]!;
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

/** One of the unit's items in force with no proposal in the campaign yet: the server takes one proposal per item. */
async function itemWithoutProposal(): Promise<{ id: string; basicCode: string; name: string }> {
  const proposed = new Set(
    (
      await allNodes<{ powerItem: { id: string } | null }>(
        'query($filter: ProposalFilter, $after: String) { proposals(first: 100, after: $after, filter: $filter) { nodes { powerItem { id } } pageInfo { endCursor hasNextPage } } }',
        'proposals',
        { filter: { campaignId, unitId } },
      )
    ).map((p) => p.powerItem?.id),
  );
  const items = await department.graphql<{ powerItems: { nodes: { id: string; basicCode: string; name: string }[] } }>(
    'query($unitId: ID!) { powerItems(first: 100, filter: { unitId: $unitId, status: IN_FORCE }) { nodes { id basicCode name } } }',
    { unitId },
  );
  const item = items.data!.powerItems.nodes.find((i) => !proposed.has(i.id));
  if (!item) throw new Error('every listed item of the unit already has a proposal');
  return item;
}

/** The message shown in place for a form control: the text of the element its aria-describedby names as the error. */
async function fieldError(page: Page, control: ReturnType<Page['getByLabel']>): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  return errorId ? page.locator(`[id="${errorId}"]`).innerText() : '';
}

describe('department portal', () => {
  it('drafts a proposal with a missing rationale, fixes it, submits it, and revises it when returned', async () => {
    const item = await itemWithoutProposal();
    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department' });
    await expect.poll(() => page.getByRole('heading', { name: /本单位事项/ }).count(), { timeout: 15_000 }).toBe(1);
    // The groups show the unit's counts: 13 drafts in the demo data.
    await expect.poll(() => page.getByRole('link', { name: /^草稿/ }).innerText(), { timeout: 10_000 }).toContain('13 条');
    await page.screenshot({ path: path.join(artifactsDir, 'department.png') });

    // Find the item on the unit's power list and propose to delegate it to 天河.
    await page.getByRole('link', { name: '权责清单' }).click();
    await page.getByLabel('事项名称或基本编码').fill(item.basicCode);
    await page.getByLabel('事项名称或基本编码').press('Enter');
    await page.getByRole('link', { name: `对「${item.name}」提出精简意见` }).click();
    await expect.poll(() => page.getByRole('heading', { name: '提出精简意见' }).count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('radio', { name: '下放' }).check();
    await page.getByRole('checkbox', { name: '天河区' }).check();

    // Saving with no rationale: the message stands next to the field, which gets the focus.
    const rationale = page.getByLabel('精简理由', { exact: true });
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => fieldError(page, rationale)).toBe('请填写精简理由');
    expect(await rationale.getAttribute('aria-invalid')).toBe('true');
    expect(await rationale.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'department-form-errors.png') });

    // Fixed and saved: a draft the editor goes on with; then submitted.
    await rationale.fill('该事项办件主要发生在区级，下放后由区市场监管部门实施，市级负责标准制定和监督检查。');
    expect(await fieldError(page, rationale)).toBe('');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已保存「${item.name}」的草稿。`);
    await expect.poll(() => page.getByRole('heading', { name: '修改精简意见' }).count(), { timeout: 10_000 }).toBe(1);
    const proposalId = new URL(page.url()).searchParams.get('edit');
    expect(proposalId).toBeTruthy();
    await page.getByRole('button', { name: '报送', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toBe(`已报送「${item.name}」，等待专班审查。`);
    // Back on the lists, in 审查中, where the proposal now stands at 已报送.
    expect(await page.getByRole('link', { name: /^审查中/ }).getAttribute('aria-current')).toBe('page');
    const row = page.locator('tbody', { has: page.locator(`a[href="/proposals/${proposalId}"]`) });
    await expect.poll(() => row.locator('td').nth(3).innerText(), { timeout: 10_000 }).toBe('已报送');

    // The review team sees it in its queue, submitted, as the department wrote it.
    const reviewer = await server.signIn('reviewer1');
    const queue = await reviewer.graphql<{
      proposals: { nodes: { action: string; stage: string; rationale: string; targetDistricts: { code: string }[] }[] };
    }>(
      'query($filter: ProposalFilter) { proposals(first: 10, filter: $filter) { nodes { action stage rationale targetDistricts { code } } } }',
      { filter: { campaignId, stages: ['SUBMITTED'], search: item.basicCode } },
    );
    expect(queue.data!.proposals.nodes).toEqual([
      {
        action: 'DELEGATE',
        stage: 'SUBMITTED',
        rationale: '该事项办件主要发生在区级，下放后由区市场监管部门实施，市级负责标准制定和监督检查。',
        targetDistricts: [{ code: '440106' }],
      },
    ]);

    // The reviewer starts the review and returns it: the open portal counts it under 需修改 live.
    const returnedCount = async () =>
      (
        await department.graphql<{ proposals: { totalCount: number } }>(
          'query($filter: ProposalFilter) { proposals(first: 0, filter: $filter) { totalCount } }',
          { filter: { campaignId, unitId, statuses: ['RETURNED'] } },
        )
      ).data!.proposals.totalCount;
    const returnedBefore = await returnedCount();
    const transition = async (transition: string, reason?: string) => {
      const current = await reviewer.graphql<{ node: { version: number } }>('query($id: ID!) { node(id: $id) { ... on Proposal { version } } }', {
        id: proposalId,
      });
      const result = await reviewer.graphql<{ transitionProposal: { __typename: string } }>(
        'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
        { input: { proposalId, transition, expectedVersion: current.data!.node.version, reason } },
      );
      expect(result.data!.transitionProposal.__typename).toBe('Proposal');
    };
    await transition('START_REVIEW');
    await transition('RETURN', '请补充下放后市级部门的监督检查方式。');
    const returnedLink = page.getByRole('link', { name: /^需修改/ });
    await expect.poll(() => returnedLink.innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${returnedBefore + 1} 条$`));

    // The department reads why, revises and resubmits.
    await returnedLink.click();
    const returnedRow = page.locator('tbody', { has: page.locator(`a[href="/proposals/${proposalId}"]`) });
    await expect.poll(() => returnedRow.innerText(), { timeout: 10_000 }).toContain('请补充下放后市级部门的监督检查方式。');
    await returnedRow.getByRole('link', { name: '修改并重新报送' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '退回意见' }).count(), { timeout: 10_000 }).toBe(1);
    await rationale.fill('该事项办件主要发生在区级，下放后由区市场监管部门实施；市级部门每季度开展监督检查。');
    await page.getByRole('button', { name: '重新报送', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已重新报送「${item.name}」。`);
    const resubmitted = await reviewer.graphql<{ node: { stage: string; status: string; rationale: string } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { stage status rationale } } }',
      { id: proposalId },
    );
    expect(resubmitted.data!.node).toEqual({
      stage: 'INITIAL_REVIEW',
      status: 'ACTIVE',
      rationale: '该事项办件主要发生在区级，下放后由区市场监管部门实施；市级部门每季度开展监督检查。',
    });
    await page.context().close();
  });

  it('shows a stale save field by field: the second editor keeps their rationale, takes the other basis, and saves', async () => {
    const item = await itemWithoutProposal();
    const created = await department.graphql<{ createProposal: { __typename: string; id: string } }>(
      'mutation($input: CreateProposalInput!) { createProposal(input: $input) { __typename ... on Proposal { id } } }',
      { input: { campaignId, powerItemId: item.id, action: 'CANCEL', rationale: '该事项近三年无办件。' } },
    );
    expect(created.data!.createProposal.__typename).toBe('Proposal');
    const proposalId = created.data!.createProposal.id;

    // Two colleagues of the unit open the same draft.
    const [first, second] = await Promise.all(
      [0, 1].map(async () => {
        const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: `/department?edit=${encodeURIComponent(proposalId)}` });
        await expect.poll(() => page.getByRole('heading', { name: '修改精简意见' }).count(), { timeout: 15_000 }).toBe(1);
        await expect.poll(() => page.getByLabel('精简理由', { exact: true }).inputValue(), { timeout: 10_000 }).toBe('该事项近三年无办件。');
        return page;
      }),
    );
    const status = (page: Page) => page.locator('.form-status').innerText();

    // A cancellation: its basis is 精简依据 (调整依据 names only an adjustment's).
    // The first saves a new rationale and a basis.
    await first!.getByLabel('精简理由', { exact: true }).fill('该事项近三年无办件，且已被其他事项覆盖。');
    await first!.getByLabel('精简依据（选填）', { exact: true }).fill('《广州市优化营商环境条例》第十条');
    await first!.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => status(first!), { timeout: 10_000 }).toBe('已保存。');

    // The second, still on the version they opened, writes both too and saves: the conflict, field by field.
    await second!.getByLabel('精简理由', { exact: true }).fill('该事项已无实际需要，建议取消。');
    await second!.getByLabel('精简依据（选填）', { exact: true }).fill('（待补充）');
    await second!.getByRole('button', { name: '保存草稿' }).click();
    const panel = second!.locator('section.conflict');
    await expect.poll(() => panel.getByRole('heading', { name: '这条意见已被他人修改' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.innerText()).not.toMatch(/版本/);
    const rationaleRow = panel.getByRole('row', { name: /^精简理由/ });
    expect(await rationaleRow.innerText()).toContain('该事项已无实际需要，建议取消。');
    expect(await rationaleRow.innerText()).toContain('该事项近三年无办件，且已被其他事项覆盖。');
    // Each field starts on the side the person changed (theirs where only the other did); they take the other's basis.
    expect(await panel.getByRole('group', { name: '精简理由：保留哪一个' }).getByRole('radio', { name: '保留我的' }).isChecked()).toBe(true);
    await panel.getByRole('group', { name: '精简依据（选填）：保留哪一个' }).getByRole('radio', { name: '采用对方的' }).check();
    await second!.screenshot({ path: path.join(artifactsDir, 'department-conflict.png') });
    await panel.getByRole('button', { name: '按所选保存' }).click();
    await expect.poll(() => status(second!), { timeout: 10_000 }).toBe('已保存。');
    expect(await panel.count()).toBe(0);
    expect(await second!.getByLabel('精简依据（选填）', { exact: true }).inputValue()).toBe('《广州市优化营商环境条例》第十条');

    const saved = await department.graphql<{ node: { rationale: string; changeLegalBasis: string } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { rationale changeLegalBasis } } }',
      { id: proposalId },
    );
    expect(saved.data!.node).toEqual({ rationale: '该事项已无实际需要，建议取消。', changeLegalBasis: '《广州市优化营商环境条例》第十条' });
    await Promise.all([first!.context().close(), second!.context().close()]);
  });

  it('adds a missing item: its type is asked for in place, sent on create, and fixed afterwards', async () => {
    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=items' });
    const addLink = page.getByRole('link', { name: '新增事项' });
    await expect.poll(() => addLink.count(), { timeout: 15_000 }).toBe(1);
    await addLink.click();
    await expect.poll(() => page.getByRole('heading', { name: '新增事项' }).count(), { timeout: 10_000 }).toBe(1);
    const name = '网络交易平台经营者年度报告检查';
    await page.getByLabel('拟新增事项名称', { exact: true }).fill(name);
    await page.getByLabel('精简理由', { exact: true }).fill('权责清单缺少对网络交易平台经营者年度报告的检查事项，依法应予补充。');

    // Saving without a type: the message stands next to the select, which gets the focus.
    const powerType = page.getByLabel('事项类型', { exact: true });
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => fieldError(page, powerType)).toBe('请选择新增事项的类型');
    expect(await powerType.getAttribute('aria-invalid')).toBe('true');
    expect(await powerType.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'department-add-errors.png') });

    // With a type chosen the draft is created as that type; the editor then shows it, unchangeable.
    await powerType.selectOption({ label: '行政检查' });
    expect(await fieldError(page, powerType)).toBe('');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已保存「${name}」的草稿。`);
    await expect.poll(() => page.getByRole('heading', { name: '修改精简意见' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('form.proposal-form').innerText(), { timeout: 10_000 }).toContain('行政检查');
    expect(await page.getByLabel('事项类型', { exact: true }).count()).toBe(0);
    const proposalId = new URL(page.url()).searchParams.get('edit');
    const saved = await department.graphql<{ node: { action: string; powerType: string; proposedItemName: string; powerItem: null } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { action powerType proposedItemName powerItem { id } } } }',
      { id: proposalId },
    );
    expect(saved.data!.node).toEqual({ action: 'ADD', powerType: 'INSPECTION', proposedItemName: name, powerItem: null });

    // A draft never submitted is deleted, not withdrawn: the editor offers 删除草稿 and no 撤回.
    const editorButtons = page.locator('form.proposal-form .button-row');
    expect(await editorButtons.getByRole('button', { name: '删除草稿' }).count()).toBe(1);
    expect(await editorButtons.getByRole('button', { name: '撤回' }).count()).toBe(0);

    // From the drafts list: asked first (going back keeps it), then deleted, and gone from the list.
    await page.goto(`${server.url}/department?tab=proposals&group=drafts`);
    const row = page.locator('tbody').filter({ has: page.getByRole('link', { name: `新增：${name}` }) });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getByRole('button', { name: '撤回' }).count()).toBe(0);
    const question = page.getByRole('dialog', { name: `删除草稿「新增：${name}」？删除后无法恢复。` });
    await row.getByRole('button', { name: '删除草稿' }).click();
    await expect.poll(() => question.isVisible(), { timeout: 5_000 }).toBe(true);
    await question.getByRole('button', { name: '返回修改' }).click();
    await expect.poll(() => question.isVisible()).toBe(false);
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: '删除草稿' }).click();
    await question.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已删除草稿「新增：${name}」。`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    const deleted = await department.graphql<{ node: null }>('query($id: ID!) { node(id: $id) { id } }', { id: proposalId });
    expect(deleted.data!.node).toBeNull();
    await page.context().close();
  });

  it('claims an unclaimed item, with the reason checked in place and the claim listed as pending', async () => {
    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=claims' });
    const claimButton = page.getByRole('button', { name: /^认领「/ }).first();
    await expect.poll(() => claimButton.count(), { timeout: 15_000 }).toBe(1);
    const name = (await claimButton.getAttribute('aria-label'))!.replace(/^认领「(.*)」$/, '$1');
    await claimButton.click();

    const reason = page.getByLabel('认领理由', { exact: true });
    await page.getByRole('button', { name: '提交认领' }).click();
    await expect.poll(() => fieldError(page, reason)).toBe('请填写理由');
    await reason.fill('该事项属于本单位市场监管职责范围，申请认领。');
    await page.getByRole('button', { name: '提交认领' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toMatch(new RegExp(`^已申请认领「${name}」`));

    // Listed among the unit's claims, awaiting the lead office, and recorded on the server.
    const mine = page.locator('section', { has: page.getByRole('heading', { name: '本单位的认领申请' }) });
    await expect.poll(() => mine.getByRole('row', { name: new RegExp(name) }).count(), { timeout: 10_000 }).toBe(1);
    const claims = await department.graphql<{ powerItemClaims: { nodes: { status: string; reason: string; powerItem: { name: string } }[] } }>(
      '{ powerItemClaims(first: 50, filter: { status: PENDING }) { nodes { status reason powerItem { name } } } }',
    );
    expect(claims.data!.powerItemClaims.nodes).toContainEqual({
      status: 'PENDING',
      reason: '该事项属于本单位市场监管职责范围，申请认领。',
      powerItem: { name },
    });
    await page.context().close();
  });

  it('confirms an outcome at unit confirmation, which sends the proposal on to approval', async () => {
    const awaiting = await department.graphql<{
      proposals: { nodes: { id: string; powerItem: { name: string } | null; proposedItemName: string | null }[] };
    }>(
      'query($filter: ProposalFilter) { proposals(first: 1, filter: $filter, orderBy: RECENTLY_UPDATED) { nodes { id powerItem { name } proposedItemName } } }',
      { filter: { campaignId, unitId, stages: ['UNIT_CONFIRMATION'], statuses: ['ACTIVE'] } },
    );
    const proposal = awaiting.data!.proposals.nodes[0]!;
    const name = proposal.powerItem!.name;

    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=proposals&group=confirm' });
    // The proposal's row, found by its link to the proposal's workspace.
    const row = page.locator('tbody', { has: page.locator(`a[href="/proposals/${proposal.id}"]`) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getByRole('link').first().innerText()).toBe(name);
    await row.getByRole('button', { name: '确认结果' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toBe(`已确认「${name}」的审查结果，转入审定。`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);

    const after = await department.graphql<{ node: { stage: string; reviewRecords: { nodes: { verdict: string }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { stage reviewRecords(last: 1) { nodes { verdict } } } } }',
      { id: proposal.id },
    );
    expect(after.data!.node.stage).toBe('APPROVAL');
    expect(after.data!.node.reviewRecords.nodes.at(-1)?.verdict).toBe('CONFIRMED');
    await page.context().close();
  });
});
