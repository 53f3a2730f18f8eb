import { activity, handovers } from '@devolve/db';
import { and, eq, gt, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { domainNow } from '../support/dates.ts';

/** 承接: districts report readiness for delegated powers; 放得下、接得住、管得好 is checked, not assumed. */
let server: TestServer;
let coordinator: SignedInClient;
let campaignId: string;

interface HandoverRow {
  id: string;
  status: string;
  staffingReady: boolean;
  systemsReady: boolean;
  trainingDone: boolean;
  notes: string | null;
  takenOverAt: string | null;
  version: number;
  district: { id: string; code: string };
  proposal: { id: string; submittingUnit: { code: string } };
}
interface MutationResult extends Partial<HandoverRow> {
  __typename: string;
  code?: string;
  field?: string;
  messageZh?: string;
  messageEn?: string;
}

const handoverFields = 'id status staffingReady systemsReady trainingDone notes takenOverAt version district { id code } proposal { id submittingUnit { code } }';
const listQuery = /* GraphQL */ `
  query($first: Int, $filter: HandoverFilter) {
    handovers(first: $first, filter: $filter) { totalCount nodes { ${handoverFields} } }
  }
`;
const updateMutation = /* GraphQL */ `
  mutation($input: UpdateHandoverInput!) {
    updateHandover(input: $input) {
      __typename
      ... on Handover { ${handoverFields} }
      ... on Error { code messageZh messageEn }
      ... on ValidationError { field }
    }
  }
`;

async function list(client: SignedInClient, filter: Record<string, unknown>, first = 100) {
  const response = await client.graphql<{ handovers: { totalCount: number; nodes: HandoverRow[] } }>(listQuery, { first, filter });
  expect(response.errors).toBeUndefined();
  return response.data!.handovers;
}

async function update(client: SignedInClient, input: Record<string, unknown>) {
  const response = await client.graphql<{ updateHandover: MutationResult }>(updateMutation, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.updateHandover;
}


/** A handover still being prepared, without every readiness flag, in some district. */
let preparing: HandoverRow;
let liaison: SignedInClient;
let all: { totalCount: number; nodes: HandoverRow[] };
/** The last activity row the seed wrote. */
let seedActivity: number;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  campaignId = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
  all = await list(coordinator, { campaignId });
  preparing = all.nodes.find((h) => h.status === 'PREPARING' && !(h.staffingReady && h.systemsReady && h.trainingDone))!;
  expect(preparing).toBeDefined();
  liaison = await server.signIn(`district-${preparing.district.code}`);
  const [last] = await server.database.opened.db.select({ id: max(activity.id) }).from(activity);
  seedActivity = last!.id!;
});
afterAll(() => server?.close());

