import { proposals } from '@devolve/db';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId, globalIdOf } from '../support/ids.ts';
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

describe('the consultation board’s open and close offers', () => {
  interface BoardRow {
    id: string;
    version: number;
    availableTransitions: string[];
    nextSteps: { kind: string; available: boolean }[];
  }
  const boardQuery = `query($campaignId: ID!, $first: Int) { consultationBoard(campaignId: $campaignId, first: $first) {
    nodes { id version availableTransitions nextSteps { kind available } consultations(first: 1) { nodes { status } } }
  } }`;
  const board = async (client: SignedInClient, first: number) => {
    const response = await client.graphql<{ consultationBoard: { nodes: BoardRow[] } }>(boardQuery, { campaignId, first });
    expect(response.errors).toBeUndefined();
    return { rows: response.data!.consultationBoard.nodes, statements: response.extensions!.queryStats!.statements };
  };
  const mayOpen = (row: BoardRow) => row.nextSteps.some((step) => step.kind === 'OPEN_CONSULTATION' && step.available);
  const mayClose = (row: BoardRow) => row.availableTransitions.includes('CLOSE_CONSULTATION');

  it('come from the batched facts: a page of 20 costs the statements of a page of 5', async () => {
    const wide = await board(as('coordinator'), 20);
    const narrow = await board(as('coordinator'), 5);
    expect(wide.rows.length).toBeGreaterThan(narrow.rows.length);
    expect(wide.statements).toBe(narrow.statements);
  });

  it('agree with openConsultations and close_consultation for the coordinator, and offer a reviewer neither', async () => {
    // A delegation brought to the consultation stage with no round yet (the seed has rounds for all
    // of its): the first at 复核 by id, the board's order, so it lands on the board's first page.
    const [first] = await server.database.opened.db
      .select({ id: proposals.id, version: proposals.version })
      .from(proposals)
      .where(and(eq(proposals.campaignId, databaseId(campaignId)), eq(proposals.stage, 'recheck'), eq(proposals.status, 'active'), eq(proposals.action, 'delegate')))
      .orderBy(asc(proposals.id))
      .limit(1);
    const fresh = { id: globalIdOf('Proposal', first!.id), version: first!.version };
    await server.database.opened.db.update(proposals).set({ classificationCode: 'agree_delegate' }).where(eq(proposals.id, databaseId(fresh.id)));
    const passed = await outcome(as('coordinator'), 'transitionProposal', 'TransitionProposalInput', {
      proposalId: fresh.id,
      transition: 'PASS_RECHECK',
      expectedVersion: fresh.version,
    });
    expect(passed).toBe('Proposal');

    const { rows } = await board(as('coordinator'), 100);
    expect(rows.map((row) => row.id)).toContain(fresh.id);
    // Rows of each kind: no round yet, a round still waiting, a round run its course.
    expect(rows.some(mayOpen) && rows.some((row) => !mayOpen(row))).toBe(true);
    expect(rows.some(mayClose) && rows.some((row) => !mayClose(row))).toBe(true);
    for (const row of rows) {
      // Offered: no district chosen gets past every check of who and when, then the choice itself is
      // refused (nothing written). Not offered: a real request (all its districts) is refused.
      const opened = await outcome(as('coordinator'), 'openConsultations', 'OpenConsultationsInput', {
        deadline: '2999-01-01T00:00:00.000Z',
        items: [mayOpen(row) ? { proposalId: row.id, districtIds: [] } : { proposalId: row.id }],
      });
      expect({ row: row.id, opened }).toEqual({ row: row.id, opened: mayOpen(row) ? 'VALIDATION' : expect.stringMatching(/^(INVALID_TRANSITION|CONFLICT)$/) });
      if (!mayClose(row)) {
        const closed = await outcome(as('coordinator'), 'transitionProposal', 'TransitionProposalInput', {
          proposalId: row.id,
          transition: 'CLOSE_CONSULTATION',
          expectedVersion: row.version,
        });
        expect({ row: row.id, closed }).toEqual({ row: row.id, closed: 'INVALID_TRANSITION' });
      }
    }
    const closable = rows.find(mayClose)!;
    const closed = await outcome(as('coordinator'), 'transitionProposal', 'TransitionProposalInput', {
      proposalId: closable.id,
      transition: 'CLOSE_CONSULTATION',
      expectedVersion: closable.version,
    });
    expect(closed).toBe('Proposal');

    const seenByReviewer = await board(as('reviewer1'), 100);
    expect(seenByReviewer.rows.length).toBeGreaterThan(0);
    expect(seenByReviewer.rows.some((row) => mayOpen(row) || mayClose(row))).toBe(false);
  });
});

