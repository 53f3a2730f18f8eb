import { activity, commentRevisions, comments, commentThreads, proposals, users } from '@devolve/db';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId, globalIdOf } from '../support/ids.ts';
import { startTestServer, type GraphQLResponse, type SignedInClient, type TestServer } from '../support/server.ts';
import { domainNow } from '../support/dates.ts';

/** Comment threads on proposals: who reads and writes them, mentions, edits, resolving, over HTTP. */
let server: TestServer;
let coordinator: SignedInClient;
let reviewer1: SignedInClient;
let reviewer2: SignedInClient;
let legal: SignedInClient;
/** 市场监管局's submitter, and another department's. */
let department: SignedInClient;
let otherDepartment: SignedInClient;
let campaignId: string;
let departmentUnitId: string;
/** A 市场监管局 proposal with seeded internal and shared threads. */
let proposal: SeededProposal;
/** A proposal of another department. */
let foreignProposalId: string;
const names: Record<string, string> = {};

interface SeededThread {
  id: string;
  visibility: 'INTERNAL' | 'SHARED';
  resolved: boolean;
  anchor: string | null;
  comments: { nodes: { id: string }[] };
}
interface SeededProposal {
  id: string;
  threadCount: number;
  openThreadCount: number;
  commentThreads: { nodes: SeededThread[] };
}

interface CommentResult {
  __typename: string;
  id: string;
  body: string;
  version: number;
  edited: boolean;
  editedAt: string | null;
  author: { displayName: string };
  mentions: { displayName: string }[];
  revisions: { nodes: { body: string; editedBy: { displayName: string }; editedAt: string }[] };
}
interface ThreadResult {
  __typename: string;
  id: string;
  anchor: string | null;
  visibility: string;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: { displayName: string } | null;
  version: number;
  author: { displayName: string };
  comments: { nodes: CommentResult[] };
}
interface ErrorResult {
  __typename: string;
  code: string;
  messageZh: string;
  messageEn: string;
  currentVersion?: number;
}

const commentFields = `id body version edited editedAt author { displayName } mentions { displayName }
  revisions { nodes { body editedBy { displayName } editedAt } }`;
const threadFields = `id anchor visibility resolved resolvedAt resolvedBy { displayName } version author { displayName }
  comments { nodes { ${commentFields} } }`;
const errorFields = '... on Error { code messageZh messageEn }';
/** Only in the results of mutations that check a version: a union lists just the errors its mutation returns. */
const conflictFields = '... on ConflictError { currentVersion }';
const resultTypes: Record<string, [string, string]> = {
  startCommentThread: ['StartCommentThreadInput', `... on CommentThread { ${threadFields} }`],
  replyToThread: ['ReplyToThreadInput', `... on Comment { ${commentFields} }`],
  editComment: ['EditCommentInput', `... on Comment { ${commentFields} } ${conflictFields}`],
  resolveThread: ['ThreadStateInput', `... on CommentThread { ${threadFields} } ${conflictFields}`],
  reopenThread: ['ThreadStateInput', `... on CommentThread { ${threadFields} } ${conflictFields}`],
};

