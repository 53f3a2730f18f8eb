import path from 'node:path';
import { campaigns, powerItems, proposals, publicComments } from '@devolve/db';
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { globalIdOf } from '../support/ids.ts';
import { acceptWithReply, moveConsultationDeadline, solvedChallenge } from '../support/public-comments.ts';
import { postGraphQL, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 15 inside: a comment from the public reaches the team. Submitted over GraphQL as anonymous
 * with a real proof of work, it is found through the queue's 「有待处理的公众意见」 filter; a
 * reviewer accepts it with a public reply in the workspace, the filter lets it go, and the public
 * reads the reply. The 2019 campaign's consultation window is moved to include the story's today.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  await moveConsultationDeadline(await server.signIn('coordinator'), 2019, '2019-12-31');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const anonymous = <T,>(query: string, variables?: Record<string, unknown>) => postGraphQL<T>(server.url, query, variables);

/** A proposal put to the public with no comment awaiting an answer yet, and its item's code (to search the queue by). */
async function quietProposal(): Promise<{ campaignId: number; proposalId: number; code: string }> {
  const db = server.database.opened.db;
  const [row] = await db
    .select({ campaignId: proposals.campaignId, proposalId: proposals.id, code: powerItems.basicCode })
    .from(proposals)
    .innerJoin(campaigns, eq(campaigns.id, proposals.campaignId))
    .innerJoin(powerItems, eq(powerItems.id, proposals.powerItemId))
    .where(
      and(
        eq(campaigns.year, 2019),
        eq(proposals.status, 'active'),
        inArray(proposals.stage, ['consultation', 'unit_confirmation']),
        notExists(db.select({ one: sql`1` }).from(publicComments).where(and(eq(publicComments.proposalId, proposals.id), eq(publicComments.status, 'received')))),
      ),
    )
    .orderBy(proposals.id)
    .limit(1);
  expect(row).toBeDefined();
  return row!;
}

const rowLink = (page: Page, proposalId: string) => page.locator(`.queue-row[data-id="${proposalId}"] .name a`);

describe('a public comment inside the workspace', () => {
  it('is found by the queue filter, accepted with a reply by a reviewer, leaves the filter, and the public reads the reply', async () => {
    const target = await quietProposal();
    const campaignId = globalIdOf('Campaign', target.campaignId);
    const proposalId = globalIdOf('Proposal', target.proposalId);
    const body = '<b>建议</b>下放后统一办事指南，并公布咨询电话。';
    const submitted = await anonymous<{ submitPublicComment: { __typename: string } }>(
      `mutation($input: SubmitPublicCommentInput!) { submitPublicComment(input: $input) { __typename ... on Error { messageEn } } }`,
      {
        input: {
          campaignId,
          proposalId,
          body,
          authorName: '市民李女士',
          contact: 'li@example.cn',
          idempotencyKey: 'e2e-public-comment-1',
          ...(await solvedChallenge(server)),
        },
      },
    );
    expect(submitted.data!.submitPublicComment.__typename).toBe('PublicCommentReceipt');

    // The reviewer narrows the queue to the item, then ticks 「有待处理的公众意见」.
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: `/queue?q=${encodeURIComponent(target.code)}` });
    await page.getByRole('checkbox', { name: '有待处理的公众意见' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('public')).toBe('1');
    await rowLink(page, proposalId).click();

    const panel = page.getByRole('region', { name: /^公众意见/ });
    const comment = panel.getByRole('listitem').filter({ hasText: '市民李女士' });
    // Text as the public wrote it (the tags shown, not applied), the contact for the team, awaiting an answer.
    await expect.poll(() => comment.innerText(), { timeout: 15_000 }).toContain(body);
    expect(await comment.locator('b').count()).toBe(0);
    expect(await comment.innerText()).toContain('li@example.cn');
    expect(await comment.innerText()).toContain('待处理');

    const reply = '感谢您的建议，下放后将统一公布办事指南和咨询电话。';
    await acceptWithReply(page, '市民李女士', reply);
    expect(await comment.innerText()).toContain(reply);
    await page.screenshot({ path: path.join(artifactsDir, 'public-comments-inside.png') });

    // The filter no longer lists the proposal; without the filter the search still finds it.
    await page.goto(`${server.url}/queue?q=${encodeURIComponent(target.code)}&public=1`);
    await expect.poll(() => page.locator('.queue-toolbar .count').innerText(), { timeout: 15_000 }).toContain('共 0 条');
    expect(await rowLink(page, proposalId).count()).toBe(0);
    await page.getByRole('checkbox', { name: '有待处理的公众意见' }).uncheck();
    await expect.poll(() => rowLink(page, proposalId).count(), { timeout: 15_000 }).toBe(1);

    // The public reads the accepted comment with the reply, never the contact.
    const thread = await anonymous<{ publicComments: { nodes: { body: string; authorName: string; reply: string; status: string }[] } }>(
      `query($campaignId: ID!, $proposalId: ID) { publicComments(campaignId: $campaignId, proposalId: $proposalId, first: 50) { nodes { body authorName reply status } } }`,
      { campaignId, proposalId },
    );
    expect(thread.data!.publicComments.nodes).toContainEqual({ body, authorName: '市民李女士', reply, status: 'ACCEPTED' });
    expect(JSON.stringify(thread)).not.toContain('li@example.cn');
  });
});
