import { comments, users } from '@devolve/db';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { databaseId } from '../support/ids.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { postGraphQL, signIn, type SignedInClient } from '../support/server.ts';
import { logPosition, subscribe, type Subscription } from '../support/sse.ts';

/**
 * `devolve serve` as several real processes on one PostgreSQL: over LISTEN/NOTIFY, and over Redis
 * when REDIS_URL is set. A change made through one process reaches subscribers of the other, and
 * losing a process does not disturb the other's subscribers.
 */
const backends = [
  { bus: 'PostgreSQL LISTEN/NOTIFY', env: {} as Record<string, string> },
  ...(process.env.REDIS_URL ? [{ bus: 'Redis', env: { REDIS_URL: process.env.REDIS_URL } }] : []),
];

interface CommentFields {
  sequence: number;
  action: string;
}

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ engine: 'postgres', seed: true });
});
afterAll(() => database?.dispose());

/**
 * Runs `run` while every comment thread `username` starts runs `action` (PL/pgSQL) on its activity
 * row: right at the insert, before the mutation commits, or at COMMIT itself with `atCommit`.
 */
async function whileThreadsOf(username: string, options: { action: string; atCommit?: boolean }, run: () => Promise<void>) {
  const db = database.opened.db;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  const when = options.atCommit ? 'deferrable initially deferred' : '';
  try {
    await db.execute(sql.raw(`create function thread_hook() returns trigger language plpgsql as $$ begin ${options.action}; return null; end $$`));
    await db.execute(
      sql.raw(`create ${options.atCommit ? 'constraint ' : ''}trigger thread_hook after insert on activity ${when} for each row
        when (new.action = 'comment_thread.started' and new.actor_id = ${user!.id}) execute function thread_hook()`),
    );
    await run();
  } finally {
    await db.execute(sql`drop trigger if exists thread_hook on activity`);
    await db.execute(sql`drop function if exists thread_hook`);
  }
}

