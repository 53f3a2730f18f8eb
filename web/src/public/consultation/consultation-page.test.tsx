import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Route, Router } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/locale.ts';
import { CommentForm } from './comment-form.tsx';
import ConsultationPage from './consultation-page.tsx';
import { leadingZeroBits } from './proof-of-work.ts';

/**
 * The consultation page and its comment form against a fake /graphql (fetch is the only thing
 * stubbed): the live counter, the polite refusals, a real proof of work, and visitors' text shown
 * as text.
 */
interface Sent {
  query: string;
  variables?: { input?: Record<string, unknown> };
}

let sent: Sent[];
let submitAnswer: unknown;
const challenge = '1575158400000.4.abc.signature';

function fakeApi(extra: (request: Sent) => unknown = () => undefined) {
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const request = JSON.parse(String(init.body)) as Sent;
    sent.push(request);
    const data = request.query.includes('textLimits')
      ? { textLimits: { publicComment: 2000, publicCommentAuthorName: 50, publicCommentContact: 100 } }
      : request.query.includes('publicCommentChallenge')
        ? { publicCommentChallenge: { challenge, bits: 4 } }
        : request.query.includes('submitPublicComment')
          ? { submitPublicComment: submitAnswer }
          : extra(request);
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  });
}

beforeEach(() => {
  sent = [];
  submitAnswer = { __typename: 'PublicCommentReceipt' };
  fakeApi();
});
afterEach(() => {
  cleanup();
  setLocale('zh-CN');
  vi.unstubAllGlobals();
});

const bodyField = () => screen.getByLabelText('意见内容') as HTMLTextAreaElement;
const submitButton = () => screen.getByRole('button', { name: '提交' }) as HTMLButtonElement;

function write(text: string) {
  fireEvent.input(bodyField(), { target: { value: text } });
}

