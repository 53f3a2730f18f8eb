import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consultations, districtFeedback, handovers, powerItems, proposalDistricts, proposals } from '@devolve/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalIdOf } from '../support/ids.ts';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Decisions of record in a real browser: the approver's district summary, partial approval, confirmations. */
let server: TestServer;
let browser: Browser;
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/approval-summary.png');

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Delegations at 审定 whose latest consultation heard at least `agreed` target districts agree, newest first. */
async function delegationsAtApproval(agreed: number) {
  const agreeing = sql<number>`(select count(*) from ${proposalDistricts} join ${districtFeedback} on ${districtFeedback.districtId} = ${proposalDistricts.districtId} and ${districtFeedback.consultationId} = (select max(${consultations.id}) from ${consultations} where ${consultations.proposalId} = ${proposals.id}) where ${proposalDistricts.proposalId} = ${proposals.id} and ${districtFeedback.stance} in ('agree', 'agree_with_conditions'))`;
  return server.database.opened.db
    .select({ id: proposals.id, itemName: powerItems.name })
    .from(proposals)
    .innerJoin(powerItems, eq(powerItems.id, proposals.powerItemId))
    .where(and(eq(proposals.stage, 'approval'), eq(proposals.status, 'active'), eq(proposals.action, 'delegate'), sql`${agreeing} >= ${agreed}`))
    .orderBy(desc(proposals.id))
    .limit(2);
}

describe('decisions of record', () => {
  it('shows the approver the districts’ answers next to 批准 and approves for two of three districts: exactly two handovers open', async () => {
    const [proposal] = await delegationsAtApproval(3);
    expect(proposal, 'a delegation at 审定 with three districts that agreed').toBeDefined();
    const page = await openSignedIn(browser, server.url, 'approver', { path: `/proposals/${encodeURIComponent(globalIdOf('Proposal', proposal!.id))}` });
    const decision = page.getByRole('region', { name: '办理' });
    await decision.getByRole('button', { name: '批准', exact: true }).click({ timeout: 20_000 });

    const summary = decision.getByRole('region', { name: '各区意见汇总' });
    await expect.poll(() => summary.getByText(/同意 \d+ 个/).count()).toBe(1);
    const agreeing = summary.getByRole('checkbox', { checked: true });
    expect(await agreeing.count()).toBeGreaterThanOrEqual(3);
    // Keep the first two; leave every other district out.
    while ((await agreeing.count()) > 2) await agreeing.nth(2).uncheck();
    await page.getByRole('region', { name: '办理' }).screenshot({ path: screenshot });

    await decision.getByRole('button', { name: '确认：批准' }).click();
    const dialog = page.getByRole('dialog', { name: '确认批准？' });
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect
      .poll(async () => (await server.database.opened.db.select().from(handovers).where(eq(handovers.proposalId, proposal!.id))).length, { timeout: 10_000 })
      .toBe(2);
    await expect.poll(() => page.getByRole('region', { name: '办理' }).getByRole('button', { name: '批准', exact: true }).count()).toBe(0);
  });

  it('asks again before 不予批准, and sends nothing when the approver goes back', async () => {
    const [, proposal] = await delegationsAtApproval(1);
    const [before] = await server.database.opened.db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, proposal!.id));
    const page = await openSignedIn(browser, server.url, 'approver', { path: `/proposals/${encodeURIComponent(globalIdOf('Proposal', proposal!.id))}` });
    const decision = page.getByRole('region', { name: '办理' });
    await decision.getByRole('button', { name: '不予批准' }).click({ timeout: 20_000 });
    await decision.getByLabel('理由').fill('承接条件尚不具备');
    await decision.getByRole('button', { name: '确认：不予批准' }).click();
    const dialog = page.getByRole('dialog', { name: '确认不予批准？' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain('此操作提交后不可撤销。');
    await dialog.getByRole('button', { name: '返回修改' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await decision.getByLabel('理由').inputValue()).toBe('承接条件尚不具备');
    const [after] = await server.database.opened.db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, proposal!.id));
    expect(after!.version).toBe(before!.version);
  });
});
