import { campaigns, proposals, publicComments } from '@devolve/db';
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveConsultationDeadline, solvedChallenge } from '../support/public-comments.ts';
import { globalIdOf } from '../support/ids.ts';
import { postGraphQL, type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * The public consultation over HTTP: anonymous comments with a real proof of work, the team's
 * moderation, what the public reads, the window, the rate limits under parallel requests (the
 * server trusts 127.0.0.1 as a proxy, so each request names its address in X-Forwarded-For), and
 * hostile input. The 2019 campaign's consultation window is moved to include the story's today.
 */
let server: TestServer;
let reviewer: SignedInClient;
let coordinator: SignedInClient;
let campaignId: string;
let proposalIds: string[];
const limits = { proofBits: 8, perAddress: 5, perAddressWindowMs: 600_000, global: 40, globalWindowMs: 60_000 };

interface Outcome {
  __typename: string;
  code?: string;
  messageZh?: string;
  field?: string;
  retryAfterSeconds?: number;
  commentId?: string;
  duplicate?: boolean;
}

const submitDocument = `mutation($input: SubmitPublicCommentInput!) { submitPublicComment(input: $input) {
  __typename ... on Error { code messageZh messageEn } ... on ValidationError { field } ... on RateLimitedError { retryAfterSeconds }
  ... on PublicCommentReceipt { commentId duplicate } } }`;

let sequence = 0;
const newKey = () => `test-key-${++sequence}-${Math.random().toString(36).slice(2)}`;

async function anonymous<T>(query: string, variables?: Record<string, unknown>, address = '198.51.100.1') {
  return postGraphQL<T>(server.url, query, variables, { 'x-forwarded-for': address });
}

/** A challenge and a nonce that proves it, computed as the browser does. */
const proof = () => solvedChallenge({ graphql: (query: string, variables?: Record<string, unknown>) => anonymous(query, variables) });

async function submit(input: Record<string, unknown>, address?: string): Promise<Outcome & { status: number }> {
  const response = await anonymous<{ submitPublicComment: Outcome }>(
    submitDocument,
    { input: { campaignId, body: '建议同步公布办事指南。', idempotencyKey: newKey(), ...(await proof()), ...input } },
    address,
  );
  expect(response.errors).toBeUndefined();
  return { status: response.status, ...response.data!.submitPublicComment };
}

const db = () => server.database.opened.db;

beforeAll(async () => {
  server = await startTestServer({ seed: true, config: { trustedProxies: ['127.0.0.1/32'], publicComments: limits } });
  reviewer = await server.signIn('reviewer1');
  coordinator = await server.signIn('coordinator');
  await moveConsultationDeadline(coordinator, 2019, '2019-12-31');
  const [campaign] = await db().select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
  campaignId = globalIdOf('Campaign', campaign!.id);
  const rows = await db()
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaign!.id), eq(proposals.status, 'active'), inArray(proposals.stage, ['consultation', 'unit_confirmation'])))
    .orderBy(proposals.id);
  proposalIds = rows.map((row) => globalIdOf('Proposal', row.id));
  expect(proposalIds.length).toBeGreaterThan(3);
});
afterAll(() => server?.close());

const consultationDocument = `query($first: Int) { publicConsultation { year open deadline proposals(first: $first) { nodes { proposalId itemName action targetDistricts rationale
  comments(first: 20) { nodes { id body authorName reply receivedAt } } } pageInfo { hasNextPage endCursor } } } }`;

interface ConsultationView {
  publicConsultation: {
    year: number;
    open: boolean;
    proposals: { nodes: { proposalId: string; comments: { nodes: { id: string; body: string; authorName: string | null; reply: string | null }[] } }[] };
  } | null;
}

