import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Client mistakes in ids, cursors, dates and text (issue 10, item 15) and `nodes(ids:)` (item 16):
 * each is answered with a typed error (a code and both messages), never INTERNAL or a 5xx.
 */
let server: TestServer;
let coordinator: SignedInClient;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
});
afterAll(() => server?.close());

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The response refuses the request as the client's mistake: VALIDATION, with both messages. */
function expectValidationError(response: GraphQLResponse, what: string): void {
  expect(response.status, what).toBeLessThan(500);
  const codes = response.errors?.map((error) => error.extensions?.code);
  expect(codes, what).not.toContain('INTERNAL');
  expect(codes, what).toContain('VALIDATION');
  const error = response.errors!.find((e) => e.extensions?.code === 'VALIDATION')!;
  expect(error.extensions).toMatchObject({ messageZh: expect.any(String), messageEn: expect.any(String) });
}

async function someIds(): Promise<{ proposals: string[]; unit: string }> {
  const response = await coordinator.graphql<{ proposals: { nodes: { id: string; submittingUnit: { id: string } }[] } }>(
    '{ proposals(first: 2) { nodes { id submittingUnit { id } } } }',
  );
  const nodes = response.data!.proposals.nodes;
  return { proposals: nodes.map((node) => node.id), unit: nodes[0]!.submittingUnit.id };
}

describe('global ids', () => {
  const malformed = [
    base64('Proposal:abc'),
    base64('Proposal:1.5'),
    base64('Proposal:2147483648'),
    base64('Proposal:-1'),
    base64('Proposal:0'),
    // Not canonical: they must not be read as Proposal 1000, 1 and 1.
    base64('Proposal:1e3'),
    base64('Proposal: 1'),
    base64('Proposal:01'),
    base64('Proposal:1:2'),
    base64('NoSuchType:1'),
    base64('__proto__:1'),
    base64('constructor:1'),
    base64('Query:1'),
    base64('Proposal:1\u0000'),
    'not base64!',
    '',
    'x'.repeat(10_000),
  ];

  const cases = malformed.map((id) => ({ id, label: id.length > 40 ? `${id.slice(0, 8)}… (${id.length} characters)` : JSON.stringify(id) }));

  it.each(cases)('node(id: $label) is a VALIDATION error', async ({ id }) => {
    const response = await coordinator.graphql('query($id: ID!) { node(id: $id) { id } }', { id });
    expectValidationError(response, id);
  });

  it.each(cases)('an ID argument $label is a VALIDATION error', async ({ id }) => {
    const response = await coordinator.graphql<{ transitionProposal: { __typename: string; code: string } }>(
      'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename ... on Error { code messageZh messageEn } } }',
      { input: { proposalId: id, transition: 'START_REVIEW', expectedVersion: 1 } },
    );
    expect(response.status).toBeLessThan(500);
    const codes = [response.data?.transitionProposal?.code, ...(response.errors?.map((e) => e.extensions?.code) ?? [])];
    expect(codes).not.toContain('INTERNAL');
    expect(codes).toContain('VALIDATION');
  });

  it('names the place of a bad id: an element of a list in the input, a filter field, an argument', async () => {
    const { proposals, unit } = await someIds();
    const update = await coordinator.graphql<{ updateCampaign: Record<string, unknown> }>(
      'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on ValidationError { code field messageZh messageEn } } }',
      { input: { campaignId: base64('Campaign:1'), expectedVersion: 1, unitIds: [unit, proposals[0]] } },
    );
    expect(update.data?.updateCampaign).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      field: 'input.unitIds.1',
      messageZh: 'input.unitIds.1 应为 Unit 的 ID',
      messageEn: 'input.unitIds.1 must be the id of a Unit',
    });
    const malformed = await coordinator.graphql<{ updateCampaign: Record<string, unknown> }>(
      'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on ValidationError { field messageEn } } }',
      { input: { campaignId: base64('Campaign:01'), expectedVersion: 1 } },
    );
    expect(malformed.data?.updateCampaign).toEqual({ __typename: 'ValidationError', field: 'input.campaignId', messageEn: 'input.campaignId is not a valid id' });
    const filter = await coordinator.graphql('query($id: ID!) { proposals(filter: { unitId: $id }) { totalCount } }', { id: proposals[0] });
    expect(filter.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'filter.unitId', messageEn: 'filter.unitId must be the id of a Unit' });
    // Two bad ids: the first one's place is named, and neither reaches the relay plugin's own check.
    const twoBad = await coordinator.graphql('query($unit: ID!) { proposals(filter: { campaignId: "zz", unitId: $unit }) { totalCount } }', { unit: proposals[0] });
    expect(twoBad.errors).toHaveLength(1);
    expect(twoBad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'filter.campaignId', messageEn: 'filter.campaignId is not a valid id' });
    const argument = await coordinator.graphql('query($id: ID!) { overdueWork(campaignId: $id) { __typename } }', { id: unit });
    expect(argument.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'campaignId', messageZh: 'campaignId 应为 Campaign 的 ID' });
  });

  it('asks who is calling before it reads their ids: a bad id from someone the mutation refuses is that refusal', async () => {
    const document = 'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on Error { code } } }';
    const variables = { input: { campaignId: base64('Proposal:1'), expectedVersion: 1 } };
    const anonymous = await server.graphql<{ updateCampaign: { code: string } }>(document, variables);
    expect(anonymous.data?.updateCampaign.code).toBe('UNAUTHENTICATED');
    const department = await server.signIn('gz-scjgj');
    expect((await department.graphql<{ updateCampaign: { code: string } }>(document, variables)).data?.updateCampaign.code).toBe('FORBIDDEN');
    // Two bad ids in one input too.
    const twoBad = { input: { campaignId: base64('Proposal:1'), expectedVersion: 1, unitIds: [base64('Proposal:2')] } };
    expect((await server.graphql<{ updateCampaign: { code: string } }>(document, twoBad)).data?.updateCampaign.code).toBe('UNAUTHENTICATED');
    expect((await department.graphql<{ updateCampaign: { code: string } }>(document, twoBad)).data?.updateCampaign.code).toBe('FORBIDDEN');
  });

  it('reads a canonical id and a filter id the same way', async () => {
    const { proposals } = await someIds();
    const response = await coordinator.graphql<{ node: { id: string } | null }>('query($id: ID!) { node(id: $id) { id } }', { id: proposals[0] });
    expect(response.data?.node?.id).toBe(proposals[0]);
    const filtered = await coordinator.graphql('query($id: ID!) { proposals(filter: { unitId: $id }) { totalCount } }', {
      id: base64('Unit:1e0'),
    });
    expectValidationError(filtered, 'a non-canonical filter id');
  });
});

