import { activity, powerItemChanges, powerItemClaims, powerItems } from '@devolve/db';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** 认领: departments claim unclaimed power items; competing claims are settled by the coordinator. */
let server: TestServer;
let coordinator: SignedInClient;
let market: SignedInClient;
let housing: SignedInClient;

interface Claim {
  id: string;
  status: string;
  contested: boolean;
  reason: string | null;
  decisionNote: string | null;
  version: number;
  unit: { code: string };
  powerItem: { id: string; claimed: boolean };
}
interface MutationResult extends Partial<Claim> {
  __typename: string;
  code?: string;
  field?: string;
}
interface Item {
  id: string;
  name: string;
  claims: { id: string; status: string; unit: { code: string } }[];
}

const claimFields = 'id status contested reason decisionNote version unit { code } powerItem { id claimed }';
const claimMutation = /* GraphQL */ `
  mutation($input: ClaimPowerItemInput!) {
    claimPowerItem(input: $input) {
      __typename
      ... on PowerItemClaim { ${claimFields} }
      ... on Error { code }
      ... on ValidationError { field }
    }
  }
`;
const settleMutation = /* GraphQL */ `
  mutation($input: SettleClaimInput!) {
    settleClaim(input: $input) {
      __typename
      ... on PowerItemClaim { ${claimFields} }
      ... on Error { code }
      ... on ValidationError { field }
    }
  }
`;
const itemQuery = /* GraphQL */ `
  query($id: ID!) { node(id: $id) { ... on PowerItem { id claimed version implementingUnit { code } claims { ${claimFields} } history { nodes { version kind } } } } }
`;

async function claim(client: SignedInClient, input: Record<string, unknown>) {
  const response = await client.graphql<{ claimPowerItem: MutationResult }>(claimMutation, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.claimPowerItem;
}

async function settle(client: SignedInClient, input: Record<string, unknown>) {
  const response = await client.graphql<{ settleClaim: MutationResult }>(settleMutation, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.settleClaim;
}

interface ItemView {
  id: string;
  claimed: boolean;
  version: number;
  implementingUnit: { code: string } | null;
  claims: Claim[];
  history: { nodes: { version: number; kind: string }[] };
}
async function item(client: SignedInClient, id: string) {
  const response = await client.graphql<{ node: ItemView }>(itemQuery, { id });
  expect(response.errors).toBeUndefined();
  return response.data!.node;
}


/** Unclaimed items nobody has claimed yet. */
let free: Item[];

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  market = await server.signIn('gz-scjgj');
  housing = await server.signIn('gz-zjj');
  const unclaimed = await coordinator.graphql<{ powerItems: { totalCount: number; nodes: Item[] } }>(
    '{ powerItems(first: 100, filter: { claimed: false }) { totalCount nodes { id name claims { id status unit { code } } } } }',
  );
  expect(unclaimed.errors).toBeUndefined();
  free = unclaimed.data!.powerItems.nodes.filter((i) => i.claims.length === 0);
  expect(free.length).toBeGreaterThanOrEqual(3);
});
afterAll(() => server?.close());

describe('claiming', () => {
  it('takes a department’s claim for its own unit, once, and says whether it is contested', async () => {
    const target = free[0]!;
    const first = await claim(market, { powerItemId: target.id, reason: '  该事项属于本局市场主体登记职责范围。  ' });
    expect(first.__typename).toBe('PowerItemClaim');
    expect(first.status).toBe('PENDING');
    expect(first.contested).toBe(false);
    expect(first.unit!.code).toBe('GZ-SCJGJ');
    expect(first.reason).toBe('该事项属于本局市场主体登记职责范围。');

    const again = await claim(market, { powerItemId: target.id, reason: '重复认领' });
    expect(again.__typename).toBe('ValidationError');

    const second = await claim(housing, { powerItemId: target.id, reason: '该事项涉及建设工程管理，应由本局实施。' });
    expect(second.contested).toBe(true);
    const mine = (await item(market, target.id)).claims;
    // A department sees its own claim only, now marked contested.
    expect(mine.map((c) => c.unit.code)).toEqual(['GZ-SCJGJ']);
    expect(mine[0]!.contested).toBe(true);

    const byId = await market.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: second.id });
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const entries = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'power_item.claimed'), inArray(activity.entityId, [databaseId(first.id!), databaseId(second.id!)])));
    expect(entries).toHaveLength(2);
  });

  it('refuses claims on claimed items, empty reasons and non-departments', async () => {
    const claimed = await coordinator.graphql<{ powerItems: { nodes: { id: string }[] } }>(
      '{ powerItems(first: 1, filter: { claimed: true }) { nodes { id } } }',
    );
    const taken = await claim(market, { powerItemId: claimed.data!.powerItems.nodes[0]!.id, reason: '认领' });
    expect(taken.field).toBe('input.powerItemId');
    expect((await claim(market, { powerItemId: free[1]!.id, reason: '   ' })).field).toBe('input.reason');
    expect((await claim(coordinator, { powerItemId: free[1]!.id, reason: '认领' })).code).toBe('FORBIDDEN');
    expect((await claim(market, { powerItemId: free[1]!.id, reason: '字'.repeat(2001) })).field).toBe('input.reason');
    const rows = await server.database.opened.db
      .select()
      .from(powerItemClaims)
      .where(eq(powerItemClaims.powerItemId, databaseId(free[1]!.id)));
    expect(rows).toEqual([]);
  });
});