describe('an anonymous comment', () => {
  it('is received, shown to nobody outside the team until accepted, then shown with the reply but never the contact', async () => {
    const contact = 'secret-contact-13800000000';
    const body = '<script>alert(1)</script> 希望下放后标准一致';
    const received = await submit({ proposalId: proposalIds[0], body, authorName: '市民王先生', contact }, '198.51.100.10');
    expect(received).toMatchObject({ __typename: 'PublicCommentReceipt', duplicate: false });

    const before = await anonymous<ConsultationView>(consultationDocument, { first: 100 });
    expect(before.data!.publicConsultation).toMatchObject({ year: 2019, open: true });
    const listed = before.data!.publicConsultation!.proposals.nodes.find((p) => p.proposalId === proposalIds[0])!;
    expect(listed.comments.nodes.map((c) => c.id)).not.toContain(received.commentId);

    // The team sees it in the workspace, contact included, and the queue filter finds it.
    const team = await reviewer.graphql<{ node: { publicComments: { nodes: { id: string; status: string; contact: string }[] } } }>(
      `query($id: ID!) { node(id: $id) { ... on Proposal { unansweredPublicCommentCount publicComments(first: 100) { nodes { id status contact } } } } }`,
      { id: proposalIds[0] },
    );
    expect(team.data!.node.publicComments.nodes).toContainEqual({ id: received.commentId, status: 'RECEIVED', contact });

    const moderated = await reviewer.graphql<{ moderatePublicComments: { __typename: string; comments: { status: string; reply: string }[] } }>(
      `mutation($input: ModeratePublicCommentsInput!) { moderatePublicComments(input: $input) { __typename ... on ModeratePublicCommentsPayload { comments { status reply } } } }`,
      { input: { commentIds: [received.commentId], decision: 'ACCEPT', reply: '感谢您的意见，我们将统一办理标准。' } },
    );
    expect(moderated.data!.moderatePublicComments).toEqual({
      __typename: 'ModeratePublicCommentsPayload',
      comments: [{ status: 'ACCEPTED', reply: '感谢您的意见，我们将统一办理标准。' }],
    });

    const after = await anonymous<ConsultationView>(consultationDocument, { first: 100 });
    const shown = after.data!.publicConsultation!.proposals.nodes.find((p) => p.proposalId === proposalIds[0])!;
    // Stored and returned as the text it was: HTML is never interpreted.
    expect(shown.comments.nodes).toContainEqual(
      expect.objectContaining({ id: received.commentId, body, authorName: '市民王先生', reply: '感谢您的意见，我们将统一办理标准。' }),
    );
    expect(JSON.stringify(after)).not.toContain(contact);
    const asked = await anonymous<unknown>(`query($c: ID!, $p: ID) { publicComments(campaignId: $c, proposalId: $p) { nodes { body contact } } }`, {
      c: campaignId,
      p: proposalIds[0],
    });
    expect(JSON.stringify(asked)).not.toContain(contact);
    expect(asked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('on the campaign as a whole lands in its thread', async () => {
    const received = await submit({ body: '建议在“穗好办”上同步更新。' }, '198.51.100.11');
    expect(received.__typename).toBe('PublicCommentReceipt');
    const thread = await reviewer.graphql<{ publicComments: { nodes: { id: string }[] } }>(
      `query($c: ID!) { publicComments(campaignId: $c, first: 100) { nodes { id } } }`,
      { c: campaignId },
    );
    expect(thread.data!.publicComments.nodes.map((c) => c.id)).toContain(received.commentId);
  });

  it('is refused while the window is closed, and on a proposal not put to the public', async () => {
    const [decided] = await db().select({ id: proposals.id }).from(proposals).where(eq(proposals.stage, 'decided')).limit(1);
    expect(await submit({ proposalId: globalIdOf('Proposal', decided!.id) }, '198.51.100.12')).toMatchObject({ code: 'NOT_FOUND' });
    await moveConsultationDeadline(coordinator, 2019, '2019-12-10');
    try {
      const refused = await submit({ proposalId: proposalIds[1] }, '198.51.100.12');
      expect(refused).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' });
      // Closed, the page lists the proposals with accepted comments (this once failed as invalid SQL).
      const closed = await anonymous<{ publicConsultation: { year: number; open: boolean; proposals: { nodes: { itemCode: string | null }[] } } }>(
        `{ publicConsultation(year: 2019) { year open proposals(first: 5) { nodes { itemCode } } } }`,
      );
      expect(closed.errors).toBeUndefined();
      expect(closed.data!.publicConsultation).toMatchObject({ year: 2019, open: false });
      const latest = await anonymous<{ latestPublicConsultation: { year: number; open: boolean } | null }>(`{ latestPublicConsultation { year open } }`);
      expect(latest.data!.latestPublicConsultation).toEqual({ year: 2019, open: false });
    } finally {
      await moveConsultationDeadline(coordinator, 2019, '2019-12-31');
    }
  });

  it('spends its challenge: the same proof for another comment is refused', async () => {
    const spent = await proof();
    expect((await submit({ ...spent }, '198.51.100.13')).__typename).toBe('PublicCommentReceipt');
    expect(await submit({ ...spent }, '198.51.100.13')).toMatchObject({ code: 'VALIDATION', field: 'input.challenge' });
    expect(await submit({ nonce: 'not-a-proof', challenge: spent.challenge.replace(/.$/, 'x') }, '198.51.100.13')).toMatchObject({ code: 'VALIDATION' });
  });

  it('sent twice in parallel with one idempotency key is stored once', async () => {
    const idempotencyKey = newKey();
    const input = { campaignId, body: '同一条意见，重试提交。', idempotencyKey, ...(await proof()) };
    const [first, second] = await Promise.all(
      [1, 2].map(() => anonymous<{ submitPublicComment: Outcome }>(submitDocument, { input }, '198.51.100.14')),
    );
    const outcomes = [first!.data!.submitPublicComment, second!.data!.submitPublicComment];
    expect(outcomes.map((o) => o.__typename)).toEqual(['PublicCommentReceipt', 'PublicCommentReceipt']);
    expect(outcomes[0]!.commentId).toBe(outcomes[1]!.commentId);
    const [row] = await db().select({ n: count() }).from(publicComments).where(eq(publicComments.idempotencyKey, idempotencyKey));
    expect(row!.n).toBe(1);
  });
});

describe('hostile input', () => {
  it('gets typed errors, never a 5xx, and stores nothing', async () => {
    const [before] = await db().select({ n: count() }).from(publicComments);
    const huge = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: submitDocument, variables: { input: { campaignId, body: '长'.repeat(1_100_000) } } }),
    });
    expect(huge.status).toBeLessThan(500);
    expect(huge.status).toBeGreaterThanOrEqual(400);
    const cases: [Record<string, unknown>, string][] = [
      [{ body: '长'.repeat(2001) }, 'VALIDATION'],
      [{ body: '   ' }, 'VALIDATION'],
      [{ body: 'a\u0000b' }, 'VALIDATION'],
      [{ authorName: '名'.repeat(10_000) }, 'VALIDATION'],
      [{ contact: 'c'.repeat(101) }, 'VALIDATION'],
      [{ campaignId: 'garbage' }, 'VALIDATION'],
      [{ proposalId: globalIdOf('Proposal', 999_999) }, 'NOT_FOUND'],
      [{ campaignId: globalIdOf('Campaign', 999_999) }, 'NOT_FOUND'],
      [{ idempotencyKey: '<script>' }, 'VALIDATION'],
      [{ challenge: 'x'.repeat(5000) }, 'VALIDATION'],
    ];
    for (const [input, code] of cases) {
      const response = await anonymous<{ submitPublicComment: Outcome | null }>(
        submitDocument,
        { input: { campaignId, body: '正常内容', idempotencyKey: newKey(), ...(await proof()), ...input } },
        '198.51.100.20',
      );
      expect(response.status, JSON.stringify(input).slice(0, 80)).toBeLessThan(500);
      const got = response.data?.submitPublicComment?.code ?? response.errors?.[0]?.extensions?.code;
      expect(got, JSON.stringify(input).slice(0, 80)).toBe(code);
    }
    const [after] = await db().select({ n: count() }).from(publicComments);
    expect(after!.n).toBe(before!.n);
  });
});

