import { activity } from '@devolve/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { subscribe, type Subscription } from '../support/sse.ts';

/**
 * Presence over SSE: who is looking at a proposal and who is typing where. Ephemeral: none of
 * it reaches the activity log. Timings are shortened so expiry shows within a second or two.
 */
let server: TestServer;
let reviewer1: SignedInClient;
let reviewer2: SignedInClient;
let coordinator: SignedInClient;
let department: SignedInClient;
const users = new Map<string, string>();
let proposalId: string;
let foreignProposalId: string;
let internalThreadId: string;
let sharedThreadId: string;

/** Longer than the presence expiry (1.5 s here): a typing indicator lapsing shows that much time passed. */
const typingTtlMs = 2_000;

interface Entry {
  user: { id: string };
  typingInThreadId: string | null;
}
type PresenceData = { presence: Entry[] };

const presenceQuery = 'subscription($id: ID!) { presence(proposalId: $id) { user { id } typingInThreadId } }';

const watch = (client: SignedInClient, id = proposalId) => subscribe<PresenceData>(server.url, presenceQuery, { id }, client.cookie);

/** Who is in a presence list, by username, and where each types. */
const who = (data: PresenceData) =>
  Object.fromEntries(data.presence.map((entry) => [[...users].find(([, id]) => id === entry.user.id)![0], entry.typingInThreadId]));

/** Reads the stream until the list satisfies `done`, failing after `timeoutMs`. */
async function until(stream: Subscription<PresenceData>, done: (seen: Record<string, string | null>) => boolean, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = who(await stream.next(Math.max(1, deadline - Date.now())));
    if (done(seen)) return seen;
  }
}

