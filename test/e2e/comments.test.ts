import path from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Comment threads and presence on the proposal workspace, in real browsers: two reviewers on the
 * same proposal of 市市场监管局, and that department's own submitter.
 */
let server: TestServer;
let browser: Browser;
/** reviewer1, to set up threads over the API. */
let reviewer1: SignedInClient;
let proposalId: string;
const names: Record<'reviewer1' | 'reviewer2', string> = { reviewer1: '', reviewer2: '' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  reviewer1 = await server.signIn('reviewer1');
  for (const username of ['reviewer1', 'reviewer2'] as const) {
    const client = username === 'reviewer1' ? reviewer1 : await server.signIn(username);
    const me = await client.graphql<{ me: { user: { displayName: string } } }>('{ me { user { displayName } } }');
    names[username] = me.data!.me.user.displayName;
  }
  const ids = await reviewer1.graphql<{ campaign: { id: string }; units: { id: string; code: string }[] }>(
    '{ campaign(year: 2019) { id } units(kind: DEPARTMENT) { id code } }',
  );
  const unitId = ids.data!.units.find((unit) => unit.code === 'GZ-SCJGJ')!.id;
  const proposals = await reviewer1.graphql<{ proposals: { nodes: { id: string }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id } } }',
    { f: { campaignId: ids.data!.campaign.id, unitId, stages: ['INITIAL_REVIEW'] } },
  );
  proposalId = proposals.data!.proposals.nodes[0]!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A thread started by reviewer1 over the API: its id, and its first comment's id and text. */
async function startThread(visibility: 'INTERNAL' | 'SHARED', body: string) {
  const response = await reviewer1.graphql<{
    startCommentThread: { __typename: string; id: string; comments: { nodes: { id: string }[] } };
  }>(
    `mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) {
      __typename ... on CommentThread { id comments { nodes { id } } }
    } }`,
    { input: { proposalId, visibility, body } },
  );
  const started = response.data!.startCommentThread;
  expect(started.__typename).toBe('CommentThread');
  return { id: started.id, commentId: started.comments.nodes[0]!.id, body };
}

const panel = (page: Page) => page.locator('section.comment-threads');
/** The thread (open or resolved) whose text includes `text`. */
const thread = (page: Page, text: string) => panel(page).locator('.thread').filter({ hasText: text });
/** A thread by id, whatever it shows (a comment being edited is in a text box, not text). */
const threadById = (page: Page, id: string) => panel(page).locator(`.thread[data-thread-id="${id}"]`);
const newThreadBox = (page: Page) => panel(page).getByRole('combobox', { name: '讨论内容' });

/** `username`'s browser on the proposal's workspace, once its threads are shown. */
async function openWorkspace(username: string): Promise<Page> {
  const page = await openSignedIn(browser, server.url, username, {
    path: `/proposals/${proposalId}`,
    viewport: { width: 1280, height: 800 },
  });
  await waitForThreads(page);
  return page;
}

async function waitForThreads(page: Page): Promise<void> {
  await expect.poll(() => panel(page).getByRole('heading', { name: /^讨论/ }).count(), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => panel(page).getAttribute('aria-busy'), { timeout: 10_000 }).toBe('false');
}

const avatars = (page: Page) => page.locator('.presence-avatars').getByRole('img');

