import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { acceptWithReply, moveConsultationDeadline, solvedChallenge } from '../support/public-comments.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Issue 15's done-when, as an anonymous visitor on a phone (375×667): on the demo data nothing is
 * open and the pages say why; once the coordinator opens the 2019 window (updateCampaign), the
 * visitor reads a proposal's rationale, comments with a name and a contact (the proof of work runs
 * in the browser), is thanked, and comments again until the per-address limit refuses politely
 * with the time to wait; a reviewer accepts the comment with a public reply in the workspace, and
 * the visitor reads both, never the contact; once the coordinator closes the window the page says
 * so, with no form, and a direct submit is refused. Axe-core finds nothing, open or closed.
 */
let server: TestServer;
let browser: Browser;
let visitor: Page;
let coordinator: SignedInClient;
/** Comments one address may submit in 10 minutes on this server (DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS). */
const perAddress = 2;
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/public-consultation-phone.png');

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startTestServer({ seed: true, env: { DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS: String(perAddress) } }),
    launchBrowser(),
  ]);
  coordinator = await server.signIn('coordinator');
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai' });
  visitor = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const publicNav = () => visitor.getByRole('navigation', { name: '公开栏目' });
const name = '市民陈先生';
const contact = 'chen@example.cn';
const body = '建议下放后各区统一办理时限，并在政务服务网公布办事指南。';
const reply = '感谢您的建议，下放后将统一办理时限并公布办事指南。';
/** The proposal commented on: its card on the consultation page (by its heading's id) and its global id. */
let card: Locator;
let proposalId: string;

/** Writes a comment in the card's open form and submits it (the browser runs the proof of work). */
async function comment(text: string, signed?: { name: string; contact: string }): Promise<void> {
  await card.getByLabel('意见内容').fill(text);
  if (signed) {
    await card.getByLabel('姓名（选填）').fill(signed.name);
    await card.getByLabel('联系方式（选填）').fill(signed.contact);
  }
  await card.getByRole('button', { name: '提交' }).click();
}