/** Backends of the test database inside pg_sleep: a change held open by a trigger. */
async function sleepingBackends(): Promise<number> {
  const client = database.opened.postgresClient!;
  const [row] = await client<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`;
  return row!.n;
}

describe.each(backends)('two server processes sharing events over $bus', ({ bus, env }) => {
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    const start = () => startServerProcess({ DATABASE_URL: database.url!, ...env }, { bundle: true });
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const postThread = (client: SignedInClient, proposalId: string, body: string) =>
    client.graphql<{ startCommentThread: { __typename: string; id?: string } }>(
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename ... on CommentThread { id } } }',
      { input: { proposalId, visibility: 'SHARED', body } },
    );

  /** Starts a thread and returns its database id. */
  async function startThread(client: SignedInClient, proposalId: string, body: string): Promise<number> {
    const response = await postThread(client, proposalId, body);
    expect(response.data?.startCommentThread.__typename).toBe('CommentThread');
    return databaseId(response.data!.startCommentThread.id!);
  }

  /** Follows a proposal's comments from the log's position now (`since`): nothing after this call is missed. */
  async function followComments<T extends CommentFields>(url: string, fields: string, proposalId: string, cookie: string) {
    const query = `subscription($id: ID!, $since: Int) { proposalCommentsChanged(proposalId: $id, since: $since) { ${fields} } }`;
    return subscribe<{ proposalCommentsChanged: T }>(url, query, { id: proposalId, since: await logPosition(database.opened.db) }, cookie);
  }

  /**
   * Waits until `subscriptions` (opened with `since`) are live: a thread `author` starts now reaches
   * each, replayed from the log if it started late, and whatever comes after it is delivered live.
   */
  async function untilLive(subscriptions: Subscription<{ proposalCommentsChanged: CommentFields }>[], author: SignedInClient, proposalId: string) {
    await startThread(author, proposalId, `订阅就绪（${bus}）`);
    for (const subscription of subscriptions) {
      const actions = [(await subscription.next()).proposalCommentsChanged.action, (await subscription.next()).proposalCommentsChanged.action];
      expect(actions).toEqual(['comment_thread.started', 'comment.created']);
    }
  }

  it('shows a reviewer looking at a proposal through A to one watching it through B (ephemeral presence)', async () => {
    const [onA, onB] = await Promise.all([signIn(a.url, 'reviewer3'), signIn(b.url, 'reviewer4')]);
    const me = await onA.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }');
    const listed = await onB.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const query = 'subscription($id: ID!) { presence(proposalId: $id) { user { id } } }';
    const variables = { id: listed.data!.proposals.nodes[0]!.id };
    const watching = subscribe<{ presence: { user: { id: string } }[] }>(b.url, query, variables, onB.cookie);
    // The first list (the watcher alone): watching has begun.
    await watching.next();
    const looking = subscribe<{ presence: { user: { id: string } }[] }>(a.url, query, variables, onA.cookie);
    for (;;) {
      const { presence } = await watching.next();
      if (presence.some((entry) => entry.user.id === me.data!.me.user.id)) break;
    }
    looking.close();
    watching.close();
  });

  it('delivers changes in log order when an earlier change commits later than a later one', async () => {
    const [slow, fast, watcher] = await Promise.all([signIn(a.url, 'reviewer5'), signIn(b.url, 'reviewer1'), signIn(b.url, 'reviewer2')]);
    const listed = await watcher.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const proposalId = listed.data!.proposals.nodes[0]!.id;
    // reviewer5's new threads take 1.5 s between writing their activity row and committing.
    await whileThreadsOf('reviewer5', { action: 'perform pg_sleep(1.5)' }, async () => {
      const watching = await Promise.all([a, b].map((server) => followComments<CommentFields>(server.url, 'sequence action', proposalId, watcher.cookie)));
      // Live before the two posts, so their order is the live delivery's, not a replay's.
      await untilLive(watching, watcher, proposalId);
      const slowBody = `慢提交（${bus}）`;
      const slowPost = startThread(slow, proposalId, slowBody);
      // Only once the slow change holds the log (its trigger is sleeping) does the fast one start.
      await expect.poll(sleepingBackends, { timeout: 10_000 }).toBe(1);
      // When the fast one is done (committed), is the slow one committed? Asked in the database, not
      // by which response came first: the two processes answer at their own pace.
      const fastPost = startThread(fast, proposalId, `快提交（${bus}）`).then(() => database.opened.db.$count(comments, eq(comments.body, slowBody)));
      const [, slowCommittedFirst] = await Promise.all([slowPost, fastPost]);
      // The later change waited for the earlier one's commit instead of overtaking it...
      expect(slowCommittedFirst).toBe(1);
      for (const subscription of watching) {
        const sequences: number[] = [];
        for (let i = 0; i < 4; i += 1) sequences.push((await subscription.next()).proposalCommentsChanged.sequence);
        // ...so every subscriber, on either process, gets the four events in log order, once.
        expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
        expect(new Set(sequences).size).toBe(4);
        subscription.close();
      }
    });
  });

  it('publishes nothing for a change whose transaction fails at commit', async () => {
    const [failing, succeeding, watcher] = await Promise.all([signIn(a.url, 'reviewer5'), signIn(a.url, 'reviewer1'), signIn(b.url, 'reviewer2')]);
    const listed = await watcher.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const proposalId = listed.data!.proposals.nodes[0]!.id;
    // reviewer5's threads fail at COMMIT, after the activity rows were written and published in
    // the transaction: a deferred constraint trigger runs only then.
    await whileThreadsOf('reviewer5', { action: "raise exception 'refused at commit'", atCommit: true }, async () => {
      const watching = await followComments<CommentFields & { entityId: number }>(b.url, 'sequence action entityId', proposalId, watcher.cookie);
      // Live before the failing post, so what it publishes would be delivered, not read from the log.
      await untilLive([watching], watcher, proposalId);
      const failed = await postThread(failing, proposalId, `提交时失败（${bus}）`);
      expect(failed.data?.startCommentThread).toBeFalsy();
      expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL');
      const threadId = await startThread(succeeding, proposalId, `随后成功（${bus}）`);
      // The first event B delivers is the later, committed thread's: the failed one never went out.
      const first = (await watching.next()).proposalCommentsChanged;
      expect(first).toMatchObject({ action: 'comment_thread.started', entityId: threadId });
      expect((await watching.next()).proposalCommentsChanged.action).toBe('comment.created');
      // Nor later: the next event is a marker thread's, started after (events go out in log order).
      const markerId = await startThread(succeeding, proposalId, `标记（${bus}）`);
      expect((await watching.next()).proposalCommentsChanged).toMatchObject({ action: 'comment_thread.started', entityId: markerId });
      watching.close();
    });
  });

  it('ends a subscription on A with UNAUTHENTICATED when its session logs out through B', async () => {
    const throughB = await signIn(b.url, 'reviewer5');
    const listed = await throughB.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const query = 'subscription($id: ID!) { proposalCommentsChanged(proposalId: $id) { sequence } }';
    const onA = subscribe<{ proposalCommentsChanged: CommentFields }>(a.url, query, { id: listed.data!.proposals.nodes[0]!.id }, throughB.cookie);
    await onA.ready;
    const logout = await throughB.graphql<{ logout: { __typename: string } }>('mutation { logout { __typename } }');
    expect(logout.data?.logout.__typename).toBe('EndedSession');
    expect((await onA.ended).map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
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

    type Fields = CommentFields & { proposal: { id: string } };
    const fields = 'sequence action proposal { id }';
    const [onA, onB] = [await followComments<Fields>(a.url, fields, proposalId, author.cookie), await followComments<Fields>(b.url, fields, proposalId, watcher.cookie)];
    // Live before the post through A, so B has it from A's publish, not from a replay of the log.
    await untilLive([onA, onB], watcher, proposalId);
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
    // Once each: the next event is a marker thread's, started after (events go out in log order).
    const markedFrom = await logPosition(database.opened.db);
    await startThread(sameSessionOnB, proposalId, `标记（${bus}）`);
    const marker = (await onB.next()).proposalCommentsChanged;
    expect(marker.action).toBe('comment_thread.started');
    expect(marker.sequence).toBeGreaterThan(markedFrom);
    onA.close();
    onB.close();
  });
});
