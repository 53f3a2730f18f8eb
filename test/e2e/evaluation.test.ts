import { campaigns } from '@devolve/db';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSignedIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * 成效评估 and 年度报告 in the browser: a department self-evaluates, the evaluator assesses it, the
 * console shows who has not submitted; a department marks its annual report published and the
 * console's count moves.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ seed: true }), launchBrowser()]);
  // The 2019 round has reached handover (the campaign tests cover moving it along its path).
  await server.database.opened.db.update(campaigns).set({ status: 'handover' }).where(eq(campaigns.year, 2019));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('evaluation', () => {
  it('a department self-evaluates, the evaluator assesses it, the console shows who has not submitted', async () => {
    const department = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=evaluation' });
    const results = department.getByRole('textbox', { name: '精简下放情况' });
    await expect.poll(() => results.inputValue(), { timeout: 15_000 }).toContain('本单位报送精简意见');
    await department.getByRole('textbox', { name: '企业群众办事变化' }).fill('办理时限由20个工作日压减至10个工作日。');
    await department.getByRole('textbox', { name: '存在问题' }).fill('部分区系统对接滞后。');
    await department.getByRole('textbox', { name: '意见建议' }).fill('加强业务培训。');
    await department.getByRole('button', { name: '提交自评' }).click();
    await expect.poll(() => department.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain('自评已提交');

    const observer = await openSignedIn(browser, server.url, 'observer', { path: '/evaluation' });
    const form = observer.getByRole('form', { name: '评估市市场监管局' });
    await form.getByRole('spinbutton', { name: '评分（1–5）' }).fill('4');
    await form.getByRole('textbox', { name: '评估意见' }).fill('取消下放事项落实到位。');
    await form.getByRole('button', { name: '保存评估' }).click();
    await expect.poll(() => observer.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain('已保存对市市场监管局的评估');

    const console = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign?year=2019&tab=evaluations' });
    const row = console.getByRole('row', { name: /市市场监管局/ });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('已提交');
    expect(await row.innerText()).toContain('4 分');
    const count = console.getByText(/个已提交自评/);
    await expect.poll(() => count.innerText()).toMatch(/1 个已提交自评，\d+ 个未提交/);
    await console.getByRole('checkbox', { name: '选择市交通运输局' }).check();
    await console.getByRole('button', { name: '催办所选单位' }).click();
    await console.getByText('已向 1 个单位发出催办。').waitFor({ timeout: 15_000 });
  });

  it("a department marks its annual report published and the console's count moves", async () => {
    const console = await openSignedIn(browser, server.url, 'coordinator', { path: '/campaign?year=2019&tab=reports' });
    const tally = console.getByText(/应公开 45 个单位/);
    await expect.poll(() => tally.innerText(), { timeout: 15_000 }).toContain('已公开 32 个');

    const department = await openSignedIn(browser, server.url, 'gz-scjgj', { path: '/department?tab=reports' });
    const form = department.getByRole('form', { name: '标记2018年度报告已发布' });
    await form.getByRole('textbox', { name: '发布网址' }).fill('https://www.gz.gov.cn/scjgj/2018.html');
    await form.getByRole('button', { name: '标记已发布' }).click();
    await expect.poll(() => department.getByRole('status').first().innerText(), { timeout: 15_000 }).toContain('2018年度报告已标记为已发布');

    await console.reload();
    await expect.poll(() => console.getByText(/应公开 45 个单位/).innerText(), { timeout: 15_000 }).toContain('已公开 33 个');
  });
});