describe('the comment form', () => {
  it("counts characters as the server does (trimmed) against the server's limit (Query.textLimits), and refuses more", async () => {
    render(() => <CommentForm campaignId="Q2FtcGFpZ246MQ==" />);
    expect(await screen.findByText('0 / 2,000 字')).toBeTruthy();
    write('  建议保留  ');
    expect(screen.getByText('4 / 2,000 字')).toBeTruthy();
    expect(submitButton().disabled).toBe(false);
    write('长'.repeat(2001));
    expect(screen.getByText(/2,001 \/ 2,000 字/).textContent).toContain('意见内容最多 2,000 字');
    expect(bodyField().getAttribute('aria-invalid')).toBe('true');
    expect(submitButton().disabled).toBe(true);
  });

  it('labels every field and says the contact is never shown', () => {
    render(() => <CommentForm campaignId="Q2FtcGFpZ246MQ==" />);
    const contact = screen.getByLabelText('联系方式（选填）');
    const note = document.getElementById(contact.getAttribute('aria-describedby') ?? '');
    expect(note?.textContent).toContain('不会公开显示');
    expect(screen.getByLabelText('姓名（选填）')).toBeTruthy();
  });

  it('asks for a body before doing any work', async () => {
    render(() => <CommentForm campaignId="Q2FtcGFpZ246MQ==" />);
    write('   ');
    fireEvent.click(submitButton());
    expect((await screen.findByRole('alert')).textContent).toBe('请填写意见内容');
    // No proof of work and no submission: at most the question for the limits.
    expect(sent.filter((request) => !request.query.includes('textLimits'))).toEqual([]);
  });

  it('proves the challenge, submits once with an idempotency key, and thanks the visitor', async () => {
    render(() => <CommentForm campaignId="Q2FtcGFpZ246MQ==" proposalId="UHJvcG9zYWw6Nw==" />);
    write('希望下放后办理标准一致。');
    fireEvent.input(screen.getByLabelText('联系方式（选填）'), { target: { value: '13800000000' } });
    fireEvent.click(submitButton());
    expect((await screen.findByText(/感谢您的意见/)).textContent).toContain('工作人员将认真审阅');
    const input = sent.find((request) => request.query.includes('submitPublicComment'))?.variables?.input ?? {};
    expect(input).toMatchObject({
      campaignId: 'Q2FtcGFpZ246MQ==',
      proposalId: 'UHJvcG9zYWw6Nw==',
      body: '希望下放后办理标准一致。',
      contact: '13800000000',
      authorName: null,
      challenge,
    });
    expect(leadingZeroBits(sha256(utf8ToBytes(challenge + String(input.nonce))))).toBeGreaterThanOrEqual(4);
    expect(String(input.idempotencyKey)).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });

  it('refuses politely when the window has closed', async () => {
    submitAnswer = { __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', messageZh: '本年度公开征求意见未开放或已结束', messageEn: 'closed' };
    render(() => <CommentForm campaignId="Q2FtcGFpZ246MQ==" />);
    write('意见');
    fireEvent.click(submitButton());
    expect((await screen.findByRole('alert')).textContent).toBe('抱歉，本次公开征求意见已结束，无法再提交意见。');
    expect(bodyField().value).toBe('意见');
  });

  it('says when to try again when rate limited', async () => {
    submitAnswer = { __typename: 'RateLimitedError', code: 'RATE_LIMITED', messageZh: '提交过于频繁', messageEn: 'Too many', retryAfterSeconds: 125 };
    render(() => <CommentForm campaignId="Q2FtcGFpZ246MQ==" />);
    write('意见');
    fireEvent.click(submitButton());
    expect((await screen.findByRole('alert')).textContent).toBe('提交过于频繁，请 3 分钟后再试。感谢您的理解。');
    await waitFor(() => expect(submitButton().disabled).toBe(false));
  });
});

describe('the consultation page', () => {
  const hostile = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true"><b>加粗</b>';

  it('shows the proposals put to the public and visitors’ comments as text, never HTML', async () => {
    fakeApi((request) =>
      request.query.includes('publicConsultation')
        ? {
            publicConsultation: {
              campaignId: 'Q2FtcGFpZ246MQ==',
              year: 2019,
              title: '2019年度简政放权',
              opensOn: '2019-11-01',
              deadline: '2019-12-31',
              open: true,
              proposals: {
                nodes: [
                  {
                    proposalId: 'UHJvcG9zYWw6Nw==',
                    itemCode: '440289876000',
                    itemName: '建筑工程施工许可',
                    subItemName: null,
                    action: 'DELEGATE',
                    targetDistricts: ['越秀', '天河'],
                    rationale: '便民就近办理',
                    basis: null,
                    comments: { nodes: [{ id: 'c1', body: hostile, authorName: '<i>王</i>', reply: '感谢<br>意见', receivedAt: '2019-11-05T02:00:00Z' }] },
                  },
                ],
                pageInfo: { hasNextPage: false, endCursor: null },
              },
            },
          }
        : { publicComments: { nodes: [] } },
    );
    render(() => (
      <Router>
        <Route path="/" component={ConsultationPage} />
      </Router>
    ));
    expect(await screen.findByText('建筑工程施工许可')).toBeTruthy();
    expect(screen.getByText('便民就近办理')).toBeTruthy();
    expect(screen.getByText('下放')).toBeTruthy();
    expect(screen.getByText(hostile)).toBeTruthy();
    expect(screen.getByText('感谢<br>意见')).toBeTruthy();
    expect(screen.getByText(/<i>王<\/i>/)).toBeTruthy();
    const page = document.querySelector('.consultation')!;
    expect(page.querySelectorAll('script, img, b, i, br')).toHaveLength(0);
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
    // Asked for the open consultation (no year in the address), then the campaign's own thread.
    expect(sent[0]?.variables).toMatchObject({ year: null });
    await waitFor(() => expect(sent.some((request) => request.query.includes('publicComments('))).toBe(true));
    expect(screen.getByRole('button', { name: '对此事项提出意见' })).toBeTruthy();
  });

  function noneOpen(latest: unknown) {
    fakeApi((request) => (request.query.includes('latestPublicConsultation') ? { latestPublicConsultation: latest } : { publicConsultation: null }));
    render(() => (
      <Router>
        <Route path="/" component={ConsultationPage} />
      </Router>
    ));
  }

  it('with none open, says so, names the last window with a link to its replies, and links onwards', async () => {
    noneOpen({ year: 2019, opensOn: '2019-11-30', deadline: '2019-12-10', open: false });
    expect(await screen.findByText('当前没有正在征求公众意见的事项。')).toBeTruthy();
    expect((await screen.findByText(/^最近一次公开征求意见/)).textContent).toBe(
      '最近一次公开征求意见针对2019年度的精简工作，时间为 2019年11月30日 至 2019年12月10日，现已结束。 查看2019年度采纳的意见及答复',
    );
    expect(screen.getByRole('link', { name: '查看2019年度采纳的意见及答复' }).getAttribute('href')).toBe('/consultation/2019');
    expect(screen.getByRole('link', { name: '查阅权责清单' }).getAttribute('href')).toBe('/list');
    expect(screen.getByRole('link', { name: '了解工作进度' }).getAttribute('href')).toBe('/status');
    expect(screen.queryByRole('textbox')).toBeNull();

    setLocale('en');
    expect(await screen.findByText('No proposals are open for public comment at the moment.')).toBeTruthy();
    expect(screen.getByText(/^The latest public consultation, on the 2019 round, ran from .+ to .+ and has closed\.$/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Read the accepted comments and replies of 2019' })).toBeTruthy();
  });

  it('with none ever opened, says that', async () => {
    noneOpen(null);
    expect(await screen.findByText('目前尚未开展过公开征求意见。')).toBeTruthy();
    expect(screen.queryByText(/^最近一次/)).toBeNull();
  });
});
