import { consultations } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inDays } from '../support/dates.ts';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { startDigestServer, type DigestServer, type TestSmtpServer } from '../support/smtp.ts';
import { subscribe } from '../support/sse.ts';

/**
 * The inbox over HTTP: who is told what (the rules, server/src/notifications/rules.ts), never about
 * what they may not read, read state, the live count, the inbox page's statements, and the e-mail
 * digest delivered to a real SMTP server.
 */
let server: TestServer;
let campaignId: string;
let reviewer1: SignedInClient;
let reviewer2: SignedInClient;
/** 市场监管局, whose proposals the tests comment on and return, and another department. */
let department: SignedInClient;
let otherDepartment: SignedInClient;
let proposal: { id: string; version: number };

interface InboxEntry {
  id: string;
  kind: string;
  read: boolean;
  threadId: string | null;
  proposal: { id: string } | null;
  activity: { action: string; actor: { displayName: string } | null };
}

const inboxQuery = /* GraphQL */ `
  query($first: Int, $unreadOnly: Boolean, $kinds: [NotificationKind!]) {
    me {
      unreadNotificationCount
      notifications(first: $first, unreadOnly: $unreadOnly, kinds: $kinds) {
        edges { node { id kind read threadId proposal { id } activity { action actor { displayName } } } }
      }
    }
  }
`;

async function inbox(client: SignedInClient, variables: Record<string, unknown> = {}) {
  const response = await client.graphql<{ me: { unreadNotificationCount: number; notifications: { edges: { node: InboxEntry }[] } } }>(inboxQuery, {
    first: 50,
    ...variables,
  });
  expect(response.errors).toBeUndefined();
  return {
    count: response.data!.me.unreadNotificationCount,
    entries: response.data!.me.notifications.edges.map((e) => e.node),
    statements: response.extensions!.queryStats!.statements,
  };
}

async function startThread(client: SignedInClient, visibility: 'INTERNAL' | 'SHARED', body: string): Promise<string> {
  const response = await client.graphql<{ startCommentThread: { __typename: string; id: string } }>(
    'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename ... on CommentThread { id } } }',
    { input: { proposalId: proposal.id, visibility, body } },
  );
  expect(response.data?.startCommentThread.__typename).toBe('CommentThread');
  return response.data!.startCommentThread.id;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  campaignId = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
  [reviewer1, reviewer2, department, otherDepartment] = (await Promise.all(
    ['reviewer1', 'reviewer2', 'gz-scjgj', 'gz-zjj'].map((username) => server.signIn(username)),
  )) as [SignedInClient, SignedInClient, SignedInClient, SignedInClient];
  // The department reads only its own proposals.
  const found = await department.graphql<{ proposals: { nodes: { id: string; version: number }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id version } } }',
    { f: { campaignId, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
  );
  proposal = found.data!.proposals.nodes[0]!;
  expect(proposal).toBeDefined();
});
afterAll(() => server?.close());

