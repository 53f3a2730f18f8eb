import path from 'node:path';
import { proposals } from '@devolve/db';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn } from '../support/browser.ts';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * No dead end at 征求意见: a delegation that passes the re-check reaches the consultation stage with
 * no round open; the coordinator opens one from the workspace, and 天河区's liaison then finds it.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Candidate {
  id: string;
  version: number;
  classificationCode: string | null;
  targetDistricts: { code: string; shortName: string }[];
}

describe('opening a consultation from the workspace', () => {
  it('the coordinator opens one for the target districts, and the district liaison sees it in the portal', async () => {
    const coordinator = await server.signIn('coordinator');
    const found = await coordinator.graphql<{ proposals: { nodes: Candidate[] } }>(
      `{ proposals(first: 200, filter: { stages: [RECHECK], statuses: [ACTIVE], actions: [DELEGATE] }) {
          nodes { id version classificationCode targetDistricts { code shortName } } } }`,
    );
    const candidate = found.data!.proposals.nodes.find((p) => p.targetDistricts.some((d) => d.code === '440106'))!;
    expect(candidate).toBeDefined();
    // The team settled the classification (the classification tests cover how); then it passes the re-check.
    await server.database.opened.db.update(proposals).set({ classificationCode: 'agree_delegate' }).where(eq(proposals.id, databaseId(candidate.id)));
    const passed = await coordinator.graphql<{ transitionProposal: { __typename: string; stage?: string } }>(
      `mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename ... on Proposal { stage } } }`,
      { input: { proposalId: candidate.id, transition: 'PASS_RECHECK', expectedVersion: candidate.version } },
    );
    expect(passed.data!.transitionProposal).toEqual({ __typename: 'Proposal', stage: 'CONSULTATION' });

    const page = await openSignedIn(browser, server.url, 'coordinator', { path: `/proposals/${candidate.id}` });
    const decision = page.getByRole('region', { name: '办理' });
    await decision.getByRole('button', { name: '征求意见' }).click();
    const form = decision.getByRole('form', { name: '征求意见' });
    for (const district of candidate.targetDistricts) {
      expect(await form.getByRole('checkbox', { name: district.shortName }).isChecked()).toBe(true);
    }
    await form.getByRole('button', { name: '发起征求意见' }).click();

    // The round is open: nothing more for the coordinator until the districts answer, and the panel says so.
    const waiting = decision.getByRole('listitem').filter({ hasText: '结束征求意见' });
    await expect.poll(() => waiting.innerText(), { timeout: 15_000 }).toContain(`等待${candidate.targetDistricts.map((d) => d.shortName)[0]}`);
    await expect.poll(() => decision.getByRole('button', { name: '征求意见' }).count()).toBe(0);
    await page.screenshot({ path: path.join(artifactsDir, 'open-consultation.png') });

    const liaison = await openSignedIn(browser, server.url, 'district-440106', { path: '/district' });
    const row = liaison.getByRole('region', { name: /^待答复/ }).locator('tbody', { has: liaison.locator(`a[href="/proposals/${candidate.id}"]`) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  });
});
