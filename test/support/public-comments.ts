import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { proofBitsOf } from '../../server/src/public-comments/proof.ts';
import type { GraphQLClient } from './server.ts';

/** A challenge from the server and a nonce that proves it, as the public page's browser computes them. */
export async function solvedChallenge(client: GraphQLClient): Promise<{ challenge: string; nonce: string }> {
  const response = await client.graphql<{ publicCommentChallenge: { challenge: string; bits: number } }>('{ publicCommentChallenge { challenge bits } }');
  const { challenge, bits } = response.data!.publicCommentChallenge;
  for (let n = 0; ; n++) if (proofBitsOf(challenge, String(n)) >= bits) return { challenge, nonce: String(n) };
}

/**
 * The coordinator moves a campaign's public consultation deadline through `updateCampaign`, as in
 * the product: after the domain clock's today opens the window (the demo's 2019 window opens on
 * 2019-11-30, the day after the review deadline), before it closes the window.
 */
export async function moveConsultationDeadline(coordinator: GraphQLClient, year: number, deadline: string): Promise<void> {
  const found = await coordinator.graphql<{ campaign: { id: string; version: number } }>('query($year: Int!) { campaign(year: $year) { id version } }', { year });
  const { id, version } = found.data!.campaign;
  const updated = await coordinator.graphql<{ updateCampaign: { __typename: string; consultationDeadline?: string } }>(
    'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on Campaign { consultationDeadline } } }',
    { input: { campaignId: id, expectedVersion: version, consultationDeadline: deadline } },
  );
  expect(updated.data!.updateCampaign).toEqual({ __typename: 'Campaign', consultationDeadline: deadline });
}

/**
 * In a proposal's workspace (the team's 公众意见 panel), a reviewer selects the comment signed
 * `authorName`, writes the public reply, accepts and confirms (accepting publishes at once), and
 * waits for the panel to say 已采纳.
 */
export async function acceptWithReply(page: Page, authorName: string, reply: string): Promise<Locator> {
  const panel = page.getByRole('region', { name: /^公众意见/ });
  const comment = panel.getByRole('listitem').filter({ hasText: authorName });
  await comment.getByRole('checkbox', { name: `选择 ${authorName} 的意见` }).check();
  await panel.getByLabel('公开答复（选填，仅采纳时公开）').fill(reply);
  await panel.getByRole('button', { name: '采纳', exact: true }).click();
  // Accepting publishes: the panel asks first.
  await expect.poll(() => panel.getByRole('group', { name: /采纳 1 条意见/ }).count()).toBe(1);
  await panel.getByRole('button', { name: '确定' }).click();
  await expect.poll(() => comment.innerText(), { timeout: 15_000 }).toContain('已采纳');
  return comment;
}
