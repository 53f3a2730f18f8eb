import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPlan } from '../../server/src/proposals/search.ts';
import { QueuePageQuery } from '../../web/src/review/queue-query.ts';
import { sentText } from '../../web/src/sent-text.ts';
import { databaseId, globalIdOf } from '../support/ids.ts';
import { addLicensingProposals } from '../support/searches.ts';
import { postGraphQL, startTestServer, type TestServer } from '../support/server.ts';
import { logPosition } from '../support/sse.ts';

/**
 * Planned execution of the web's queue page (DEVOLVE_PLANNED_OPERATIONS, issue 16): for each
 * viewer and variables, the planned answer is exactly the one normal execution gives, in one
 * statement besides the session. The server runs with the web's QueuePage persisted; the same
 * document with a trailing space is not the persisted text, so it runs field by field on the same
 * server and data, which is the answer to equal.
 */
let server: TestServer;
let directory: string;
const statementsRun: string[] = [];
const planned = sentText(QueuePageQuery);
const normal = `${planned} `;

type Page = { logPosition: number; proposals: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: { id: string }[] } };

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'devolve-planned-'));
  const file = path.join(directory, 'persisted.json');
  writeFileSync(file, JSON.stringify([planned]));
  server = await startTestServer({ seed: true, env: { DEVOLVE_PLANNED_OPERATIONS: file }, onStatement: (sql) => statementsRun.push(sql) });
});

afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The planned and the normal answer for one viewer (a cookie, or none) and variables. */
async function both(cookie: string | undefined, variables: Record<string, unknown>) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  statementsRun.length = 0;
  const plannedResponse = await postGraphQL<Page>(server.url, planned, variables, headers);
  const plannedStatements = [...statementsRun];
  const normalResponse = await postGraphQL<Page>(server.url, normal, variables, headers);
  return { plannedResponse, plannedStatements, normalResponse };
}

let campaignId: string;
const cookies = new Map<string, string>();

beforeAll(async () => {
  for (const username of ['reviewer1', 'coordinator', 'gz-scjgj', 'district-440106']) cookies.set(username, (await server.signIn(username)).cookie);
  const campaigns = await (await server.signIn('reviewer1')).graphql<{ campaigns: { nodes: { id: string; year: number }[] } }>('{ campaigns(first: 20) { nodes { id year } } }');
  campaignId = campaigns.data!.campaigns.nodes.find((campaign) => campaign.year === 2019)!.id;
});

