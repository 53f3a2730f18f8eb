import { consultations } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inDays } from '../support/dates.ts';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { logPosition, subscribe, type Subscription } from '../support/sse.ts';

/** Live changes over SSE: authorization per event, filters, and resume without loss. */
let server: TestServer;
let coordinator: SignedInClient;
let reviewer: SignedInClient;
let department: SignedInClient;
let campaignId: string;
let proposal: { id: string; version: number };

interface EventData {
  sequence: number;
  action: string;
  entityType: string;
  proposal: { id: string; stage: string } | null;
}

const eventFields = 'sequence action entityType proposal { id stage }';

async function comment(client: SignedInClient, visibility: 'INTERNAL' | 'SHARED', body: string) {
  const response = await client.graphql<{ startCommentThread: { __typename: string } }>(
    'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
    { input: { proposalId: proposal.id, visibility, body } },
  );
  expect(response.data?.startCommentThread.__typename).toBe('CommentThread');
}

/**
 * "Nothing else arrived": `marker` makes a change the subscriber is sent, after those it must not be,
 * and it is the next thing the subscriber receives. The log delivers in order, so anything sent
 * wrongly would have come first.
 */
async function expectMarkerNext<T>(subscription: Subscription<T>, eventOf: (data: T) => EventData, marker: () => Promise<unknown>, action: string) {
  const markedFrom = await logPosition(server.database.opened.db);
  await marker();
  const next = eventOf(await subscription.next());
  expect(next.action).toBe(action);
  expect(next.sequence).toBeGreaterThan(markedFrom);
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  [coordinator, reviewer, department] = await Promise.all([server.signIn('coordinator'), server.signIn('reviewer1'), server.signIn('gz-scjgj')]);
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
  const own = await department.graphql<{ proposals: { nodes: { id: string; version: number }[] } }>(
    'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id version } } }',
    { f: { campaignId, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
  );
  proposal = own.data!.proposals.nodes[0]!;
});
afterAll(() => server?.close());

describe('subscriptions over SSE', () => {
  it("delivers a proposal's changes to everyone watching it, as they happen", async () => {
    const watching = subscribe<{ proposalChanged: EventData }>(
      server.url,
      `subscription($id: ID!, $since: Int) { proposalChanged(proposalId: $id, since: $since) { ${eventFields} } }`,
      { id: proposal.id, since: await logPosition(server.database.opened.db) },
      reviewer.cookie,
    );
    const returned = await reviewer.graphql<{ transitionProposal: { __typename: string; version: number } }>(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename ... on Proposal { version } } }',
      { input: { proposalId: proposal.id, transition: 'RETURN', expectedVersion: proposal.version, reason: '请补充法律依据。' } },
    );
    expect(returned.data!.transitionProposal.__typename).toBe('Proposal');
    const event = await watching.next();
    expect(event.proposalChanged).toMatchObject({ action: 'proposal.transitioned', entityType: 'proposal', proposal: { id: proposal.id } });
    watching.close();
  });

  it("never sends a department the team's internal comments", async () => {
    const since = await logPosition(server.database.opened.db);
    const team = subscribe<{ proposalCommentsChanged: EventData }>(
      server.url,
      `subscription($id: ID!, $since: Int) { proposalCommentsChanged(proposalId: $id, since: $since) { ${eventFields} } }`,
      { id: proposal.id, since },
      reviewer.cookie,
    );
    const own = subscribe<{ proposalCommentsChanged: EventData }>(
      server.url,
      `subscription($id: ID!, $since: Int) { proposalCommentsChanged(proposalId: $id, since: $since) { ${eventFields} } }`,
      { id: proposal.id, since },
      department.cookie,
    );
    await comment(reviewer, 'INTERNAL', '内部讨论：该事项拟不予采纳。');
    await comment(reviewer, 'SHARED', '请补充近三年办件量。');
    // The team sees both threads start (thread + first comment each); the department only the shared one.
    const teamActions = [];
    for (let i = 0; i < 4; i += 1) teamActions.push((await team.next()).proposalCommentsChanged.action);
    expect(teamActions.sort()).toEqual(['comment.created', 'comment.created', 'comment_thread.started', 'comment_thread.started']);
    const shared = [(await own.next()).proposalCommentsChanged, (await own.next()).proposalCommentsChanged];
    expect(shared.map((event) => event.action)).toEqual(['comment_thread.started', 'comment.created']);
    await expectMarkerNext(own, (data) => data.proposalCommentsChanged, () => comment(reviewer, 'SHARED', '标记：内部评论之后的共享评论。'), 'comment_thread.started');
    team.close();
    own.close();
  });

  it('refuses to let a department watch another unit\'s proposal', async () => {
    const other = await coordinator.graphql<{ proposals: { nodes: { id: string; submittingUnit: { code: string } }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 50, filter: $f) { nodes { id submittingUnit { code } } } }',
      { f: { campaignId } },
    );
    const foreign = other.data!.proposals.nodes.find((n) => n.submittingUnit.code !== 'GZ-SCJGJ')!;
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', cookie: department.cookie },
      body: JSON.stringify({ query: 'subscription($id: ID!) { proposalChanged(proposalId: $id) { sequence } }', variables: { id: foreign.id } }),
    });
    const text = await response.text();
    expect(text).toMatch(/FORBIDDEN/);
  });

  it('resumes after a dropped connection with every missed event, in order, once', async () => {
    const query = `subscription($c: ID, $since: Int) { activityStream(campaignId: $c, since: $since) { ${eventFields} } }`;
    const first = subscribe<{ activityStream: EventData }>(server.url, query, { c: campaignId, since: await logPosition(server.database.opened.db) }, coordinator.cookie);
    await comment(reviewer, 'SHARED', '第一条');
    const seen = (await first.next()).activityStream.sequence;
    await first.next();
    first.close();

    // While the subscriber is away: three more changes (two entries each).
    for (const body of ['第二条', '第三条', '第四条']) await comment(reviewer, 'SHARED', body);
    const resumed = subscribe<{ activityStream: EventData }>(server.url, query, { c: campaignId, since: seen }, coordinator.cookie);
    const replay: EventData[] = [];
    for (let i = 0; i < 7; i += 1) replay.push((await resumed.next()).activityStream);
    // And a live one after the replay.
    await comment(reviewer, 'SHARED', '第五条');
    replay.push((await resumed.next()).activityStream, (await resumed.next()).activityStream);
    // Each once: the next one is a later change's.
    await expectMarkerNext(resumed, (data) => data.activityStream, () => comment(reviewer, 'SHARED', '标记'), 'comment_thread.started');
    const sequences = replay.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(sequences[0]).toBe(seen + 1);
    expect(replay.map((e) => e.action)).toEqual([
      'comment.created',
      ...Array(4).fill(['comment_thread.started', 'comment.created']).flat(),
    ]);
    resumed.close();
  });

  it("keeps a live queue right: a proposal leaving the filter says so, a search probes the changed proposal's texts", async () => {
    const named = await coordinator.graphql<{ node: { proposedItemName: string | null; powerItem: { name: string } | null } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { proposedItemName powerItem { name } } } }',
      { id: proposal.id },
    );
    const name = named.data!.node.proposedItemName ?? named.data!.node.powerItem!.name;
    const since = await logPosition(server.database.opened.db);
    const watch = (f: object) =>
      subscribe<{ queueChanged: { inQueue: boolean; event: EventData } }>(
        server.url,
        'subscription($c: ID!, $f: ProposalFilter, $since: Int) { queueChanged(campaignId: $c, filter: $f, since: $since) { inQueue event { proposal { id stage } } } }',
        { c: campaignId, f, since },
        coordinator.cookie,
      );
    // Returned: it leaves; its own name (two characters, and the whole): it stays; a name it lacks: never in.
    const queues = [watch({ statuses: ['RETURNED'] }), watch({ search: [...name].slice(0, 2).join('') }), watch({ search: name }), watch({ search: `${name}无此` })];
    const current = await department.graphql<{ node: { version: number } }>('query($id: ID!) { node(id: $id) { ... on Proposal { version } } }', { id: proposal.id });
    await department.graphql(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }',
      { input: { proposalId: proposal.id, transition: 'RESUBMIT', expectedVersion: current.data!.node.version } },
    );
    const changes = await Promise.all(queues.map((queue) => queue.next()));
    expect(changes.map((change) => change.queueChanged.inQueue)).toEqual([false, true, true, false]);
    for (const change of changes) expect(change.queueChanged.event.proposal).toMatchObject({ id: proposal.id });
    for (const queue of queues) queue.close();
  });

  it("sends a district the consultations that ask it and its own answers, never another district's", async () => {
    // A delegation under consultation with three or more target districts: two are asked, one is not.
    const candidates = await coordinator.graphql<{ proposals: { nodes: { id: string; targetDistricts: { id: string; code: string }[] }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { id targetDistricts { id code } } } }',
      { f: { campaignId, stages: ['CONSULTATION'], statuses: ['ACTIVE'], actions: ['DELEGATE'] } },
    );
    const delegation = candidates.data!.proposals.nodes.find((p) => p.targetDistricts.length >= 3)!;
    const [asked, alsoAsked, notAsked] = delegation.targetDistricts as [{ id: string; code: string }, { id: string; code: string }, { id: string; code: string }];
    const liaisons = await Promise.all([asked, alsoAsked, notAsked].map((d) => server.signIn(`district-${d.code}`)));
    // The seed's own round is closed directly (no event), so a new one may open.
    await server.database.opened.db.update(consultations).set({ status: 'closed' }).where(eq(consultations.proposalId, databaseId(delegation.id)));

    const districtQuery = `subscription($since: Int) { districtChanged(since: $since) { ${eventFields} } }`;
    const since = await logPosition(server.database.opened.db);
    const watch = (liaison: SignedInClient) => subscribe<{ districtChanged: EventData }>(server.url, districtQuery, { since }, liaison.cookie);
    const [toAsked, toAlsoAsked, toNotAsked] = [watch(liaisons[0]!), watch(liaisons[1]!), watch(liaisons[2]!)];
    const opened = await coordinator.graphql<{ openConsultation: { __typename: string; feedback: { id: string; version: number; district: { code: string } }[] } }>(
      `mutation($input: OpenConsultationInput!) {
        openConsultation(input: $input) { __typename ... on Consultation { feedback { id version district { code } } } }
      }`,
      { input: { proposalId: delegation.id, deadline: inDays(7), districtIds: [asked.id, alsoAsked.id] } },
    );
    expect(opened.data!.openConsultation.__typename).toBe('Consultation');
    for (const subscription of [toAsked, toAlsoAsked]) {
      expect((await subscription.next()).districtChanged).toMatchObject({ action: 'consultation.opened', proposal: { id: delegation.id } });
    }

    // The second district answers: only it hears of its answer.
    const feedback = opened.data!.openConsultation.feedback.find((f) => f.district.code === alsoAsked.code)!;
    const answered = await liaisons[1]!.graphql<{ answerConsultation: { __typename: string } }>(
      'mutation($input: AnswerConsultationInput!) { answerConsultation(input: $input) { __typename } }',
      { input: { feedbackId: feedback.id, expectedVersion: feedback.version, stance: 'AGREE', comments: '同意下放。' } },
    );
    expect(answered.data!.answerConsultation.__typename).toBe('DistrictFeedback');
    expect((await toAlsoAsked.next()).districtChanged.action).toBe('consultation.answered');

    // The activity query agrees with the subscription.
    const logged = await liaisons[0]!.graphql<{ node: { activity: { nodes: { action: string }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { activity(first: 20) { nodes { action } } } } }',
      { id: delegation.id },
    );
    // Newest first: the other district's answer came later but is not there.
    expect(logged.data!.node.activity.nodes[0]!.action).toBe('consultation.opened');

    // Nor did the subscriptions have it: the next thing the first district hears of is its own answer,
    // and the district not asked hears of nothing before a round that does ask it.
    const own = opened.data!.openConsultation.feedback.find((f) => f.district.code === asked.code)!;
    await expectMarkerNext(toAsked, (data) => data.districtChanged, () =>
      liaisons[0]!.graphql('mutation($input: AnswerConsultationInput!) { answerConsultation(input: $input) { __typename } }', {
        input: { feedbackId: own.id, expectedVersion: own.version, stance: 'AGREE', comments: '同意。' },
      }), 'consultation.answered');
    await server.database.opened.db.update(consultations).set({ status: 'closed' }).where(eq(consultations.proposalId, databaseId(delegation.id)));
    await expectMarkerNext(toNotAsked, (data) => data.districtChanged, () =>
      coordinator.graphql('mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { __typename } }', {
        input: { proposalId: delegation.id, deadline: inDays(7), districtIds: [notAsked.id] },
      }), 'consultation.opened');
    for (const subscription of [toAsked, toAlsoAsked, toNotAsked]) subscription.close();
  });

  it('answers every subscriber for itself when many watch with the same document', async () => {
    // One load of the proposal is shared by the subscribers of one viewer and document; what each
    // may read and do is still their own: the same as their own query of it after the change.
    const own = await department.graphql<{ proposals: { nodes: { id: string }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 2, filter: $f) { nodes { id } } }',
      { f: { campaignId, stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
    );
    const watched = own.data!.proposals.nodes[1]!.id;
    const proposalFields = 'id version availableTransitions viewerCan { readVotes vote startThread } assignees { id }';
    const query = `subscription($id: ID!, $since: Int) { proposalChanged(proposalId: $id, since: $since) { sequence proposal { ${proposalFields} } } }`;
    const since = await logPosition(server.database.opened.db);
    const watchers = [reviewer, reviewer, coordinator, department].map((client) =>
      subscribe<{ proposalChanged: { proposal: Record<string, unknown> } }>(server.url, query, { id: watched, since }, client.cookie),
    );
    await Promise.all(watchers.map((watcher) => watcher.ready));
    const reviewerId = (await reviewer.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }')).data!.me.user.id;
    const assigned = await coordinator.graphql<{ assignReviewers: { __typename: string } }>(
      'mutation($input: AssignReviewersInput!) { assignReviewers(input: $input) { __typename } }',
      { input: { proposalIds: [watched], reviewerIds: [reviewerId], replace: true } },
    );
    expect(assigned.data!.assignReviewers.__typename).toBe('BulkAssignResult');
    const received = await Promise.all(watchers.map(async (watcher) => (await watcher.next()).proposalChanged.proposal));
    const asTheyRead = await Promise.all(
      [reviewer, reviewer, coordinator, department].map(
        async (client) => (await client.graphql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { ... on Proposal { ${proposalFields} } } }`, { id: watched })).data!.node,
      ),
    );
    expect(received).toEqual(asTheyRead);
    // The department may not read the team's votes; the team may.
    expect(received.map((p) => (p['viewerCan'] as { readVotes: boolean }).readVotes)).toEqual([true, true, true, false]);
    for (const watcher of watchers) watcher.close();
  });
});
