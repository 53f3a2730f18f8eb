import { activity, campaigns, proposalAssignees, proposals, units } from '@devolve/db';
import { and, eq, gt, inArray, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId, globalIdOf } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** Assigning reviewers, one or five hundred at a time, and each reviewer's own queue. */
let server: TestServer;
let coordinator: SignedInClient;
let reviewer: SignedInClient;
let campaignId: string;
let reviewerId: string;
let legalId: string;

interface Outcome {
  proposalId: string;
  ok: boolean;
  error: { __typename: string; code: string; messageZh: string } | null;
}
interface BulkResult {
  __typename: string;
  code?: string;
  field?: string;
  results?: Outcome[];
  succeeded?: number;
  failed?: number;
}

const assignMutation = /* GraphQL */ `
  mutation($input: AssignReviewersInput!) {
    assignReviewers(input: $input) {
      __typename
      ... on BulkAssignResult { succeeded failed results { proposalId ok error { __typename code messageZh } } }
      ... on Error { code }
      ... on ValidationError { field }
    }
  }
`;

async function assign(client: SignedInClient, input: Record<string, unknown>) {
  const response = await client.graphql<{ assignReviewers: BulkResult }>(assignMutation, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.assignReviewers;
}

async function idsOf(filter: Record<string, unknown>, first: number, client = coordinator) {
  const response = await client.graphql<{ proposals: { nodes: { id: string }[] } }>(
    'query($f: ProposalFilter, $n: Int) { proposals(first: $n, filter: $f) { nodes { id } } }',
    { f: { campaignId, ...filter }, n: first },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.proposals.nodes.map((n) => n.id);
}

async function userIdOf(client: SignedInClient) {
  const me = await client.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }');
  return me.data!.me.user.id;
}


async function assigneesOf(ids: string[]) {
  const rows = await server.database.opened.db
    .select({ proposalId: proposalAssignees.proposalId, userId: proposalAssignees.userId })
    .from(proposalAssignees)
    .where(inArray(proposalAssignees.proposalId, ids.map(databaseId)));
  return rows.map((r) => `${r.proposalId}:${r.userId}`).sort();
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  reviewer = await server.signIn('reviewer1');
  campaignId = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
  reviewerId = await userIdOf(reviewer);
  legalId = await userIdOf(await server.signIn('legal1'));
});
afterAll(() => server?.close());

