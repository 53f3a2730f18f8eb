import { sessions, users } from '@devolve/db';
import { demoPassword } from '@devolve/server/seed';
import { eq, sql } from 'drizzle-orm';
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { type GraphQLErrorData, subscribe } from '../support/sse.ts';

/**
 * Live streams live only as long as the session or token that opened them, are capped per
 * session across SSE and WebSocket, and replay only a bounded stretch of the log.
 */
let server: TestServer;
let coordinator: SignedInClient;
let proposalId: string;

const maxSubscriptionsPerSession = 3;

interface EventData {
  sequence: number;
  action: string;
}

const commentsChanged = 'subscription($id: ID!, $since: Int) { proposalCommentsChanged(proposalId: $id, since: $since) { sequence action } }';

async function internalComment(client: SignedInClient, body: string, onProposal = proposalId): Promise<void> {
  const response = await client.graphql<{ startCommentThread: { __typename: string } }>(
    'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
    { input: { proposalId: onProposal, visibility: 'INTERNAL', body } },
  );
  expect(response.data?.startCommentThread.__typename).toBe('CommentThread');
}

function watchComments(credentials: string | Record<string, string>, since?: number) {
  return subscribe<{ proposalCommentsChanged: EventData }>(server.url, commentsChanged, { id: proposalId, since }, credentials);
}

const codes = (errors: readonly GraphQLErrorData[]) => errors.map((error) => error.extensions?.code);

/** Where the log is now: a subscription from here gets every later change. */
async function logEnd(client: SignedInClient): Promise<number> {
  const response = await client.graphql<{ logPosition: number }>('{ logPosition }');
  return response.data!.logPosition;
}

/** A proposal in initial review that the coordinator and reviewers may follow. */
async function proposalToFollow(on: TestServer, signedIn: SignedInClient): Promise<string> {
  const campaign = await on.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  const found = await signedIn.graphql<{ proposals: { nodes: { id: string }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id } } }',
    { f: { campaignId: campaign.data!.campaign.id, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
  );
  return found.data!.proposals.nodes[0]!.id;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true, config: { maxSubscriptionsPerSession } });
  coordinator = await server.signIn('coordinator');
  proposalId = await proposalToFollow(server, coordinator);
});
afterAll(() => server?.close());

