import { activity, consultations, districtFeedback, handovers, proposalDistricts, proposals } from '@devolve/db';
import { and, desc, eq, gt, max, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalIdOf } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** 审定 of a delegation for only the districts that agreed: exactly their handovers open. */
let server: TestServer;
let approver: SignedInClient;

const agreedSql = (id: typeof proposals.id) =>
  sql<number>`(select count(*) from ${proposalDistricts} join ${districtFeedback} on ${districtFeedback.districtId} = ${proposalDistricts.districtId} and ${districtFeedback.consultationId} = (select max(${consultations.id}) from ${consultations} where ${consultations.proposalId} = ${id}) where ${proposalDistricts.proposalId} = ${id} and ${districtFeedback.stance} in ('agree', 'agree_with_conditions'))`;

const proposalQuery = /* GraphQL */ `
  query($id: ID!) {
    node(id: $id) {
      ... on Proposal {
        version status approvableDistrictIds approvedDistricts { code }
        submittingUnit { code }
        consultations(first: 1) { nodes { everyoneAnswered missingDistricts { code } feedback { stance district { id code } } } }
      }
    }
  }
`;
interface ProposalRow {
  version: number;
  status: string;
  approvableDistrictIds: string[];
  approvedDistricts: { code: string }[];
  submittingUnit: { code: string };
  consultations: {
    nodes: { everyoneAnswered: boolean; missingDistricts: { code: string }[]; feedback: { stance: string | null; district: { id: string; code: string } }[] }[];
  };
}
const approveMutation = /* GraphQL */ `
  mutation($input: TransitionProposalInput!) {
    transitionProposal(input: $input) {
      __typename
      ... on Proposal { status approvedDistricts { code } }
      ... on Error { code messageZh }
      ... on ValidationError { field }
    }
  }
`;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  approver = await server.signIn('approver');
});
afterAll(() => server?.close());

describe('approving a delegation for some of its districts', () => {
  it('offers the districts that agreed, refuses any other, and opens handovers for exactly the chosen', async () => {
    const db = server.database.opened.db;
    const [row] = await db
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.stage, 'approval'), eq(proposals.status, 'active'), eq(proposals.action, 'delegate'), sql`${agreedSql(proposals.id)} >= 3`))
      .orderBy(desc(proposals.id))
      .limit(1);
    const id = globalIdOf('Proposal', row!.id);
    const read = async (client: SignedInClient) => (await client.graphql<{ node: ProposalRow }>(proposalQuery, { id })).data!.node;
    const before = await read(approver);
    expect(before.approvableDistrictIds.length).toBeGreaterThanOrEqual(3);
    // Outside the review team the stances stay private.
    expect((await read(await server.signIn(before.submittingUnit.code.toLowerCase()))).approvableDistrictIds).toEqual([]);

    // One of the agreeing districts changes its answer to disagree: it is no longer offered.
    const [first, second, third] = before.approvableDistrictIds as [string, string, string];
    const [latest] = await db.select({ id: max(consultations.id) }).from(consultations).where(eq(consultations.proposalId, row!.id));
    const thirdCode = before.consultations.nodes[0]!.feedback.find((f) => f.district.id === third)!.district.code;
    await db
      .update(districtFeedback)
      .set({ stance: 'disagree' })
      .where(and(eq(districtFeedback.consultationId, latest!.id!), sql`${districtFeedback.districtId} = (select id from units where code = ${thirdCode})`));
    const now = await read(approver);
    expect(now.approvableDistrictIds).not.toContain(third);

    // 各区均已答复 is the whole round's answer, the same for a district that sees only its own feedback.
    const round = now.consultations.nodes[0]!;
    expect(round.everyoneAnswered).toBe(round.feedback.every((f) => f.stance !== null));
    const firstCode = round.feedback.find((f) => f.district.id === first)!.district.code;
    const liaison = await server.signIn(`district-${firstCode}`);
    const seenByDistrict = (await read(liaison)).consultations.nodes[0]!;
    expect(seenByDistrict.missingDistricts).toEqual([]);
    expect(seenByDistrict.everyoneAnswered).toBe(round.everyoneAnswered);

    const approve = async (districtIds: string[]) =>
      (await approver.graphql<{ transitionProposal: Record<string, unknown> }>(approveMutation, {
        input: { proposalId: id, transition: 'APPROVE', expectedVersion: before.version, districtIds },
      })).data!.transitionProposal;
    expect(await approve([first, third])).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field: 'input.districtIds' });
    expect(await approve([])).toMatchObject({ __typename: 'ValidationError', field: 'input.districtIds' });

    const [lastActivity] = await db.select({ id: max(activity.id) }).from(activity);
    const approved = await approve([first, second]);
    const codes = now.consultations.nodes[0]!.feedback.filter((f) => f.district.id === first || f.district.id === second).map((f) => f.district.code).sort();
    expect(approved).toMatchObject({ __typename: 'Proposal', status: 'APPROVED', approvedDistricts: codes.map((code) => ({ code })) });

    const opened = await db.select({ districtId: handovers.districtId }).from(handovers).where(eq(handovers.proposalId, row!.id));
    expect(opened).toHaveLength(2);
    const logged = await db.select().from(activity).where(and(gt(activity.id, lastActivity!.id!), eq(activity.proposalId, row!.id)));
    const transitioned = logged.find((a) => a.action === 'proposal.transitioned')!;
    expect((transitioned.after as { approvedDistrictIds: number[] }).approvedDistrictIds.sort()).toEqual(opened.map((h) => h.districtId).sort());
    expect(logged.filter((a) => a.action === 'handover.created')).toHaveLength(2);

    // The power item's history names the two districts it went to.
    const history = await approver.graphql<{ node: { powerItem: { history: { nodes: { kind: string; delegatedTo: { code: string }[] }[] } } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { powerItem { history(first: 1) { nodes { kind delegatedTo { code } } } } } } }',
      { id },
    );
    expect(history.data!.node.powerItem.history.nodes[0]).toEqual({ kind: 'delegated', delegatedTo: codes.map((code) => ({ code })) });
  });
});