describe('assigning reviewers', () => {
  it('is for the coordinator, to people holding a reviewer role, within the limits', async () => {
    const [proposalId] = await idsOf({ stages: ['INITIAL_REVIEW'] }, 1);
    const before = await assigneesOf([proposalId!]);
    expect((await assign(reviewer, { proposalIds: [proposalId], reviewerIds: [reviewerId] })).code).toBe('FORBIDDEN');
    const coordinatorId = await userIdOf(coordinator);
    const notReviewer = await assign(coordinator, { proposalIds: [proposalId], reviewerIds: [reviewerId, coordinatorId] });
    expect(notReviewer.field).toBe('input.reviewerIds');
    expect((await assign(coordinator, { proposalIds: [], reviewerIds: [reviewerId] })).field).toBe('input.proposalIds');
    expect((await assign(coordinator, { proposalIds: [proposalId], reviewerIds: [] })).field).toBe('input.reviewerIds');
    const tooMany = Array.from({ length: 501 }, (_, i) => globalIdOf('Proposal', i + 1));
    expect((await assign(coordinator, { proposalIds: tooMany, reviewerIds: [reviewerId] })).field).toBe('input.proposalIds');
    expect(await assigneesOf([proposalId!])).toEqual(before);
  });

  it('assigns 100 proposals in one call, each on its own: the valid ones assigned, the invalid ones untouched', async () => {
    const valid = [...(await idsOf({ stages: ['SUBMITTED', 'INITIAL_REVIEW'], statuses: ['ACTIVE'] }, 93))];
    expect(valid).toHaveLength(93);
    // Drafts are their department's alone: only it can name them.
    const drafts = await idsOf({ stages: ['DRAFT'] }, 2, await server.signIn('gz-scjgj'));
    expect(drafts).toHaveLength(2);
    const decided = await idsOf({ stages: ['DECIDED'] }, 2);
    const withdrawn = await idsOf({ statuses: ['WITHDRAWN'] }, 1);
    const missing = globalIdOf('Proposal', 99_999_999);
    // A proposal of the 2020 round, which the batch (the 2019 round) must not reach.
    const db = server.database.opened.db;
    const [round2020] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2020));
    const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'GZ-SCJGJ'));
    const [foreign] = await db
      .insert(proposals)
      .values({
        campaignId: round2020!.id,
        powerTypeCode: '01',
        submittingUnitId: unit!.id,
        action: 'add',
        proposedItemName: '新增事项',
        rationale: '2020年度新增事项。',
        stage: 'submitted',
      })
      .returning({ id: proposals.id });
    const otherCampaign = globalIdOf('Proposal', foreign!.id);

    const invalid = [...drafts.slice(0, 1), ...decided, missing, ...withdrawn, otherCampaign, ...drafts.slice(1)];
    const batch = [...valid.slice(0, 40), ...invalid.slice(0, 4), ...valid.slice(40), ...invalid.slice(4)];
    expect(batch).toHaveLength(100);
    const untouchedBefore = await assigneesOf(invalid.filter((id) => id !== missing));
    const [last] = await db.select({ id: max(activity.id) }).from(activity);
    const lastActivity = last!.id!;

    const result = await assign(coordinator, { proposalIds: batch, reviewerIds: [reviewerId, legalId] });
    expect(result.__typename).toBe('BulkAssignResult');
    expect(result.succeeded).toBe(93);
    expect(result.failed).toBe(7);
    expect(result.results!.map((r) => r.proposalId)).toEqual(batch);
    const outcome = (id: string) => result.results!.find((r) => r.proposalId === id)!;
    for (const id of valid) expect(outcome(id)).toEqual({ proposalId: id, ok: true, error: null });
    for (const id of [...decided, ...withdrawn]) expect(outcome(id).error!.code).toBe('INVALID_TRANSITION');
    expect(outcome(missing).error!.code).toBe('NOT_FOUND');
    // The coordinator may not read a department's draft: it fails as a missing id does, never confirming it exists.
    for (const id of drafts) {
      expect(outcome(id).error).toEqual({ ...outcome(missing).error, messageZh: outcome(missing).error!.messageZh.replace(missing, id) });
    }
    expect(outcome(otherCampaign).error).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    for (const id of invalid) expect(outcome(id).ok).toBe(false);

    const assigned = await assigneesOf(valid);
    for (const id of valid) {
      expect(assigned).toContain(`${databaseId(id)}:${databaseId(reviewerId)}`);
      expect(assigned).toContain(`${databaseId(id)}:${databaseId(legalId)}`);
    }
    expect(await assigneesOf(invalid.filter((id) => id !== missing))).toEqual(untouchedBefore);

    const entries = await db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'proposal.assigned'), gt(activity.id, lastActivity)));
    expect(entries.map((e) => e.entityId).sort()).toEqual(valid.map(databaseId).sort());
    const one = entries.find((e) => e.entityId === databaseId(valid[0]!))!;
    expect((one.after as { assigneeIds: number[] }).assigneeIds).toEqual(
      expect.arrayContaining([databaseId(reviewerId), databaseId(legalId)]),
    );

    // Assigning again changes nothing: the reviewers are already there.
    const settled = await assigneesOf(valid.slice(0, 3));
    const again = await assign(coordinator, { proposalIds: valid.slice(0, 3), reviewerIds: [reviewerId] });
    expect(again.succeeded).toBe(3);
    expect(await assigneesOf(valid.slice(0, 3))).toEqual(settled);
  });

  it('replaces the assignees when asked', async () => {
    const [proposalId] = await idsOf({ stages: ['SUBMITTED', 'INITIAL_REVIEW'], statuses: ['ACTIVE'] }, 1);
    const replacement = await userIdOf(await server.signIn('reviewer2'));
    const result = await assign(coordinator, { proposalIds: [proposalId], reviewerIds: [replacement], replace: true });
    expect(result.succeeded).toBe(1);
    expect(await assigneesOf([proposalId!])).toEqual([`${databaseId(proposalId!)}:${databaseId(replacement)}`]);
  });
});

