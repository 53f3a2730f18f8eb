import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * The proposal workspace in real browsers, two reviewers at once, over the demo data: live votes,
 * the conflict flow when someone else changes the proposal first, and what a department sees.
 */
let server: TestServer;
let browser: Browser;
let coordinator: SignedInClient;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  coordinator = await server.signIn('coordinator');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Person {
  id: string;
  displayName: string;
  unit: { id: string; shortName: string };
}

async function whoIs(client: SignedInClient): Promise<Person> {
  const response = await client.graphql<{ me: { user: Person } }>('{ me { user { id displayName unit { id shortName } } } }');
  return response.data!.me.user;
}

interface ProposalState {
  id: string;
  version: number;
  stage: string;
  status: string;
  classificationCode: string | null;
  powerItem: { name: string } | null;
  campaign: { classificationOptions: { code: string; labelZh: string }[] };
  reviewRecords: { nodes: { verdict: string; reason: string | null }[] };
}

const stateFields = `id version stage status classificationCode powerItem { name }
  campaign { classificationOptions { code labelZh } } reviewRecords(last: 50) { nodes { verdict reason } }`;

async function proposalState(client: SignedInClient, id: string): Promise<ProposalState> {
  const response = await client.graphql<{ node: ProposalState }>(`query($id: ID!) { node(id: $id) { ... on Proposal { ${stateFields} } } }`, { id });
  return response.data!.node;
}

/** Proposals at the initial review that neither reviewer has classified, with no final classification yet. */
async function unvotedProposals(reviewer: SignedInClient, reviewerIds: string[]): Promise<ProposalState[]> {
  const response = await reviewer.graphql<{
    proposals: { nodes: (ProposalState & { leadReviewer: { id: string } | null; classificationVotes: { reviewer: { id: string } }[] })[] };
  }>(`{ proposals(first: 100, filter: { stages: [INITIAL_REVIEW], statuses: [ACTIVE] }) { nodes {
        ${stateFields} leadReviewer { id } classificationVotes { reviewer { id } } } } }`);
  return response.data!.proposals.nodes.filter(
    (p) =>
      p.powerItem !== null &&
      p.classificationCode === null &&
      p.leadReviewer === null &&
      !p.classificationVotes.some((vote) => reviewerIds.includes(vote.reviewer.id)),
  );
}

async function setFinalClassification(id: string, code: string): Promise<void> {
  const { version } = await proposalState(coordinator, id);
  const response = await coordinator.graphql<{ setFinalClassification: { __typename: string } }>(
    'mutation($input: SetFinalClassificationInput!) { setFinalClassification(input: $input) { __typename } }',
    { input: { proposalId: id, code, expectedVersion: version } },
  );
  expect(response.data?.setFinalClassification.__typename).toBe('Proposal');
}

async function transition(id: string, name: string): Promise<void> {
  const { version } = await proposalState(coordinator, id);
  const response = await coordinator.graphql<{ transitionProposal: { __typename: string } }>(
    'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
    { input: { proposalId: id, transition: name, expectedVersion: version } },
  );
  expect(response.data?.transitionProposal.__typename).toBe('Proposal');
}

/** A locator's text now, without waiting for it to appear: polls keep their own time. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join('\n');
}

/** The page has loaded the proposal (its name is the heading) and its votes. */
async function workspaceReady(page: Page, itemName: string): Promise<void> {
  await expect.poll(() => textOf(page.getByRole('heading', { level: 1 })), { timeout: 20_000 }).toBe(itemName);
}

/** Each sees the other among the people looking at the proposal: both live subscriptions are up. */
async function seeEachOther(a: Page, b: Page, personA: Person, personB: Person): Promise<void> {
  const avatar = (page: Page, person: Person) =>
    page.getByRole('img', { name: `${person.displayName}（${person.unit.shortName}）`, exact: true });
  await expect.poll(() => avatar(a, personB).count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => avatar(b, personA).count(), { timeout: 15_000 }).toBe(1);
}