describe('me.bulkActions: what the queue offers in bulk, from the rules the mutations check', () => {
  const bulkActions = async (name: string) =>
    (await as(name).graphql<{ me: { bulkActions: { assign: boolean; classify: boolean; transitions: string[] } } }>(
      '{ me { bulkActions { assign classify transitions } } }',
    )).data!.me.bulkActions;

  it('offers each role its own moves: the team its review steps, the approver the decision, the observer nothing', async () => {
    expect(await bulkActions('coordinator')).toEqual({
      assign: true,
      classify: true,
      transitions: ['START_REVIEW', 'PASS_INITIAL_REVIEW', 'COMPLETE_LEGALITY_REVIEW', 'PASS_RECHECK', 'CLOSE_CONSULTATION'],
    });
    expect(await bulkActions('reviewer1')).toEqual({
      assign: false,
      classify: true,
      transitions: ['START_REVIEW', 'PASS_INITIAL_REVIEW', 'RETURN', 'REJECT', 'PASS_RECHECK'],
    });
    expect(await bulkActions('legal1')).toEqual({ assign: false, classify: false, transitions: ['COMPLETE_LEGALITY_REVIEW'] });
    expect(await bulkActions('approver')).toEqual({ assign: false, classify: false, transitions: ['REJECT', 'APPROVE'] });
    expect(await bulkActions('observer')).toEqual({ assign: false, classify: false, transitions: [] });
    const department = await server.signIn('gz-scjgj');
    const own = await department.graphql<{ me: { bulkActions: { transitions: string[]; assign: boolean } } }>('{ me { bulkActions { assign transitions } } }');
    expect(own.data!.me.bulkActions).toEqual({ assign: false, transitions: [] });
  });

  it('agrees with the mutation: a move not offered is refused as FORBIDDEN, one offered is not', async () => {
    const [row] = await rowsAt(['APPROVAL']);
    const approve = (name: string, expectedVersion: number) =>
      as(name).graphql<{ bulkTransitionProposals: { code?: string; results?: { ok: boolean; error: { code: string } | null }[] } }>(
        `mutation($input: BulkTransitionProposalsInput!) { bulkTransitionProposals(input: $input) {
          ... on Error { code } ... on BulkTransitionResult { results { ok error { code } } } } }`,
        { input: { transition: 'APPROVE', items: [{ proposalId: row!.id, expectedVersion }] } },
      );
    for (const name of ['coordinator', 'reviewer1', 'legal1']) {
      const refused = await approve(name, row!.version);
      expect(refused.errors).toBeUndefined();
      const result = refused.data!.bulkTransitionProposals;
      expect([name, result.code ?? result.results?.[0]?.error?.code]).toEqual([name, 'FORBIDDEN']);
    }
    // A stale version: the approver's move passes the role check and stops at the version, writing nothing.
    const offered = await approve('approver', row!.version - 1);
    expect(offered.data!.bulkTransitionProposals.results![0]!.error!.code).toBe('CONFLICT');
  });
});

describe("viewerCan.moderatePublicComments: who answers the public's comments", () => {
  it('is true exactly for those moderatePublicComments lets past its role check', async () => {
    const [row] = await rowsAt(['CONSULTATION', 'UNIT_CONFIRMATION']);
    // No such comment: a moderator is stopped at NOT_FOUND, anyone else at FORBIDDEN; nothing is written.
    const missing = globalIdOf('PublicComment', 2_147_483_000);
    for (const [name, expected] of [['coordinator', true], ['reviewer1', true], ['legal1', false], ['approver', false], ['observer', false]] as const) {
      const offered = await as(name).graphql<{ node: { viewerCan: { moderatePublicComments: boolean } } }>(
        'query($id: ID!) { node(id: $id) { ... on Proposal { viewerCan { moderatePublicComments } } } }',
        { id: row!.id },
      );
      const tried = await as(name).graphql<{ moderatePublicComments: { code?: string } }>(
        'mutation($input: ModeratePublicCommentsInput!) { moderatePublicComments(input: $input) { ... on Error { code } } }',
        { input: { commentIds: [missing], decision: 'DISMISS' } },
      );
      expect([name, offered.data!.node.viewerCan.moderatePublicComments, tried.data!.moderatePublicComments.code]).toEqual([
        name,
        expected,
        expected ? 'NOT_FOUND' : 'FORBIDDEN',
      ]);
    }
  });
});
