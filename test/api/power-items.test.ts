import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameInitials } from '../../server/src/power-items/initials.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;

interface ItemsPage {
  powerItems: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: {
      id: string;
      basicCode: string;
      name: string;
      subItemName: string | null;
      type: string;
      typeCode: string;
      status: string;
      claimed: boolean;
      implementingUnit: { id: string } | null;
    }[];
  };
}

const itemsQuery = /* GraphQL */ `
  query Items($first: Int, $after: String, $filter: PowerItemFilter) {
    powerItems(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id basicCode name subItemName type typeCode status claimed implementingUnit { id } }
    }
  }
`;

async function items(variables: Record<string, unknown>) {
  const response = await server.graphql<ItemsPage>(itemsQuery, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.powerItems;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(() => server?.close());

describe('power items', () => {
  it('lists the whole power list in basic-code order', async () => {
    const page = await items({ first: 100 });
    expect(page.totalCount).toBeGreaterThan(7000);
    const codes = page.nodes.map((node) => node.basicCode);
    expect(codes).toEqual([...codes].sort());
    const next = await items({ first: 100, after: page.pageInfo.endCursor });
    expect(next.nodes[0]!.basicCode > codes.at(-1)!).toBe(true);
  });

  it('has items of all ten types, and filters by type', async () => {
    const types = ['LICENSING', 'PENALTY', 'COMPULSORY', 'LEVY', 'BENEFIT', 'INSPECTION', 'CONFIRMATION', 'REWARD', 'ADJUDICATION', 'OTHER'];
    let sum = 0;
    for (const [index, type] of types.entries()) {
      const page = await items({ first: 20, filter: { type } });
      expect(page.totalCount).toBeGreaterThan(0);
      sum += page.totalCount;
      for (const node of page.nodes) {
        expect(node.type).toBe(type);
        expect(node.typeCode).toBe(String(index + 1).padStart(2, '0'));
      }
    }
    expect(sum).toBe((await items({ first: 1 })).totalCount);
  });

  it('separates claimed from unclaimed items, and filters by implementing unit', async () => {
    const unclaimed = await items({ first: 100, filter: { claimed: false } });
    expect(unclaimed.totalCount).toBeGreaterThan(0);
    for (const node of unclaimed.nodes) {
      expect(node.claimed).toBe(false);
      expect(node.implementingUnit).toBeNull();
    }
    const claimed = await items({ first: 1, filter: { claimed: true } });
    expect(claimed.totalCount + unclaimed.totalCount).toBe((await items({ first: 1 })).totalCount);
    const unitId = claimed.nodes[0]!.implementingUnit!.id;
    const ofUnit = await items({ first: 100, filter: { unitId } });
    expect(ofUnit.totalCount).toBeGreaterThan(0);
    for (const node of ofUnit.nodes) expect(node.implementingUnit?.id).toBe(unitId);
  });

  it('finds items by a Chinese substring and by basic-code prefix', async () => {
    const found = await items({ first: 100, filter: { search: '食品' } });
    expect(found.totalCount).toBeGreaterThan(0);
    for (const node of found.nodes) expect(`${node.name}${node.subItemName ?? ''}`).toContain('食品');
    const sample = (await items({ first: 1 })).nodes[0]!;
    const byCode = await items({ first: 10, filter: { search: sample.basicCode } });
    expect(byCode.nodes.map((node) => node.basicCode)).toContain(sample.basicCode);
  });

  it('finds items by the pinyin initials of their name (拼音首字母), anonymously, each hit living up to them', async () => {
    // 食品经营许可 → spjyxk: every 食品…许可-like name shares "sp"; the hits are exactly the names whose initials hold the query.
    const found = await items({ first: 100, filter: { search: 'SPJY' } });
    expect(found.totalCount).toBeGreaterThan(0);
    for (const node of found.nodes) expect(nameInitials(node.name, node.subItemName)).toContain('spjy');
    const chinese = await items({ first: 100, filter: { search: '食品经营' } });
    expect(found.totalCount).toBeGreaterThanOrEqual(chinese.totalCount);
    // Not letters only: no initials search (a code prefix, a Chinese word) — "x1" matches nothing.
    expect((await items({ first: 5, filter: { search: 'x1' } })).totalCount).toBe(0);
  });

  it('refetches an item by its global id with its history and implementing unit', async () => {
    const sample = (await items({ first: 1, filter: { claimed: true } })).nodes[0]!;
    const response = await server.graphql<{ node: { basicCode: string; history: { nodes: { version: number; kind: string }[] }; implementingUnit: { name: string } } }>(
      'query($id: ID!) { node(id: $id) { ... on PowerItem { basicCode history { nodes { version kind } } implementingUnit { name } } } }',
      { id: sample.id },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.node.basicCode).toBe(sample.basicCode);
    expect(response.data!.node.history.nodes[0]).toMatchObject({ version: 1, kind: 'created' });
    expect(response.data!.node.implementingUnit.name).toMatch(/^广州市/);
  });
});
