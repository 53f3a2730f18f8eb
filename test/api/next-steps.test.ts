import { proposals } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inDays } from '../support/dates.ts';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * `Proposal.nextSteps`: for every stage someone has something to do, and whoever has not is told
 * who must act and why. Walks one delegation from the re-check through the consultation.
 */
let server: TestServer;
let coordinator: SignedInClient;
let reviewer: SignedInClient;
let department: SignedInClient;

interface Step {
  kind: string;
  transition: string | null;
  available: boolean;
  actorZh: string;
  reasonZh: string | null;
  reasonEn: string | null;
}
interface District {
  id: string;
  code: string;
  shortName: string;
}
interface Seen {
  id: string;
  version: number;
  stage: string;
  availableTransitions: string[];
  nextSteps: Step[];
  targetDistricts: District[];
  submittingUnit: { code: string };
}

const seenFields = /* GraphQL */ `
  id version stage availableTransitions targetDistricts { id code shortName } submittingUnit { code }
  nextSteps { kind transition available actorZh reasonZh reasonEn }
`;

async function seen(client: SignedInClient, id: string): Promise<Seen> {
  const response = await client.graphql<{ node: Seen }>(`query($id: ID!) { node(id: $id) { ... on Proposal { ${seenFields} } } }`, { id });
  expect(response.errors).toBeUndefined();
  return response.data!.node;
}

const stepOf = (p: Seen, kind: string, transition: string | null = null) =>
  p.nextSteps.find((step) => step.kind === kind && step.transition === transition);

async function transition(client: SignedInClient, p: Seen, name: string) {
  const response = await client.graphql<{ transitionProposal: { __typename: string } }>(
    `mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename } }`,
    { input: { proposalId: p.id, transition: name, expectedVersion: p.version } },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!.transitionProposal.__typename).toBe('Proposal');
}

/** A delegation at the re-check with two or more target districts. */
let proposalId: string;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  reviewer = await server.signIn('reviewer1');
  const found = await coordinator.graphql<{ proposals: { nodes: (Seen & { action: string; classificationCode: string | null })[] } }>(
    `query($f: ProposalFilter) { proposals(first: 200, filter: $f) { nodes { ${seenFields} action classificationCode } } }`,
    { f: { stages: ['RECHECK'], statuses: ['ACTIVE'] } },
  );
  expect(found.errors).toBeUndefined();
  const nodes = found.data!.proposals.nodes;
  const proposal = nodes.find((p) => p.action === 'DELEGATE' && p.targetDistricts.length >= 2)!;
  expect(proposal).toBeDefined();
  // The team has settled its classification (as classification.test.ts covers): set here directly.
  const classificationCode = nodes.find((p) => p.classificationCode !== null)?.classificationCode ?? 'agree_delegate';
  await server.database.opened.db.update(proposals).set({ classificationCode }).where(eq(proposals.id, databaseId(proposal.id)));
  proposalId = proposal.id;
  department = await server.signIn(proposal.submittingUnit.code.toLowerCase());
});
afterAll(() => server?.close());

