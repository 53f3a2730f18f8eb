import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * What `Proposal.viewerCan` tells each viewer they may do, against what the mutation it stands for
 * does when they try: the web offers an action exactly when this says so (issue 11), so the two
 * must never disagree. Each probe is sent so that an allowed call stops at a later check (an
 * unknown code, a missing reason), writing nothing; a refused one names why it was refused.
 */
let server: TestServer;
let campaignId: string;
const clients = new Map<string, SignedInClient>();

interface Row {
  id: string;
  version: number;
  stage: string;
  status: string;
  leadReviewer: { id: string } | null;
  submittingUnit: { code: string };
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  for (const name of ['coordinator', 'reviewer1', 'reviewer2', 'legal1', 'approver', 'observer']) clients.set(name, await server.signIn(name));
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
});
afterAll(() => server?.close());

const as = (name: string) => clients.get(name)!;

async function rowsAt(stages: string[], statuses: string[] = ['ACTIVE']): Promise<Row[]> {
  const response = await as('coordinator').graphql<{ proposals: { nodes: Row[] } }>(
    `query($f: ProposalFilter) { proposals(first: 100, filter: $f) {
      nodes { id version stage status leadReviewer { id } submittingUnit { code } }
    } }`,
    { f: { campaignId, stages, statuses } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.proposals.nodes;
}

async function viewerCan<Fields extends string>(client: SignedInClient, id: string, fields: readonly Fields[]) {
  const response = await client.graphql<{ node: { viewerCan: Record<Fields, boolean>; classificationOpen: boolean } }>(
    `query($id: ID!) { node(id: $id) { ... on Proposal { classificationOpen viewerCan { ${fields.join(' ')} } } } }`,
    { id },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.node;
}

/** The outcome of a mutation: the result's typename, the error's code, or the code of a refusal before the resolver (scope-auth). */
async function outcome(client: SignedInClient, mutation: string, inputType: string, input: Record<string, unknown>): Promise<string> {
  const response = await client.graphql<Record<string, { __typename: string; code?: string }>>(
    `mutation($input: ${inputType}!) { result: ${mutation}(input: $input) { __typename ... on Error { code } } }`,
    { input },
  );
  if (response.errors) return String(response.errors[0]!.extensions?.['code']);
  const result = response.data!['result']!;
  return result.code ?? result.__typename;
}

/** A department's account: its unit code in lower case. */
const departmentOf = async (row: Row) => {
  const name = row.submittingUnit.code.toLowerCase();
  if (!clients.has(name)) clients.set(name, await server.signIn(name));
  return name;
};

describe('viewerCan.vote and viewerCan.finalizeClassification', () => {
  it('say who may classify where, and agree with voteClassification and setFinalClassification', async () => {
    const open = await rowsAt(['INITIAL_REVIEW', 'RECHECK']);
    const unled = open.find((row) => row.leadReviewer === null)!;
    const reviewer1Id = (await as('reviewer1').graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }')).data!.me.user.id;
    const ledByOther = open.find((row) => row.leadReviewer !== null && row.leadReviewer.id !== reviewer1Id)!;
    const closed = (await rowsAt(['LEGALITY_REVIEW']))[0]!;
    expect([unled, ledByOther, closed].every(Boolean)).toBe(true);
    const department = await departmentOf(unled);

    const expected: Record<string, Record<string, { vote: boolean; finalizeClassification: boolean }>> = {
      [unled.id]: {
        reviewer1: { vote: true, finalizeClassification: true },
        coordinator: { vote: false, finalizeClassification: true },
        legal1: { vote: false, finalizeClassification: false },
        approver: { vote: false, finalizeClassification: false },
        observer: { vote: false, finalizeClassification: false },
        [department]: { vote: false, finalizeClassification: false },
      },
      // Led by another reviewer: reviewer1 still votes, but only the lead and the coordinator set it.
      [ledByOther.id]: {
        reviewer1: { vote: true, finalizeClassification: false },
        coordinator: { vote: false, finalizeClassification: true },
      },
      // Classifying is closed at the legality review: no one votes or sets it.
      [closed.id]: {
        reviewer1: { vote: false, finalizeClassification: false },
        coordinator: { vote: false, finalizeClassification: false },
      },
    };
    for (const row of [unled, ledByOther, closed]) {
      for (const [name, want] of Object.entries(expected[row.id]!)) {
        const seen = await viewerCan(as(name), row.id, ['vote', 'finalizeClassification'] as const);
        expect({ name, stage: row.stage, ...seen.viewerCan }).toEqual({ name, stage: row.stage, ...want });
        expect(seen.classificationOpen).toBe(row !== closed);
        // An unknown code: past every check of who and when, the vocabulary refuses it (nothing written).
        const voted = await outcome(as(name), 'voteClassification', 'VoteClassificationInput', { proposalId: row.id, code: 'no_such_code' });
        expect({ name, voted: voted === 'VALIDATION' }).toEqual({ name, voted: want.vote });
        const set = await outcome(as(name), 'setFinalClassification', 'SetFinalClassificationInput', {
          proposalId: row.id,
          code: 'no_such_code',
          expectedVersion: row.version,
        });
        expect({ name, set: set === 'VALIDATION' }).toEqual({ name, set: want.finalizeClassification });
      }
    }
  });
});

describe('viewerCan.recordOpinion', () => {
  it('is the justice bureau’s at the legality review alone, and agrees with recordLegalityOpinion', async () => {
    const legality = (await rowsAt(['LEGALITY_REVIEW']))[0]!;
    const recheck = (await rowsAt(['RECHECK']))[0]!;
    const department = await departmentOf(legality);
    const expected: [Row, string, boolean][] = [
      [legality, 'legal1', true],
      [legality, 'coordinator', false],
      [legality, 'reviewer1', false],
      [legality, 'observer', false],
      [legality, department, false],
      [recheck, 'legal1', false],
    ];
    for (const [row, name, want] of expected) {
      const seen = await viewerCan(as(name), row.id, ['recordOpinion'] as const);
      expect({ name, stage: row.stage, may: seen.viewerCan.recordOpinion }).toEqual({ name, stage: row.stage, may: want });
      const recorded = await outcome(as(name), 'recordLegalityOpinion', 'RecordLegalityOpinionInput', {
        proposalId: row.id,
        opinion: 'LAWFUL',
        expectedVersion: row.version,
      });
      expect({ name, stage: row.stage, recorded }).toEqual({ name, stage: row.stage, recorded: want ? 'Proposal' : expect.stringMatching(/^(FORBIDDEN|INVALID_TRANSITION)$/) });
    }
  });
});
