import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * The review queue follows other people's changes as they happen (made over the API by other
 * clients), and its bulk move answers per proposal.
 */
let server: TestServer;
let browser: Browser;
let campaignId: string;
/** 市市场监管局 (gz-scjgj's unit). */
let marketId: string;
let coordinator: SignedInClient;
let reviewer2: SignedInClient;
let department: SignedInClient;
let reviewer1: SignedInClient;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  [coordinator, reviewer1, reviewer2, department] = await Promise.all([
    server.signIn('coordinator'),
    server.signIn('reviewer1'),
    server.signIn('reviewer2'),
    server.signIn('gz-scjgj'),
  ]);
  const campaign = await reviewer1.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
  const unit = await department.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }');
  marketId = unit.data!.me.user.unit.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Row {
  id: string;
  version: number;
  stage: string;
  powerItem: { basicCode: string } | null;
}

async function apiQueue(client: SignedInClient, filter: Record<string, unknown>) {
  const response = await client.graphql<{ proposals: { totalCount: number; nodes: Row[] } }>(
    'query($f: ProposalFilter) { proposals(first: 20, filter: $f) { totalCount nodes { id version stage powerItem { basicCode } } } }',
    { f: { campaignId, ...filter } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.proposals;
}

/** Runs a mutation that must succeed; gives its result. */
async function mutate<T>(
  client: SignedInClient,
  name: string,
  inputType: string,
  input: Record<string, unknown>,
  fields: string,
): Promise<T> {
  const response = await client.graphql<Record<string, T & { __typename: string; messageEn?: string }>>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename ... on Error { messageEn } ${fields} } }`,
    { input },
  );
  const result = response.data?.[name];
  if (!result || result.messageEn !== undefined) throw new Error(`${name} failed: ${JSON.stringify(response.errors ?? result)}`);
  return result;
}

const transition = (client: SignedInClient, proposal: { id: string; version: number }, name: string) =>
  mutate(client, 'transitionProposal', 'TransitionProposalInput', { proposalId: proposal.id, transition: name, expectedVersion: proposal.version }, '');

const countText = (page: Page) => page.locator('.queue-toolbar .count strong').innerText();
const row = (page: Page, id: string) => page.locator(`.queue-row[data-id="${id}"]`);
const total = (n: number) => `共 ${n.toLocaleString('en')} 条`;

describe('review queue: live', () => {
  it('shows other people\'s changes within two seconds: a row changes, one enters at the top, one leaves', async () => {
    // The department's submitted proposals, waiting for review to start.
    const filter = { stages: ['SUBMITTED'], unitId: marketId };
    const before = await apiQueue(reviewer1, filter);
    expect(before.totalCount).toBeGreaterThan(3);
    const page = await openSignedIn(browser, server.url, 'reviewer1', {
      path: `/queue?stage=submitted&unit=${encodeURIComponent(marketId)}`,
      viewport: { width: 1280, height: 800 },
    });
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe(total(before.totalCount));
    const [changing, leaving] = before.nodes;
    await expect.poll(() => row(page, changing!.id).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => row(page, leaving!.id).count()).toBe(1);

    // The coordinator assigns reviewer3: the row shows the new reviewer in place, highlighted.
    const team = await coordinator.graphql<{ mentionableUsers: { id: string; displayName: string }[] }>(
      'query($p: ID!) { mentionableUsers(proposalId: $p, visibility: INTERNAL, search: "reviewer3") { id displayName } }',
      { p: changing!.id },
    );
    const reviewer3 = team.data!.mentionableUsers[0]!;
    const assignment = { proposalIds: [changing!.id], reviewerIds: [reviewer3.id] };
    await mutate(coordinator, 'assignReviewers', 'AssignReviewersInput', assignment, '... on BulkAssignResult { succeeded }');
    await expect.poll(() => row(page, changing!.id).innerText(), { timeout: 2_000 }).toContain(reviewer3.displayName);
    expect(await row(page, changing!.id).getAttribute('class')).toContain('flash');
    expect(await row(page, changing!.id).getAttribute('data-index')).toBe('0');

    // Another reviewer starts the review of the second: it no longer matches, and leaves.
    await transition(reviewer2, leaving!, 'START_REVIEW');
    await expect.poll(() => row(page, leaving!.id).count(), { timeout: 2_000 }).toBe(0);
    await expect.poll(() => countText(page), { timeout: 2_000 }).toBe(total(before.totalCount - 1));

    // The department drafts and submits a new proposal: it enters the queue, shown at the top.
    const created = await mutate<{ id: string; version: number }>(
      department,
      'createProposal',
      'CreateProposalInput',
      { campaignId, action: 'ADD', proposedItemName: '对网络直播营销活动的行政检查', rationale: '新业态监管需要，建议新增该检查事项。' },
      '... on Proposal { id version }',
    );
    await transition(department, created, 'SUBMIT');
    await expect.poll(() => row(page, created.id).getAttribute('data-index'), { timeout: 2_000 }).toBe('0');
    expect(await row(page, created.id).innerText()).toContain('对网络直播营销活动的行政检查');
    await expect.poll(() => countText(page), { timeout: 2_000 }).toBe(total(before.totalCount));
    // The API agrees with the count now shown.
    expect((await apiQueue(reviewer1, filter)).totalCount).toBe(before.totalCount);
    await page.context().close();
  });

  it('moves the selected proposals\' stage in bulk and lists each one\'s outcome, one failing', async () => {
    const filter = { stages: ['SUBMITTED', 'INITIAL_REVIEW'], unitId: marketId };
    const listed = await apiQueue(reviewer1, filter);
    const submitted = listed.nodes.filter((node) => node.stage === 'SUBMITTED').slice(0, 2);
    const inReview = listed.nodes.find((node) => node.stage === 'INITIAL_REVIEW')!;
    expect(submitted).toHaveLength(2);
    expect(inReview).toBeDefined();
    // What the API says when asked to start the review of one already in review (it changes nothing).
    const refusal = await reviewer1.graphql<{ bulkTransitionProposals: { results: { error: { messageZh: string } }[] } }>(
      'mutation($input: BulkTransitionProposalsInput!) { bulkTransitionProposals(input: $input) { ... on BulkTransitionResult { results { error { messageZh } } } } }',
      { input: { transition: 'START_REVIEW', items: [{ proposalId: inReview.id, expectedVersion: inReview.version }] } },
    );
    const refusalMessage = refusal.data!.bulkTransitionProposals.results[0]!.error.messageZh;

    const page = await openSignedIn(browser, server.url, 'reviewer1', {
      path: `/queue?stage=submitted&stage=initial_review&unit=${encodeURIComponent(marketId)}`,
      viewport: { width: 1280, height: 800 },
    });
    await expect.poll(() => countText(page), { timeout: 15_000 }).toBe(total(listed.totalCount));
    for (const chosen of [...submitted, inReview]) {
      await expect.poll(() => row(page, chosen.id).count(), { timeout: 10_000 }).toBe(1);
      await row(page, chosen.id).locator('input[type="checkbox"]').check();
    }
    await expect.poll(() => page.locator('.queue-toolbar .count').innerText()).toContain('已选 3 条');
    // A reviewer may not assign (the coordinator's job): that action is not offered.
    expect(await page.getByRole('button', { name: '分派审核人员…' }).count()).toBe(0);

    await page.getByRole('button', { name: '变更阶段…' }).click();
    const dialog = page.locator('dialog.bulk-dialog');
    await dialog.getByLabel('操作').selectOption({ label: '开始初审' });
    await dialog.getByRole('button', { name: '确定' }).click();
    // A move cannot be undone: it is asked again, naming the move and how many, before it runs.
    const question = page.getByRole('dialog', { name: /^对所选 3 条意见执行“.+”？$/ });
    await question.getByRole('button', { name: '确定' }).click();

    await expect.poll(() => dialog.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe('成功 2 条，失败 1 条');
    const failed = dialog.locator('li[data-ok="false"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.innerText()).toContain(inReview.powerItem!.basicCode);
    expect(await failed.innerText()).toContain(refusalMessage);
    expect(await dialog.locator('li[data-ok="true"]').count()).toBe(2);
    await page.screenshot({ path: path.join(artifactsDir, 'queue-bulk-summary.png') });

    // The queue follows: the two now read 初审; the failed one stays selected to try again.
    await dialog.getByRole('button', { name: '关闭' }).click();
    for (const moved of submitted) {
      await expect.poll(() => row(page, moved.id).locator('[role="cell"]').nth(7).innerText(), { timeout: 2_000 }).toBe('初审');
    }
    expect(await row(page, inReview.id).locator('input[type="checkbox"]').isChecked()).toBe(true);
    expect(await page.locator('.queue-toolbar .count').innerText()).toContain('已选 1 条');
    const after = await apiQueue(reviewer1, { stages: ['INITIAL_REVIEW'], unitId: marketId });
    expect(after.nodes.map((node) => node.id)).toEqual(expect.arrayContaining(submitted.map((node) => node.id)));
    await page.context().close();
  });
});
