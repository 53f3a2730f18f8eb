import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Readable proposal addresses (/2019/440101070002) are looked up by `proposalByCode`, under the
 * proposal's read rule; an unknown or unreadable one is null, and a bad address is the client's
 * mistake: never an error-level log line (issue 13).
 */
let server: TestServer;
let reviewer: SignedInClient;
const logged: { level: number; msg?: string }[] = [];

interface Found {
  proposalByCode: { id: string; campaign: { year: number }; powerItem: { basicCode: string } | null } | null;
}
const lookup = 'query($code: String!, $year: Int) { proposalByCode(code: $code, year: $year) { id campaign { year } powerItem { basicCode } } }';

beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) });
  server = await startTestServer({ seed: true, logger });
  reviewer = await server.signIn('reviewer1');
});
afterAll(() => server?.close());

async function someProposal(client: SignedInClient, stage: string) {
  const page = await client.graphql<{ proposals: { nodes: { id: string; campaign: { year: number }; powerItem: { basicCode: string } }[] } }>(
    `{ proposals(first: 1, filter: { stages: [${stage}], actions: [CANCEL] }) { nodes { id campaign { year } powerItem { basicCode } } } }`,
  );
  return page.data!.proposals.nodes[0]!;
}

describe('proposalByCode', () => {
  it('finds the proposal by its code and year, and by its code alone in the newest campaign', async () => {
    const proposal = await someProposal(reviewer, 'INITIAL_REVIEW');
    const code = proposal.powerItem.basicCode;
    const byYear = await reviewer.graphql<Found>(lookup, { code, year: proposal.campaign.year });
    expect(byYear.errors).toBeUndefined();
    expect(byYear.data?.proposalByCode?.id).toBe(proposal.id);
    const byCode = await reviewer.graphql<Found>(lookup, { code: ` ${code} ` });
    expect(byCode.data?.proposalByCode?.id).toBe(proposal.id);
  });

  it('is null for an unknown code, a year without the proposal, and a proposal the viewer may not read', async () => {
    const proposal = await someProposal(reviewer, 'INITIAL_REVIEW');
    const code = proposal.powerItem.basicCode;
    expect((await reviewer.graphql<Found>(lookup, { code: '000000000000' })).data).toEqual({ proposalByCode: null });
    expect((await reviewer.graphql<Found>(lookup, { code, year: 2030 })).data).toEqual({ proposalByCode: null });
    // A proposal under review is the team's and its department's, not the public's.
    expect((await server.graphql<Found>(lookup, { code })).data).toEqual({ proposalByCode: null });
  });

  it('refuses garbage with a coded error, never INTERNAL', async () => {
    for (const variables of [{ code: '' }, { code: '   ' }, { code: 'x'.repeat(51) }, { code: '440101070002', year: 99999 }, { code: '440101070002', year: -1 }]) {
      const response = await reviewer.graphql<Found>(lookup, variables);
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('VALIDATION');
    }
    for (const code of ["' or 1=1 --", '%', '\\\\', '😀'.repeat(10)]) {
      const response = await reviewer.graphql<Found>(lookup, { code });
      expect(response.errors, code).toBeUndefined();
      expect(response.data).toEqual({ proposalByCode: null });
    }
  });

  it('logs a bad or unknown proposal address below error level', async () => {
    logged.length = 0;
    await reviewer.graphql(lookup, { code: '000000000000' });
    await reviewer.graphql(lookup, { code: '' });
    // What the workspace asks for a /proposals/<global id> address that names nothing.
    const node = await reviewer.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: 'not-an-id' });
    expect(node.errors?.[0]?.extensions?.code).not.toBe('INTERNAL');
    const missing = await reviewer.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: Buffer.from('Proposal:999999').toString('base64') });
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ node: null });
    // pino's error level is 50.
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
  });
});