describe('settling', () => {
  it('lists the contested claims for the coordinator, an item’s claims together', async () => {
    const response = await coordinator.graphql<{ powerItemClaims: { totalCount: number; nodes: Claim[] } }>(
      `{ powerItemClaims(first: 100, filter: { contested: true }) { totalCount nodes { ${claimFields} } } }`,
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.powerItemClaims.nodes;
    expect(nodes.filter((c) => c.powerItem.id === free[0]!.id).map((c) => c.unit.code).sort()).toEqual(['GZ-SCJGJ', 'GZ-ZJJ']);
    for (const c of nodes) expect(c.contested).toBe(true);
    const items = nodes.map((c) => c.powerItem.id);
    // Grouped: once an item's claims end, it does not come back.
    expect(new Set(items).size).toBe(items.filter((id, i) => id !== items[i - 1]).length);

    const pending = await coordinator.graphql<{ powerItemClaims: { totalCount: number } }>(
      '{ powerItemClaims(first: 1, filter: { status: PENDING }) { totalCount } }',
    );
    expect(pending.data!.powerItemClaims.totalCount).toBeGreaterThan(response.data!.powerItemClaims.totalCount);
    const departmentView = await housing.graphql<{ powerItemClaims: { nodes: Claim[] } }>(
      `{ powerItemClaims(first: 100) { nodes { ${claimFields} } } }`,
    );
    for (const c of departmentView.data!.powerItemClaims.nodes) expect(c.unit.code).toBe('GZ-ZJJ');
  });

  it('grants a contested claim: the item gets the unit, a history row, and the other claim is turned down', async () => {
    const target = free[0]!;
    const before = await item(coordinator, target.id);
    const winner = before.claims.find((c) => c.unit.code === 'GZ-ZJJ')!;
    const loser = before.claims.find((c) => c.unit.code === 'GZ-SCJGJ')!;

    const reason = '按职责分工由住建局实施。';
    expect((await settle(housing, { claimId: winner.id, grant: true, note: reason, expectedVersion: winner.version })).code).toBe('FORBIDDEN');
    const stale = await settle(coordinator, { claimId: winner.id, grant: true, note: reason, expectedVersion: winner.version + 1 });
    expect(stale.__typename).toBe('ConflictError');
    const [untouched] = await server.database.opened.db.select().from(powerItems).where(eq(powerItems.id, databaseId(target.id)));
    expect(untouched!.implementingUnitId).toBeNull();

    const blank = await settle(coordinator, { claimId: winner.id, grant: true, note: '  ', expectedVersion: winner.version });
    expect([blank.__typename, blank.field]).toEqual(['ValidationError', 'input.note']);
    const granted = await settle(coordinator, { claimId: winner.id, grant: true, note: reason, expectedVersion: winner.version });
    expect(granted.__typename).toBe('PowerItemClaim');
    expect(granted.status).toBe('GRANTED');
    expect(granted.contested).toBe(false);
    expect(granted.decisionNote).toBe('按职责分工由住建局实施。');

    const after = await item(coordinator, target.id);
    expect(after.claimed).toBe(true);
    expect(after.implementingUnit!.code).toBe('GZ-ZJJ');
    expect(after.version).toBe(before.version + 1);
    expect(after.history.nodes[0]).toEqual({ version: after.version, kind: 'claimed' });
    expect(after.claims.find((c) => c.id === loser.id)!.status).toBe('REJECTED');
    // The department turned down reads the outcome and the reason on its own claim.
    const theirs = (await item(market, target.id)).claims;
    expect(theirs.map((c) => [c.unit.code, c.status, c.decisionNote])).toEqual([['GZ-SCJGJ', 'REJECTED', `该事项已确定由广州市住房和城乡建设局实施：${reason}`]]);

    const [change] = await server.database.opened.db
      .select()
      .from(powerItemChanges)
      .where(eq(powerItemChanges.powerItemId, databaseId(target.id)))
      .orderBy(desc(powerItemChanges.id))
      .limit(1);
    expect(change!.after).toMatchObject({ claimId: databaseId(winner.id) });
    const settled = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'power_item.claim_settled'), inArray(activity.entityId, [databaseId(winner.id), databaseId(loser.id)])));
    expect(settled).toHaveLength(2);

    const twice = await settle(coordinator, { claimId: loser.id, grant: true, note: reason, expectedVersion: loser.version + 1 });
    expect(twice.code).toBe('INVALID_TRANSITION');
  });

  it('turns a claim down leaving the item unclaimed, and lets the unit claim again', async () => {
    const target = free[1]!;
    const pending = await claim(market, { powerItemId: target.id, reason: '该事项与本局职责相关。' });
    const rejected = await settle(coordinator, { claimId: pending.id, grant: false, note: '请补充职责依据。', expectedVersion: pending.version });
    expect(rejected.status).toBe('REJECTED');
    expect((await item(coordinator, target.id)).implementingUnit).toBeNull();

    const again = await claim(market, { powerItemId: target.id, reason: '依据《广州市市场监督管理局职能配置、内设机构和人员编制规定》。' });
    expect(again.__typename).toBe('PowerItemClaim');
    expect(again.id).toBe(pending.id);
    expect(again.status).toBe('PENDING');
    expect(again.decisionNote).toBeNull();
  });
});