describe('who is told', () => {
  it('tells the @mentioned only, live, and leads to the thread; the department never hears of an internal thread', async () => {
    const { count: before } = await inbox(reviewer2);
    const departmentBefore = await inbox(department);
    const live = subscribe<{ notificationsChanged: { notificationIds: string[]; unreadNotificationCount: number } }>(
      server.url,
      'subscription { notificationsChanged { notificationIds unreadNotificationCount } }',
      {},
      reviewer2.cookie,
    );
    await live.ready;
    const threadId = await startThread(reviewer1, 'INTERNAL', '@reviewer2 请看一下设定依据');

    const change = (await live.next()).notificationsChanged;
    expect(change.unreadNotificationCount).toBe(before + 1);
    expect(change.notificationIds).toHaveLength(1);
    const { entries, count } = await inbox(reviewer2);
    expect(count).toBe(before + 1);
    expect(entries[0]).toMatchObject({ id: change.notificationIds[0], kind: 'MENTION', read: false, threadId, proposal: { id: proposal.id } });
    expect(entries[0]!.activity.action).toBe('comment.created');

    expect((await inbox(reviewer1)).entries.some((e) => e.threadId === threadId)).toBe(false);
    const departmentAfter = await inbox(department);
    expect(departmentAfter.count).toBe(departmentBefore.count);
    expect(departmentAfter.entries.some((e) => e.threadId === threadId)).toBe(false);
    live.close();
  });

  it("tells a department of a shared comment on its proposal and of its proposal's return, and no other department", async () => {
    const threadId = await startThread(reviewer1, 'SHARED', '请补充设定依据的条款号');
    const returned = await reviewer1.graphql<{ transitionProposal: { __typename: string } }>(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
      { input: { proposalId: proposal.id, transition: 'RETURN', expectedVersion: proposal.version, reason: '设定依据不足' } },
    );
    expect(returned.data?.transitionProposal.__typename).toBe('Proposal');
    const { entries } = await inbox(department);
    expect(entries.slice(0, 2).map((e) => [e.kind, e.proposal?.id])).toEqual([
      ['PROPOSAL_RETURNED', proposal.id],
      ['DEPARTMENT_COMMENT', proposal.id],
    ]);
    expect(entries[1]!.threadId).toBe(threadId);
    expect((await inbox(department, { kinds: ['PROPOSAL_RETURNED'] })).entries.every((e) => e.kind === 'PROPOSAL_RETURNED')).toBe(true);
    expect((await inbox(otherDepartment)).entries.some((e) => e.proposal?.id === proposal.id)).toBe(false);
  });

  it('tells a district the consultation that asks it, and not a district it does not ask', async () => {
    const candidates = await reviewer1.graphql<{ proposals: { nodes: { id: string; targetDistricts: { id: string; code: string }[] }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { id targetDistricts { id code } } } }',
      { f: { campaignId, stages: ['CONSULTATION'], statuses: ['ACTIVE'], actions: ['DELEGATE'] } },
    );
    const delegation = candidates.data!.proposals.nodes.find((p) => p.targetDistricts.length >= 2)!;
    const [asked, notAsked] = delegation.targetDistricts as [{ id: string; code: string }, { id: string; code: string }];
    // The seed's round is closed directly so a new one may open (as consultations.test.ts does).
    await server.database.opened.db.update(consultations).set({ status: 'closed' }).where(eq(consultations.proposalId, databaseId(delegation.id)));
    const coordinator = await server.signIn('coordinator');
    const opened = await coordinator.graphql<{ openConsultation: { __typename: string } }>(
      'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { __typename } }',
      { input: { proposalId: delegation.id, deadline: inDays(30), districtIds: [asked.id] } },
    );
    expect(opened.data?.openConsultation.__typename).toBe('Consultation');
    const askedInbox = await inbox(await server.signIn(`district-${asked.code}`));
    expect(askedInbox.entries[0]).toMatchObject({ kind: 'CONSULTATION', proposal: { id: delegation.id } });
    const notAskedInbox = await inbox(await server.signIn(`district-${notAsked.code}`));
    expect(notAskedInbox.entries.some((e) => e.kind === 'CONSULTATION' && e.proposal?.id === delegation.id)).toBe(false);
  });
});