describe('assignment and the proposal version', () => {
  const versionOf = async (proposalId: string) =>
    (await coordinator.graphql<{ node: { version: number } }>('query($id: ID!) { node(id: $id) { ... on Proposal { version } } }', { id: proposalId }))
      .data!.node.version;

  it('bumps the version when assignees change, so a decision taken on the older proposal conflicts', async () => {
    const [proposalId] = await idsOf({ stages: ['SUBMITTED', 'INITIAL_REVIEW'], statuses: ['ACTIVE'] }, 1);
    const seen = await versionOf(proposalId!);
    const other = await userIdOf(await server.signIn('reviewer4'));
    expect((await assign(coordinator, { proposalIds: [proposalId], reviewerIds: [other] })).succeeded).toBe(1);
    expect(await versionOf(proposalId!)).toBe(seen + 1);
    // The same assignment again changes nothing and keeps the version.
    expect((await assign(coordinator, { proposalIds: [proposalId], reviewerIds: [other] })).succeeded).toBe(1);
    expect(await versionOf(proposalId!)).toBe(seen + 1);

    const unassigned = await coordinator.graphql<{ unassignReviewer: { __typename: string; version?: number } }>(
      'mutation($input: UnassignReviewerInput!) { unassignReviewer(input: $input) { __typename ... on Proposal { version } } }',
      { input: { proposalId, reviewerId: other } },
    );
    expect(unassigned.data!.unassignReviewer).toEqual({ __typename: 'Proposal', version: seen + 2 });

    const stale = await reviewer.graphql<{ transitionProposal: { __typename: string; code?: string; currentVersion?: number } }>(
      `mutation($input: TransitionProposalInput!) {
        transitionProposal(input: $input) { __typename ... on Error { code } ... on ConflictError { currentVersion } }
      }`,
      { input: { proposalId, transition: 'RETURN', reason: '请补充材料', expectedVersion: seen } },
    );
    expect(stale.data!.transitionProposal).toEqual({ __typename: 'ConflictError', code: 'CONFLICT', currentVersion: seen + 2 });
  });
});

describe('my queue', () => {
  const queueQuery = /* GraphQL */ `
    query($f: ProposalFilter) { proposals(first: 100, filter: $f) { totalCount nodes { id assignedToMe assignees { id } } } }
  `;
  type Queue = { proposals: { totalCount: number; nodes: { id: string; assignedToMe: boolean; assignees: { id: string }[] }[] } };

  it('lists the proposals assigned to the signed-in reviewer', async () => {
    const mine = await reviewer.graphql<Queue>(queueQuery, { f: { campaignId, assignedToMe: true } });
    expect(mine.errors).toBeUndefined();
    const total = await server.database.opened.db.$count(proposalAssignees, eq(proposalAssignees.userId, databaseId(reviewerId)));
    expect(mine.data!.proposals.totalCount).toBe(total);
    expect(total).toBeGreaterThanOrEqual(92);
    for (const node of mine.data!.proposals.nodes) {
      expect(node.assignedToMe).toBe(true);
      expect(node.assignees.map((a) => a.id)).toContain(reviewerId);
    }
    const others = await reviewer.graphql<Queue>(queueQuery, { f: { campaignId, stages: ['SUBMITTED'] } });
    for (const node of others.data!.proposals.nodes) expect(node.assignedToMe).toBe(node.assignees.some((a) => a.id === reviewerId));

    const anonymous = await server.graphql(queueQuery, { f: { campaignId, assignedToMe: true } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('drops a proposal from the queue when its reviewer is unassigned', async () => {
    const before = await reviewer.graphql<Queue>(queueQuery, { f: { campaignId, assignedToMe: true } });
    const proposalId = before.data!.proposals.nodes[0]!.id;
    const unassign = /* GraphQL */ `
      mutation($input: UnassignReviewerInput!) {
        unassignReviewer(input: $input) { __typename ... on Proposal { id assignees { id } } ... on Error { code } }
      }
    `;
    const result = await coordinator.graphql<{ unassignReviewer: { __typename: string; assignees?: { id: string }[]; code?: string } }>(
      unassign,
      { input: { proposalId, reviewerId } },
    );
    expect(result.data!.unassignReviewer.__typename).toBe('Proposal');
    expect(result.data!.unassignReviewer.assignees!.map((a) => a.id)).not.toContain(reviewerId);
    const after = await reviewer.graphql<Queue>(queueQuery, { f: { campaignId, assignedToMe: true } });
    expect(after.data!.proposals.totalCount).toBe(before.data!.proposals.totalCount - 1);
    const twice = await coordinator.graphql<{ unassignReviewer: { code?: string } }>(unassign, { input: { proposalId, reviewerId } });
    expect(twice.data!.unassignReviewer.code).toBe('VALIDATION');
  });
});