describe('proposal workspace', () => {
  it('shows a reviewer’s vote to another within 2 seconds, then takes the other through a conflict and a re-apply', async () => {
    const [api1, api2] = await Promise.all([server.signIn('reviewer1'), server.signIn('reviewer2')]);
    const [person1, person2] = await Promise.all([whoIs(api1), whoIs(api2)]);
    const [proposal] = await unvotedProposals(api1, [person1.id, person2.id]);
    expect(proposal, 'a proposal at the initial review nobody of the two has voted on').toBeDefined();
    const label = (code: string) => proposal!.campaign.classificationOptions.find((o) => o.code === code)!.labelZh;
    const at = { path: `/proposals/${encodeURIComponent(proposal!.id)}` };
    const [a, b] = await Promise.all([openSignedIn(browser, server.url, 'reviewer1', at), openSignedIn(browser, server.url, 'reviewer2', at)]);
    await Promise.all([workspaceReady(a, proposal!.powerItem!.name), workspaceReady(b, proposal!.powerItem!.name)]);
    await seeEachOther(a, b, person1, person2);

    // A votes "retain" with a note; B sees it appear, without reloading, within two seconds.
    const votesOfA = a.getByRole('region', { name: '分类表决' });
    await votesOfA.getByRole('button', { name: '表决', exact: true }).click();
    await votesOfA.getByLabel('分类', { exact: true }).selectOption('retain');
    await votesOfA.getByLabel('说明（可选）').fill('该事项仍有较多办件，建议保留。');
    await votesOfA.getByRole('button', { name: '提交表决' }).click();
    const voteSeenByB = b.getByRole('region', { name: '分类表决' }).locator('li', { hasText: person1.displayName });
    await expect.poll(() => textOf(voteSeenByB), { timeout: 2_000 }).toContain(label('retain'));
    expect(await voteSeenByB.innerText()).toContain('该事项仍有较多办件，建议保留。');
    // A's own vote is marked as theirs and can now be changed.
    await expect.poll(() => votesOfA.getByRole('button', { name: '更改我的表决' }).count(), { timeout: 5_000 }).toBe(1);

    // B starts returning the proposal and types a reason ...
    const decisionOfB = b.getByRole('region', { name: '办理' });
    await decisionOfB.getByRole('button', { name: '退回修改', exact: true }).click();
    const reason = decisionOfB.getByLabel('理由', { exact: true });
    await reason.fill('请补充该事项近三年的办件量数据。');
    // ... while the coordinator sets the final classification first.
    await setFinalClassification(proposal!.id, 'retain');
    // B's screen follows the change live, but what B typed stays.
    const finalOfB = b.getByRole('region', { name: '分类表决' }).locator('.fact', { hasText: '最终分类' });
    await expect.poll(() => textOf(finalOfB), { timeout: 5_000 }).toContain(label('retain'));
    expect(await reason.inputValue()).toBe('请补充该事项近三年的办件量数据。');

    // B sends the return made from the old version: the server refuses, B sees what changed.
    await decisionOfB.getByRole('button', { name: '确认：退回修改' }).click();
    const conflict = b.getByRole('region', { name: '这条意见已被他人修改' });
    await expect.poll(() => conflict.count(), { timeout: 10_000 }).toBe(1);
    const rows = conflict.locator('tbody tr');
    expect(await rows.allInnerTexts()).toEqual([`最终分类\t—\t${label('retain')}`]);
    expect(await conflict.innerText()).toContain('退回修改');
    expect(await conflict.innerText()).toContain('请补充该事项近三年的办件量数据。');
    expect(await reason.inputValue()).toBe('请补充该事项近三年的办件量数据。');

    // Re-applied on the latest version, the return goes through, with B's reason.
    await conflict.getByRole('button', { name: '按最新版本重新提交' }).click();
    await expect.poll(() => textOf(b.locator('.header-tags .status')), { timeout: 10_000 }).toBe('已退回');
    expect(await conflict.count()).toBe(0);
    const after = await proposalState(api2, proposal!.id);
    expect(after.status).toBe('RETURNED');
    expect(after.reviewRecords.nodes.at(-1)).toEqual({ verdict: 'RETURN', reason: '请补充该事项近三年的办件量数据。' });
    // A sees the return too, live.
    await expect.poll(() => textOf(a.locator('.header-tags .status')), { timeout: 5_000 }).toBe('已退回');

    await Promise.all([a.context().close(), b.context().close()]);
  });

  it('lists what changed when the proposal moved on meanwhile, and discarding leaves it as it now is', async () => {
    const api2 = await server.signIn('reviewer2');
    const person2 = await whoIs(api2);
    const candidates = await unvotedProposals(api2, [person2.id]);
    const proposal = candidates.at(-1)!;
    const label = (code: string) => proposal.campaign.classificationOptions.find((o) => o.code === code)!.labelZh;
    const b = await openSignedIn(browser, server.url, 'reviewer2', { path: `/proposals/${encodeURIComponent(proposal.id)}` });
    await workspaceReady(b, proposal.powerItem!.name);

    const decision = b.getByRole('region', { name: '办理' });
    await decision.getByRole('button', { name: '退回修改', exact: true }).click();
    const reason = decision.getByLabel('理由', { exact: true });
    // Submitting without a reason is refused in place, before anything is sent.
    await decision.getByRole('button', { name: '确认：退回修改' }).click();
    await expect.poll(() => textOf(decision.getByRole('alert')), { timeout: 5_000 }).toBe('请填写理由');
    await reason.fill('理由不充分，请补充。');

    // Meanwhile the coordinator classifies it and passes the initial review.
    await setFinalClassification(proposal.id, 'agree_cancel');
    await transition(proposal.id, 'PASS_INITIAL_REVIEW');
    await expect.poll(() => textOf(b.locator('.header-tags .stage')), { timeout: 5_000 }).toBe('合法性审查');
    expect(await reason.inputValue()).toBe('理由不充分，请补充。');

    await decision.getByRole('button', { name: '确认：退回修改' }).click();
    const conflict = b.getByRole('region', { name: '这条意见已被他人修改' });
    await expect.poll(() => conflict.count(), { timeout: 10_000 }).toBe(1);
    expect(await conflict.locator('tbody tr').allInnerTexts()).toEqual([
      '阶段\t初审\t合法性审查',
      `最终分类\t—\t${label('agree_cancel')}`,
    ]);
    // The version B started from is checked first (issue 10, item 14): a version conflict, so the
    // panel explains that someone else changed the proposal, rather than a refusal of the return.
    expect(await conflict.innerText()).toContain('有人先一步修改了这条精简意见');
    await b.screenshot({ path: path.join(artifactsDir, 'workspace-conflict.png') });

    // Discarding drops B's return: the panel and the form go, the proposal shows as it is now.
    await conflict.getByRole('button', { name: '放弃我的修改' }).click();
    expect(await conflict.count()).toBe(0);
    expect(await decision.getByRole('textbox').count()).toBe(0);
    await expect.poll(() => textOf(decision), { timeout: 5_000 }).toContain('您目前没有可执行的操作。');
    const now = await proposalState(api2, proposal.id);
    expect([now.stage, now.status]).toEqual(['LEGALITY_REVIEW', 'ACTIVE']);
    expect(now.reviewRecords.nodes.map((r) => r.verdict)).not.toContain('RETURN');

    await b.context().close();
  });

  it('shows a department its own proposal without the team’s internal work, offering only its own transitions', async () => {
    const department = await server.signIn('gz-scjgj');
    const reviewer = await server.signIn('reviewer1');
    const unit = (await whoIs(department)).unit;
    // One of the department's proposals under review that the team voted on and discussed, internally
    // and with the department.
    type TeamViewProposal = {
      id: string;
      powerItem: { name: string } | null;
      classificationVotes: { id: string }[];
      commentThreads: { nodes: { visibility: string; resolved: boolean; comments: { nodes: { body: string }[] } }[] };
    };
    const fitting = (p: TeamViewProposal) =>
      p.powerItem !== null &&
      p.classificationVotes.length > 0 &&
      p.commentThreads.nodes.some((t) => t.visibility === 'INTERNAL') &&
      p.commentThreads.nodes.some((t) => t.visibility === 'SHARED' && !t.resolved);
    // Few proposals have all three: page through the team's view until one turns up.
    let proposal: TeamViewProposal | undefined;
    let after: string | null = null;
    do {
      const teamView: { data?: { proposals: { nodes: TeamViewProposal[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } =
        await reviewer.graphql(
          `query($unitId: ID!, $after: String) { proposals(first: 100, after: $after, filter: { unitId: $unitId, stages: [UNIT_CONFIRMATION, RECHECK, INITIAL_REVIEW] }) {
            pageInfo { hasNextPage endCursor }
            nodes { id powerItem { name } classificationVotes { id } commentThreads(first: 10) { nodes { visibility resolved comments(first: 5) { nodes { body } } } } } } }`,
          { unitId: unit.id, after },
        );
      const page = teamView.data!.proposals;
      proposal = page.nodes.find(fitting);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (!proposal && after);
    expect(proposal, 'a proposal of gz-scjgj with votes, an internal thread and an open shared one').toBeDefined();
    const bodies = (visibility: string) =>
      proposal!.commentThreads.nodes.filter((t) => t.visibility === visibility && !t.resolved).flatMap((t) => t.comments.nodes.map((c) => c.body));
    const own = await department.graphql<{ node: { availableTransitions: string[] } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { availableTransitions } } }',
      { id: proposal!.id },
    );
    const transitionLabels: Record<string, string> = { CONFIRM: '确认', CONTEST: '提出异议', WITHDRAW: '撤回', RESUBMIT: '重新报送' };
    const expected = own.data!.node.availableTransitions.map((t) => transitionLabels[t]);

    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: `/proposals/${encodeURIComponent(proposal!.id)}` });
    await workspaceReady(page, proposal!.powerItem!.name);
    // The shared discussion is there (so the threads have loaded) ...
    await expect.poll(() => textOf(page.locator('main')), { timeout: 10_000 }).toContain(bodies('SHARED')[0]!);
    const decision = page.getByRole('region', { name: '办理' });
    expect(await decision.locator('.transitions button').allInnerTexts()).toEqual(expected);
    // ... but no votes, no consensus, no internal threads or their words.
    expect(await page.getByRole('heading', { name: '分类表决' }).count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('仅专班可见');
    expect(text).not.toContain('多数意见');
    const shared = new Set(bodies('SHARED'));
    for (const body of bodies('INTERNAL').filter((b) => !shared.has(b))) expect(text).not.toContain(body);
    await page.screenshot({ path: path.join(artifactsDir, 'workspace-department.png'), fullPage: true });
    await page.context().close();
  });

  it('puts everything about a delegation under consultation on one screen (README screenshot)', async () => {
    const api = await server.signIn('coordinator');
    const response = await api.graphql<{
      proposals: {
        nodes: {
          id: string;
          threadCount: number;
          powerItem: { name: string };
          targetDistricts: { id: string }[];
          consultations: { nodes: { answeredCount: number }[] };
        }[];
      };
    }>(`{ proposals(first: 100, filter: { stages: [CONSULTATION], statuses: [ACTIVE], actions: [DELEGATE] }) {
          nodes { id threadCount powerItem { name } targetDistricts { id } consultations(first: 1) { nodes { answeredCount } } } } }`);
    const proposal = response.data!.proposals.nodes.find(
      (p) => {
        // Half answered or more, and some districts still to answer.
        const answered = p.consultations.nodes[0]?.answeredCount ?? 0;
        return p.threadCount > 0 && p.targetDistricts.length === 11 && answered >= 5 && answered < 11;
      },
    );
    expect(proposal, 'a delegation to all districts, half answered, with a thread').toBeDefined();
    const at = { path: `/proposals/${encodeURIComponent(proposal!.id)}` };
    const [page, other] = await Promise.all([
      openSignedIn(browser, server.url, 'coordinator', at),
      openSignedIn(browser, server.url, 'reviewer1', at),
    ]);
    await Promise.all([workspaceReady(page, proposal!.powerItem.name), workspaceReady(other, proposal!.powerItem.name)]);
    await seeEachOther(page, other, await whoIs(api), await whoIs(await server.signIn('reviewer1')));
    const districts = page.getByRole('region', { name: '各区意见' });
    await expect.poll(() => textOf(districts), { timeout: 10_000 }).toContain(`已答复 ${proposal!.consultations.nodes[0]!.answeredCount} / 11 个区`);
    expect(await districts.innerText()).toContain('尚未答复：');
    await expect.poll(() => page.getByRole('region', { name: '动态' }).locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    // Districts still to answer and the deadline after the story's now: nothing to close yet.
    expect(await page.getByRole('region', { name: '办理' }).locator('.transitions button').allInnerTexts()).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'workspace.png'), fullPage: true });
    await Promise.all([page.context().close(), other.context().close()]);
  });

  it('prints a proposal as a record on A4: no navigation, buttons, editors or presence, every section shown', async () => {
    const response = await coordinator.graphql<{ proposals: { nodes: { id: string; powerItem: { name: string } }[] } }>(
      '{ proposals(first: 1, filter: { stages: [CONSULTATION], statuses: [ACTIVE], actions: [DELEGATE] }) { nodes { id powerItem { name } } } }',
    );
    const proposal = response.data!.proposals.nodes[0]!;
    const page = await openSignedIn(browser, server.url, 'coordinator', { path: `/proposals/${encodeURIComponent(proposal.id)}` });
    await workspaceReady(page, proposal.powerItem.name);
    const sections = ['精简意见', '权力事项', '办理', '各区意见', '动态'];
    for (const name of sections) await expect.poll(() => page.getByRole('region', { name, exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: '动态' }).locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('button:visible').count()).toBeGreaterThan(0);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: '主导航' }).isHidden()).toBe(true);
    expect(await page.locator('.app-bar').isHidden()).toBe(true);
    expect(await page.locator('button:visible, textarea:visible, input:visible, select:visible, .presence:visible').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    for (const name of sections) expect([name, await page.getByRole('region', { name, exact: true }).isVisible()]).toEqual([name, true]);
    // Body text in the official documents' 仿宋 first, with fallbacks.
    expect(await page.locator('main').evaluate((main) => getComputedStyle(main).fontFamily)).toMatch(/^"?仿宋_GB2312"?, "?仿宋"?/);

    await page.screenshot({ path: path.join(artifactsDir, 'workspace-print.png'), fullPage: true });

    // The PDF the browser prints is A4 (595 × 842 points) from the stylesheet's @page.
    const bytes = await page.pdf({ preferCSSPageSize: true });
    await writeFile(path.join(artifactsDir, 'workspace-print.pdf'), bytes);
    const pdf = bytes.toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [width, height] of boxes) {
      expect(Math.abs(width! - 595.28)).toBeLessThan(1.5);
      expect(Math.abs(height! - 841.89)).toBeLessThan(1.5);
    }
    await page.context().close();
  });

  it('warns before saving a final classification against the votes and the proposal’s action, and shows it afterwards', async () => {
    const [api4, api5] = await Promise.all([server.signIn('reviewer4'), server.signIn('reviewer5')]);
    const [person4, person5] = await Promise.all([whoIs(api4), whoIs(api5)]);
    const candidates = await unvotedProposals(api4, [person4.id, person5.id]);
    const actions = await coordinator.graphql<{ nodes: ({ id: string; action: string; voteCount: number } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Proposal { id action voteCount } } }',
      { ids: candidates.map((p) => p.id) },
    );
    const cancellations = new Set(actions.data!.nodes.filter((n) => n?.action === 'CANCEL' && n.voteCount === 0).map((n) => n!.id));
    const proposal = candidates.filter((p) => cancellations.has(p.id)).at(-1);
    expect(proposal, 'a cancellation at the initial review without votes').toBeDefined();
    for (const api of [api4, api5]) {
      const voted = await api.graphql<{ voteClassification: { __typename: string } }>(
        'mutation($input: VoteClassificationInput!) { voteClassification(input: $input) { __typename } }',
        { input: { proposalId: proposal!.id, code: 'agree_cancel' } },
      );
      expect(voted.data?.voteClassification.__typename).toBe('ClassificationVote');
    }

    const page = await openSignedIn(browser, server.url, 'coordinator', { path: `/proposals/${encodeURIComponent(proposal!.id)}` });
    await workspaceReady(page, proposal!.powerItem!.name);
    const panel = page.getByRole('region', { name: '分类表决' });
    // Two votes naming the same code: only now do the votes "agree".
    await expect.poll(() => panel.getByText('表决意见一致').count(), { timeout: 10_000 }).toBe(1);

    await panel.getByRole('button', { name: '确定最终分类' }).click();
    const form = panel.getByRole('form', { name: '确定最终分类' });
    const code = form.getByLabel('分类', { exact: true });
    // The majority is offered first: nothing to warn about.
    expect(await code.inputValue()).toBe('agree_cancel');
    expect(await form.getByRole('alert').count()).toBe(0);
    await code.selectOption('agree_delegate');
    await expect.poll(() => form.getByRole('alert').allInnerTexts(), { timeout: 5_000 }).toEqual([
      '⚠ 注意：所选分类与表决意见不符。',
      '⚠ 注意：所选分类与该意见申请的事项不符。',
    ]);
    await form.getByRole('button', { name: '确定', exact: true }).click();

    await expect.poll(async () => (await proposalState(coordinator, proposal!.id)).classificationCode, { timeout: 10_000 }).toBe('agree_delegate');
    await expect.poll(() => textOf(panel.locator('.flag.disagree')), { timeout: 10_000 }).toBe(
      '⚠ 最终分类与表决意见不符\n⚠ 最终分类与该意见申请的事项不符',
    );
    await page.context().close();
  });
});