describe('next steps', () => {
  it('at the re-check: the team may pass it, the department is told who acts', async () => {
    const asCoordinator = await seen(coordinator, proposalId);
    expect(stepOf(asCoordinator, 'TRANSITION', 'PASS_RECHECK')).toMatchObject({ available: true, reasonZh: null });
    // Available steps are exactly the available transitions.
    expect(asCoordinator.nextSteps.filter((s) => s.available).map((s) => s.transition)).toEqual(asCoordinator.availableTransitions);
    // Only the reviewers return; the coordinator is told so.
    expect(stepOf(asCoordinator, 'TRANSITION', 'RETURN')).toMatchObject({ available: false, reasonZh: '由精简工作专班审核人员办理' });

    const asDepartment = await seen(department, proposalId);
    expect(asDepartment.availableTransitions).toEqual([]);
    expect(stepOf(asDepartment, 'TRANSITION', 'PASS_RECHECK')).toMatchObject({
      available: false,
      reasonZh: '由精简工作专班审核人员或牵头单位办理',
    });
  });

  it('says a missing final classification holds the initial review up', async () => {
    // The demo's story classifies every proposal before it leaves the initial review, so the
    // unclassified ones wait there.
    const found = await coordinator.graphql<{ proposals: { nodes: { id: string; classificationCode: string | null }[] } }>(
      `query($f: ProposalFilter) { proposals(first: 200, filter: $f) { nodes { id classificationCode } } }`,
      { f: { stages: ['INITIAL_REVIEW'], statuses: ['ACTIVE'] } },
    );
    const unclassified = found.data!.proposals.nodes.find((p) => p.classificationCode === null && p.id !== proposalId);
    expect(unclassified).toBeDefined();
    const p = await seen(reviewer, unclassified!.id);
    expect(stepOf(p, 'TRANSITION', 'PASS_INITIAL_REVIEW')).toMatchObject({ available: false, reasonZh: '请先确定最终分类' });
  });

  it('at the consultation stage with no round open: only the coordinator may open one', async () => {
    await transition(coordinator, await seen(coordinator, proposalId), 'PASS_RECHECK');
    const asCoordinator = await seen(coordinator, proposalId);
    expect(asCoordinator.stage).toBe('CONSULTATION');
    expect(asCoordinator.nextSteps[0]).toMatchObject({ kind: 'OPEN_CONSULTATION', transition: null, available: true, reasonZh: null });
    expect(stepOf(asCoordinator, 'TRANSITION', 'CLOSE_CONSULTATION')).toMatchObject({
      available: false,
      reasonZh: '尚未向各区征求意见',
    });

    for (const client of [reviewer, department]) {
      const other = await seen(client, proposalId);
      expect(other.nextSteps.some((s) => s.available)).toBe(false);
      expect(stepOf(other, 'OPEN_CONSULTATION')).toMatchObject({ available: false, actorZh: '牵头单位', reasonZh: '由牵头单位办理' });
    }
  });

  it('while districts have not answered: names them, and opening another round is no step', async () => {
    const p = await seen(coordinator, proposalId);
    const [first, second] = p.targetDistricts as [District, District];
    const opened = await coordinator.graphql<{ openConsultation: { __typename: string } }>(
      `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { __typename } }`,
      { input: { proposalId, deadline: inDays(7), districtIds: [first.id, second.id] } },
    );
    expect(opened.data!.openConsultation.__typename).toBe('Consultation');

    const after = await seen(coordinator, proposalId);
    expect(stepOf(after, 'OPEN_CONSULTATION')).toBeUndefined();
    const close = stepOf(after, 'TRANSITION', 'CLOSE_CONSULTATION')!;
    expect(close.available).toBe(false);
    expect(close.reasonZh).toBe(`等待${first.shortName}、${second.shortName}答复（未到截止时间）`);

    const asDepartment = await seen(department, proposalId);
    expect(stepOf(asDepartment, 'TRANSITION', 'CLOSE_CONSULTATION')!.reasonZh).toBe(
      `由牵头单位办理；等待${first.shortName}、${second.shortName}答复（未到截止时间）`,
    );
  });

  it('costs the same statements on a page of 50 as on a page of 5', async () => {
    const query = /* GraphQL */ `
      query($first: Int!) { proposals(first: $first, orderBy: RECENTLY_UPDATED) { nodes { id availableTransitions nextSteps { kind available reasonZh } } } }
    `;
    const statements = async (first: number) => {
      const response = await coordinator.graphql<{ proposals: { nodes: { nextSteps: Step[] }[] } }>(query, { first });
      expect(response.errors).toBeUndefined();
      expect(response.data!.proposals.nodes).toHaveLength(first);
      return response.extensions!.queryStats!.statements;
    };
    const small = await statements(5);
    // The session, the page, and the facts of every row (nextSteps and availableTransitions share one batch).
    expect(small).toBe(3);
    expect(await statements(50)).toBe(small);
  });
});