describe('public consultation on a phone, as an anonymous visitor', () => {
  it('on the demo data, says why nothing is open or published and links onwards', async () => {
    await visitor.goto(`${server.url}/list`);
    await publicNav().getByRole('link', { name: '意见征集' }).click();
    await visitor.waitForURL(/\/consultation$/);
    await visitor.getByText('当前没有正在征求公众意见的事项。').waitFor();
    // The demo's 2019 window (the day after the review deadline to 10 December) is over by its clock.
    const last = visitor.getByText(/^最近一次公开征求意见针对2019年度的精简工作/);
    await last.waitFor();
    expect(await last.textContent()).toMatch(/2019年11月30日 至 2019年12月10日，现已结束/);
    expect(await visitor.getByRole('link', { name: '查看2019年度采纳的意见及答复' }).getAttribute('href')).toBe('/consultation/2019');
    expect(await visitor.getByRole('link', { name: '查阅权责清单' }).getAttribute('href')).toBe('/list');
    expect(await axeViolations(visitor)).toEqual([]);

    // The results: 2019 is not published, and the page says at which stage it is.
    await publicNav().getByRole('link', { name: '结果公开' }).click();
    await visitor.getByText('2019年度的精简结果尚未公布：该年度工作目前处于「审查」阶段，结果经市委、市政府审定后在此公布。').waitFor();
    await visitor.goto(`${server.url}/results/2019`);
    await visitor.getByText(/^2019年度的精简结果尚未公布/).waitFor();
    expect(await axeViolations(visitor)).toEqual([]);
    await visitor.getByRole('main').getByRole('link', { name: '工作进度' }).click();
    await visitor.waitForURL(/\/status$/);
    await visitor.getByRole('heading', { level: 2, name: '2019年重点工作任务' }).waitFor();
  });

  it('reads a proposal\'s rationale, comments with a name and a contact, and is thanked', async () => {
    await moveConsultationDeadline(coordinator, 2019, '2019-12-31');
    await publicNav().getByRole('link', { name: '意见征集' }).click();
    await visitor.waitForURL(/\/consultation$/);
    await visitor.getByRole('heading', { level: 1, name: /^公开征求意见 · 2019年/ }).waitFor();
    expect(await visitor.locator('.consultation-window').textContent()).toContain('至 2019年12月31日');

    card = visitor.locator('article.consultation-proposal').first();
    proposalId = (await card.getAttribute('aria-labelledby'))!.replace(/^proposal-/, '');
    const rationale = card.locator('dt', { hasText: '理由' }).locator('xpath=following-sibling::dd[1]');
    expect((await rationale.textContent())!.trim().length).toBeGreaterThan(0);

    await card.getByRole('button', { name: '对此事项提出意见' }).click();
    await card.getByLabel('意见内容').waitFor();
    expect(await axeViolations(visitor)).toEqual([]);
    await comment(body, { name, contact });
    await card.getByRole('status').filter({ hasText: '感谢您的意见！' }).waitFor({ timeout: 20_000 });
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('comments again until the per-address limit refuses politely, with the time to wait', async () => {
    for (let n = 2; n <= perAddress; n++) {
      await card.getByRole('button', { name: '再提一条意见' }).click();
      await comment(`第${n}条意见：建议同步更新权责清单。`);
      await card.getByRole('status').filter({ hasText: '感谢您的意见！' }).waitFor({ timeout: 20_000 });
    }
    await card.getByRole('button', { name: '再提一条意见' }).click();
    await comment('再补充一条：建议公布承接单位的联系电话。');
    const refusal = card.getByRole('alert');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.textContent()).toMatch(/^提交过于频繁，请 \d+ (秒|分钟)后再试。感谢您的理解。$/);
    // The text stays, to send later.
    expect(await card.getByLabel('意见内容').inputValue()).toBe('再补充一条：建议公布承接单位的联系电话。');
  });

  it('reads the comment with the reply a reviewer accepted it with, never the contact', async () => {
    const reviewer = await openSignedIn(browser, server.url, 'reviewer1', { path: `/proposals/${encodeURIComponent(proposalId)}` });
    const accepted = await acceptWithReply(reviewer, name, reply);
    expect(await accepted.innerText()).toContain(contact);
    await reviewer.context().close();

    await visitor.reload();
    card = visitor.locator(`article[aria-labelledby="proposal-${proposalId}"]`);
    const shown = card.locator('.consultation-comments li').filter({ hasText: name });
    await shown.waitFor();
    expect(await shown.innerText()).toContain(body);
    expect(await shown.locator('.consultation-reply').innerText()).toContain(reply);
    expect(await visitor.locator('body').innerText()).not.toContain(contact);
    await shown.scrollIntoViewIfNeeded();
    await visitor.screenshot({ path: screenshot });
  });

  it('once the coordinator closes the window, says so with no form, and a direct submit is refused', async () => {
    await moveConsultationDeadline(coordinator, 2019, '2019-12-20');
    await visitor.goto(`${server.url}/consultation`);
    await visitor.getByText('当前没有正在征求公众意见的事项。').waitFor();
    await visitor.getByRole('link', { name: '查看2019年度采纳的意见及答复' }).click();
    await visitor.waitForURL(/\/consultation\/2019$/);
    await visitor.getByText('本次公开征求意见已结束，不再接收新的意见。以下为已采纳的意见及答复。').waitFor();
    // The proposals with accepted comments stay readable, ours with its reply.
    const closedCard = visitor.locator(`article[aria-labelledby="proposal-${proposalId}"]`);
    await closedCard.locator('.consultation-reply').filter({ hasText: reply }).waitFor();
    expect(await visitor.locator('form, textarea').count()).toBe(0);
    expect(await visitor.getByRole('button', { name: /提出意见|提出总体意见/ }).count()).toBe(0);
    expect(await axeViolations(visitor)).toEqual([]);

    const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
    const refused = await server.graphql<{ submitPublicComment: { __typename: string; code?: string; messageZh?: string } }>(
      'mutation($input: SubmitPublicCommentInput!) { submitPublicComment(input: $input) { __typename ... on Error { code messageZh } } }',
      {
        input: {
          campaignId: campaign.data!.campaign.id,
          proposalId,
          body: '截止后提交的意见',
          idempotencyKey: 'e2e-after-the-deadline',
          ...(await solvedChallenge(server)),
        },
      },
    );
    expect(refused.data!.submitPublicComment).toEqual({
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      messageZh: '本年度公开征求意见未开放或已结束',
    });
  });
});