describe('assigning and chasing', () => {
  const assignMutation = /* GraphQL */ `
    mutation($input: AssignPowerItemInput!) {
      assignPowerItem(input: $input) {
        __typename
        ... on PowerItem { id claimed version implementingUnit { code } }
        ... on Error { code }
        ... on ValidationError { field }
      }
    }
  `;
  type Assigned = { __typename: string; code?: string; field?: string; claimed?: boolean; implementingUnit?: { code: string } };
  const assign = async (client: SignedInClient, input: Record<string, unknown>) => {
    const response = await client.graphql<{ assignPowerItem: Assigned }>(assignMutation, { input });
    expect(response.errors).toBeUndefined();
    return response.data!.assignPowerItem;
  };
  const unitId = async (code: string) => {
    const units = await coordinator.graphql<{ units: { id: string; code: string }[] }>('{ units { id code } }');
    return units.data!.units.find((u) => u.code === code)!.id;
  };

  it('lets the coordinator chase a department about an unclaimed item, which the department then reads', async () => {
    const target = free[2]!;
    const campaign = await coordinator.graphql<{ campaigns: { nodes: { id: string }[] } }>('{ campaigns(first: 1) { nodes { id } } }');
    const sent = await coordinator.graphql<{ sendReminders: { __typename: string; reminders?: { subject: string; subjectId: string }[] } }>(
      `mutation($input: SendRemindersInput!) { sendReminders(input: $input) { __typename ... on RemindersResult { reminders { subject subjectId } } } }`,
      {
        input: {
          campaignId: campaign.data!.campaigns.nodes[0]!.id,
          channel: 'PHONE',
          message: '请于本周内认领该事项',
          reminders: [{ recipientId: await unitId('GZ-SCJGJ'), subjectId: target.id }],
        },
      },
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendReminders.reminders).toEqual([{ subject: 'POWER_ITEM', subjectId: target.id }]);
    const inbox = await market.graphql<{ reminders: { nodes: { subject: string; subjectId: string; message: string }[] } }>(
      '{ reminders(first: 5, filter: { subject: POWER_ITEM }) { nodes { subject subjectId message } } }',
    );
    expect(inbox.data!.reminders.nodes[0]).toEqual({ subject: 'POWER_ITEM', subjectId: target.id, message: '请于本周内认领该事项' });
  });

  it('assigns an item nobody claimed to a department with a reason, for the coordinator only', async () => {
    const target = free[2]!;
    const before = await item(coordinator, target.id);
    const input = { powerItemId: target.id, unitId: await unitId('GZ-SCJGJ'), reason: '经协调由市场监管局实施。', expectedVersion: before.version };
    expect((await assign(market, input)).code).toBe('FORBIDDEN');
    expect((await assign(coordinator, { ...input, unitId: await unitId('440106') })).field).toBe('input.unitId');
    const assigned = await assign(coordinator, input);
    expect(assigned).toMatchObject({ __typename: 'PowerItem', claimed: true, implementingUnit: { code: 'GZ-SCJGJ' } });
    expect((await item(market, target.id)).history.nodes[0]).toEqual({ version: before.version + 1, kind: 'assigned' });
    expect((await assign(coordinator, { ...input, expectedVersion: before.version + 1 })).code).toBe('INVALID_TRANSITION');
  });

  it('refuses to assign an item with pending claims: those are settled instead', async () => {
    const pending = await coordinator.graphql<{ powerItemClaims: { nodes: Claim[] } }>(
      `{ powerItemClaims(first: 1, filter: { status: PENDING }) { nodes { ${claimFields} } } }`,
    );
    const claimed = pending.data!.powerItemClaims.nodes[0]!;
    const view = await item(coordinator, claimed.powerItem.id);
    const refused = await assign(coordinator, { powerItemId: view.id, unitId: await unitId('GZ-ZJJ'), reason: '直接指定', expectedVersion: view.version });
    expect(refused.code).toBe('INVALID_TRANSITION');
  });
});
