import { sessions } from '@devolve/db';
import { demoPassword } from '@devolve/server/seed';
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { logPosition } from '../support/sse.ts';

/**
 * GraphQL over WebSocket (graphql-ws) at /graphql: the same operations, authentication, and limits
 * as over HTTP, plus the WebSocket's own safety: origins, caps, and protocol violations.
 */
let server: TestServer;
let reviewer: SignedInClient;
let department: SignedInClient;
let campaignId: string;
let proposal: { id: string; version: number };

interface Credentials {
  /** Sent on the upgrade request, as a browser sends its cookies. */
  cookie?: string;
  /** Sent in connectionParams, as a browser client must (it cannot set headers on a WebSocket). */
  token?: string;
  origin?: string;
}

interface CloseInfo {
  code: number;
  reason: string;
}

interface Connection {
  client: Client;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
  /** Resolves with the close code and reason when the socket closes. */
  closed: Promise<CloseInfo>;
}

/** An error as the server sends it (message, path, extensions). */
type GraphQLFormattedError = NonNullable<FormattedExecutionResult['errors']>[number];

const wsUrl = (target: TestServer) => `${target.url.replace(/^http/, 'ws')}/graphql`;

/** A graphql-ws client as a browser-free program runs it, connecting at once and never retrying. */
function connect(target: TestServer, credentials: Credentials = {}): Connection {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  let connected!: () => void;
  let closed!: (info: CloseInfo) => void;
  const connection = {
    connected: new Promise<void>((resolve) => (connected = resolve)),
    closed: new Promise<CloseInfo>((resolve) => (closed = resolve)),
  };
  const client = createClient({
    url: wsUrl(target),
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    connectionParams: credentials.token ? { authorization: `Bearer ${credentials.token}` } : undefined,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: {
      connected: () => connected(),
      closed: (event) => {
        const { code, reason } = event as CloseInfo; // ws's CloseEvent
        closed({ code, reason: String(reason) });
      },
    },
  });
  return { client, ...connection };
}

interface Outcome<T> {
  /** Every `next` payload, in order. */
  results: FormattedExecutionResult<T, unknown>[];
  /** The `error` message's errors, if the server refused the operation. */
  refused?: readonly GraphQLFormattedError[];
}

/** Runs a query or mutation (or a subscription the server ends at once) to its end. */
function run<T = Record<string, unknown>>(client: Client, query: string, variables?: Record<string, unknown>): Promise<Outcome<T>> {
  return new Promise((resolve, reject) => {
    const results: FormattedExecutionResult<T, unknown>[] = [];
    client.subscribe<T>(
      { query, variables },
      {
        next: (result) => results.push(result),
        error: (error) => (Array.isArray(error) ? resolve({ results, refused: error }) : reject(new Error('The WebSocket operation failed', { cause: error }))),
        complete: () => resolve({ results }),
      },
    );
  });
}

interface Live<T> {
  /** The next event's data (rejects after `timeoutMs`). */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves with the errors if the server refuses the subscription. */
  refused: Promise<readonly GraphQLFormattedError[]>;
  /** Resolves when the server ends the stream (complete or error). */
  ended: Promise<void>;
  stop(): void;
}

function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Live<T> {
  const queue: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  let refuse!: (errors: readonly GraphQLFormattedError[]) => void;
  const refused = new Promise<readonly GraphQLFormattedError[]>((resolve) => (refuse = resolve));
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) return refuse(result.errors);
        const waiter = waiters.shift();
        if (waiter) waiter(result.data as T);
        else queue.push(result.data as T);
      },
      error: (error) => {
        refuse(Array.isArray(error) ? error : [{ message: String(error) }]);
        end();
      },
      complete: () => end(),
    },
  );
  return {
    next(timeoutMs = 5000) {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
    refused,
    ended,
    stop,
  };
}