async function call<T = ThreadResult & CommentResult & ErrorResult>(
  client: SignedInClient,
  name: keyof typeof resultTypes,
  input: Record<string, unknown>,
): Promise<T> {
  const [inputType, fields] = resultTypes[name]!;
  const response = await client.graphql<Record<string, T>>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename ${fields} ${errorFields} } }`,
    { input },
  );
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

/** Rows in every table a comment mutation writes to. */
async function rowCounts() {
  const db = server.database.opened.db;
  const n = async (table: typeof commentThreads | typeof comments | typeof commentRevisions | typeof activity) =>
    (await db.select({ n: count() }).from(table))[0]!.n;
  return { threads: await n(commentThreads), comments: await n(comments), revisions: await n(commentRevisions), activity: await n(activity) };
}


async function activityFor(action: string, entityId: string) {
  return server.database.opened.db
    .select()
    .from(activity)
    .where(and(eq(activity.action, action), eq(activity.entityId, databaseId(entityId))));
}

const proposalThreadsQuery = `query($id: ID!, $anchor: CommentAnchor) { node(id: $id) { ... on Proposal {
  id threadCount openThreadCount
  commentThreads(anchor: $anchor) { nodes { id visibility resolved anchor comments(first: 1) { nodes { id } } } }
} } }`;

async function threadsOf(client: SignedInClient, id: string, anchor?: string) {
  const response = await client.graphql<{ node: SeededProposal }>(proposalThreadsQuery, { id, anchor });
  expect(response.errors).toBeUndefined();
  return response.data!.node;
}

const nodeQuery = 'query($id: ID!) { node(id: $id) { id ... on CommentThread { visibility } ... on Comment { body } } }';

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  reviewer1 = await server.signIn('reviewer1');
  reviewer2 = await server.signIn('reviewer2');
  legal = await server.signIn('legal1');
  department = await server.signIn('gz-scjgj');
  otherDepartment = await server.signIn('gz-zjj');
  for (const client of [coordinator, reviewer1, reviewer2, legal, department, otherDepartment]) {
    const me = await client.graphql<{ me: { user: { displayName: string } } }>('{ me { user { displayName } } }');
    names[client.username] = me.data!.me.user.displayName;
  }
  const ids = await server.graphql<{ campaign: { id: string }; units: { id: string; code: string }[] }>(
    '{ campaign(year: 2019) { id } units(kind: DEPARTMENT) { id code } }',
  );
  campaignId = ids.data!.campaign.id;
  departmentUnitId = ids.data!.units.find((u) => u.code === 'GZ-SCJGJ')!.id;

  // The coordinator pages through 市场监管局's reviewed proposals for one with both kinds of thread.
  let after: string | null = null;
  for (let page = 0; page < 10 && !proposal; page += 1) {
    const response: { data?: { proposals: { pageInfo: { endCursor: string }; nodes: SeededProposal[] } } | null } =
      await coordinator.graphql(
        `query($after: String, $f: ProposalFilter) { proposals(first: 100, after: $after, filter: $f) {
          pageInfo { endCursor }
          nodes { id threadCount openThreadCount commentThreads { nodes { id visibility resolved anchor comments(first: 1) { nodes { id } } } } }
        } }`,
        { after, f: { campaignId, unitId: departmentUnitId, stages: ['INITIAL_REVIEW', 'LEGALITY_REVIEW', 'RECHECK'] } },
      );
    proposal = response.data!.proposals.nodes.find(
      (p) => p.commentThreads.nodes.some((t) => t.visibility === 'INTERNAL') && p.commentThreads.nodes.some((t) => t.visibility === 'SHARED'),
    )!;
    after = response.data!.proposals.pageInfo.endCursor;
  }
  const foreign = await coordinator.graphql<{ proposals: { nodes: { id: string; submittingUnit: { id: string } }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 50, filter: $f) { nodes { id submittingUnit { id } } } }',
    { f: { campaignId, stages: ['RECHECK'] } },
  );
  foreignProposalId = foreign.data!.proposals.nodes.find((p) => p.submittingUnit.id !== departmentUnitId)!.id;
});
afterAll(() => server?.close());

describe('reading threads', () => {
  it("shows a department only the shared threads of its own proposal, and counts only those", async () => {
    expect(proposal).toBeDefined();
    const all = await threadsOf(coordinator, proposal.id);
    const shared = all.commentThreads.nodes.filter((t) => t.visibility === 'SHARED');
    expect(all.threadCount).toBe(all.commentThreads.nodes.length);
    expect(all.openThreadCount).toBe(all.commentThreads.nodes.filter((t) => !t.resolved).length);

    const seen = await threadsOf(department, proposal.id);
    expect(seen.commentThreads.nodes.map((t) => t.id)).toEqual(shared.map((t) => t.id));
    expect(seen.threadCount).toBe(shared.length);
    expect(seen.openThreadCount).toBe(shared.filter((t) => !t.resolved).length);
    expect(seen.threadCount).toBeLessThan(all.threadCount);
  });

  it("counts only shared threads on every proposal of a department's queue page", async () => {
    const pageQuery = `query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes {
      id threadCount openThreadCount commentThreads { nodes { visibility resolved } }
    } } }`;
    const f = { campaignId, unitId: departmentUnitId, stages: ['INITIAL_REVIEW', 'LEGALITY_REVIEW', 'RECHECK'] };
    type Page = { proposals: { nodes: { id: string; threadCount: number; openThreadCount: number; commentThreads: { nodes: { visibility: string; resolved: boolean }[] } }[] } };
    const team = (await coordinator.graphql<Page>(pageQuery, { f })).data!.proposals.nodes;
    const own = (await department.graphql<Page>(pageQuery, { f })).data!.proposals.nodes;
    expect(own.map((p) => p.id)).toEqual(team.map((p) => p.id));
    own.forEach((p, i) => {
      const sharedThreads = team[i]!.commentThreads.nodes.filter((t) => t.visibility === 'SHARED');
      expect(p.threadCount).toBe(sharedThreads.length);
      expect(p.openThreadCount).toBe(sharedThreads.filter((t) => !t.resolved).length);
      expect(p.commentThreads.nodes.every((t) => t.visibility === 'SHARED')).toBe(true);
    });
    expect(team.reduce((sum, p) => sum + p.threadCount, 0)).toBeGreaterThan(own.reduce((sum, p) => sum + p.threadCount, 0));
  });

  it('refuses node(id) of an internal thread or comment to the department, and of any thread to others', async () => {
    const internal = proposal.commentThreads.nodes.find((t) => t.visibility === 'INTERNAL')!;
    const shared = proposal.commentThreads.nodes.find((t) => t.visibility === 'SHARED')!;
    for (const id of [internal.id, internal.comments.nodes[0]!.id]) {
      const refused = await department.graphql<{ node: unknown }>(nodeQuery, { id });
      expect(refused.data?.node ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const allowed = await department.graphql<{ node: { id: string; visibility: string } }>(nodeQuery, { id: shared.id });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.node).toMatchObject({ id: shared.id, visibility: 'SHARED' });
    const sharedComment = await department.graphql<{ node: { body: string } }>(nodeQuery, { id: shared.comments.nodes[0]!.id });
    expect(sharedComment.data!.node.body.length).toBeGreaterThan(0);

    const district = await server.signIn('district-440106');
    for (const outsider of [otherDepartment, district]) {
      const refused = await outsider.graphql<{ node: unknown }>(nodeQuery, { id: shared.id });
      expect(refused.data?.node ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await server.graphql<{ node: unknown }>(nodeQuery, { id: shared.id });
    expect(anonymous.data?.node ?? null).toBeNull();

    const observer = await server.signIn('observer');
    expect((await observer.graphql<{ node: { id: string } }>(nodeQuery, { id: internal.id })).data!.node.id).toBe(internal.id);
  });

  it('filters threads by anchor', async () => {
    const anchored = proposal.commentThreads.nodes.find((t) => t.anchor !== null);
    const anchor = anchored?.anchor ?? 'RATIONALE';
    const filtered = await threadsOf(coordinator, proposal.id, anchor);
    expect(filtered.commentThreads.nodes.length).toBe(proposal.commentThreads.nodes.filter((t) => t.anchor === anchor).length);
    for (const thread of filtered.commentThreads.nodes) expect(thread.anchor).toBe(anchor);
  });

  it('serves threads, comments, mentions and revisions for a page of 4 in as many statements as for 2', async () => {
    // Mentions load as User nodes in one batched statement per response (when there are any):
    // both pages hold mentions, so they must cost the same. (Small pages: three nested lists in
    // every row are what the operation cost limit is for.)
    const pageQuery = `query($first: Int, $after: String, $f: ProposalFilter) { proposals(first: $first, after: $after, filter: $f) { nodes {
      id threadCount openThreadCount
      commentThreads(first: 10) { nodes { author { displayName } resolvedBy { displayName } comments(first: 10) { nodes { body author { displayName } mentions { displayName unit { shortName } } revisions(first: 2) { nodes { body } } } } } }
    } } }`;
    // Both pages start at a proposal whose comments mention someone, and the larger page holds
    // mentions beyond the smaller one's: more mentions, in the same statements, is batching.
    const mentionsPerProposal = await server.database.opened.db
      .select({
        proposalId: proposals.id,
        mentions: sql<number>`coalesce(sum(cardinality(${comments.mentionedUserIds})), 0)::int`,
        // In shared threads: the ones the department sees as well.
        shared: sql<number>`coalesce(sum(cardinality(${comments.mentionedUserIds})) filter (where ${commentThreads.visibility} = 'shared'), 0)::int`,
      })
      .from(proposals)
      .leftJoin(commentThreads, eq(commentThreads.proposalId, proposals.id))
      .leftJoin(comments, eq(comments.threadId, commentThreads.id))
      .where(
        and(
          eq(proposals.campaignId, databaseId(campaignId)),
          eq(proposals.submittingUnitId, databaseId(departmentUnitId)),
          inArray(proposals.stage, ['initial_review', 'legality_review', 'recheck']),
        ),
      )
      .groupBy(proposals.id)
      // The queue's default order (OLDEST: by submission, ties by id).
      .orderBy(asc(proposals.submissionOrder), asc(proposals.id));
    const shared = (from: number, to: number) => mentionsPerProposal.slice(from, to).reduce((sum, p) => sum + p.shared, 0);
    // The team sees mentions on both pages and more on the larger; the department sees mentions on
    // both or on neither (a page with none needs no statement for them).
    const start = mentionsPerProposal.findIndex(
      (p, i) =>
        p.mentions > 0 &&
        (mentionsPerProposal[i + 2]?.mentions ?? 0) + (mentionsPerProposal[i + 3]?.mentions ?? 0) > 0 &&
        shared(i, i + 2) > 0 === shared(i, i + 4) > 0,
    );
    expect(start).toBeGreaterThanOrEqual(0);
    const f = { campaignId, unitId: departmentUnitId, stages: ['INITIAL_REVIEW', 'LEGALITY_REVIEW', 'RECHECK'] };
    // The page starts after the proposal before that one: its cursor, as the list gives it.
    let after: string | null = null;
    const previous = start > 0 ? globalIdOf('Proposal', mentionsPerProposal[start - 1]!.proposalId) : null;
    for (let from: string | null = null; previous !== null && after === null; ) {
      const walked: GraphQLResponse<{ proposals: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }> =
        await reviewer1.graphql('query($after: String, $f: ProposalFilter) { proposals(first: 100, after: $after, filter: $f) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }', { after: from, f });
      after = walked.data!.proposals.edges.find((edge) => edge.node.id === previous)?.cursor ?? null;
      expect(after !== null || walked.data!.proposals.pageInfo.hasNextPage).toBe(true);
      from = walked.data!.proposals.pageInfo.endCursor;
    }
    for (const client of [reviewer1, department]) {
      const page = async (first: number) => {
        const response = await client.graphql<{ proposals: { nodes: { commentThreads: { nodes: { comments: { nodes: { mentions: unknown[] }[] } }[] } }[] } }>(pageQuery, {
          first,
          after,
          f,
        });
        expect(response.errors).toBeUndefined();
        return { nodes: response.data!.proposals.nodes, statements: response.extensions!.queryStats!.statements };
      };
      const small = await page(2);
      const large = await page(4);
      expect(large.nodes).toHaveLength(4);
      expect(large.statements).toBe(small.statements);
      if (client === reviewer1) {
        // The larger page holds more mentions than the smaller, in the same statements: batched.
        const mentionsIn = (nodes: typeof small.nodes) =>
          nodes.flatMap((p) => p.commentThreads.nodes.flatMap((t) => t.comments.nodes.flatMap((c) => c.mentions))).length;
        expect(mentionsIn(small.nodes)).toBeGreaterThan(0);
        expect(mentionsIn(large.nodes)).toBeGreaterThan(mentionsIn(small.nodes));
      }
    }
  });
});

describe('starting threads', () => {
  it('lets the team start an internal thread on a field, mentioning by username and by display name', async () => {
    const body = `@reviewer2 请核对设定依据，@${names.legal1} 也请看一下。联系 someone@reviewer2.com，@nobody 不是用户。`;
    const thread = await call(reviewer1, 'startCommentThread', { proposalId: proposal.id, anchor: 'LEGAL_BASIS', visibility: 'INTERNAL', body });
    expect(thread).toMatchObject({
      __typename: 'CommentThread',
      anchor: 'LEGAL_BASIS',
      visibility: 'INTERNAL',
      resolved: false,
      resolvedBy: null,
      version: 1,
      author: { displayName: names.reviewer1 },
    });
    expect(thread.comments.nodes).toHaveLength(1);
    expect(thread.comments.nodes[0]).toMatchObject({ body, edited: false, editedAt: null, revisions: { nodes: [] } });
    expect(thread.comments.nodes[0]!.mentions.map((u) => u.displayName)).toEqual([names.reviewer2, names.legal1]);

    const [started] = await activityFor('comment_thread.started', thread.id);
    expect(started).toMatchObject({ entityType: 'comment_thread', internal: true, proposalId: databaseId(proposal.id) });
    const [created] = await activityFor('comment.created', thread.comments.nodes[0]!.id);
    expect(created).toMatchObject({ entityType: 'comment', internal: true });
    const [stored] = await server.database.opened.db
      .select({ mentionedUserIds: comments.mentionedUserIds })
      .from(comments)
      .where(eq(comments.id, databaseId(thread.comments.nodes[0]!.id)));
    expect(stored!.mentionedUserIds).toHaveLength(2);

    // The department does not see it, nor is it counted for them.
    const seen = await threadsOf(department, proposal.id);
    expect(seen.commentThreads.nodes.map((t) => t.id)).not.toContain(thread.id);
  });

  it('starts a thread in 5 statements, 6 with a mention: session, proposal, thread with comment, then the answer sent with the activity (notifications and NOTIFY)', async () => {
    const start = (body: string) =>
      reviewer1.graphql<{ startCommentThread: { __typename: string } }>(
        'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
        { input: { proposalId: proposal.id, visibility: 'INTERNAL', body } },
      );
    const plain = await start('请补充该事项的法律依据。');
    expect(plain.data?.startCommentThread.__typename).toBe('CommentThread');
    expect(plain.extensions!.queryStats!.statements).toBe(5);
    // The mention is looked up, and notified in the activity's statement.
    const mentioning = await start('@reviewer2 请补充该事项的法律依据。');
    expect(mentioning.data?.startCommentThread.__typename).toBe('CommentThread');
    expect(mentioning.extensions!.queryStats!.statements).toBe(6);
  });

  it("lets a department start a shared thread on its own proposal, and nothing else", async () => {
    // Another unit's proposal, which a department may not read, is to it one that does not exist.
    const refusals: [SignedInClient, Record<string, unknown>, string][] = [
      [department, { proposalId: proposal.id, visibility: 'INTERNAL', body: '内部讨论' }, 'FORBIDDEN'],
      [department, { proposalId: foreignProposalId, visibility: 'SHARED', body: '别的单位的意见' }, 'NOT_FOUND'],
      [otherDepartment, { proposalId: proposal.id, visibility: 'SHARED', body: '别的单位的意见' }, 'NOT_FOUND'],
      [await server.signIn('observer'), { proposalId: proposal.id, visibility: 'SHARED', body: '评估意见' }, 'FORBIDDEN'],
      [await server.signIn('approver'), { proposalId: proposal.id, visibility: 'INTERNAL', body: '审定意见' }, 'FORBIDDEN'],
      [await server.signIn('district-440106'), { proposalId: proposal.id, visibility: 'SHARED', body: '区里意见' }, 'FORBIDDEN'],
    ];
    const counts = await rowCounts();
    for (const [client, input, code] of refusals) {
      const refused = await call(client, 'startCommentThread', input);
      expect(refused.code, `${client.username} ${JSON.stringify(input)}`).toBe(code);
    }
    expect(await rowCounts()).toEqual(counts);

    const thread = await call(department, 'startCommentThread', {
      proposalId: proposal.id,
      anchor: 'RATIONALE',
      visibility: 'SHARED',
      body: '  @reviewer1 已补充近三年办件量，请查看。  ',
    });
    expect(thread).toMatchObject({ visibility: 'SHARED', anchor: 'RATIONALE', author: { displayName: names['gz-scjgj'] } });
    expect(thread.comments.nodes[0]).toMatchObject({ body: '@reviewer1 已补充近三年办件量，请查看。', mentions: [{ displayName: names.reviewer1 }] });
    const [started] = await activityFor('comment_thread.started', thread.id);
    expect(started!.internal).toBe(false);
    expect((await threadsOf(department, proposal.id)).commentThreads.nodes.map((t) => t.id)).toContain(thread.id);
  });

  it('refuses to mention someone who cannot read the thread, and bad input, writing nothing', async () => {
    const counts = await rowCounts();
    const invalid: Record<string, unknown>[] = [
      { proposalId: proposal.id, visibility: 'INTERNAL', body: '@gz-scjgj 请看内部讨论' },
      { proposalId: proposal.id, visibility: 'INTERNAL', body: `请 @${names['gz-scjgj']} 看内部讨论` },
      { proposalId: proposal.id, visibility: 'SHARED', body: '@gz-zjj 请看别的单位的讨论' },
      { proposalId: proposal.id, visibility: 'SHARED', body: '   ' },
      { proposalId: proposal.id, visibility: 'SHARED', body: '字'.repeat(5001) },
      { proposalId: campaignId, visibility: 'SHARED', body: '错误的 ID' },
    ];
    for (const input of invalid) {
      const refused = await call(reviewer1, 'startCommentThread', input);
      expect(refused.code, JSON.stringify(input).slice(0, 80)).toBe('VALIDATION');
    }
    const mentionRefusal = await call(reviewer1, 'startCommentThread', invalid[0]!);
    expect(mentionRefusal.messageZh).toContain(names['gz-scjgj']);
    const missing = await call(reviewer1, 'startCommentThread', {
      proposalId: Buffer.from('Proposal:999999').toString('base64'),
      visibility: 'SHARED',
      body: '不存在',
    });
    expect(missing.code).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(counts);
  });

  it('keeps bodies as plain text: markup comes back byte-identical, never as HTML', async () => {
    const body = '<script>alert(1)</script> & <b>粗体</b> "引号" \'单引号\'';
    const thread = await call(reviewer1, 'startCommentThread', { proposalId: proposal.id, visibility: 'SHARED', body });
    expect(thread.comments.nodes[0]!.body).toBe(body);
    const [stored] = await server.database.opened.db
      .select({ body: comments.body })
      .from(comments)
      .where(eq(comments.id, databaseId(thread.comments.nodes[0]!.id)));
    expect(stored!.body).toBe(body);
    const longest = await call(reviewer1, 'replyToThread', { threadId: thread.id, body: '长'.repeat(5000) });
    expect(longest.body).toHaveLength(5000);
  });
});

describe('replies', () => {
  it("lets the team and the proposal's department reply in shared threads, mentioning each other", async () => {
    const shared = proposal.commentThreads.nodes.find((t) => t.visibility === 'SHARED')!;
    const fromTeam = await call(reviewer2, 'replyToThread', { threadId: shared.id, body: '@gz-scjgj 请补充承接单位意见。' });
    expect(fromTeam).toMatchObject({ __typename: 'Comment', version: 1, mentions: [{ displayName: names['gz-scjgj'] }] });
    const fromDepartment = await call(department, 'replyToThread', { threadId: shared.id, body: `@${names.reviewer2} 已补充，请复核。` });
    expect(fromDepartment).toMatchObject({ author: { displayName: names['gz-scjgj'] }, mentions: [{ displayName: names.reviewer2 }] });
    const [created] = await activityFor('comment.created', fromDepartment.id);
    expect(created).toMatchObject({ internal: false, proposalId: databaseId(proposal.id) });

    const thread = await department.graphql<{ node: { comments: { nodes: { id: string }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on CommentThread { comments(last: 2) { nodes { id } } } } }',
      { id: shared.id },
    );
    expect(thread.data!.node.comments.nodes.slice(-2).map((c) => c.id)).toEqual([fromTeam.id, fromDepartment.id]);
  });

  it('refuses replies from outside the thread, writing nothing', async () => {
    const internal = proposal.commentThreads.nodes.find((t) => t.visibility === 'INTERNAL')!;
    const shared = proposal.commentThreads.nodes.find((t) => t.visibility === 'SHARED')!;
    const observer = await server.signIn('observer');
    const counts = await rowCounts();
    // Threads they may not read are, to them, threads that do not exist.
    expect((await call(department, 'replyToThread', { threadId: internal.id, body: '我们也想说几句' })).code).toBe('NOT_FOUND');
    expect((await call(otherDepartment, 'replyToThread', { threadId: shared.id, body: '路过' })).code).toBe('NOT_FOUND');
    expect((await call(observer, 'replyToThread', { threadId: shared.id, body: '评估' })).code).toBe('FORBIDDEN');
    expect((await call(reviewer1, 'replyToThread', { threadId: shared.id, body: '@gz-zjj 请看' })).code).toBe('VALIDATION');
    expect((await call(reviewer1, 'replyToThread', { threadId: proposal.id, body: '回复' })).code).toBe('VALIDATION');
    expect(
      (await call(reviewer1, 'replyToThread', { threadId: Buffer.from('CommentThread:999999').toString('base64'), body: '回复' })).code,
    ).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(counts);
  });
});

describe('editing comments', () => {
  it('keeps the previous body as a revision, marks the comment edited, and refuses stale versions', async () => {
    const thread = await call(reviewer1, 'startCommentThread', { proposalId: proposal.id, visibility: 'INTERNAL', body: '初稿：请补充材料' });
    const original = thread.comments.nodes[0]!;
    const edited = await call(reviewer1, 'editComment', {
      commentId: original.id,
      body: '请补充近三年办件量 @reviewer2',
      expectedVersion: 1,
    });
    expect(edited).toMatchObject({ __typename: 'Comment', body: '请补充近三年办件量 @reviewer2', edited: true, version: 2 });
    expect(edited.editedAt).toEqual(expect.any(String));
    expect(edited.mentions.map((u) => u.displayName)).toEqual([names.reviewer2]);
    expect(edited.revisions.nodes).toEqual([{ body: '初稿：请补充材料', editedBy: { displayName: names.reviewer1 }, editedAt: expect.any(String) }]);
    const [entry] = await activityFor('comment.edited', original.id);
    expect(entry).toMatchObject({ internal: true, entityType: 'comment' });

    const counts = await rowCounts();
    const stale = await call(reviewer1, 'editComment', { commentId: original.id, body: '又改', expectedVersion: 1 });
    expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', currentVersion: 2 });
    const notMine = await call(reviewer2, 'editComment', { commentId: original.id, body: '替他改', expectedVersion: 2 });
    expect(notMine.code).toBe('FORBIDDEN');
    const outsider = await call(reviewer1, 'editComment', { commentId: original.id, body: '@gz-scjgj 请看', expectedVersion: 2 });
    expect(outsider.code).toBe('VALIDATION');
    const empty = await call(reviewer1, 'editComment', { commentId: original.id, body: ' ', expectedVersion: 2 });
    expect(empty.code).toBe('VALIDATION');
    expect(await rowCounts()).toEqual(counts);

    const again = await call(reviewer1, 'editComment', { commentId: original.id, body: '定稿', expectedVersion: 2 });
    expect(again.revisions.nodes.map((r) => r.body)).toEqual(['初稿：请补充材料', '请补充近三年办件量 @reviewer2']);
    expect(again.mentions).toEqual([]);
  });
});

describe('resolving and reopening', () => {
  it("lets the thread's author resolve it and a reviewer reopen it, recording who and when", async () => {
    // Stamped by the domain clock: the demo's story time, which Query.domainNow tells.
    const clock = () => domainNow(department);
    const before = await clock();
    const thread = await call(department, 'startCommentThread', { proposalId: proposal.id, visibility: 'SHARED', body: '请确认是否还需补充材料？' });
    const resolved = await call(department, 'resolveThread', { threadId: thread.id, expectedVersion: 1 });
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: { displayName: names['gz-scjgj'] }, version: 2 });
    expect(Date.parse(resolved.resolvedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(resolved.resolvedAt!)).toBeLessThanOrEqual(await clock());

    const counts = await rowCounts();
    const twice = await call(reviewer1, 'resolveThread', { threadId: thread.id, expectedVersion: 2 });
    expect(twice).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' });
    const stale = await call(reviewer1, 'reopenThread', { threadId: thread.id, expectedVersion: 1 });
    expect(stale).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    // legal1 may write in the thread but is neither its author nor a reviewer.
    expect((await call(legal, 'reopenThread', { threadId: thread.id, expectedVersion: 2 })).code).toBe('FORBIDDEN');
    expect((await call(otherDepartment, 'reopenThread', { threadId: thread.id, expectedVersion: 2 })).code).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(counts);

    const reopened = await call(reviewer2, 'reopenThread', { threadId: thread.id, expectedVersion: 2 });
    expect(reopened).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null, version: 3 });
    expect((await call(reviewer2, 'reopenThread', { threadId: thread.id, expectedVersion: 3 })).code).toBe('INVALID_TRANSITION');

    const [resolvedEntry] = await activityFor('comment_thread.resolved', thread.id);
    const [reopenedEntry] = await activityFor('comment_thread.reopened', thread.id);
    expect(resolvedEntry).toMatchObject({ internal: false, after: { resolved: true } });
    expect(reopenedEntry).toMatchObject({ internal: false, before: { resolved: true }, after: { resolved: false } });
  });

  it('marks resolving an internal thread as internal activity', async () => {
    const internal = proposal.commentThreads.nodes.find((t) => t.visibility === 'INTERNAL')!;
    const current = await coordinator.graphql<{ node: { version: number; resolved: boolean } }>(
      'query($id: ID!) { node(id: $id) { ... on CommentThread { version resolved } } }',
      { id: internal.id },
    );
    const { version, resolved } = current.data!.node;
    const changed = await call(coordinator, resolved ? 'reopenThread' : 'resolveThread', { threadId: internal.id, expectedVersion: version });
    expect(changed.resolved).toBe(!resolved);
    const [entry] = await activityFor(resolved ? 'comment_thread.reopened' : 'comment_thread.resolved', internal.id);
    expect(entry!.internal).toBe(true);
  });
});

describe('mentionable users', () => {
  const mentionable = (client: SignedInClient, variables: Record<string, unknown>) =>
    client.graphql<{ mentionableUsers: { displayName: string; roles: string[] }[] }>(
      'query($p: ID!, $s: String, $v: CommentVisibility) { mentionableUsers(proposalId: $p, search: $s, visibility: $v) { displayName roles } }',
      variables,
    );

  it('lists the team for internal threads and adds the department for shared ones', async () => {
    const internal = (await mentionable(reviewer1, { p: proposal.id, v: 'INTERNAL' })).data!.mentionableUsers;
    expect(internal.map((u) => u.displayName)).toEqual(expect.arrayContaining([names.coordinator, names.reviewer2, names.legal1]));
    expect(internal.some((u) => u.roles.includes('SUBMITTER') || u.roles.includes('DISTRICT_LIAISON'))).toBe(false);

    const shared = (await mentionable(reviewer1, { p: proposal.id, v: 'SHARED' })).data!.mentionableUsers;
    expect(shared.filter((u) => u.roles.includes('SUBMITTER')).map((u) => u.displayName)).toEqual([names['gz-scjgj']]);

    const reviewersOnly = (await mentionable(department, { p: proposal.id, s: 'REVIEWER' })).data!.mentionableUsers;
    expect(reviewersOnly).toHaveLength(5);
    for (const user of reviewersOnly) expect(user.roles).toEqual(['REVIEWER']);
    const byName = (await mentionable(department, { p: proposal.id, s: names.legal1!.slice(1) })).data!.mentionableUsers;
    expect(byName.map((u) => u.displayName)).toContain(names.legal1);
  });

  it('refuses those who may not write in such threads', async () => {
    const district = await server.signIn('district-440106');
    const cases: [SignedInClient, Record<string, unknown>][] = [
      [department, { p: proposal.id, v: 'INTERNAL' }],
      [otherDepartment, { p: proposal.id, v: 'SHARED' }],
      [district, { p: proposal.id }],
    ];
    for (const [client, variables] of cases) {
      const refused = await mentionable(client, variables);
      expect(refused.data?.mentionableUsers ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await mentionable(reviewer1, { p: proposal.id, s: '字'.repeat(65) })).errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('returns at most 20 users', async () => {
    const db = server.database.opened.db;
    const [unit] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.username, 'reviewer1'));
    const extra = Array.from({ length: 25 }, (_, i) => ({
      username: `extra-reviewer-${i}`,
      displayName: `临时审核员${i}`,
      unitId: unit!.unitId,
      roles: ['reviewer' as const],
      passwordHash: 'not-a-password',
    }));
    await db.insert(users).values(extra);
    try {
      const listed = (await mentionable(reviewer1, { p: proposal.id, v: 'INTERNAL' })).data!.mentionableUsers;
      expect(listed).toHaveLength(20);
    } finally {
      await db.delete(users).where(inArray(users.username, extra.map((u) => u.username)));
    }
  });
});
