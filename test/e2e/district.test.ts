import path from 'node:path';
import { consultations } from '@devolve/db';
import { eq } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, openSignedIn, subscriptionSent } from '../support/browser.ts';
import { inDays } from '../support/dates.ts';
import { databaseId } from '../support/ids.ts';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';
import { settle } from '../support/sse.ts';

/** The district portal (本区承接) in a real browser, as 天河区's liaison, over the demo data. */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The message shown in place for a form control: the text of the element its aria-describedby names as the error. */
async function fieldError(page: Page, control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  return errorId ? page.locator(`[id="${errorId}"]`).innerText() : '';
}

/** How many of 天河's consultations the API counts under `filter`. */
async function consultationCount(liaison: SignedInClient, filter: Record<string, boolean>): Promise<number> {
  const response = await liaison.graphql<{ districtConsultations: { totalCount: number } }>(
    'query($filter: DistrictConsultationFilter) { districtConsultations(first: 0, filter: $filter) { totalCount } }',
    { filter },
  );
  return response.data!.districtConsultations.totalCount;
}

describe('district portal', () => {
  it('lists the open consultations waiting for its answer first, and answers one: conditions without notes are refused in place, with notes saved for the team', async () => {
    const liaison = await server.signIn('district-440106');
    const waiting = await liaison.graphql<{
      districtConsultations: {
        nodes: { id: string; consultation: { id: string; proposal: { id: string; powerItem: { name: string } } } }[];
      };
    }>(
      '{ districtConsultations(first: 1, filter: { open: true, answered: false }) { nodes { id consultation { id proposal { id powerItem { name } } } } } }',
    );
    const feedback = waiting.data!.districtConsultations.nodes[0]!;
    const { proposal } = feedback.consultation;
    const name = proposal.powerItem.name;
    const waitingBefore = await consultationCount(liaison, { open: true, answered: false });
    const answeredBefore = await consultationCount(liaison, { open: true, answered: true });

    const page = await openSignedIn(browser, server.url, 'district-440106', { path: '/district' });
    // Two lists, each headed with its count: 待答复 first, then 本区已答复.
    const waitingList = page.getByRole('region', { name: /^待答复/ });
    const answeredList = page.getByRole('region', { name: /^本区已答复/ });
    await expect.poll(() => waitingList.getByRole('heading').innerText(), { timeout: 15_000 }).toMatch(new RegExp(`${waitingBefore} 项$`));
    await expect.poll(() => answeredList.getByRole('heading').innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${answeredBefore} 项$`));
    const headings = await page.locator('.consultations h2').allInnerTexts();
    expect(headings.map((h) => h.replace(/\s*\d+ 项$/, ''))).toEqual(['待答复', '本区已答复']);
    // Every row waiting is unanswered; every row answered has a stance.
    const waitingRows = waitingList.locator('tbody');
    expect(await waitingRows.count()).toBe(Math.min(waitingBefore, 20));
    for (const answer of await waitingRows.locator('td:nth-child(6)').allInnerTexts()) expect(answer).toBe('未答复');
    expect(await answeredList.locator('tbody .stance').count()).toBe(Math.min(answeredBefore, 20));
    const row = waitingList.locator('tbody', { has: page.locator(`a[href="/proposals/${proposal.id}"]`) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(artifactsDir, 'district.png') });

    // Answer: agree with conditions, but say nothing about them.
    await row.getByRole('button', { name: `答复「${name}」` }).click();
    await row.getByRole('radio', { name: '有条件同意' }).check();
    const comments = row.getByLabel('意见说明', { exact: true });
    const capacity = row.getByLabel('承接能力说明', { exact: true });
    await comments.fill('');
    await capacity.fill('');
    const send = row.locator('button[type="submit"]');
    await send.click();
    await expect
      .poll(() => fieldError(page, comments))
      .toBe('有条件同意或不同意时，请在意见说明或承接能力说明中写明条件或理由');
    expect(await comments.getAttribute('aria-invalid')).toBe('true');
    expect(await comments.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'district-consultation.png') });

    // With the conditions written down, the answer is saved and shown on the row.
    const notes = '区政务服务中心已设综合窗口；需市级部门先完成系统对接和业务培训。';
    await capacity.fill(notes);
    await row.getByLabel('编制和人员', { exact: true }).fill('需增加审批人员2名');
    await send.click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已提交对「${name}」的答复。`);
    // Answered, it leaves 待答复 for 本区已答复, and both counts follow.
    const answeredRow = answeredList.locator('tbody', { has: page.locator(`a[href="/proposals/${proposal.id}"]`) });
    await expect.poll(() => answeredRow.locator('.stance').innerText(), { timeout: 10_000 }).toBe('有条件同意');
    expect(await row.count()).toBe(0);
    await expect.poll(() => waitingList.getByRole('heading').innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${waitingBefore - 1} 项$`));
    await expect.poll(() => answeredList.getByRole('heading').innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${answeredBefore + 1} 项$`));

    // The review team reads 天河's answer on the proposal's consultation.
    const reviewer = await server.signIn('reviewer1');
    const seen = await reviewer.graphql<{
      node: { feedback: { district: { code: string }; stance: string; capacityNotes: string | null; staffingNeeds: string | null; comments: string | null }[] };
    }>(
      'query($id: ID!) { node(id: $id) { ... on Consultation { feedback { district { code } stance capacityNotes staffingNeeds comments } } } }',
      { id: feedback.consultation.id },
    );
    expect(seen.data!.node.feedback.find((f) => f.district.code === '440106')).toEqual({
      district: { code: '440106' },
      stance: 'AGREE_WITH_CONDITIONS',
      capacityNotes: notes,
      staffingNeeds: '需增加审批人员2名',
      comments: null,
    });

    // The reviewer's workspace page for the proposal opens on the same answer.
    const workspace = await openSignedIn(browser, server.url, 'reviewer1', { path: `/proposals/${proposal.id}` });
    await expect.poll(() => workspace.locator('main').innerText(), { timeout: 15_000 }).toContain(notes);
    await workspace.context().close();
    await page.context().close();
  });

  it('lists the delegations and entrustments that name the district, and only those', async () => {
    const liaison = await server.signIn('district-440106');
    const me = await liaison.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }');
    const districtId = me.data!.me.user.unit.id;
    const named = await liaison.graphql<{ proposals: { totalCount: number } }>(
      'query($filter: ProposalFilter) { proposals(first: 0, filter: $filter) { totalCount } }',
      { filter: { actions: ['DELEGATE', 'ENTRUST'], targetDistrictId: districtId } },
    );
    const total = named.data!.proposals.totalCount;
    expect(total).toBeGreaterThan(0);

    const page = await openSignedIn(browser, server.url, 'district-440106', { path: '/district' });
    // The list asks for the district's own (in the demo data visibility alone gives the same rows,
    // which would not stay true once other districts' results are published).
    const listRequest = page.waitForRequest((request) => request.postDataJSON()?.operationName === 'DistrictProposals', { timeout: 15_000 });
    await page.getByRole('link', { name: '下放委托事项' }).click();
    expect((await listRequest).postDataJSON().variables.districtId).toBe(districtId);
    const count = page.locator('.delegations .count');
    await expect.poll(() => count.innerText(), { timeout: 15_000 }).toBe(`共 ${total} 项涉及本区的下放、委托事项`);
    // Every row listed names 天河 among its districts.
    const districts = await page.locator('.delegations tbody td.districts').allInnerTexts();
    expect(districts).toHaveLength(Math.min(total, 20));
    for (const names of districts) expect(names.split('、')).toContain('天河区');
    await page.screenshot({ path: path.join(artifactsDir, 'district-delegations.png') });
    await page.context().close();
  });

  it('reports a handover: blocked without notes is refused in place, with the reason saved', async () => {
    const page = await openSignedIn(browser, server.url, 'district-440106', { path: '/district?tab=handovers&status=PREPARING' });
    const update = page.getByRole('button', { name: /^更新「/ }).first();
    await expect.poll(() => update.count(), { timeout: 15_000 }).toBe(1);
    const name = (await update.getAttribute('aria-label'))!.replace(/^更新「(.*)」的承接情况$/, '$1');
    await update.click();

    await page.getByLabel('承接状态', { exact: true }).last().selectOption('BLOCKED');
    const notes = page.getByLabel('备注', { exact: true });
    await notes.fill('');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => fieldError(page, notes)).toBe('标记为受阻时请在备注中说明原因');

    await notes.fill('区级审批系统尚未与省政务服务平台打通，暂无法受理。');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toBe(`已更新「${name}」的承接情况。`);

    const liaison = await server.signIn('district-440106');
    const blocked = await liaison.graphql<{ handovers: { nodes: { notes: string; powerItem: { name: string } }[] } }>(
      '{ handovers(first: 50, filter: { status: BLOCKED }) { nodes { notes powerItem { name } } } }',
    );
    expect(blocked.data!.handovers.nodes).toContainEqual({
      notes: '区级审批系统尚未与省政务服务平台打通，暂无法受理。',
      powerItem: { name },
    });
    await page.context().close();
  });

  it('shows a consultation the coordinator opens to the district without reloading', async () => {
    const [coordinator, liaison] = await Promise.all([server.signIn('coordinator'), server.signIn('district-440106')]);
    const me = await liaison.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }');
    const districtId = me.data!.me.user.unit.id;
    const candidates = await coordinator.graphql<{ proposals: { nodes: { id: string }[] } }>(
      'query($filter: ProposalFilter) { proposals(first: 1, filter: $filter) { nodes { id } } }',
      { filter: { stages: ['CONSULTATION'], statuses: ['ACTIVE'], actions: ['DELEGATE'], targetDistrictId: districtId } },
    );
    const proposalId = candidates.data!.proposals.nodes[0]!.id;
    // The seed's round for it is closed directly (no event), so the coordinator may open another.
    await server.database.opened.db.update(consultations).set({ status: 'closed' }).where(eq(consultations.proposalId, databaseId(proposalId)));
    const waitingBefore = await consultationCount(liaison, { open: true, answered: false });

    let live!: Promise<void>;
    const page = await openSignedIn(browser, server.url, 'district-440106', {
      path: '/district',
      beforeOpen: (opening) => {
        live = subscriptionSent(opening, 'DistrictChanged');
      },
    });
    const waitingList = page.getByRole('region', { name: /^待答复/ });
    await expect.poll(() => waitingList.getByRole('heading').innerText(), { timeout: 15_000 }).toMatch(new RegExp(`${waitingBefore} 项$`));
    // The portal follows its district live before anything changes.
    await live;
    await settle();
    const opened = await coordinator.graphql<{ openConsultation: { __typename: string } }>(
      'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { __typename } }',
      { input: { proposalId, deadline: inDays(7), districtIds: [districtId] } },
    );
    expect(opened.data!.openConsultation.__typename).toBe('Consultation');
    // Newest first: the new consultation heads the list, and the count follows, without a reload.
    const row = waitingList.locator('tbody').first().locator(`a[href="/proposals/${proposalId}"]`);
    await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => waitingList.getByRole('heading').innerText(), { timeout: 5_000 }).toMatch(new RegExp(`${waitingBefore + 1} 项$`));
    await page.context().close();
  });
});
