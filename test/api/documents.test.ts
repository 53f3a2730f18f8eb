import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxParagraphs, unzipText } from '../support/docx.ts';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 14, documents: the key task's quarterly report as .docx over an authenticated GET. The file
 * is unzipped and its text compared with what GraphQL `keyTask` says (goals, achievements with
 * their figures filled), its styles with the official fonts and its page with A4 and the GB/T 9704
 * margins. Drafts reach the coordinator only; a client's mistake is a 4xx, never a 500.
 */
let server: TestServer;
let coordinator: SignedInClient;
let observer: SignedInClient;

interface Downloaded {
  status: number;
  headers: Headers;
  parts?: Map<string, string>;
  text?: string[];
}

async function download(path: string, client?: SignedInClient, init: RequestInit = {}): Promise<Downloaded> {
  const response = await fetch(`${server.url}${path}`, { ...init, headers: client ? { cookie: client.cookie } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, headers: response.headers };
  const parts = await unzipText(bytes);
  return { status: response.status, headers: response.headers, parts, text: docxParagraphs(parts.get('word/document.xml')!) };
}

interface TaskView {
  title: string;
  leadUnit: { shortName: string };
  figures: { unitsSubmitting: number; proposalsSubmitted: number; proposalsDecided: number };
  quarters: { quarter: number; goals: string[]; progress: { items: string[] } | null; draft: { items: string[] } | null }[];
}

async function taskView(client: SignedInClient, year: number, number: number): Promise<TaskView> {
  const response = await client.graphql<{ keyTask: TaskView }>(
    `query($year: Int!, $number: Int!) { keyTask(year: $year, number: $number) {
      title leadUnit { shortName } figures { unitsSubmitting proposalsSubmitted proposalsDecided }
      quarters { quarter goals progress { items } draft { items } } } }`,
    { year, number },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.keyTask;
}

const quarterNames = ['第一季度', '第二季度', '第三季度', '第四季度'];

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  [coordinator, observer] = await Promise.all([server.signIn('coordinator'), server.signIn('observer')]);
  // Task 21 of 2019, on the 2019 campaign: Q1 published quoting live figures, Q2 a draft.
  const campaign = (await coordinator.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign;
  const fields = '... on KeyTask { id quarters { draft { id version } } } ... on Error { code }';
  const created = await coordinator.graphql<{ createKeyTask: { id: string } }>(`mutation($input: CreateKeyTaskInput!) { createKeyTask(input: $input) { ${fields} } }`, {
    input: {
      year: 2019,
      number: 21,
      title: '健全权责清单动态管理机制。',
      campaignId: campaign.id,
      goals: [1, 2, 3, 4].map((quarter) => ({ quarter, texts: [`第${quarter}季度目标甲。`, `第${quarter}季度目标乙。`] })),
    },
  });
  const keyTaskId = created.data!.createKeyTask.id;
  const save = `mutation($input: SaveKeyTaskProgressInput!) { saveKeyTaskProgress(input: $input) { ${fields} } }`;
  const q1 = await coordinator.graphql<{ saveKeyTaskProgress: { quarters: { draft: { id: string; version: number } | null }[] } }>(save, {
    input: { keyTaskId, quarter: 1, status: 'ON_TRACK', items: ['制定了工作方案。', '{unitsSubmitting}个市直部门报送{proposalsSubmitted}项精简意见。'] },
  });
  const draft = q1.data!.saveKeyTaskProgress.quarters[0]!.draft!;
  const published = await coordinator.graphql(`mutation($input: PublishKeyTaskProgressInput!) { publishKeyTaskProgress(input: $input) { ${fields} } }`, {
    input: { progressId: draft.id, expectedVersion: draft.version },
  });
  expect(published.errors).toBeUndefined();
  const q2 = await coordinator.graphql(save, { input: { keyTaskId, quarter: 2, status: 'DELAYED', items: ['草拟中：已办结{proposalsDecided}项。'] } });
  expect(q2.errors).toBeUndefined();
});
afterAll(() => server?.close());

describe('the key task quarterly report (.docx)', () => {
  it("holds the seed task's title, lead unit, every quarter's goals and every published achievement", async () => {
    const task = await taskView(observer, 2019, 20);
    const got = await download('/documents/key-tasks/2019/20.docx', observer);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('2019年任务20进展情况.docx')}`);
    expect(got.headers.get('cache-control')).toContain('no-store');
    const text = got.text!;
    const all = text.join('\n');
    expect(text[0]).toBe('2019年重点工作任务20进展情况');
    expect(text[1]).toMatch(/^（\d{4}年\d{1,2}月\d{1,2}日）$/);
    expect(text).toContain('牵头单位');
    expect(text).toContain(task.leadUnit.shortName);
    expect(text).toContain(`任务20：${task.title}`);
    for (const quarter of task.quarters) {
      expect(quarter.goals.length).toBeGreaterThan(0);
      for (const goal of quarter.goals) expect(all).toContain(goal);
      expect(quarter.progress).not.toBeNull();
      expect(text).toContain(`${quarterNames[quarter.quarter - 1]}：`);
      // 一、… 二、… in order, as the seed page numbers them.
      quarter.progress!.items.forEach((item, i) => expect(text).toContain(`${'一二三四五'[i]}、${item}`));
    }
    expect(all).not.toContain('草稿');
  });

  it('fills the achievements with the figures GraphQL gives, and names the official fonts, A4 and the GB/T 9704 margins', async () => {
    const task = await taskView(observer, 2019, 21);
    const { unitsSubmitting, proposalsSubmitted } = task.figures;
    expect(proposalsSubmitted).toBeGreaterThan(0);
    expect(task.quarters[0]!.progress!.items[1]).toBe(`${unitsSubmitting}个市直部门报送${proposalsSubmitted}项精简意见。`);
    const got = await download('/documents/key-tasks/2019/21.docx', observer);
    expect(got.status).toBe(200);
    const text = got.text!;
    expect(text).toContain('一、制定了工作方案。');
    expect(text).toContain(`二、${unitsSubmitting}个市直部门报送${proposalsSubmitted}项精简意见。`);
    for (const [q, name] of quarterNames.entries()) {
      expect(text).toContain(`1.第${q + 1}季度目标甲。`);
      expect(text).toContain(`2.第${q + 1}季度目标乙。`);
      expect(text.some((p) => p.startsWith(name))).toBe(true);
    }
    // Q2 is the coordinator's draft: the observer's report says it is not reported yet.
    expect(text.join('\n')).not.toContain('草拟中');
    expect(text.filter((p) => p === '尚未报送进展。')).toHaveLength(3);

    const styles = got.parts!.get('word/styles.xml')!;
    for (const font of ['仿宋_GB2312', '黑体', '楷体_GB2312', '宋体']) expect(styles).toContain(`w:eastAsia="${font}"`);
    expect(styles).toContain('w:sz w:val="32"'); // 三号, 16 pt
    const document = got.parts!.get('word/document.xml')!;
    // A4 (210 × 297 mm) and the margins 37 / 35 / 28 / 26 mm, in twips.
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(document)![1]!;
    expect(margin).toContain('w:top="2098"');
    expect(margin).toContain('w:bottom="1984"');
    expect(margin).toContain('w:left="1587"');
    expect(margin).toContain('w:right="1474"');
    // Bordered tables, and page numbers — 1 — in the footers.
    expect(document).toMatch(/<w:tblBorders><w:top w:val="single"/);
    const footers = [...got.parts!.entries()].filter(([name]) => /^word\/footer\d+\.xml$/.test(name)).map(([, xml]) => xml);
    expect(footers).toHaveLength(2);
    for (const footer of footers) {
      expect(footer).toContain('PAGE');
      expect(docxParagraphs(footer).join('')).toMatch(/^— +—$/);
    }
  });

  it("includes the coordinator's draft, marked 草稿, only when asked and only for the coordinator", async () => {
    const task = await taskView(coordinator, 2019, 21);
    const draftItem = task.quarters[1]!.draft!.items[0]!;
    expect(draftItem).toBe(`草拟中：已办结${task.figures.proposalsDecided}项。`);
    const withDrafts = (await download('/documents/key-tasks/2019/21.docx?drafts=1', coordinator)).text!;
    expect(withDrafts).toContain('第二季度：（草稿，未发布）');
    expect(withDrafts).toContain('滞后。');
    expect(withDrafts).toContain(`一、${draftItem}`);
    for (const [reader, path] of [
      [coordinator, '/documents/key-tasks/2019/21.docx'],
      [coordinator, '/documents/key-tasks/2019/21.docx?drafts=0'],
      [observer, '/documents/key-tasks/2019/21.docx?drafts=1'],
      [await server.signIn('reviewer1'), '/documents/key-tasks/2019/21.docx?drafts=1'],
    ] as const) {
      const text = (await download(path, reader)).text!.join('\n');
      expect(text).not.toContain('草拟中');
      expect(text).not.toContain('草稿');
    }
  });

  it('answers the unauthenticated 401, an unknown task 404 and a malformed address 400, never 500', async () => {
    expect((await download('/documents/key-tasks/2019/20.docx')).status).toBe(401);
    const forged = await fetch(`${server.url}/documents/key-tasks/2019/20.docx`, { headers: { cookie: 'devolve_session=%E0%A4%A' } });
    expect(forged.status).toBe(401);
    for (const path of ['/documents/key-tasks/2019/999.docx', '/documents/key-tasks/1999/20.docx', '/documents/key-tasks/2019/0.docx', '/documents/other/20.docx']) {
      expect([path, (await download(path, observer)).status]).toEqual([path, 404]);
    }
    for (const path of [
      '/documents/key-tasks/abc/20.docx',
      '/documents/key-tasks/2019/20.pdf',
      '/documents/key-tasks/2019/1234.docx',
      '/documents/key-tasks/2019/%00.docx',
      '/documents/key-tasks/2019/20.docx?drafts=yes',
      '/documents/key-tasks/2019/20.docx?drafts=1&drafts=0',
      '/documents/key-tasks/2019/20.docx/',
    ]) {
      expect([path, (await download(path, observer)).status]).toEqual([path, 400]);
    }
    const posted = await fetch(`${server.url}/documents/key-tasks/2019/20.docx`, { method: 'POST', headers: { cookie: observer.cookie } });
    expect(posted.status).toBe(405);
  });
});