describe('reading the inbox', () => {
  it('serves a page of 6 in as many statements as a page of 2', async () => {
    for (let n = 0; n < 6; n += 1) await startThread(reviewer1, 'SHARED', `第 ${n + 1} 条共享意见`);
    const small = await inbox(department, { first: 2 });
    const large = await inbox(department, { first: 6 });
    expect(large.entries).toHaveLength(6);
    expect(large.statements).toBe(small.statements);
  });

  it('marks one read, then all, and refuses an id that is not mine', async () => {
    const { entries, count } = await inbox(department, { unreadOnly: true });
    const mark = (client: SignedInClient, input: Record<string, unknown>) =>
      client.graphql<{ markNotificationsRead: { __typename: string; unreadNotificationCount?: number; code?: string } }>(
        `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) {
          __typename ... on NotificationsMarkedRead { unreadNotificationCount notifications { id read } } ... on Error { code } } }`,
        { input },
      );
    expect((await mark(otherDepartment, { ids: [entries[0]!.id] })).data!.markNotificationsRead.code).toBe('NOT_FOUND');
    expect((await mark(department, { ids: [entries[0]!.id] })).data!.markNotificationsRead.unreadNotificationCount).toBe(count - 1);
    expect((await mark(department, {})).data!.markNotificationsRead.code).toBe('VALIDATION');
    expect((await mark(department, { all: true })).data!.markNotificationsRead.unreadNotificationCount).toBe(0);
    expect((await inbox(department, { unreadOnly: true })).entries).toEqual([]);
  });

  it('ends the inbox subscription at logout', async () => {
    const client = await server.signIn('reviewer2');
    const live = subscribe(server.url, 'subscription { notificationsChanged { unreadNotificationCount } }', {}, client.cookie);
    await live.ready;
    await client.graphql('mutation { logout { __typename } }');
    expect((await live.ended).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('the e-mail digest', () => {
  let smtp: TestSmtpServer;
  let digestServer: TestServer;
  let digest: DigestServer | undefined;

  beforeAll(async () => {
    digest = await startDigestServer();
    ({ smtp, server: digestServer } = digest);
  });
  afterAll(() => digest?.close());

  it("mails a person's unread notifications once, with links to where they lead", async () => {
    const [writer, reader] = [await digestServer.signIn('reviewer1'), await digestServer.signIn('reviewer2')];
    const response = await writer.graphql<{ startCommentThread: { id: string } }>(
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { ... on CommentThread { id } } }',
      { input: { proposalId: proposal.id, visibility: 'INTERNAL', body: '@reviewer2 摘要测试' } },
    );
    const threadId = response.data!.startCommentThread.id;
    // Turned on after the mention: the first digest, due at once, carries it.
    const settings = await reader.graphql<{ updateNotificationSettings: { __typename: string; digest?: string } }>(
      `mutation($input: UpdateNotificationSettingsInput!) { updateNotificationSettings(input: $input) {
        __typename ... on NotificationSettings { digest } } }`,
      { input: { mutedKinds: ['DEADLINE'], digest: 'HOURLY', email: 'reviewer2@review.example' } },
    );
    expect(settings.data?.updateNotificationSettings).toEqual({ __typename: 'NotificationSettings', digest: 'HOURLY' });
    const mail = await smtp.nextMail();
    expect(mail.to).toBe('reviewer2@review.example');
    expect(mail.subject).toMatch(/^Devolve 通知摘要：\d+ 条未读通知$/);
    expect(mail.text).toContain('有人提到了您');
    expect(mail.text).toContain(`https://review.example/proposals/${proposal.id}#thread-${threadId}`);

    // Every notification it carried is marked so; the next runs find nothing new to send.
    const sent = await reader.graphql<{ me: { unreadNotificationCount: number } }>('{ me { unreadNotificationCount } }');
    expect(sent.data!.me.unreadNotificationCount).toBeGreaterThan(0);
    // Logged once the SMTP server has accepted the mail, which the test may read first.
    const digestsSent = async () => (await digestServer.database.opened.db.query.activity.findMany({ where: { action: 'notification_digest.sent' } })).length;
    await expect.poll(digestsSent).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it('retries a digest the SMTP server refused, and it arrives once', async () => {
    const [writer, reader] = [await digestServer.signIn('reviewer1'), await digestServer.signIn('reviewer3')];
    const db = digestServer.database.opened.db;
    const readerId = (await db.query.users.findFirst({ where: { username: 'reviewer3' } }))!.id;
    smtp.refuseNext(1);
    await writer.graphql(
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
      { input: { proposalId: proposal.id, visibility: 'INTERNAL', body: '@reviewer3 重试测试' } },
    );
    await reader.graphql('mutation($input: UpdateNotificationSettingsInput!) { updateNotificationSettings(input: $input) { __typename } }', {
      input: { digest: 'DAILY', email: 'reviewer3@review.example' },
    });
    await smtp.refusalsDone();
    // The refused send gave its notifications back; the job's retry mails them.
    const mail = await smtp.nextMail();
    expect(mail.to).toBe('reviewer3@review.example');
    expect(mail.text).toContain('有人提到了您');
    expect(smtp.refused).toBe(1);
    expect(smtp.received.filter((received) => received.to === 'reviewer3@review.example')).toHaveLength(1);

    const logged = async (action: string) => (await db.query.activity.findMany({ where: { action, entityId: readerId } })).length;
    await expect.poll(() => logged('notification_digest.sent')).toBe(1);
    expect(await logged('notification_digest.failed')).toBe(1);
    // Sent: every notification it carried is claimed for good and the person is not due again today.
    const unmailed = await db.query.notifications.findMany({ where: { userId: readerId, readAt: { isNull: true }, digestedAt: { isNull: true } } });
    expect(unmailed).toEqual([]);
    const settings = await db.query.notificationSettings.findFirst({ where: { userId: readerId } });
    expect(settings!.lastDigestAt).not.toBeNull();
  });
});
