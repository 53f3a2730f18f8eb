import { seedDemoData } from '@devolve/db/seed';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { postGraphQL, signIn, type SignedInClient } from '../support/server.ts';
import { settle, subscribe } from '../support/sse.ts';

/**
 * `devolve serve` as several real processes on one PostgreSQL: over LISTEN/NOTIFY, and over Redis
 * when REDIS_URL is set. A change made through one process reaches subscribers of the other, and
 * losing a process does not disturb the other's subscribers.
 */
const backends = [
  { bus: 'PostgreSQL LISTEN/NOTIFY', env: {} as Record<string, string> },
  ...(process.env.REDIS_URL ? [{ bus: 'Redis', env: { REDIS_URL: process.env.REDIS_URL } }] : []),
];

interface CommentEvent {
  proposalCommentsChanged: { sequence: number; action: string; proposal: { id: string } };
}

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ engine: 'postgres' });
  await seedDemoData(database.opened.db);
});
afterAll(() => database?.dispose());

describe.each(backends)('two server processes sharing events over $bus', ({ bus, env }) => {
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    const start = () => startServerProcess({ DATABASE_URL: database.url!, ...env });
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  async function startThread(client: SignedInClient, proposalId: string, body: string) {
    const response = await client.graphql<{ startCommentThread: { __typename: string } }>(
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
      { input: { proposalId, visibility: 'SHARED', body } },
    );
    expect(response.data?.startCommentThread.__typename).toBe('CommentThread');
  }

  it('shows a reviewer looking at a proposal through A to one watching it through B (ephemeral presence)', async () => {
    const [onA, onB] = await Promise.all([signIn(a.url, 'reviewer3'), signIn(b.url, 'reviewer4')]);
    const me = await onA.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }');
    const listed = await onB.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const query = 'subscription($id: ID!) { presence(proposalId: $id) { user { id } } }';
    const variables = { id: listed.data!.proposals.nodes[0]!.id };
    const watching = subscribe<{ presence: { user: { id: string } }[] }>(b.url, query, variables, onB.cookie);
    await settle();
    const looking = subscribe<{ presence: { user: { id: string } }[] }>(a.url, query, variables, onA.cookie);
    for (;;) {
      const { presence } = await watching.next();
      if (presence.some((entry) => entry.user.id === me.data!.me.user.id)) break;
    }
    looking.close();
    watching.close();
  });

  it('delivers a comment posted through A to a subscriber on B, and keeps B serving after A is killed', async () => {
    const [author, watcher] = await Promise.all([signIn(a.url, 'reviewer1'), signIn(b.url, 'reviewer2')]);
    const listed = await watcher.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const proposalId = listed.data!.proposals.nodes[0]!.id;
    if (bus === 'Redis') {
      // Both processes listen on Redis, not on PostgreSQL.
      const redis = new Redis(process.env.REDIS_URL!);
      const clients = await redis.client('LIST', 'TYPE', 'PUBSUB');
      await redis.quit();
      for (const pid of [a.pid, b.pid]) expect(String(clients)).toContain(`name=devolve-${pid}-subscribe`);
    }

    const query = 'subscription($id: ID!) { proposalCommentsChanged(proposalId: $id) { sequence action proposal { id } } }';
    const onA = subscribe<CommentEvent>(a.url, query, { id: proposalId }, author.cookie);
    const onB = subscribe<CommentEvent>(b.url, query, { id: proposalId }, watcher.cookie);
    await settle();
    await startThread(author, proposalId, `经 A 进程发表（${bus}）`);
    const posted = [await onB.next(), await onB.next()].map((e) => e.proposalCommentsChanged);
    expect(posted.map((e) => e.action)).toEqual(['comment_thread.started', 'comment.created']);
    expect(posted.every((e) => e.proposal.id === proposalId)).toBe(true);
    expect((await onA.next()).proposalCommentsChanged.sequence).toBe(posted[0]!.sequence);

    await a.stop('SIGKILL');
    // The same session (kept in the database) now works through B; the open subscription on B
    // goes on receiving, once each.
    const sameSessionOnB: SignedInClient = {
      ...author,
      graphql: (query, variables) => postGraphQL(b.url, query, variables, { cookie: author.cookie }),
    };
    await startThread(sameSessionOnB, proposalId, `A 进程已停止后经 B 发表（${bus}）`);
    const after = [await onB.next(), await onB.next()].map((e) => e.proposalCommentsChanged);
    expect(after.map((e) => e.action)).toEqual(['comment_thread.started', 'comment.created']);
    expect(after[0]!.sequence).toBeGreaterThan(posted[1]!.sequence);
    await settle();
    expect(onB.pending()).toEqual([]);
    onA.close();
    onB.close();
  });
});
