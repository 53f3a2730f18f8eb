import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { logPosition, subscribe, type Subscription } from '../support/sse.ts';

/**
 * One execution per event for each distinct viewer, document and variables
 * (server/src/events/shared-execution.ts): many subscribers of one viewer cost one execution, and
 * no subscriber ever receives a payload computed for another viewer.
 */
let server: TestServer;
let statements = 0;
let coordinator: SignedInClient;
let campaignId: string;
/** A proposal of gz-scjgj's in initial review: its department and the team may both read it. */
let watched: string;
let reviewerIds: string[];

const proposalFields = 'id version stage availableTransitions viewerCan { readVotes vote startThread } assignees { id }';
const workspace = `subscription($id: ID!, $since: Int) { proposalChanged(proposalId: $id, since: $since) { sequence proposal { ${proposalFields} } } }`;
const queue = `subscription($c: ID!, $f: ProposalFilter, $since: Int) { queueChanged(campaignId: $c, filter: $f, since: $since) { inQueue event { sequence proposal { ${proposalFields} } } } }`;

beforeAll(async () => {
  server = await startTestServer({ seed: true, onStatement: () => (statements += 1) });
  coordinator = await server.signIn('coordinator');
  const department = await server.signIn('gz-scjgj');
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
  const own = await department.graphql<{ proposals: { nodes: { id: string }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id } } }',
    { f: { campaignId, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
  );
  watched = own.data!.proposals.nodes[0]!.id;
  const reviewers = await Promise.all(['reviewer1', 'reviewer2'].map((name) => server.signIn(name)));
  reviewerIds = await Promise.all(
    reviewers.map(async (reviewer) => (await reviewer.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }')).data!.me.user.id),
  );
});
afterAll(() => server?.close());

let assignments = 0;
/** A change to the watched proposal: the coordinator reassigns it, to each reviewer in turn. */
async function reassign(): Promise<void> {
  const reviewerId = reviewerIds[(assignments += 1) % reviewerIds.length];
  const assigned = await coordinator.graphql<{ assignReviewers: { __typename: string } }>(
    'mutation($input: AssignReviewersInput!) { assignReviewers(input: $input) { __typename } }',
    { input: { proposalIds: [watched], reviewerIds: [reviewerId], replace: true } },
  );
  expect(assigned.data!.assignReviewers.__typename).toBe('BulkAssignResult');
}

/** The first event of a subscription over WebSocket (graphql-ws), signed in by the session cookie. */
function firstOverWebSocket<T>(query: string, variables: Record<string, unknown>, cookie: string): Promise<T> {
  const client = createClient({
    url: `${server.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
      }
    },
    retryAttempts: 0,
  });
  return new Promise<T>((resolve, reject) => {
    client.subscribe<T>(
      { query, variables },
      { next: (result) => (result.errors ? reject(new Error(JSON.stringify(result.errors))) : resolve(result.data as T)), error: reject, complete: () => {} },
    );
  }).finally(() => void client.dispose());
}

/** The statements the server runs for one change, its deliveries to `watchers` included. */
async function statementsOf<T>(watchers: Subscription<T>[]): Promise<{ statements: number; received: T[] }> {
  const before = statements;
  await reassign();
  const received = await Promise.all(watchers.map((watcher) => watcher.next()));
  return { statements: statements - before, received };
}

describe('shared execution of live events', () => {
  it("executes each event once for all of one viewer's subscribers with the same document, whatever their since", async () => {
    const [first, second] = await Promise.all([server.signIn('reviewer1'), server.signIn('reviewer1')]);
    const since = await logPosition(server.database.opened.db);
    const one = [subscribe<unknown>(server.url, workspace, { id: watched, since }, first.cookie)];
    await Promise.all(one.map((watcher) => watcher.ready));
    await statementsOf(one); // the first change also fills per-process memories (the event's audience)
    const alone = await statementsOf(one);
    expect(alone.statements).toBeGreaterThan(0);

    // Five more: another session of the same person, and other `since` values (or none).
    const at = await logPosition(server.database.opened.db);
    const more = [
      subscribe<unknown>(server.url, workspace, { id: watched, since: at }, first.cookie),
      subscribe<unknown>(server.url, workspace, { id: watched }, first.cookie),
      subscribe<unknown>(server.url, workspace, { id: watched, since: at }, second.cookie),
      subscribe<unknown>(server.url, workspace, { id: watched, since: null }, second.cookie),
      subscribe<unknown>(server.url, workspace, { id: watched }, second.cookie),
    ];
    await Promise.all(more.map((watcher) => watcher.ready));
    const six = await statementsOf([...one, ...more]);
    expect(six.statements).toBe(alone.statements);
    expect(new Set(six.received.map((data) => JSON.stringify(data))).size).toBe(1);

    // Another viewer is another execution, with statements of its own (so the five above would
    // have been five more), and again one for all of that viewer's subscribers.
    const coordinatorWatches = [subscribe<unknown>(server.url, workspace, { id: watched }, coordinator.cookie)];
    await coordinatorWatches[0]!.ready;
    const withOne = await statementsOf([...one, ...more, ...coordinatorWatches]);
    expect(withOne.statements).toBeGreaterThan(six.statements);
    coordinatorWatches.push(subscribe<unknown>(server.url, workspace, { id: watched }, coordinator.cookie));
    await coordinatorWatches[1]!.ready;
    const withTwo = await statementsOf([...one, ...more, ...coordinatorWatches]);
    expect(withTwo.statements).toBe(withOne.statements);
    for (const watcher of [...one, ...more, ...coordinatorWatches]) watcher.close();
  });

  it('gives viewers of different scope, with the same document and variables, each their own payload', async () => {
    // Department first, so a result shared across viewers would reach the team as the department's.
    const viewers = await Promise.all(['gz-scjgj', 'reviewer1', 'coordinator', 'gz-scjgj', 'reviewer1'].map((name) => server.signIn(name)));
    const since = await logPosition(server.database.opened.db);
    const variables = { c: campaignId, f: {}, since };
    const watchers: Subscription<{ queueChanged: { inQueue: boolean; event: { proposal: Record<string, unknown> } } }>[] = [];
    for (const viewer of viewers) {
      const watcher = subscribe<{ queueChanged: { inQueue: boolean; event: { proposal: Record<string, unknown> } } }>(server.url, queue, variables, viewer.cookie);
      await watcher.ready;
      watchers.push(watcher);
    }
    // And over WebSocket, which runs the same envelop: the same viewers, document and variables.
    const overWebSocket = [viewers[0]!, viewers[1]!].map((viewer) =>
      firstOverWebSocket<{ queueChanged: { event: { proposal: Record<string, unknown> } } }>(queue, variables, viewer.cookie),
    );
    // Set up before the change or after it, `since` brings them the change.
    await reassign();
    const received = await Promise.all(watchers.map(async (watcher) => (await watcher.next()).queueChanged.event.proposal));
    const receivedOverWebSocket = await Promise.all(overWebSocket.map(async (ws) => (await ws).queueChanged.event.proposal));
    expect(receivedOverWebSocket).toEqual([received[0], received[1]]);
    const asTheyRead = await Promise.all(
      viewers.map(
        async (viewer) =>
          (await viewer.graphql<{ node: Record<string, unknown> }>(`query($id: ID!) { node(id: $id) { ... on Proposal { ${proposalFields} } } }`, { id: watched }))
            .data!.node,
      ),
    );
    expect(received).toEqual(asTheyRead);
    // What each may do differs: the department may not read the team's votes, the coordinator
    // and the reviewer act differently on the proposal.
    expect(received.map((p) => (p['viewerCan'] as { readVotes: boolean }).readVotes)).toEqual([false, true, true, false, true]);
    expect(new Set(received.map((p) => JSON.stringify(p))).size).toBe(3);
    for (const watcher of watchers) watcher.close();
  });
});
