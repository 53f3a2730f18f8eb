import { commentRevisions, comments, commentThreads, consultations, powerItemChanges, reviewRecords, users } from '@devolve/db';
import { asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId, globalIdOf } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Relation lists that grow with use are pages (issue 10, item 17): a thread with more comments
 * than a page answers one page and says there is more, a page above the largest is refused with
 * a coded error, and the cost of nesting them counts each at its page.
 */
let server: TestServer;
let coordinator: SignedInClient;
/** A seeded thread given 130 more comments, and its proposal. */
let threadId: string;
let proposalId: string;
const added = 130;


beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  const db = server.database.opened.db;
  const [thread] = await db.select().from(commentThreads).orderBy(asc(commentThreads.id)).limit(1);
  const [author] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'reviewer1'));
  await db.insert(comments).values(Array.from({ length: added }, (_, i) => ({ threadId: thread!.id, authorId: author!.id, body: `第 ${i + 1} 条` })));
  threadId = globalIdOf('CommentThread', thread!.id);
  proposalId = globalIdOf('Proposal', thread!.proposalId);
});
afterAll(() => server?.close());

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string }[];
}

async function commentsPage(args: string, variables: Record<string, unknown> = {}) {
  return coordinator.graphql<{ node: { comments: Page } }>(
    `query($id: ID!, $after: String) { node(id: $id) { ... on CommentThread { comments(${args}) { pageInfo { hasNextPage endCursor } nodes { id } } } } }`,
    { id: threadId, ...variables },
  );
}


describe('nested relation lists are bounded pages (item 17)', () => {
  it("answers a thread's comments a page at a time, saying there is more, and pages to the end", async () => {
    const total = (await server.database.opened.db.select({ id: comments.id }).from(comments).where(eq(comments.threadId, databaseId(threadId)))).length;
    expect(total).toBeGreaterThan(100);

    const byDefault = await commentsPage('after: $after');
    expect(byDefault.errors).toBeUndefined();
    expect(byDefault.data!.node.comments.nodes).toHaveLength(20);
    expect(byDefault.data!.node.comments.pageInfo.hasNextPage).toBe(true);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await commentsPage('first: 100, after: $after', { after });
      expect(page.errors).toBeUndefined();
      const { nodes, pageInfo } = page.data!.node.comments;
      expect(nodes.length).toBeLessThanOrEqual(100);
      seen.push(...nodes.map((node) => node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('answers the newest comments, oldest first, with last, saying there are earlier ones', async () => {
    const response = await coordinator.graphql<{ node: { comments: { pageInfo: { hasPreviousPage: boolean }; nodes: { id: string }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on CommentThread { comments(last: 10) { pageInfo { hasPreviousPage } nodes { id } } } } }',
      { id: threadId },
    );
    expect(response.errors).toBeUndefined();
    const newest = await server.database.opened.db
      .select({ id: comments.id })
      .from(comments)
      .where(eq(comments.threadId, databaseId(threadId)))
      .orderBy(desc(comments.id))
      .limit(10);
    const { pageInfo, nodes } = response.data!.node.comments;
    expect(nodes.map((node) => databaseId(node.id))).toEqual(newest.map((row) => row.id).reverse());
    expect(pageInfo.hasPreviousPage).toBe(true);
  });

  it('refuses a page above 100 of every nested list with a coded VALIDATION error', async () => {
    const db = server.database.opened.db;
    const [comment] = await db.select({ id: commentRevisions.commentId }).from(commentRevisions).limit(1);
    const [change] = await db.select({ id: powerItemChanges.powerItemId }).from(powerItemChanges).limit(1);
    const [record] = await db.select({ id: reviewRecords.proposalId }).from(reviewRecords).limit(1);
    const [consultation] = await db.select({ id: consultations.proposalId }).from(consultations).limit(1);
    const lists = [
      { type: 'Proposal', id: proposalId, list: 'commentThreads' },
      { type: 'Proposal', id: globalIdOf('Proposal', record!.id), list: 'reviewRecords' },
      { type: 'Proposal', id: globalIdOf('Proposal', consultation!.id), list: 'consultations' },
      { type: 'CommentThread', id: threadId, list: 'comments' },
      { type: 'Comment', id: globalIdOf('Comment', comment!.id), list: 'revisions' },
      { type: 'PowerItem', id: globalIdOf('PowerItem', change!.id), list: 'history' },
    ];
    for (const { type, id, list } of lists) {
      const query = (size: string) => `query($id: ID!) { node(id: $id) { ... on ${type} { ${list}(${size}) { pageInfo { hasNextPage } nodes { __typename } } } } }`;
      const largest = await coordinator.graphql<{ node: Record<string, Page> }>(query('first: 100'), { id });
      expect(largest.errors, list).toBeUndefined();
      expect(largest.data!.node[list]!.nodes.length, list).toBeGreaterThan(0);
      for (const size of ['first: 101', 'last: 101']) {
        const refused = await coordinator.graphql(query(size), { id });
        expect(refused.errors?.[0]?.extensions, `${list}(${size})`).toMatchObject({ code: 'VALIDATION', messageZh: expect.any(String) });
      }
    }
  });

  it('counts nested pages at their size: two proposals of 100 threads of 100 comments are too costly', async () => {
    const nested = 'query($n: Int!) { proposals(first: $n) { nodes { commentThreads(first: 100) { nodes { comments(first: 100) { nodes { id } } } } } } }';
    const one = await coordinator.graphql(nested, { n: 1 });
    expect(one.errors).toBeUndefined();
    const two = await coordinator.graphql(nested, { n: 2 });
    expect(two.status).toBe(400);
    expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 20_000 });
  });
});