describe('presence', () => {
  it('shows who else is looking within 2 seconds, and drops them when their page closes', async () => {
    const a = await openWorkspace('reviewer1');
    const b = await openWorkspace('reviewer2');

    const aOnB = b.locator('.presence-avatars').getByRole('img', { name: names.reviewer1 });
    await expect.poll(() => aOnB.count(), { timeout: 2_000 }).toBe(1);
    expect(await aOnB.getAttribute('aria-label')).toBe(`${names.reviewer1}（市委编办）`);
    // Screen readers are told in words; nobody sees themselves.
    expect(await b.locator('.presence [role=status]').textContent()).toBe(`正在查看：${names.reviewer1}`);
    await expect.poll(() => avatars(a).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label'))), { timeout: 2_000 })
      .toEqual([`${names.reviewer2}（市委编办）`]);

    await a.context().close();
    await expect.poll(() => aOnB.count(), { timeout: 5_000 }).toBe(0);
    expect(await b.locator('.presence [role=status]').textContent()).toBe('目前只有你在查看');
    await b.context().close();
  });
});

describe('comment threads', () => {
  it('posts an internal thread with a mention picked by keyboard; the other reviewer sees it live and sees typing', async () => {
    const a = await openWorkspace('reviewer1');
    const b = await openWorkspace('reviewer2');
    const second = names.reviewer2;

    await panel(a).getByLabel('针对').selectOption({ label: '理由' });
    expect(await panel(a).getByLabel('可见范围').inputValue()).toBe('INTERNAL');
    const box = newThreadBox(a);
    await box.click();
    await box.pressSequentially('请 @');

    // The list offers the people who may read internal threads (not oneself); Escape closes it.
    const listbox = a.getByRole('listbox', { name: '可提及的人' });
    const options = listbox.getByRole('option');
    const wanted = options.filter({ hasText: second });
    await expect.poll(() => wanted.count(), { timeout: 5_000 }).toBe(1);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await options.filter({ hasText: names.reviewer1 }).count()).toBe(0);
    await box.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await listbox.isVisible()).toBe(false);
    // A new @ opens it again; ↓ walks to reviewer2.
    await box.press('Backspace');
    await box.pressSequentially('@');
    await expect.poll(() => box.getAttribute('aria-expanded')).toBe('true');
    const position = (await options.allTextContents()).findIndex((text) => text.includes(second));
    expect(position).toBeGreaterThan(0);
    for (let step = 0; step < position; step += 1) await box.press('ArrowDown');
    expect(await wanted.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await wanted.getAttribute('id'));
    await a.screenshot({ path: path.join(artifactsDir, 'mention-autocomplete.png') });

    await box.press('Enter');
    expect(await box.inputValue()).toBe(`请 @${second} `);
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await box.pressSequentially('核对设定依据是否仍然有效。');
    await panel(a).getByRole('button', { name: '发起讨论' }).click();

    // B gets it without reloading, the mention highlighted, marked as the team's own.
    const onB = thread(b, '核对设定依据是否仍然有效');
    await expect.poll(() => onB.count(), { timeout: 2_000 }).toBe(1);
    expect(await onB.locator('mark.mention').innerText()).toBe(`@${second}`);
    expect(await onB.locator('.thread-head').innerText()).toMatch(/理由\s*仅专班可见/);
    expect(await onB.locator('.comment.fresh').count()).toBe(1);
    expect(await panel(b).locator('[role=status]').first().textContent()).toBe(`${names.reviewer1}发表了新评论`);
    await expect.poll(() => box.inputValue()).toBe('');

    // A starts a reply: B sees A typing in that thread.
    const onA = thread(a, '核对设定依据是否仍然有效');
    await onA.getByRole('button', { name: '回复' }).click();
    await onA.getByRole('combobox', { name: '回复内容' }).pressSequentially('已核对，依据仍有效');
    await expect.poll(() => onB.locator('.thread-typing').textContent(), { timeout: 2_000 }).toBe(`${names.reviewer1}正在输入…`);
    await b.screenshot({ path: path.join(artifactsDir, 'comments.png') });

    // Sent: the reply arrives and the typing line goes.
    await onA.getByRole('button', { name: '发送回复' }).click();
    await expect.poll(() => onB.getByText('已核对，依据仍有效').count(), { timeout: 2_000 }).toBe(1);
    await expect.poll(() => onB.locator('.thread-typing').textContent(), { timeout: 3_000 }).toBe('');
    await Promise.all([a.context().close(), b.context().close()]);
  });

  it("never shows the team's internal threads to the proposal's department, even live", async () => {
    const internal = await startThread('INTERNAL', '内部：该事项取消后由谁监管？');
    const department = await openWorkspace('gz-scjgj');
    expect(await panel(department).getByText(internal.body).count()).toBe(0);
    expect(await threadById(department, internal.id).count()).toBe(0);
    expect(await panel(department).locator('.thread [data-visibility="INTERNAL"]').count()).toBe(0);
    // The department starts shared threads only: no choice offered.
    expect(await panel(department).getByLabel('可见范围').count()).toBe(0);
    expect(await panel(department).locator('.new-thread').innerText()).toContain('报送单位可见');

    // Live: a shared thread arrives; the internal one started just before it does not.
    await startThread('INTERNAL', '内部：再议');
    const shared = await startThread('SHARED', '请补充该事项近三年的办件量。');
    await expect.poll(() => threadById(department, shared.id).count(), { timeout: 2_000 }).toBe(1);
    expect(await panel(department).getByText('内部：').count()).toBe(0);
    await department.context().close();
  });

  it('keeps drafts through reloads and failed sends, and clears them once sent or discarded', async () => {
    const started = await startThread('INTERNAL', '草稿测试用的讨论');
    const a = await openWorkspace('reviewer1');

    await newThreadBox(a).pressSequentially('设定依据已废止，建议取消');
    await panel(a).getByLabel('针对').selectOption({ label: '设定依据' });
    await panel(a).getByLabel('可见范围').selectOption({ label: '报送单位可见' });
    const onA = threadById(a, started.id);
    await onA.getByRole('button', { name: '回复' }).click();
    await onA.getByRole('combobox', { name: '回复内容' }).pressSequentially('回复草稿');

    await a.reload();
    await waitForThreads(a);
    expect(await newThreadBox(a).inputValue()).toBe('设定依据已废止，建议取消');
    expect(await panel(a).getByLabel('针对').inputValue()).toBe('LEGAL_BASIS');
    expect(await panel(a).getByLabel('可见范围').inputValue()).toBe('SHARED');
    expect(await onA.getByRole('combobox', { name: '回复内容' }).inputValue()).toBe('回复草稿');

    // The server cannot be reached: the text stays and the failure is said where it happened.
    await a.route('**/graphql', (route) =>
      route.request().postData()?.includes('startCommentThread') ? route.abort() : route.fallback(),
    );
    await panel(a).getByRole('button', { name: '发起讨论' }).click();
    const problem = panel(a).locator('.new-thread [role=alert]');
    await expect.poll(() => problem.textContent(), { timeout: 5_000 }).toBe('无法连接到服务器，请稍后重试。');
    expect(await newThreadBox(a).inputValue()).toBe('设定依据已废止，建议取消');
    await a.unroute('**/graphql');

    // Sent: it is in the list and the draft is gone, reload or not.
    await panel(a).getByRole('button', { name: '发起讨论' }).click();
    await expect.poll(() => thread(a, '设定依据已废止，建议取消').count(), { timeout: 5_000 }).toBe(1);
    expect(await problem.count()).toBe(0);
    expect(await newThreadBox(a).inputValue()).toBe('');
    // Discarding the reply closes it for good.
    await onA.getByRole('button', { name: '放弃草稿' }).click();
    expect(await onA.getByRole('combobox', { name: '回复内容' }).count()).toBe(0);
    await a.reload();
    await waitForThreads(a);
    expect(await newThreadBox(a).inputValue()).toBe('');
    expect(await panel(a).getByLabel('针对').inputValue()).toBe('');
    expect(await onA.getByRole('combobox', { name: '回复内容' }).count()).toBe(0);
    await a.context().close();
  });

  it('edits with history, resolves and reopens, live on the other screen', async () => {
    const started = await startThread('INTERNAL', '请确认东山口片区的承接安排');
    const a = await openWorkspace('reviewer1');
    const b = await openWorkspace('reviewer2');
    const onA = threadById(a, started.id);
    const onB = threadById(b, started.id);

    // The author edits; meanwhile the same comment is changed from another window.
    await onA.getByRole('button', { name: '编辑' }).click();
    const editBox = onA.getByRole('combobox', { name: '修改评论' });
    await editBox.press('End');
    await editBox.pressSequentially('（含南沙区）');
    const elsewhere = await reviewer1.graphql<{ editComment: { __typename: string } }>(
      'mutation($input: EditCommentInput!) { editComment(input: $input) { __typename } }',
      { input: { commentId: started.commentId, body: `${started.body}？`, expectedVersion: 1 } },
    );
    expect(elsewhere.data?.editComment.__typename).toBe('Comment');

    // Saving from the stale version is refused: A sees the comment as it is now, keeps their text.
    await onA.getByRole('button', { name: '保存修改' }).click();
    const conflict = onA.locator('.comment-conflict');
    await expect.poll(() => conflict.count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => conflict.locator('.comment-body').innerText(), { timeout: 5_000 }).toBe(`${started.body}？`);
    expect(await editBox.inputValue()).toBe(`${started.body}（含南沙区）`);
    await onA.screenshot({ path: path.join(artifactsDir, 'comment-conflict.png') });
    await conflict.getByRole('button', { name: '仍用我的内容保存' }).click();

    // A's text wins and arrives on B; both earlier bodies are kept in the history.
    await expect.poll(() => onB.locator('.comment-body').first().innerText(), { timeout: 2_000 }).toBe(`${started.body}（含南沙区）`);
    expect(await onA.getByRole('combobox', { name: '修改评论' }).count()).toBe(0);
    await onB.getByRole('button', { name: /已编辑/ }).click();
    // The history is read when it is opened: wait for its rows.
    await expect.poll(() => onB.locator('.comment-history li').allInnerTexts(), { timeout: 5_000 }).toEqual([
      expect.stringContaining(started.body),
      expect.stringContaining(`${started.body}？`),
    ]);
    await onB.screenshot({ path: path.join(artifactsDir, 'comment-history.png') });
    expect(await onB.getByRole('button', { name: '收起修改记录' }).getAttribute('aria-expanded')).toBe('true');

    // A resolves it: it folds into the resolved list on both screens, focus following it on A.
    const resolvedOn = (page: Page) => panel(page).locator(`details.thread.resolved[data-thread-id="${started.id}"]`);
    const openOn = (page: Page) => panel(page).locator(`article.thread[data-thread-id="${started.id}"]`);
    await onA.getByRole('button', { name: '标记为已解决' }).click();
    await expect.poll(() => resolvedOn(b).count(), { timeout: 2_000 }).toBe(1);
    await expect.poll(() => resolvedOn(a).locator('summary').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await resolvedOn(b).getAttribute('open')).toBeNull();
    expect(await openOn(b).count()).toBe(0);

    // B opens it and reopens it: back among the open threads on A.
    await resolvedOn(b).locator('summary').click();
    expect(await resolvedOn(b).innerText()).toContain(`${names.reviewer1} 标记为已解决`);
    await resolvedOn(b).getByRole('button', { name: '重新打开' }).click();
    await expect.poll(() => openOn(a).count(), { timeout: 2_000 }).toBe(1);
    expect(await resolvedOn(a).count()).toBe(0);
    await Promise.all([a.context().close(), b.context().close()]);
  });

  it('resumes after a dropped connection from the last change it received, and shows what it missed', async () => {
    const page = await openWorkspace('reviewer2');
    // From here the page's live socket runs through the test, which can drop it and read it.
    const sockets: WebSocketRoute[] = [];
    /** The `since` of each CommentsChanged subscribe message, in order. */
    const subscribedFrom: number[] = [];
    /** The `sequence` of each CommentsChanged event the page received. */
    const received: number[] = [];
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      sockets.push(ws);
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        const parsed = JSON.parse(String(message)) as { type: string; payload?: { query?: string; variables?: { since?: number } } };
        if (parsed.type === 'subscribe' && parsed.payload?.query?.includes('subscription CommentsChanged')) {
          subscribedFrom.push(parsed.payload.variables!.since!);
        }
        upstream.send(message);
      });
      upstream.onMessage((message) => {
        const parsed = JSON.parse(String(message)) as { payload?: { data?: { proposalCommentsChanged?: { sequence: number } } } };
        const sequence = parsed.payload?.data?.proposalCommentsChanged?.sequence;
        if (sequence !== undefined) received.push(sequence);
        ws.send(message);
      });
    });
    await page.reload();
    await waitForThreads(page);
    await expect.poll(() => subscribedFrom.length, { timeout: 10_000 }).toBe(1);

    const seen = await startThread('INTERNAL', '断线前：这一条实时收到。');
    await expect.poll(() => thread(page, seen.body).count(), { timeout: 5_000 }).toBe(1);
    // Starting a thread is two changes: the thread and its first comment.
    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(2);
    const before = received.at(-1)!;
    expect(before).toBeGreaterThan(subscribedFrom[0]!);
    // The connection drops (a restarting proxy, say); a change is made while it is down.
    await sockets.at(-1)!.close({ code: 1012, reason: 'Service Restart' });
    const missed = await startThread('INTERNAL', '断线期间：重连后补上这一条。');
    await expect.poll(() => thread(page, missed.body).count(), { timeout: 15_000 }).toBe(1);
    // It resubscribed from the last change it had received, not from the page's first position.
    expect(subscribedFrom).toEqual([subscribedFrom[0], before]);
    await page.context().close();
  });
});
