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

describe('the handover board', () => {
  interface BoardRow {
    id: string;
    status: string;
    plannedOn: string | null;
    overdue: boolean;
    version: number;
    coordinatorNote: string | null;
    district: { id: string; code: string };
    proposal: { submittingUnit: { id: string; code: string } };
    districtGaps: { stance: string | null; staffingNeeds: string | null; fundingNeeds: string | null } | null;
  }
  const boardFields = 'id status plannedOn overdue version coordinatorNote district { id code } proposal { submittingUnit { id code } } districtGaps { stance staffingNeeds fundingNeeds }';
  const board = async (client: SignedInClient, filter: Record<string, unknown>) => {
    const response = await client.graphql<{ handovers: { totalCount: number; nodes: BoardRow[] } }>(
      `query($filter: HandoverFilter) { handovers(first: 100, filter: $filter) { totalCount nodes { ${boardFields} } } }`,
      { filter },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.handovers;
  };
  interface Counts {
    total: number;
    overdue: number;
    byStatus: { key: string; count: number }[];
    byDistrict: { district: { code: string }; total: number; blocked: number; overdue: number; takenOver: number }[];
  }
  const counts = async (client: SignedInClient, filter: Record<string, unknown>) => {
    const response = await client.graphql<{ handoverCounts: Counts }>(
      `query($filter: HandoverFilter) { handoverCounts(filter: $filter) { total overdue byStatus { key count } byDistrict { district { code } total blocked overdue takenOver } } }`,
      { filter },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.handoverCounts;
  };

  it('marks a handover overdue once its planned day has passed by the domain clock, and filters and counts by it', async () => {
    const today = new Date((await domainNow(coordinator)) + 8 * 3_600_000).toISOString().slice(0, 10);
    const before = await counts(coordinator, { campaignId });
    const target = (await board(coordinator, { campaignId, status: 'BLOCKED' })).nodes[0]!;
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    // Planned for today: not overdue yet; for yesterday: overdue.
    const onToday = await update(coordinator, { handoverId: target.id, plannedOn: today, expectedVersion: target.version });
    expect((await board(coordinator, { campaignId, overdue: true })).nodes.map((h) => h.id)).not.toContain(target.id);
    await update(coordinator, { handoverId: target.id, plannedOn: yesterday, expectedVersion: onToday.version });
    const overdue = await board(coordinator, { campaignId, overdue: true });
    expect(overdue.nodes.map((h) => h.id)).toContain(target.id);
    for (const h of overdue.nodes) {
      expect(h.overdue).toBe(true);
      expect(h.status).not.toBe('TAKEN_OVER');
      expect(h.plannedOn! < today).toBe(true);
    }
    const notOverdue = await board(coordinator, { campaignId, overdue: false });
    expect(notOverdue.totalCount + overdue.totalCount).toBe(all.totalCount);

    const after = await counts(coordinator, { campaignId });
    expect(after.total).toBe(all.totalCount);
    expect(after.overdue).toBe(overdue.totalCount);
    expect(after.overdue).toBe(before.overdue + 1);
    expect(after.byStatus.reduce((n, g) => n + g.count, 0)).toBe(after.total);
    expect(after.byStatus.find((g) => g.key === 'blocked')!.count).toBe((await board(coordinator, { campaignId, status: 'BLOCKED' })).totalCount);
    const district = after.byDistrict.find((d) => d.district.code === target.district.code)!;
    expect(district.overdue).toBeGreaterThanOrEqual(1);
    expect(district.total).toBe((await board(coordinator, { campaignId, districtId: target.district.id })).totalCount);
    // Blocked and overdue together, as the board's two filters.
    expect((await counts(coordinator, { campaignId, status: 'BLOCKED', overdue: true })).byDistrict.map((d) => d.district.code)).toContain(target.district.code);
  });

  it('filters by the department handing down, and shows the district its stated gaps from its consultation answer', async () => {
    const { nodes } = await board(coordinator, { campaignId });
    const department = nodes[0]!.proposal.submittingUnit;
    const own = await board(coordinator, { campaignId, departmentId: department.id });
    expect(own.totalCount).toBe(nodes.filter((h) => h.proposal.submittingUnit.code === department.code).length);
    for (const h of own.nodes) expect(h.proposal.submittingUnit.code).toBe(department.code);

    const withGaps = nodes.filter((h) => h.districtGaps !== null);
    expect(withGaps.length).toBeGreaterThan(0);
    const liaisonOf = await server.signIn(`district-${withGaps[0]!.district.code}`);
    const seen = (await board(liaisonOf, {})).nodes.find((h) => h.id === withGaps[0]!.id)!;
    expect(seen.districtGaps).toEqual(withGaps[0]!.districtGaps);
  });

  it("puts the lead office's note on a handover for the district to read, and logs it", async () => {
    const target = (await board(liaison, {})).nodes[0]!;
    const comment = async (client: SignedInClient, input: Record<string, unknown>) => {
      const response = await client.graphql<{ commentOnHandover: { __typename: string; code?: string; coordinatorNote?: string; version?: number } }>(
        `mutation($input: CommentOnHandoverInput!) { commentOnHandover(input: $input) { __typename ... on Handover { coordinatorNote version } ... on Error { code } } }`,
        { input },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.commentOnHandover;
    };
    const input = { handoverId: target.id, note: '请于1月15日前落实编制并报送承接方案。', expectedVersion: target.version };
    expect((await comment(liaison, input)).code).toBe('FORBIDDEN');
    expect((await comment(coordinator, { ...input, expectedVersion: target.version + 1 })).__typename).toBe('ConflictError');
    const done = await comment(coordinator, input);
    expect(done).toEqual({ __typename: 'Handover', coordinatorNote: input.note, version: target.version + 1 });
    expect((await board(liaison, {})).nodes.find((h) => h.id === target.id)!.coordinatorNote).toBe(input.note);
    const logged = await server.database.opened.db
      .select({ action: activity.action, districtId: activity.districtId })
      .from(activity)
      .where(and(gt(activity.id, seedActivity), eq(activity.entityType, 'handover'), eq(activity.entityId, databaseId(target.id)), eq(activity.action, 'handover.commented')));
    expect(logged).toEqual([{ action: 'handover.commented', districtId: databaseId(target.district.id) }]);
  });
});
