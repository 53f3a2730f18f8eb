import { campaigns } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalIdOf } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * 我的待办 over HTTP, role by role, with the statements each costs (one per kind of work the viewer
 * does), and the console's overdue figures (the team only, one statement).
 */
let server: TestServer;
let campaignId: string;

interface Entry {
  kind: string;
  campaignYear: number | null;
  count: number;
  overdueCount: number;
  deadline: string | null;
  overdue: boolean;
  href: string;
}
const todoQuery = /* GraphQL */ `query { me { todo { kind campaignYear count overdueCount deadline overdue href } } }`;
const baselineQuery = /* GraphQL */ `query { me { readOnly } }`;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  const [campaign] = await server.database.opened.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
  campaignId = globalIdOf('Campaign', campaign!.id);
});
afterAll(() => server.close());

/** The viewer's to-do and the statements it cost beyond reading the session. */
async function todoOf(client: SignedInClient) {
  const baseline = await client.graphql(baselineQuery);
  const response = await client.graphql<{ me: { todo: Entry[] } }>(todoQuery);
  expect(response.errors).toBeUndefined();
  return { entries: response.data!.me.todo, statements: response.extensions!.queryStats!.statements - baseline.extensions!.queryStats!.statements };
}

/** Overdue entries come first, and each says overdue exactly when its deadline has passed. */
function expectOverdueFirst(entries: Entry[], now: number) {
  const overdue = entries.map((entry) => entry.overdue);
  expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
  for (const entry of entries) expect(entry.overdue).toBe(entry.deadline !== null && Date.parse(entry.deadline) <= now);
}

describe('me.todo', () => {
  let now: number;
  beforeAll(async () => {
    const response = await server.graphql<{ domainNow: string }>('query { domainNow }');
    now = Date.parse(response.data!.domainNow);
  });

  const cases: { username: string; kinds: string[]; statements: number }[] = [
    // review + reminders
    { username: 'reviewer1', kinds: ['REVIEW'], statements: 2 },
    // legality + reminders
    { username: 'legal1', kinds: ['LEGALITY'], statements: 2 },
    // approval + reminders
    { username: 'approver', kinds: [], statements: 2 },
    // open/close consultations, claims + reminders
    { username: 'coordinator', kinds: ['SETTLE_CLAIM'], statements: 4 },
    // returns, confirmations, claims, the self-evaluation + reminders
    { username: 'gz-scjgj', kinds: ['REVISE'], statements: 5 },
    // consultations to answer, handovers, the self-evaluation + reminders
    { username: 'district-440106', kinds: ['ANSWER'], statements: 4 },
    // assessments + reminders
    { username: 'observer', kinds: [], statements: 2 },
  ];
  for (const { username, kinds, statements } of cases) {
    it(`gives ${username} their own work, overdue first, in ${statements} statement(s)`, async () => {
      const client = await server.signIn(username);
      const todo = await todoOf(client);
      expect(todo.statements).toBe(statements);
      expect(todo.entries.map((entry) => entry.kind)).toEqual(expect.arrayContaining(kinds));
      for (const entry of todo.entries) {
        expect(entry.count).toBeGreaterThan(0);
        expect(entry.overdueCount).toBeLessThanOrEqual(entry.count);
        expect(entry.href).toMatch(/^\/(queue|campaign|department|district|todo)\b/);
      }
      expectOverdueFirst(todo.entries, now);
    });
  }

  it("counts a reviewer's assigned proposals as the queue filtered to them does", async () => {
    const reviewer = await server.signIn('reviewer2');
    const review = (await todoOf(reviewer)).entries.find((entry) => entry.kind === 'REVIEW')!;
    const queue = await reviewer.graphql<{ proposals: { totalCount: number } }>(
      `query($f: ProposalFilter) { proposals(first: 1, filter: $f) { totalCount } }`,
      { f: { campaignId, assignedToMe: true, stages: ['SUBMITTED', 'INITIAL_REVIEW', 'RECHECK'], statuses: ['ACTIVE'] } },
    );
    expect(review.count).toBe(queue.data!.proposals.totalCount);
    expect(review).toMatchObject({ campaignYear: 2019, overdue: true });
  });

  it('is empty for an anonymous request, which has no me', async () => {
    const response = await server.graphql<{ me: null }>(todoQuery);
    expect(response.data!.me).toBeNull();
  });

  it('shows a reminder to the unit until the unit marks it seen, and then no more', async () => {
    const coordinator = await server.signIn('coordinator');
    const department = await server.signIn('gz-jtj');
    const unit = await department.graphql<{ me: { user: { unit: { id: string } } } }>('query { me { user { unit { id } } } }');
    const sent = await coordinator.graphql<{ sendReminders: { reminders: { id: string }[] } }>(
      `mutation($input: SendRemindersInput!) { sendReminders(input: $input) { ... on RemindersResult { reminders { id } } } }`,
      { input: { campaignId, channel: 'PHONE', message: '请尽快确认审核结果', dueOn: '2019-12-30', reminders: [{ recipientId: unit.data!.me.user.unit.id }] } },
    );
    const reminderId = sent.data!.sendReminders.reminders[0]!.id;
    const count = async () => (await todoOf(department)).entries.find((entry) => entry.kind === 'REMINDER')?.count ?? 0;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    const mine = await department.graphql<{ reminders: { nodes: { id: string }[] } }>(
      `query { reminders(first: 50, filter: { toViewer: true, acknowledged: false }) { nodes { id } } }`,
    );
    expect(mine.data!.reminders.nodes.map((node) => node.id)).toContain(reminderId);
    await department.graphql(`mutation($input: AcknowledgeRemindersInput!) { acknowledgeReminders(input: $input) { __typename } }`, {
      input: { reminderIds: [reminderId] },
    });
    expect(await count()).toBe(before - 1);
  });
});

describe('overdueWork', () => {
  const figuresQuery = /* GraphQL */ `query($id: ID!) { overdueWork(campaignId: $id) { kind recipientId recipientName recipientIsDistrict recipientIsPerson count deadline } }`;

  it('gives the team the overdue work per department, district and reviewer, in one statement', async () => {
    const coordinator = await server.signIn('coordinator');
    const baseline = await coordinator.graphql(baselineQuery);
    const response = await coordinator.graphql<{
      overdueWork: { kind: string; recipientId: string; recipientName: string; recipientIsPerson: boolean; count: number }[];
    }>(figuresQuery, { id: campaignId });
    expect(response.errors).toBeUndefined();
    expect(response.extensions!.queryStats!.statements - baseline.extensions!.queryStats!.statements).toBe(1);
    const rows = response.data!.overdueWork;
    expect(rows.some((row) => row.kind === 'REVIEW' && row.recipientIsPerson)).toBe(true);
    expect(rows.some((row) => row.kind === 'REVISE' && !row.recipientIsPerson)).toBe(true);
  });

  it('refuses departments and districts', async () => {
    for (const username of ['gz-scjgj', 'district-440106']) {
      const client = await server.signIn(username);
      const response = await client.graphql(figuresQuery, { id: campaignId });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