describe('nodes(ids:)', () => {
  it('answers each id with its own object, in order: mixed types, missing rows and duplicates', async () => {
    const { proposals, unit } = await someIds();
    const missing = base64('Proposal:2147483647');
    const ids = [proposals[1]!, unit, missing, proposals[0]!, proposals[1]!];
    const response = await coordinator.graphql<{ nodes: ({ id: string; __typename: string } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.nodes.map((node) => node?.id ?? null)).toEqual([proposals[1], unit, null, proposals[0], proposals[1]]);
    expect(response.data!.nodes.map((node) => node?.__typename ?? null)).toEqual(['Proposal', 'Unit', null, 'Proposal', 'Proposal']);
  });
});

describe('cursors', () => {
  /** Every connection: the field path to its page and the query that reads two pages of it. */
  const connections: { name: string; page: string; select: (args: string) => string }[] = [
    { name: 'proposals (oldest)', page: 'proposals', select: (args) => `proposals(first: 2${args}) { pageInfo { endCursor } nodes { id } }` },
    { name: 'proposals (newest)', page: 'proposals', select: (args) => `proposals(first: 2, orderBy: NEWEST${args}) { pageInfo { endCursor } nodes { id } }` },
    {
      name: 'proposals (recently updated)',
      page: 'proposals',
      select: (args) => `proposals(first: 2, orderBy: RECENTLY_UPDATED${args}) { pageInfo { endCursor } nodes { id } }`,
    },
    { name: 'powerItems', page: 'powerItems', select: (args) => `powerItems(first: 2${args}) { pageInfo { endCursor } nodes { id } }` },
    { name: 'campaigns', page: 'campaigns', select: (args) => `campaigns(first: 1${args}) { pageInfo { endCursor } nodes { id } }` },
    { name: 'activity', page: 'activity', select: (args) => `activity(first: 2${args}) { pageInfo { endCursor } nodes { sequence } }` },
    { name: 'handovers', page: 'handovers', select: (args) => `handovers(first: 1${args}) { pageInfo { endCursor } nodes { id } }` },
    {
      name: 'powerItemClaims',
      page: 'powerItemClaims',
      select: (args) => `powerItemClaims(first: 1${args}) { pageInfo { endCursor } nodes { id } }`,
    },
  ];

  it.each(connections)('$name: its own cursors page on; garbage is a VALIDATION error', async ({ page, select }) => {
    type Page = Record<string, { pageInfo: { endCursor: string | null }; nodes: unknown[] }>;
    const first = await coordinator.graphql<Page>(`{ ${select('')} }`);
    expect(first.errors).toBeUndefined();
    const cursor = first.data![page]!.pageInfo.endCursor;
    if (cursor !== null) {
      const next = await coordinator.graphql<Page>(`query($after: String) { ${select(', after: $after')} }`, { after: cursor });
      expect(next.errors).toBeUndefined();
    }
    for (const garbage of [
      base64('DC:N:abc'),
      base64('DC:N:1.5'),
      base64('DC:N:99999999999999999999'),
      base64('DC:S:abc'),
      base64('DC:T:["N:abc"]'),
      base64('DC:T:not json'),
      base64('DC:D:1'),
      base64('DC:Z:'),
      base64('DC:S:2019-02-31 00:00:00+00'),
      base64('GPC:N:1'),
      'not a cursor',
    ]) {
      for (const name of ['after', 'before']) {
        const response = await coordinator.graphql(`query($c: String) { ${select(`, ${name}: $c`)} }`, { c: garbage });
        expectValidationError(response, `${name}: ${Buffer.from(garbage, 'base64').toString()}`);
      }
    }
  });

  it("a proposal's timeline refuses a garbage cursor", async () => {
    const { proposals } = await someIds();
    const response = await coordinator.graphql('query($id: ID!, $c: String) { node(id: $id) { ... on Proposal { activity(first: 2, after: $c) { nodes { sequence } } } } }', {
      id: proposals[0],
      c: base64('DC:N:abc'),
    });
    expectValidationError(response, 'the timeline');
  });
});

describe('dates', () => {
  const impossible = ['2019-02-31', '2019-13-01', '2019-00-10', '0000-01-01', '1899-12-31', '+275760-09-13', '275760-09-13', '2019-2-3', '2019-02-28T00:00:00Z', ''];

  it.each(impossible)('Date %j is a VALIDATION error, as a variable and as a literal', async (date) => {
    const asVariable = await coordinator.graphql(
      'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }',
      { input: { campaignId: base64('Campaign:1'), expectedVersion: 1, submissionDeadline: date } },
    );
    expectValidationError(asVariable, `variable ${date}`);
    const asLiteral = await coordinator.graphql(
      `mutation { updateCampaign(input: { campaignId: "${base64('Campaign:1')}", expectedVersion: 1, submissionDeadline: ${JSON.stringify(date)} }) { __typename } }`,
    );
    expectValidationError(asLiteral, `literal ${date}`);
  });

  it.each(['2019-02-31T08:00:00Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2019-09-30', '2019-09-30T24:00:00Z', 'tomorrow'])(
    'DateTime %j is a VALIDATION error',
    async (deadline) => {
      const response = await coordinator.graphql(
        'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { __typename } }',
        { input: { proposalId: base64('Proposal:1'), deadline } },
      );
      expectValidationError(response, deadline);
    },
  );
});

describe('control characters in text', () => {
  it.each(['\u0000', 'a\u0000b', '\u0007', '\uD800'])('%j is refused in a comment, a rationale, a search and a username', async (bad) => {
    const { proposals } = await someIds();
    const calls: [string, Record<string, unknown>][] = [
      [
        'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
        { input: { proposalId: proposals[0], body: `意见${bad}`, visibility: 'SHARED' } },
      ],
      [
        'mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { __typename } }',
        { input: { proposalId: proposals[0], rationale: `理由${bad}`, expectedVersion: 1 } },
      ],
      ['query($s: String) { proposals(filter: { search: $s }) { totalCount } }', { s: `许可${bad}` }],
      ['query($s: String) { powerItems(filter: { search: $s }) { totalCount } }', { s: `许可${bad}` }],
      ['mutation($input: LoginInput!) { login(input: $input) { __typename } }', { input: { username: `coordinator${bad}`, password: 'x' } }],
    ];
    for (const [query, variables] of calls) {
      expectValidationError(await coordinator.graphql(query, variables), `${query} ${JSON.stringify(variables)}`);
    }
    // In a literal too (JSON carries the escape; GraphQL reads \u0000 inside the string). GraphQL's
    // own parser already refuses a lone surrogate there, which is a typed error as well.
    const literal = await coordinator.graphql(`{ proposals(filter: { search: "许可${JSON.stringify(bad).slice(1, -1)}" }) { totalCount } }`);
    if (bad === '\uD800') expect(literal.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    else expectValidationError(literal, 'a literal');
  });

  it('keeps tabs and line breaks in text', async () => {
    const response = await coordinator.graphql<{ proposals: { totalCount: number } }>(
      'query($s: String) { proposals(filter: { search: $s }) { totalCount } }',
      { s: '许可\t\r\n' },
    );
    expect(response.errors).toBeUndefined();
  });
});