/** Opens a raw WebSocket handshake: 'open', or the HTTP status the upgrade was refused with. */
function handshake(target: TestServer, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(target), 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** A raw graphql-transport-ws socket, to misbehave with. Resolves once open. */
function rawSocket(target: TestServer): Promise<{ socket: WebSocket; closed: Promise<CloseInfo> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(target), 'graphql-transport-ws');
    const closed = new Promise<CloseInfo>((done) => socket.once('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

interface EventData {
  sequence: number;
  action: string;
  proposal: { id: string; stage: string } | null;
}

const proposalChanged = 'subscription($id: ID!, $since: Int) { proposalChanged(proposalId: $id, since: $since) { sequence action proposal { id stage } } }';
const activityStream = 'subscription($c: ID, $since: Int) { activityStream(campaignId: $c, since: $since) { sequence action } }';
const startThread = 'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }';

/** 3 × (consultations → nodes → proposal) under proposals → nodes, then powerItem → id: 13 levels, one more than allowed. */
const tooDeep = `{ proposals(first: 1) { nodes { ${'consultations { nodes { proposal { '.repeat(3)} powerItem { id } ${'} } } '.repeat(3)} } } }`;
/** Shallow, but 100 proposals × 100 activity entries each: 20,202 fields to resolve. */
const tooExpensive = '{ proposals(first: 100) { nodes { activity(first: 100) { nodes { action sequence } } } } }';

async function startThreadOverHttp(client: SignedInClient, body: string) {
  const response = await client.graphql<{ startCommentThread: { __typename: string } }>(startThread, {
    input: { proposalId: proposal.id, visibility: 'SHARED', body },
  });
  expect(response.data?.startCommentThread.__typename).toBe('CommentThread');
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  [reviewer, department] = await Promise.all([server.signIn('reviewer1'), server.signIn('gz-scjgj')]);
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
  const own = await department.graphql<{ proposals: { nodes: { id: string; version: number }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id version } } }',
    { f: { campaignId, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
  );
  proposal = own.data!.proposals.nodes[0]!;
});
afterAll(() => server?.close());

/** The activity log's position now: a subscription from here gets every later change. */
const logEnd = () => logPosition(server.database.opened.db);

describe('GraphQL over WebSocket', () => {
  it('runs queries, mutations and subscriptions on one socket signed in by the session cookie', async () => {
    const { client, connected } = connect(server, { cookie: reviewer.cookie });
    await connected;
    const me = await run<{ me: { username: string } }>(client, '{ me { username } }');
    expect(me.results).toEqual([{ data: { me: { username: 'reviewer1' } } }]);

    // From the log's position now: the change below arrives however long the subscription takes to start.
    const watching = subscribe<{ proposalChanged: EventData }>(client, proposalChanged, { id: proposal.id, since: await logEnd() });
    // A change made over HTTP reaches the WebSocket subscriber.
    const returned = await reviewer.graphql<{ transitionProposal: { __typename: string } }>(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
      { input: { proposalId: proposal.id, transition: 'RETURN', expectedVersion: proposal.version, reason: '请补充法律依据。' } },
    );
    expect(returned.data!.transitionProposal.__typename).toBe('Proposal');
    const event = await watching.next();
    expect(event.proposalChanged).toMatchObject({ action: 'proposal.transitioned', proposal: { id: proposal.id, stage: 'INITIAL_REVIEW' } });

    // A mutation over the socket acts for the same signed-in reviewer.
    const started = await run<{ startCommentThread: { __typename: string } }>(client, startThread, {
      input: { proposalId: proposal.id, visibility: 'SHARED', body: '经 WebSocket 发出的意见。' },
    });
    expect(started.results[0]?.data?.startCommentThread.__typename).toBe('CommentThread');
    const threads = await reviewer.graphql<{ node: { commentThreads: { nodes: { comments: { nodes: { body: string }[] } }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { commentThreads { nodes { comments { nodes { body } } } } } } }',
      { id: proposal.id },
    );
    const bodies = threads.data!.node.commentThreads.nodes.flatMap((thread) => thread.comments.nodes.map((c) => c.body));
    expect(bodies).toContain('经 WebSocket 发出的意见。');
    watching.stop();
    await client.dispose();
  });

  it('authenticates with an API token in connectionParams, read-only included', async () => {
    const tokens = await reviewer.graphql<{ writable: { secret: string }; readOnly: { secret: string } }>(
      `mutation {
        writable: createApiToken(input: { name: "ws live", readOnly: false }) { ... on CreatedApiToken { secret } }
        readOnly: createApiToken(input: { name: "ws read", readOnly: true }) { ... on CreatedApiToken { secret } }
      }`,
    );
    const { client, connected } = connect(server, { token: tokens.data!.writable.secret });
    await connected;
    const me = await run<{ me: { username: string; readOnly: boolean } }>(client, '{ me { username readOnly } }');
    expect(me.results[0]?.data?.me).toEqual({ username: 'reviewer1', readOnly: false });
    const stream = subscribe<{ activityStream: EventData }>(client, activityStream, { c: campaignId, since: await logEnd() });
    await startThreadOverHttp(department, '令牌订阅应当收到此条。');
    expect((await stream.next()).activityStream.action).toBe('comment_thread.started');
    stream.stop();
    await client.dispose();

    // The per-operation context is HTTP's: a read-only token may read but not write.
    const reader = connect(server, { token: tokens.data!.readOnly.secret });
    const readerMe = await run<{ me: { readOnly: boolean } }>(reader.client, '{ me { readOnly } }');
    expect(readerMe.results[0]?.data?.me.readOnly).toBe(true);
    const write = await run<{ startCommentThread: { __typename: string; code?: string } }>(
      reader.client,
      'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename ... on Error { code } } }',
      { input: { proposalId: proposal.id, visibility: 'SHARED', body: '只读令牌不应写入。' } },
    );
    expect(write.results[0]?.data?.startCommentThread).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    await reader.client.dispose();
  });

  it('refuses to sign in over a socket, which cannot carry the session cookie, and creates no session', async () => {
    const { client, connected } = connect(server);
    await connected;
    const sessionsBefore = await server.database.opened.db.$count(sessions);
    const login = await run<{ login: { __typename: string; code?: string; messageEn?: string } }>(
      client,
      'mutation($input: LoginInput!) { login(input: $input) { __typename ... on Error { code messageEn } } }',
      { input: { username: 'reviewer1', password: demoPassword } },
    );
    expect(login.results[0]?.data?.login).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(login.results[0]?.data?.login.messageEn).toContain('Sign in over HTTP');
    expect(await server.database.opened.db.$count(sessions)).toBe(sessionsBefore);
    await client.dispose();
  });

  it('delivers notificationsChanged: an @mention by another user arrives, and the stream ends at logout', async () => {
    // A session of its own, since this test ends it.
    const mentioned = await server.signIn('reviewer2');
    const { client, connected } = connect(server, { cookie: mentioned.cookie });
    await connected;
    const inbox = subscribe<{ notificationsChanged: { sequence: number; notificationIds: string[]; unreadNotificationCount: number } }>(
      client,
      'subscription($since: Int) { notificationsChanged(since: $since) { sequence notificationIds unreadNotificationCount } }',
      { since: await logEnd() },
    );
    const before = await mentioned.graphql<{ me: { unreadNotificationCount: number } }>('{ me { unreadNotificationCount } }');
    await startThreadOverHttp(reviewer, '@reviewer2 请复核这项的承接条件。');
    const change = (await inbox.next()).notificationsChanged;
    expect(change.notificationIds).toHaveLength(1);
    expect(change.unreadNotificationCount).toBe(before.data!.me.unreadNotificationCount + 1);
    const notification = await mentioned.graphql<{ node: { kind: string; activity: { action: string; actor: { username: string } } } }>(
      'query($id: ID!) { node(id: $id) { ... on Notification { kind activity { action actor { username } } } } }',
      { id: change.notificationIds[0] },
    );
    expect(notification.data!.node).toEqual({ kind: 'MENTION', activity: { action: 'comment.created', actor: { username: 'reviewer1' } } });

    await mentioned.graphql('mutation { logout { __typename } }');
    expect((await inbox.refused).map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await inbox.ended;
    await client.dispose();
  });

  it('refuses an anonymous socket a signed-in subscription, but keeps the socket', async () => {
    const { client, connected } = connect(server);
    await connected;
    const refused = await subscribe(client, proposalChanged, { id: proposal.id }).refused;
    expect(refused[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bogusToken = connect(server, { token: 'dvt_not-a-token' });
    const asBogus = await subscribe(bogusToken.client, activityStream).refused;
    expect(asBogus[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Public reads still work on the same socket.
    const campaign = await run<{ campaign: { year: number } }>(client, '{ campaign(year: 2019) { year } }');
    expect(campaign.results[0]?.data?.campaign.year).toBe(2019);
    await Promise.all([client.dispose(), bogusToken.client.dispose()]);
  });
});

describe('origins', () => {
  it('refuses the upgrade (403) for a page of another origin and accepts its own and programs without Origin', async () => {
    const own = new URL(server.url).origin;
    expect(await handshake(server, { origin: 'https://evil.example' })).toBe(403);
    expect(await handshake(server, { origin: 'null' })).toBe(403);
    expect(await handshake(server, { origin: own })).toBe('open');
    expect(await handshake(server, {})).toBe('open');
  });

  it('accepts the origins listed in DEVOLVE_ALLOWED_ORIGINS, and closes sockets when the server closes', async () => {
    const listing = await startTestServer({ config: { allowedOrigins: ['https://review.example.gov.cn'] } });
    let running = true;
    try {
      expect(await handshake(listing, { origin: 'https://review.example.gov.cn' })).toBe('open');
      expect(await handshake(listing, { origin: new URL(listing.url).origin })).toBe('open');
      expect(await handshake(listing, { origin: 'https://evil.example' })).toBe(403);
      const { connected, closed } = connect(listing, { origin: 'https://review.example.gov.cn' });
      await connected;
      running = false;
      await listing.close();
      expect((await closed).code).toBe(1001);
    } finally {
      if (running) await listing.close();
    }
  });
});

describe('caps', () => {
  it('refuses the 21st active subscription on one connection with an error for that operation only', async () => {
    const { client, connected } = connect(server, { cookie: reviewer.cookie });
    await connected;
    const since = await logEnd();
    const active = Array.from({ length: 20 }, () => subscribe<{ activityStream: EventData }>(client, activityStream, { c: campaignId, since }));
    const extra = subscribe(client, activityStream, { c: campaignId });
    const refused = await extra.refused;
    expect(refused[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 20 } });
    expect(refused[0]?.message).toMatch(/at most 20/);

    // The connection stays, and its 20 subscriptions keep receiving.
    await startThreadOverHttp(department, '二十个订阅都应收到。');
    const first = await Promise.all(active.map((live) => live.next()));
    expect(new Set(first.map((event) => event.activityStream.sequence)).size).toBe(1);
    expect((await run<{ me: { username: string } }>(client, '{ me { username } }')).results).toHaveLength(1);

    // Ending one frees its place: the server reads the socket's messages in order, so the `complete`
    // is handled before the next `subscribe`.
    active.pop()!.stop();
    const replacement = subscribe<{ activityStream: EventData }>(client, activityStream, { c: campaignId, since: await logEnd() });
    await startThreadOverHttp(department, '替补订阅应收到。');
    expect((await replacement.next()).activityStream.action).toBe('comment_thread.started');
    await client.dispose();
  });

  it('closes the 11th connection of one session with 4429, not other sessions', async () => {
    const session = await server.signIn('reviewer2');
    const open = Array.from({ length: 10 }, () => connect(server, { cookie: session.cookie }));
    await Promise.all(open.map((connection) => connection.connected));
    const eleventh = connect(server, { cookie: session.cookie });
    expect(await eleventh.closed).toEqual({ code: 4429, reason: 'Too many connections: at most 10 per session or token' });

    // Another session of the same person is counted on its own.
    const otherSession = await server.signIn('reviewer2');
    const other = connect(server, { cookie: otherSession.cookie });
    await other.connected;

    // A closed connection frees its place. The server counts it when its side of the socket closes,
    // which no message tells the client: connect again until accepted, a bounded number of times.
    const closing = open.pop()!;
    await closing.client.dispose();
    await closing.closed;
    let again = connect(server, { cookie: session.cookie });
    for (let attempt = 1; (await Promise.race([again.connected.then(() => 'open'), again.closed.then(() => 'refused')])) === 'refused'; attempt += 1) {
      expect(attempt).toBeLessThan(50);
      expect(await again.closed).toEqual({ code: 4429, reason: 'Too many connections: at most 10 per session or token' });
      again = connect(server, { cookie: session.cookie });
    }
    const me = await run<{ me: { username: string } }>(again.client, '{ me { username } }');
    expect(me.results[0]?.data?.me.username).toBe('reviewer2');
    await Promise.all([...open, other, again].map(async (connection) => await connection.client.dispose()));
  });
});

describe('depth and cost limits', () => {
  it('refuses too deep and too expensive queries over HTTP with 400 and a clear message', async () => {
    for (const [query, message] of [
      [tooDeep, /depth limit of 12 exceeded, found 13/i],
      [tooExpensive, /cost limit of 20000 exceeded, found 20202/i],
    ] as const) {
      const response = await reviewer.graphql(query);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0]?.message).toMatch(message);
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const tooLong = await reviewer.graphql(`{ ${'me { username } '.repeat(300)} }`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.errors?.[0]?.message).toMatch(/token limit of 1000 exceeded/i);
  });

  it('refuses them over WebSocket as an error for that operation, subscriptions included', async () => {
    const { client, connected, closed } = connect(server, { cookie: reviewer.cookie });
    await connected;
    const deep = await run(client, tooDeep);
    expect(deep.refused?.[0]?.message).toMatch(/depth limit of 12 exceeded/i);
    expect(deep.refused?.[0]?.extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      messageZh: '查询嵌套过深：最多 12 层，此查询 13 层',
      messageEn: 'Query depth limit of 12 exceeded, found 13: select fewer nested fields',
      limit: 12,
    });
    const expensive = await run(client, tooExpensive);
    expect(expensive.refused?.[0]?.message).toMatch(/cost limit of 20000 exceeded/i);
    const deepSubscription = await subscribe(
      client,
      `subscription($id: ID!) { proposalChanged(proposalId: $id) { proposal { ${'consultations { nodes { proposal { '.repeat(3)} powerItem { id } ${'} } } '.repeat(3)} } } }`,
      { id: proposal.id },
    ).refused;
    expect(deepSubscription[0]?.message).toMatch(/depth limit of 12 exceeded, found 13/i);
    const syntax = await run(client, '{ me { username ');
    expect(syntax.refused?.[0]?.message).toMatch(/Syntax Error/);
    // Still connected: a fitting query runs.
    expect((await run<{ me: { username: string } }>(client, '{ me { username } }')).results[0]?.data?.me.username).toBe('reviewer1');
    await client.dispose();
    expect((await closed).code).toBe(1000);
  });
});

describe('protocol violations', () => {
  it('close only the offending socket, with the graphql-ws code', async () => {
    const { client, connected } = connect(server, { cookie: reviewer.cookie });
    await connected;
    const bystander = subscribe<{ activityStream: EventData }>(client, activityStream, { c: campaignId, since: await logEnd() });

    const garbage = await rawSocket(server);
    garbage.socket.send('this is not JSON {');
    expect((await garbage.closed).code).toBe(4400);

    const unknownType = await rawSocket(server);
    unknownType.socket.send(JSON.stringify({ type: 'launch_missiles' }));
    expect((await unknownType.closed).code).toBe(4400);

    const early = await rawSocket(server);
    early.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ me { username } }' } }));
    expect((await early.closed).code).toBe(4401);

    const twice = await rawSocket(server);
    twice.socket.send(JSON.stringify({ type: 'connection_init' }));
    twice.socket.send(JSON.stringify({ type: 'connection_init' }));
    expect((await twice.closed).code).toBe(4429);

    const invalidUtf8 = await rawSocket(server);
    invalidUtf8.socket.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false });
    expect((await invalidUtf8.closed).code).toBe(1007);

    const oversized = await rawSocket(server);
    oversized.socket.send('x'.repeat(1024 * 1024 + 1));
    expect((await oversized.closed).code).toBe(1009);

    // The server keeps serving: the other socket's subscription still delivers, HTTP still answers.
    await startThreadOverHttp(department, '其他连接不受影响。');
    expect((await bystander.next()).activityStream.action).toBe('comment_thread.started');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    bystander.stop();
    await client.dispose();
  });
});