describe('a live stream ends with its session or token (UNAUTHENTICATED)', () => {
  it('ends at logout, after delivering what came before', async () => {
    const reviewer = await server.signIn('reviewer1');
    const watching = watchComments(reviewer.cookie);
    await watching.ready;
    await internalComment(coordinator, '内部讨论：登出前的评论。');
    expect((await watching.next()).proposalCommentsChanged.action).toBe('comment_thread.started');
    const logout = await reviewer.graphql<{ logout: { __typename: string } }>('mutation { logout { __typename } }');
    expect(logout.data?.logout.__typename).toBe('EndedSession');
    expect(codes(await watching.ended)).toEqual(['UNAUTHENTICATED']);
  });

  it("ends a session's streams when its user changes the password in another session", async () => {
    const [elsewhere, here] = [await server.signIn('reviewer2'), await server.signIn('reviewer2')];
    const watching = watchComments(elsewhere.cookie);
    const staying = watchComments(here.cookie);
    await Promise.all([watching.ready, staying.ready]);
    const changed = await here.graphql<{ changePassword: { __typename: string } }>(
      'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }',
      { input: { currentPassword: demoPassword, newPassword: 'a-new-passphrase-2026' } },
    );
    expect(changed.data?.changePassword.__typename).toBe('Me');
    expect(codes(await watching.ended)).toEqual(['UNAUTHENTICATED']);
    // The session that changed it stays signed in, and so do its streams.
    await internalComment(coordinator, '内部讨论：改密码之后的评论。');
    expect((await staying.next()).proposalCommentsChanged.action).toBe('comment_thread.started');
    staying.close();
  });

  it('ends the streams of a revoked API token', async () => {
    const reviewer = await server.signIn('reviewer3');
    const created = await reviewer.graphql<{ createApiToken: { token: { id: string }; secret: string } }>(
      'mutation { createApiToken(input: { name: "live", readOnly: true }) { ... on CreatedApiToken { token { id } secret } } }',
    );
    const { token, secret } = created.data!.createApiToken;
    const watching = watchComments({ authorization: `Bearer ${secret}` });
    await watching.ready;
    const revoked = await reviewer.graphql<{ revokeApiToken: { __typename: string } }>(
      'mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { __typename } }',
      { input: { tokenId: token.id } },
    );
    expect(revoked.data?.revokeApiToken.__typename).toBe('ApiToken');
    expect(codes(await watching.ended)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends when the session expires', async () => {
    const reviewer = await server.signIn('reviewer4');
    // The session has a second left (as if signed in 12 hours ago).
    const { db } = server.database.opened;
    const [session] = await db.select({ id: sessions.id }).from(sessions).orderBy(sql`${sessions.id} desc`).limit(1);
    await db.update(sessions).set({ expiresAt: sql`now() + interval '1 second'` }).where(eq(sessions.id, session!.id));
    const watching = watchComments(reviewer.cookie);
    expect(codes(await watching.ended)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends over WebSocket too: an error for the operation, then the end of the stream', async () => {
    const reviewer = await server.signIn('reviewer5');
    const client = webSocketClient(reviewer.cookie);
    const live = followOverWebSocket(client, await logEnd(coordinator));
    await internalComment(coordinator, '内部讨论：WebSocket 订阅。');
    await live.first;
    await reviewer.graphql('mutation { logout { __typename } }');
    await live.completed;
    expect(live.results[0]?.data).toMatchObject({ proposalCommentsChanged: { action: 'comment_thread.started' } });
    expect(live.results.at(-1)?.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await client.dispose();
  });
});

describe('the periodic check of the credentials of open streams', () => {
  // A server of its own that checks every 100 ms; the other tests keep the 60 s default, so the
  // events and timers they test are what ends their streams.
  let rechecking: TestServer;
  let author: SignedInClient;
  let followed: string;

  beforeAll(async () => {
    rechecking = await startTestServer({ seed: true, credentialRecheckMs: 100 });
    author = await rechecking.signIn('coordinator');
    followed = await proposalToFollow(rechecking, author);
  });
  afterAll(() => rechecking?.close());

  /** The user's SSE and WebSocket streams, each shown live by a first event, and the user's one session. */
  async function followBoth(username: string) {
    const reviewer = await rechecking.signIn(username);
    const since = await logEnd(author);
    const overSse = subscribe<{ proposalCommentsChanged: EventData }>(rechecking.url, commentsChanged, { id: followed, since }, reviewer.cookie);
    const client = webSocketClient(reviewer.cookie, rechecking.url);
    const overWebSocket = followOverWebSocket(client, since, followed);
    await internalComment(author, `内部讨论：${username} 在线订阅。`, followed);
    expect((await overSse.next()).proposalCommentsChanged.action).toBe('comment_thread.started');
    await overWebSocket.first;
    const { db } = rechecking.database.opened;
    const [session] = await db
      .select({ id: sessions.id, userId: sessions.userId })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(users.username, username));
    return { overSse, overWebSocket, client, session: session! };
  }

  /** Both streams end with UNAUTHENTICATED, the WebSocket one as an error for the operation, then its end. */
  async function expectBothEnded({ overSse, overWebSocket, client }: Awaited<ReturnType<typeof followBoth>>) {
    expect(codes(await overSse.ended)).toEqual(['UNAUTHENTICATED']);
    await overWebSocket.completed;
    expect(overWebSocket.results.at(-1)?.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await client.dispose();
  }

  // Bounded well below the default 60 s interval: only the server's option can end them in time.
  const timeoutMs = 15_000;

  it('ends the streams of a user deactivated in the database, with no event to say so', async () => {
    const following = await followBoth('reviewer1');
    await rechecking.database.opened.db.update(users).set({ active: false }).where(eq(users.id, following.session.userId));
    await expectBothEnded(following);
  }, timeoutMs);

  it('ends the streams of a session deleted from the database, with no event to say so', async () => {
    const following = await followBoth('reviewer2');
    await rechecking.database.opened.db.delete(sessions).where(eq(sessions.id, following.session.id));
    await expectBothEnded(following);
  }, timeoutMs);
});

describe('resuming', () => {
  it('replays every event after `since` once and in order, then goes on live', async () => {
    const since = await logEnd(coordinator);
    // Each new thread logs two changes: the thread and its first comment.
    await internalComment(coordinator, '内部讨论：续传一。');
    await internalComment(coordinator, '内部讨论：续传二。');
    const resumed = watchComments(coordinator.cookie, since);
    const take = async (count: number) => {
      const events: EventData[] = [];
      while (events.length < count) events.push((await resumed.next()).proposalCommentsChanged);
      return events;
    };
    const replayed = await take(4);
    await internalComment(coordinator, '内部讨论：续传三。');
    const live = await take(2);
    const sequences = [...replayed, ...live].map((event) => event.sequence);
    expect(sequences.every((sequence, i) => sequence > (sequences[i - 1] ?? since))).toBe(true);
    expect([...replayed, ...live].map((event) => event.action)).toEqual(Array(3).fill(['comment_thread.started', 'comment.created']).flat());
    resumed.close();
  });

  it('refuses a `since` further back than the server replays with REFETCH_REQUIRED', async () => {
    const fromTheStart = watchComments(coordinator.cookie, 0);
    const errors = await fromTheStart.ended;
    expect(codes(errors)).toEqual(['REFETCH_REQUIRED']);
    expect(errors[0]!.extensions).toMatchObject({ messageZh: expect.stringContaining('重新加载') });
  });
});

describe('subscriptions per session', () => {
  it('refuses one more than the cap with RATE_LIMITED, counting SSE and WebSocket together, per session', async () => {
    const legal = await server.signIn('legal1');
    const open = Array.from({ length: maxSubscriptionsPerSession - 1 }, () => watchComments(legal.cookie));
    await Promise.all(open.map((watching) => watching.ready));
    const client = webSocketClient(legal.cookie);
    const overWebSocket = followOverWebSocket(client, await logEnd(coordinator));
    await internalComment(coordinator, '内部讨论：占满名额。');
    await overWebSocket.first;

    const refused = watchComments(legal.cookie);
    expect(codes(await refused.ended)).toEqual(['RATE_LIMITED']);
    // Someone else's session is not affected.
    const other = watchComments(coordinator.cookie);
    await other.ready;

    // Ending the WebSocket one frees its place once the server has seen the `complete`.
    overWebSocket.stop();
    let again = watchComments(legal.cookie);
    let outcome = 'refused';
    for (let attempt = 0; outcome === 'refused' && attempt < 20; attempt += 1) {
      if (attempt > 0) again = watchComments(legal.cookie);
      await again.ready;
      await internalComment(coordinator, '内部讨论：名额释放。');
      outcome = await Promise.race([again.next().then(() => 'live'), again.ended.then(() => 'refused')]);
    }
    expect(outcome).toBe('live');
    expect((await other.next()).proposalCommentsChanged.action).toBe('comment_thread.started');
    for (const watching of [...open, again, other]) watching.close();
    await client.dispose();
  });
});

/** A graphql-ws client signed in by the session cookie, as a browser connects. */
function webSocketClient(cookie: string, url = server.url) {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
      }
    },
    retryAttempts: 0,
  });
}

/**
 * Follows the proposal's comments over WebSocket from `since`, so the first change made after
 * this call arrives whenever the subscription starts.
 */
function followOverWebSocket(client: ReturnType<typeof createClient>, since: number, onProposal = proposalId) {
  const results: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
  let arrived!: () => void;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  let stop!: () => void;
  const completed = new Promise<void>((resolve, reject) => {
    stop = client.subscribe(
      { query: commentsChanged, variables: { id: onProposal, since } },
      {
        next: (result) => {
          results.push(result);
          arrived();
        },
        error: reject,
        complete: resolve,
      },
    );
  });
  return { results, first, completed, stop };
}
