import { campaigns, keyTaskProgress, proposals, users } from '@devolve/db';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canReadResults, publishedResults, visibleResultCampaigns } from '../../server/src/campaigns/visibility.ts';
import { viewerFor } from '../../server/src/accounts/permissions.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Issue 15, the public site: what an anonymous client reads, over HTTP. The power list with its
 * search and an item by code with its history (where a delegation went), a campaign's results
 * only once published (never a draft, never a count before), key tasks' published progress.
 */
let server: TestServer;
let coordinator: SignedInClient;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
});
afterAll(() => server?.close());

const itemQuery = /* GraphQL */ `
  query Item($code: String!) {
    powerItem(code: $code) {
      id basicCode name status typeCode level legalBasis responsibilitySteps
      implementingUnit { name }
      history(first: 20) { nodes { kind summary createdAt delegatedTo { code name } } }
    }
  }
`;

interface Item {
  id: string;
  basicCode: string;
  name: string;
  status: string;
  history: { nodes: { kind: string; delegatedTo: { code: string; name: string }[] }[] };
}

describe('the power list, anonymously', () => {
  it('searches by a Chinese substring with a level and type filter, paginated', async () => {
    const query = /* GraphQL */ `
      query Search($filter: PowerItemFilter, $after: String) {
        powerItems(first: 5, after: $after, filter: $filter) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { basicCode name level typeCode implementingUnit { name } }
        }
      }
    `;
    const first = await server.graphql<{ powerItems: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { basicCode: string; name: string; level: number; typeCode: string }[] } }>(query, {
      filter: { search: '许可', level: 3, type: 'LICENSING' },
    });
    expect(first.errors).toBeUndefined();
    const page = first.data!.powerItems;
    expect(page.totalCount).toBeGreaterThan(5);
    expect(page.nodes).toHaveLength(5);
    for (const node of page.nodes) {
      expect(node.name).toContain('许可');
      expect(node).toMatchObject({ level: 3, typeCode: '01' });
    }
    const next = await server.graphql<{ powerItems: { nodes: { basicCode: string }[] } }>(query, {
      filter: { search: '许可', level: 3, type: 'LICENSING' },
      after: page.pageInfo.endCursor,
    });
    expect(next.data!.powerItems.nodes[0]!.basicCode > page.nodes[4]!.basicCode).toBe(true);
  });

  it('opens an item by its basic code and by its global id, with a delegation naming its districts', async () => {
    const delegated = await server.graphql<{ powerItems: { nodes: { basicCode: string }[] } }>(
      '{ powerItems(first: 1, filter: { status: DELEGATED }) { nodes { basicCode } } }',
    );
    const code = delegated.data!.powerItems.nodes[0]!.basicCode;
    const byCode = await server.graphql<{ powerItem: Item }>(itemQuery, { code });
    expect(byCode.errors).toBeUndefined();
    const item = byCode.data!.powerItem;
    expect(item).toMatchObject({ basicCode: code, status: 'DELEGATED' });
    const delegation = item.history.nodes.find((change) => change.kind === 'delegated');
    expect(delegation!.delegatedTo.length).toBeGreaterThan(0);
    for (const district of delegation!.delegatedTo) expect(district.code).toMatch(/^4401\d\d$/);
    expect(item.history.nodes.find((change) => change.kind === 'created')!.delegatedTo).toEqual([]);

    const byId = await server.graphql<{ powerItem: Item }>(itemQuery, { code: item.id });
    expect(byId.data!.powerItem.basicCode).toBe(code);
    const missing = await server.graphql<{ powerItem: Item | null }>(itemQuery, { code: '000000000000' });
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.powerItem).toBeNull();
  });
});

const resultsQuery = /* GraphQL */ `
  query Results($year: Int!, $action: ProposalAction) {
    campaignResults(year: $year) {
      year title publishedOn approvedCount
      campaign { status }
      byAction { key count }
      byPowerType { key count }
      byUnit { unitId name count }
      proposals(first: 100, action: $action) {
        pageInfo { hasNextPage }
        nodes { action status stage powerItem { basicCode name } submittingUnit { name } targetDistricts { code name } }
      }
    }
  }
`;

interface Results {
  campaignResults: {
    year: number;
    approvedCount: number;
    campaign: { status: string };
    byAction: { key: string; count: number }[];
    byPowerType: { key: string; count: number }[];
    byUnit: { unitId: string; name: string; count: number }[];
    proposals: { pageInfo: { hasNextPage: boolean }; nodes: { action: string; status: string; stage: string; targetDistricts: { code: string }[] }[] };
  } | null;
}