describe('planned execution of the persisted queue page', () => {
  // The planned statements: the session and the page, and a search's plan (not asked before in
  // this file) or the team's count over an assignee's rows, beside the page as the resolver runs it.
  const cases: [string, string, () => Record<string, unknown>, number][] = [
    ['reviewer1', 'oldest first', () => ({ filter: { campaignId }, orderBy: 'OLDEST' }), 2],
    ['reviewer1', 'newest first', () => ({ filter: { campaignId }, orderBy: 'NEWEST' }), 2],
    ['reviewer1', 'recently updated', () => ({ filter: { campaignId }, orderBy: 'RECENTLY_UPDATED' }), 2],
    ['reviewer1', 'a stage', () => ({ filter: { campaignId, stages: ['INITIAL_REVIEW', 'RECHECK'] }, orderBy: 'OLDEST' }), 2],
    ['reviewer1', 'a search', () => ({ filter: { campaignId, search: '许可' }, orderBy: 'NEWEST' }), 3],
    ['reviewer1', 'assigned to me', () => ({ filter: { campaignId, assignedToMe: true }, orderBy: 'OLDEST' }), 3],
    ['coordinator', 'the whole queue, every campaign', () => ({ filter: {}, orderBy: 'OLDEST' }), 2],
    ['gz-scjgj', "a department's own and consulted proposals, drafts included", () => ({ filter: { campaignId }, orderBy: 'NEWEST' }), 2],
    ['district-440106', "a district liaison's", () => ({ filter: { campaignId }, orderBy: 'OLDEST' }), 2],
  ];

  it.each(cases)('%s, %s: the same JSON as field-by-field execution, in one statement for the page', async (username, _what, variables, statements) => {
    const { plannedResponse, plannedStatements, normalResponse } = await both(cookies.get(username), variables());
    expect(normalResponse.errors).toBeUndefined();
    expect(plannedResponse.status).toBe(200);
    expect(plannedResponse.data).toEqual(normalResponse.data);
    expect(plannedResponse.data!.proposals.nodes.length).toBeGreaterThan(0);
    // Planned: no queryStats (nothing was executed field by field).
    expect(plannedResponse.extensions).toBeUndefined();
    expect(normalResponse.extensions?.queryStats).toBeDefined();
    expect(plannedStatements).toHaveLength(statements);
    expect(plannedStatements.filter((text) => /^select body from \(with page as/.test(text))).toHaveLength(1);
  });

  it('a statement kept for the same viewer and variables answers with the log position of each request', async () => {
    const cookie = cookies.get('reviewer1')!;
    const variables = { filter: { campaignId }, orderBy: 'OLDEST' };
    const before = await both(cookie, variables);
    const reviewer = await server.signIn('reviewer1');
    const started = await reviewer.graphql<{ startCommentThread: { __typename: string } }>(
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
      { input: { proposalId: before.plannedResponse.data!.proposals.nodes[0]!.id, visibility: 'INTERNAL', body: '请补充法律依据。' } },
    );
    expect(started.data?.startCommentThread.__typename).toBe('CommentThread');
    const position = await logPosition(server.database.opened.db);
    expect(position).toBeGreaterThan(before.plannedResponse.data!.logPosition);
    // The server learns of the write from the log's notification, after the mutation has answered.
    await expect.poll(async () => (await postGraphQL<Page>(server.url, normal, variables, { cookie })).data?.logPosition).toBe(position);
    const after = await both(cookie, variables);
    expect(after.plannedResponse.data!.logPosition).toBe(position);
    expect(after.plannedResponse.data).toEqual(after.normalResponse.data);
  });

  it('the second page by cursor, in both orders, equals normal execution', async () => {
    for (const orderBy of ['OLDEST', 'NEWEST', 'RECENTLY_UPDATED']) {
      const first = await both(cookies.get('reviewer1'), { filter: { campaignId }, orderBy });
      expect(first.plannedResponse.data!.proposals.pageInfo.hasNextPage).toBe(true);
      const after = first.plannedResponse.data!.proposals.pageInfo.endCursor;
      const second = await both(cookies.get('reviewer1'), { filter: { campaignId }, orderBy, after });
      expect(second.plannedResponse.data).toEqual(second.normalResponse.data);
      expect(second.plannedStatements).toHaveLength(2);
      const ids = (page: Page) => page.proposals.nodes.map((node) => node.id);
      expect(ids(second.plannedResponse.data!)).not.toContain(ids(first.plannedResponse.data!)[0]);
    }
  });

  it('an assignee filter by global id equals normal execution', async () => {
    type Assigned = { proposals: { nodes: { assignees: { id: string }[] }[] } };
    const page = await postGraphQL<Assigned>(server.url, normal, { filter: { campaignId }, orderBy: 'OLDEST' }, { cookie: cookies.get('coordinator')! });
    const assigneeId = page.data!.proposals.nodes.flatMap((node) => node.assignees)[0]!.id;
    const { plannedResponse, plannedStatements, normalResponse } = await both(cookies.get('coordinator'), { filter: { campaignId, assigneeId }, orderBy: 'OLDEST' });
    expect(plannedResponse.data).toEqual(normalResponse.data);
    // The session, the count (over the assignee's rows) beside the page, and the page.
    expect(plannedStatements).toHaveLength(3);
  });

  it('what the plan does not cover is answered by normal execution, with its errors', async () => {
    // Anonymous: logPosition is for signed-in people, so the page is an error either way.
    const anonymous = await both(undefined, { filter: { campaignId }, orderBy: 'OLDEST' });
    expect(anonymous.plannedResponse.errors).toBeDefined();
    expect(anonymous.plannedResponse.data).toEqual(anonymous.normalResponse.data);
    expect(anonymous.plannedResponse.errors).toEqual(anonymous.normalResponse.errors);
    // A cursor of another list, a bad id, a search too long, a NUL: the same VALIDATION errors.
    for (const variables of [
      { filter: { campaignId }, orderBy: 'OLDEST', after: Buffer.from('DC:N:1').toString('base64') },
      { filter: { campaignId: globalIdOf('Unit', 1) }, orderBy: 'OLDEST' },
      { filter: { campaignId, search: '许'.repeat(101) }, orderBy: 'OLDEST' },
      { filter: { campaignId, search: 'a\u0000b' }, orderBy: 'OLDEST' },
      { filter: { campaignId }, orderBy: 'SIDEWAYS' },
    ]) {
      const { plannedResponse, normalResponse } = await both(cookies.get('reviewer1'), variables);
      expect(plannedResponse.errors?.[0]?.extensions?.code).toBeDefined();
      expect(plannedResponse.data ?? null).toEqual(normalResponse.data ?? null);
      expect(plannedResponse.errors).toEqual(normalResponse.errors);
    }
  });

  // Last: it adds proposals to the demo data.
  it('a search of each plan (looked up, probed, hashed with its ids first) equals normal execution, page after page', async () => {
    const db = server.database.opened.db;
    const cookie = cookies.get('reviewer1')!;
    const firstPage = await postGraphQL<Page>(server.url, normal, { filter: { campaignId }, orderBy: 'OLDEST' }, { cookie });
    await addLicensingProposals(db, databaseId(firstPage.data!.proposals.nodes[0]!.id));
    const campaign = databaseId(campaignId);
    expect({ 许: await searchPlan(db, '许', campaign), 可: await searchPlan(db, '可', campaign), 消防: await searchPlan(db, '消防', campaign) }).toEqual({
      许: 'hashed',
      可: 'probed',
      消防: 'lookup',
    });
    for (const search of ['许', '可', '消防']) {
      for (const orderBy of ['OLDEST', 'NEWEST', 'RECENTLY_UPDATED']) {
        let after: string | null = null;
        for (const pageNumber of [1, 2]) {
          const { plannedResponse, plannedStatements, normalResponse } = await both(cookie, { filter: { campaignId, search }, orderBy, after });
          const at = `${search} ${orderBy} page ${pageNumber}`;
          expect(plannedResponse.data, at).toEqual(normalResponse.data);
          if (pageNumber === 1) expect(plannedResponse.data!.proposals.pageInfo.hasNextPage, at).toBe(true);
          // The session and the page (each search's plan was remembered when searchPlan chose it
          // above), and a probed search's count beside the page, as the resolver runs it.
          expect(plannedStatements, at).toHaveLength(search === '可' ? 3 : 2);
          const pageStatement = plannedStatements.find((text) => text.startsWith('select body from (with page as'));
          expect(pageStatement!.includes('"page_ids"'), at).toBe(search === '许');
          after = plannedResponse.data!.proposals.pageInfo.endCursor;
        }
      }
    }
  });
});