describe('the team', () => {
  it("finds the same proposals with the queue filter as SQL, and the dashboard counts the campaign's unanswered comments", async () => {
    const [campaign] = await db().select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    const filtered = await reviewer.graphql<{ proposals: { totalCount: number } }>(
      `query($c: ID!) { proposals(first: 1, filter: { campaignId: $c, hasUnansweredPublicComments: true }) { totalCount } }`,
      { c: campaignId },
    );
    const [withUnanswered] = await db()
      .select({ n: sql<number>`count(distinct ${publicComments.proposalId})`.mapWith(Number) })
      .from(publicComments)
      .innerJoin(proposals, eq(proposals.id, publicComments.proposalId))
      .where(and(eq(publicComments.status, 'received'), eq(proposals.campaignId, campaign!.id), sql`${proposals.stage} <> 'draft'`));
    expect(filtered.data!.proposals.totalCount).toBe(withUnanswered!.n);
    expect(withUnanswered!.n).toBeGreaterThan(0);
    const counted = await reviewer.graphql<{ node: { unansweredPublicCommentCount: number } }>(
      `query($c: ID!) { node(id: $c) { ... on Campaign { unansweredPublicCommentCount } } }`,
      { c: campaignId },
    );
    const [received] = await db()
      .select({ n: count() })
      .from(publicComments)
      .where(and(eq(publicComments.campaignId, campaign!.id), eq(publicComments.status, 'received')));
    expect(counted.data!.node.unansweredPublicCommentCount).toBe(received!.n);
    const outsider = await anonymous<{ node: { unansweredPublicCommentCount: number } }>(
      `query($c: ID!) { node(id: $c) { ... on Campaign { unansweredPublicCommentCount } } }`,
      { c: campaignId },
    );
    expect(outsider.data!.node.unansweredPublicCommentCount).toBe(0);
  });

  it('reads publicConsultation in a constant number of statements whatever the page size', async () => {
    const statements = async (first: number) => (await anonymous<ConsultationView>(consultationDocument, { first })).extensions!.queryStats!.statements;
    expect(await statements(2)).toBe(await statements(20));
  });
});

describe('the rate limits under parallel requests', () => {
  it('let one address store its allowance and no more', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => submit({ body: '同一地址的大量提交' }, '203.0.113.7')));
    expect(outcomes.every((o) => o.status < 500)).toBe(true);
    expect(outcomes.filter((o) => o.__typename === 'PublicCommentReceipt')).toHaveLength(limits.perAddress);
    const limited = outcomes.filter((o) => o.code === 'RATE_LIMITED');
    expect(limited).toHaveLength(20 - limits.perAddress);
    expect(limited[0]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited[0]!.messageZh).toContain('提交过于频繁');
  });

  it('let everyone together store the overall allowance and no more', async () => {
    const outcomes = await Promise.all(Array.from({ length: limits.global }, (_, i) => submit({ body: '来自很多地址的提交' }, `192.0.2.${i + 1}`)));
    expect(outcomes.every((o) => o.status < 500)).toBe(true);
    const [row] = await db()
      .select({ n: count() })
      .from(publicComments)
      .where(isNotNull(publicComments.addressHash));
    // Every comment of this file came within the minute: together they reach the allowance exactly.
    expect(outcomes.some((o) => o.code === 'RATE_LIMITED')).toBe(true);
    expect(row!.n).toBe(limits.global);
  });
});