describe('reading handovers', () => {
  it('shows the team every district, and a liaison only their own whatever the filter says', async () => {
    const districts = new Set(all.nodes.map((h) => h.district.code));
    expect(all.totalCount).toBeGreaterThan(0);
    expect(districts.size).toBeGreaterThan(1);

    const own = await list(liaison, {});
    expect(own.totalCount).toBeGreaterThan(0);
    expect(own.totalCount).toBeLessThan(all.totalCount);
    for (const h of own.nodes) expect(h.district.code).toBe(preparing.district.code);

    const other = all.nodes.find((h) => h.district.code !== preparing.district.code)!;
    const forced = await list(liaison, { districtId: other.district.id });
    expect(forced.nodes.filter((h) => h.district.code !== preparing.district.code)).toEqual([]);
    const byId = await liaison.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id ... on Handover { status } } }', {
      id: other.id,
    });
    expect(byId.data?.node ?? null).toBeNull();
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('filters by status and shows a department the handovers of its own proposals only', async () => {
    const blocked = await list(coordinator, { campaignId, status: 'BLOCKED' });
    expect(blocked.totalCount).toBeGreaterThan(0);
    for (const h of blocked.nodes) expect(h.status).toBe('BLOCKED');

    const unitCode = preparing.proposal.submittingUnit.code;
    const department = await server.signIn(unitCode.toLowerCase());
    const own = await list(department, {});
    expect(own.totalCount).toBeGreaterThan(0);
    for (const h of own.nodes) expect(h.proposal.submittingUnit.code).toBe(unitCode);

    const anonymous = await server.graphql(listQuery, { first: 5 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('reporting readiness', () => {
  it('refuses taking over before staffing, systems and training are all ready', async () => {
    const result = await update(liaison, { handoverId: preparing.id, status: 'TAKEN_OVER', expectedVersion: preparing.version });
    expect(result.__typename).toBe('ValidationError');
    expect(result.field).toBe('input.status');
    expect(result.messageZh).toContain('放得下、接得住、管得好');
    const [row] = await server.database.opened.db.select().from(handovers).where(eq(handovers.id, databaseId(preparing.id)));
    expect(row!.status).toBe('preparing');
    expect(row!.version).toBe(preparing.version);
  });

  it('wants notes to mark a handover blocked', async () => {
    const bare = await update(liaison, { handoverId: preparing.id, status: 'BLOCKED', notes: '   ', expectedVersion: preparing.version });
    expect(bare.field).toBe('input.notes');
    const blocked = await update(liaison, {
      handoverId: preparing.id,
      status: 'BLOCKED',
      notes: '承接所需编制尚未落实，暂缓承接。',
      expectedVersion: preparing.version,
    });
    expect(blocked.__typename).toBe('Handover');
    expect(blocked.status).toBe('BLOCKED');
    expect(blocked.version).toBe(preparing.version + 1);
    preparing = blocked as HandoverRow;
  });

  it('records taking over once every flag is set, with its time and an activity entry for the district', async () => {
    const before = await domainNow(liaison);
    const result = await update(liaison, {
      handoverId: preparing.id,
      status: 'TAKEN_OVER',
      staffingReady: true,
      systemsReady: true,
      trainingDone: true,
      notes: '已正式承接并对外受理。',
      expectedVersion: preparing.version,
    });
    expect(result.__typename).toBe('Handover');
    expect(result.status).toBe('TAKEN_OVER');
    expect(result.takenOverAt).not.toBeNull();
    // Stamped by the domain clock (on the demo data, the story's time).
    expect(Date.parse(result.takenOverAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(result.takenOverAt!)).toBeLessThanOrEqual(await domainNow(liaison));

    const entries = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'handover.updated'), eq(activity.entityId, databaseId(preparing.id)), gt(activity.id, seedActivity)));
    expect(entries).toHaveLength(2);
    const last = entries.at(-1)!;
    expect(last.districtId).toBe(databaseId(preparing.district.id));
    expect(last.after).toMatchObject({ status: 'taken_over', notes: '已正式承接并对外受理。' });
    expect(last.before).toMatchObject({ status: 'blocked' });

    const stale = await update(liaison, { handoverId: preparing.id, notes: '补充说明', expectedVersion: preparing.version });
    expect(stale.__typename).toBe('ConflictError');
    // A taken-over power cannot quietly lose a readiness flag.
    const unready = await update(coordinator, { handoverId: preparing.id, systemsReady: false, expectedVersion: result.version });
    expect(unready.field).toBe('input.status');
  });

  it('lets only the district’s own liaison or the coordinator report', async () => {
    const other = all.nodes.find((h) => h.district.code !== preparing.district.code && h.status === 'PREPARING')!;
    const [before] = await server.database.opened.db.select().from(handovers).where(eq(handovers.id, databaseId(other.id)));
    const refused = await update(liaison, { handoverId: other.id, notes: '越权更新', expectedVersion: other.version });
    // Another district's handover is, to a liaison, one that does not exist; the team reads it but may not report.
    expect(refused.__typename).toBe('NotFoundError');
    const reviewer = await server.signIn('reviewer1');
    expect((await update(reviewer, { handoverId: other.id, notes: '越权更新', expectedVersion: other.version })).code).toBe('FORBIDDEN');
    const [after] = await server.database.opened.db.select().from(handovers).where(eq(handovers.id, databaseId(other.id)));
    expect(after).toEqual(before);

    const byCoordinator = await update(coordinator, { handoverId: other.id, plannedOn: '2020-03-31', expectedVersion: other.version });
    expect(byCoordinator.__typename).toBe('Handover');
    const nothing = await update(coordinator, { handoverId: other.id, plannedOn: '2020-03-31', expectedVersion: other.version + 1 });
    expect(nothing.field).toBe('input');
  });
});
