import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { startDigestServer, type DigestServer, type TestSmtpServer } from '../support/smtp.ts';

/**
 * The inbox (通知) in real browsers: reviewer1 @mentions reviewer2 in a thread, reviewer2's header
 * count rises live, and the notification leads to the thread; a department finds its returned
 * proposal in its inbox; a reviewer turns the e-mail digest on in the settings form and the digest
 * arrives at a real SMTP server the test runs.
 */
let server: TestServer;
let browser: Browser;
let reviewer1: SignedInClient;
/** A proposal of 市市场监管局 under initial review. */
let proposal: { id: string; version: number; path: string };

/** The README's screenshot of the inbox. */
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/inbox.png');

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  reviewer1 = await server.signIn('reviewer1');
  const department = await server.signIn('gz-scjgj');
  const found = await department.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  const proposals = await department.graphql<{ proposals: { nodes: { id: string; version: number; campaign: { year: number }; powerItem: { basicCode: string } | null }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 2, filter: $f) { nodes { id version campaign { year } powerItem { basicCode } } } }',
    { f: { campaignId: found.data!.campaign.id, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
  );
  const first = proposals.data!.proposals.nodes[0]!;
  proposal = { id: first.id, version: first.version, path: `/${first.campaign.year}/${first.powerItem!.basicCode}` };
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const badge = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^通知/ });

describe('the inbox', () => {
  it('shows reviewer2 the mention live and leads to the thread', async () => {
    const a = await openSignedIn(browser, server.url, 'reviewer1', { path: `/proposals/${proposal.id}` });
    const b = await openSignedIn(browser, server.url, 'reviewer2', { path: '/todo' });
    await expect.poll(() => badge(b).getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/^通知，/);
    const unread = async () => Number(/(\d+) 条未读/.exec((await badge(b).getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    const before = await unread();

    const panel = a.locator('section.comment-threads');
    const box = panel.getByRole('combobox', { name: '讨论内容' });
    await expect.poll(() => box.count(), { timeout: 20_000 }).toBe(1);
    await box.click();
    await box.pressSequentially('@reviewer2 请核对这项的设定依据。');
    await box.press('Escape');
    await panel.getByRole('button', { name: '发起讨论' }).click();

    // reviewer2's header count rises without a reload.
    await expect.poll(() => badge(b).getAttribute('aria-label'), { timeout: 2_000 }).toBe(`通知，${before + 1} 条未读`);

    await badge(b).click();
    const entry = b.locator('.inbox-entry.unread').first();
    await expect.poll(() => entry.locator('.inbox-what').textContent(), { timeout: 5_000 }).toContain('提到了您');
    expect(await axeViolations(b)).toEqual([]);
    await b.screenshot({ path: screenshot, fullPage: true });

    await entry.locator('.inbox-open').click();
    // The readable address of the proposal (/2019/<code>), the thread named in the hash.
    await expect.poll(() => new URL(b.url()).pathname, { timeout: 5_000 }).toBe(proposal.path);
    const threadId = decodeURIComponent(new URL(b.url()).hash.replace(/^#thread-/, ''));
    expect(threadId).not.toBe('');
    // The thread is shown and focused: the person lands on it.
    await expect
      .poll(() => b.evaluate(() => document.activeElement?.getAttribute('data-thread-id') ?? null), { timeout: 20_000 })
      .toBe(threadId);
    expect(await b.locator(`.thread[data-thread-id="${threadId}"]`).innerText()).toContain('请核对这项的设定依据');
    // Opened, so read: the count is back where it was.
    await expect.poll(() => badge(b).getAttribute('aria-label'), { timeout: 5_000 }).toBe(before === 0 ? '通知，没有未读' : `通知，${before} 条未读`);
  });

  it("shows a department its returned proposal", async () => {
    const returned = await reviewer1.graphql<{ transitionProposal: { __typename: string } }>(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
      { input: { proposalId: proposal.id, transition: 'RETURN', expectedVersion: proposal.version, reason: '请补充设定依据的条款号' } },
    );
    expect(returned.data?.transitionProposal.__typename).toBe('Proposal');
    const page = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/inbox' });
    const entry = page.locator('.inbox-entry').filter({ hasText: '退回了本单位的精简意见' }).first();
    await expect.poll(() => entry.count(), { timeout: 20_000 }).toBe(1);
    expect(await entry.locator('a').getAttribute('href')).toBe(proposal.path);
  });
});

describe('the e-mail digest', () => {
  let smtp: TestSmtpServer;
  let digestServer: TestServer;
  let digest: DigestServer | undefined;

  beforeAll(async () => {
    digest = await startDigestServer();
    ({ smtp, server: digestServer } = digest);
  });
  afterAll(() => digest?.close());

  it('is turned on in the settings form and arrives by e-mail with a link to the thread', async () => {
    const writer = await digestServer.signIn('reviewer1');
    const started = await writer.graphql<{ startCommentThread: { id: string } }>(
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { ... on CommentThread { id } } }',
      { input: { proposalId: proposal.id, visibility: 'INTERNAL', body: '@reviewer2 请看一下这项的承接条件。' } },
    );
    const threadId = started.data!.startCommentThread.id;

    const page = await openSignedIn(browser, digestServer.url, 'reviewer2', { path: '/inbox' });
    const settings = page.getByRole('region', { name: '通知设置' });
    await settings.getByLabel('邮件摘要').selectOption('HOURLY');
    await settings.getByLabel('接收摘要的电子邮箱（留空则用账号邮箱）').fill('reviewer2@review.example');
    await settings.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.getByText('通知设置已保存。').count(), { timeout: 5_000 }).toBe(1);

    const mail = await smtp.nextMail();
    expect(mail.to).toBe('reviewer2@review.example');
    expect(mail.subject).toMatch(/^Devolve 通知摘要：\d+ 条未读通知$/);
    expect(mail.text).toContain('有人提到了您');
    expect(mail.text).toContain(`https://review.example/proposals/${proposal.id}#thread-${threadId}`);
  });
});