describe('campaign results', () => {
  it('are nothing before the campaign is published, for anyone (no counts leak)', async () => {
    const [campaign] = await server.database.opened.db.select().from(campaigns).where(eq(campaigns.year, 2019));
    expect(canReadResults(campaign!)).toBe(false);
    for (const client of [server, coordinator]) {
      const response = await client.graphql<Results>(resultsQuery, { year: 2019 });
      expect(response.errors).toBeUndefined();
      expect(response.data!.campaignResults).toBeNull();
    }
    expect((await server.graphql<Results>(resultsQuery, { year: 1999 })).data!.campaignResults).toBeNull();
  });

  it('once published, list exactly the approved proposals, grouped and counted, never a draft', async () => {
    const db = server.database.opened.db;
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.year, 2019));
    const publish = await coordinator.graphql<{ updateCampaign: { __typename: string; status?: string } }>(
      `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on Campaign { status } ... on Error { code messageEn } } }`,
      { input: { campaignId: Buffer.from(`Campaign:${campaign!.id}`).toString('base64'), expectedVersion: campaign!.version, status: 'PUBLISHED' } },
    );
    expect(publish.data!.updateCampaign).toEqual({ __typename: 'Campaign', status: 'PUBLISHED' });

    const approved = await db.$count(proposals, and(eq(proposals.campaignId, campaign!.id), eq(proposals.status, 'approved')));
    expect(approved).toBeGreaterThanOrEqual(35);
    const response = await server.graphql<Results>(resultsQuery, { year: 2019 });
    expect(response.errors).toBeUndefined();
    const results = response.data!.campaignResults!;
    expect(results).toMatchObject({ year: 2019, approvedCount: approved, campaign: { status: 'PUBLISHED' } });
    const sum = (groups: { count: number }[]) => groups.reduce((total, group) => total + group.count, 0);
    expect(sum(results.byAction)).toBe(approved);
    expect(sum(results.byPowerType)).toBe(approved);
    expect(sum(results.byUnit)).toBe(approved);
    expect(results.byUnit.map((unit) => unit.count)).toEqual([...results.byUnit.map((unit) => unit.count)].sort((a, b) => b - a));
    expect(results.proposals.pageInfo.hasNextPage).toBe(approved > 100);
    expect(results.proposals.nodes).toHaveLength(Math.min(100, approved));
    for (const p of results.proposals.nodes) expect(p).toMatchObject({ status: 'APPROVED', stage: 'DECIDED' });

    const delegations = await server.graphql<Results>(resultsQuery, { year: 2019, action: 'DELEGATE' });
    const nodes = delegations.data!.campaignResults!.proposals.nodes;
    expect(nodes.length).toBe(Math.min(100, results.byAction.find((group) => group.key === 'delegate')!.count));
    for (const p of nodes) {
      expect(p.action).toBe('DELEGATE');
      expect(p.targetDistricts.length).toBeGreaterThan(0);
    }
  });

  it("the results read rule's SQL and in-memory forms agree, and its proposals are the same for every viewer", async () => {
    const db = server.database.opened.db;
    const all = await db.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).orderBy(campaigns.id);
    const bySql = await db.select({ id: campaigns.id }).from(campaigns).where(visibleResultCampaigns(campaigns)).orderBy(campaigns.id);
    expect(bySql.map((row) => row.id)).toEqual(all.filter(canReadResults).map((row) => row.id));
    expect(bySql.length).toBeGreaterThan(0);
    expect(bySql.length).toBeLessThan(all.length);
    const listed = async (username: string | null) => {
      const [user] = username === null ? [] : await db.select().from(users).where(eq(users.username, username));
      if (username !== null) expect(user, username).toBeDefined();
      const viewer = user ? viewerFor(user.roles, user.unitId, user.id) : null;
      const rows = await db.select({ id: proposals.id }).from(proposals).where(publishedResults(proposals, viewer)).orderBy(proposals.id);
      return rows.map((row) => row.id);
    };
    const anonymous = await listed(null);
    expect(anonymous.length).toBeGreaterThan(0);
    for (const username of ['coordinator', 'gz-scjgj', 'district-440106', 'observer']) expect(await listed(username), username).toEqual(anonymous);
  });

  it('a page of results with items, units and districts is one statement', async () => {
    const response = await server.graphql<Results>(
      `{ campaignResults(year: 2019) { proposals(first: 50) { nodes { action powerItem { basicCode name } submittingUnit { name } targetDistricts { name } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.campaignResults!.proposals.nodes.length).toBe(50);
    expect(response.extensions?.queryStats?.statements).toBe(1);
  });
});

describe('status', () => {
  it('key task 20 shows anonymous only its published quarters, and the campaigns their stage', async () => {
    const db = server.database.opened.db;
    const published = await db.$count(keyTaskProgress, isNotNull(keyTaskProgress.publishedAt));
    const response = await server.graphql<{
      keyTasks: { number: number; quarters: { quarter: number; progress: { publishedAt: string } | null }[] }[];
      campaigns: { nodes: { year: number; status: string }[] };
    }>(`{ keyTasks(year: 2019) { number quarters { quarter progress { publishedAt } } } campaigns(first: 10) { nodes { year status } } }`);
    expect(response.errors).toBeUndefined();
    const quarters = response.data!.keyTasks.flatMap((task) => task.quarters).filter((quarter) => quarter.progress !== null);
    expect(quarters.length).toBe(published);
    expect(response.data!.campaigns.nodes).toContainEqual({ year: 2019, status: 'PUBLISHED' });
    const drafts = await server.graphql<{ keyTasks: { quarters: { draft: unknown }[] }[] }>(`{ keyTasks(year: 2019) { quarters { draft { status } } } }`);
    expect(drafts.data!.keyTasks.flatMap((task) => task.quarters.map((quarter) => quarter.draft))).toEqual([null, null, null, null]);
  });
});