async function setTyping(client: SignedInClient, threadId: string, typing: boolean, proposal = proposalId) {
  const response = await client.graphql<{ setTyping: { __typename: string; sent?: boolean; code?: string } }>(
    'mutation($input: SetTypingInput!) { setTyping(input: $input) { __typename ... on TypingSent { sent } ... on Error { code } } }',
    { input: { proposalId: proposal, threadId, typing } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.setTyping;
}

async function startThread(visibility: 'INTERNAL' | 'SHARED') {
  const response = await reviewer1.graphql<{ startCommentThread: { id: string } }>(
    'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { ... on CommentThread { id } } }',
    { input: { proposalId, visibility, body: visibility === 'INTERNAL' ? '内部讨论：拟不予采纳。' : '请补充近三年办件量。' } },
  );
  return response.data!.startCommentThread.id;
}

const activityCount = () => server.database.opened.db.$count(activity);

beforeAll(async () => {
  server = await startTestServer({ seed: true, presence: { ttlMs: 1_500, heartbeatMs: 300, typingTtlMs } });
  [reviewer1, reviewer2, coordinator, department] = await Promise.all([
    server.signIn('reviewer1'),
    server.signIn('reviewer2'),
    server.signIn('coordinator'),
    server.signIn('gz-scjgj'),
  ]);
  for (const client of [reviewer1, reviewer2, coordinator, department]) {
    const me = await client.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }');
    users.set(client.username, me.data!.me.user.id);
  }
  const query = '{ proposals(first: 50) { nodes { id submittingUnit { code } } } }';
  type Listed = { proposals: { nodes: { id: string; submittingUnit: { code: string } }[] } };
  proposalId = (await department.graphql<Listed>(query)).data!.proposals.nodes[0]!.id;
  const all = (await coordinator.graphql<Listed>(query)).data!.proposals.nodes;
  foreignProposalId = all.find((n) => n.submittingUnit.code !== 'GZ-SCJGJ')!.id;
  internalThreadId = await startThread('INTERNAL');
  sharedThreadId = await startThread('SHARED');
});
afterAll(() => server?.close());

describe('presence over SSE', () => {
  it('shows two reviewers on one proposal to each other, and drops one whose stream closes', async () => {
    const before = await activityCount();
    const first = watch(reviewer1);
    expect(who(await first.next())).toEqual({ reviewer1: null });
    const second = watch(reviewer2);
    expect(await until(second, (seen) => 'reviewer1' in seen && 'reviewer2' in seen)).toEqual({ reviewer1: null, reviewer2: null });
    expect(await until(first, (seen) => 'reviewer2' in seen)).toEqual({ reviewer1: null, reviewer2: null });

    // Heartbeats keep both there past the expiry, and announce nothing new: reviewer2 types once and
    // lets it lapse by itself, after longer than the expiry. The next two frames are exactly those,
    // with nobody gone in between.
    await setTyping(reviewer2, sharedThreadId, true);
    expect(who(await first.next())).toEqual({ reviewer1: null, reviewer2: sharedThreadId });
    expect(who(await first.next())).toEqual({ reviewer1: null, reviewer2: null });

    const closedAt = Date.now();
    second.close();
    expect(await until(first, (seen) => !('reviewer2' in seen))).toEqual({ reviewer1: null });
    // At once, not after the expiry (1.5 s here): closing the stream leaves.
    expect(Date.now() - closedAt).toBeLessThan(1_000);
    first.close();
    expect(await activityCount()).toBe(before);
  });

  it('shows typing in a thread, then lets it expire by itself', async () => {
    const before = await activityCount();
    const typist = watch(reviewer1);
    const team = watch(coordinator);
    await until(team, (seen) => 'reviewer1' in seen && 'coordinator' in seen);

    expect(await setTyping(reviewer1, sharedThreadId, true)).toEqual({ __typename: 'TypingSent', sent: true });
    await until(team, (seen) => seen.reviewer1 === sharedThreadId);
    const startedAt = Date.now();
    // Nobody renews it: it goes out on its own after the typing TTL.
    await until(team, (seen) => seen.reviewer1 === null);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(typingTtlMs - 200);

    // Stopping explicitly takes it away at once.
    await setTyping(reviewer1, sharedThreadId, true);
    await until(team, (seen) => seen.reviewer1 === sharedThreadId);
    await setTyping(reviewer1, sharedThreadId, false);
    const stopped = Date.now();
    await until(team, (seen) => seen.reviewer1 === null);
    expect(Date.now() - stopped).toBeLessThan(typingTtlMs);

    typist.close();
    team.close();
    expect(await activityCount()).toBe(before);
  });

  it("never lets a typing indicator for an internal thread reach the proposal's department", async () => {
    const typist = watch(reviewer1);
    const team = watch(coordinator);
    const own = watch(department);
    await until(team, (seen) => ['reviewer1', 'coordinator', 'gz-scjgj'].every((name) => name in seen));
    await until(own, (seen) => ['reviewer1', 'coordinator', 'gz-scjgj'].every((name) => name in seen));

    await setTyping(reviewer1, internalThreadId, true);
    await until(team, (seen) => seen.reviewer1 === internalThreadId);
    await setTyping(reviewer1, internalThreadId, false);
    await until(team, (seen) => seen.reviewer1 === null);

    // A shared thread is the department's to see: the filter is about the thread, not the person.
    // Presence goes out in order, so this is also the marker: it is the first frame the department
    // gets since everyone arrived, none came of the internal thread's typing.
    await setTyping(reviewer1, sharedThreadId, true);
    expect(who(await own.next())).toEqual({ reviewer1: sharedThreadId, coordinator: null, 'gz-scjgj': null });

    typist.close();
    team.close();
    own.close();
  });

  it("refuses a department another unit's proposal, and typing in the team's internal threads", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', cookie: department.cookie },
      body: JSON.stringify({ query: presenceQuery, variables: { id: foreignProposalId } }),
    });
    expect(await response.text()).toMatch(/FORBIDDEN/);
    // The team's internal thread is, to a department, one that does not exist.
    expect(await setTyping(department, internalThreadId, true)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('checks the thread belongs to the proposal named', async () => {
    expect(await setTyping(reviewer1, sharedThreadId, true, foreignProposalId)).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
    });
    expect(await setTyping(reviewer1, proposalId, true)).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
  });
});
