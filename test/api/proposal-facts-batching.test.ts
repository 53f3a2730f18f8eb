import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * `Proposal.availableTransitions` needs each proposal's lifecycle facts: a request loads them for
 * every row of a page in one statement (a request-scoped loader), not one statement per row.
 */
let server: TestServer;
/** The approver's queue: the proposals awaiting the decision. */
let approver: SignedInClient;
/** A department reads its own proposals, as its workspace lists them. */
let department: SignedInClient;

interface Page {
  proposals: { nodes: { id: string; stage: string; status: string; availableTransitions: string[] }[] };
}

const pageQuery = /* GraphQL */ `
  query Page($first: Int!, $filter: ProposalFilter) {
    proposals(first: $first, filter: $filter, orderBy: RECENTLY_UPDATED) {
      nodes { id stage status availableTransitions }
    }
  }
`;

async function page(client: SignedInClient, first: number, filter: Record<string, unknown>) {
  const response = await client.graphql<Page>(pageQuery, { first, filter });
  expect(response.errors).toBeUndefined();
  return { nodes: response.data!.proposals.nodes, statements: response.extensions!.queryStats!.statements };
}

/** What the viewer may do with one proposal, asked alone. */
async function transitionsOf(client: SignedInClient, id: string): Promise<string[]> {
  const response = await client.graphql<{ node: { availableTransitions: string[] } }>(
    'query One($id: ID!) { node(id: $id) { ... on Proposal { availableTransitions } } }',
    { id },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.node.availableTransitions;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  approver = await server.signIn('approver');
  department = await server.signIn('gz-scjgj');
});
afterAll(() => server?.close());

describe('proposal facts in a list', () => {
  for (const [who, client, filter] of [
    ['the review queue', () => approver, { stages: ['APPROVAL'], statuses: ['ACTIVE'] }],
    ["a department's own list", () => department, {}],
  ] as const) {
    it(`${who} costs the same statements for availableTransitions on a page of 50 as on a page of 5`, async () => {
      const small = await page(client(), 5, filter);
      const large = await page(client(), 50, filter);
      expect(small.nodes).toHaveLength(5);
      expect(large.nodes).toHaveLength(50);
      // The session, the page with its nested selections, and the facts of every row of the page.
      expect(small.statements).toBe(3);
      expect(large.statements).toBe(small.statements);
      expect(large.nodes.some((node) => node.availableTransitions.length > 0)).toBe(true);
    });

    it(`${who} gives each row the transitions it gives that proposal alone`, async () => {
      const { nodes } = await page(client(), 5, filter);
      for (const node of nodes) expect(node.availableTransitions).toEqual(await transitionsOf(client(), node.id));
    });
  }
});
