import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Saved views (视图) over HTTP: a reviewer keeps named queue filters, the coordinator shares one
 * with the team, another reviewer sees only what is shared, a department sees none; duplicate
 * names and hostile filters are typed errors; applying a view's filter gives the queue it named.
 */
let server: TestServer;
let coordinator: SignedInClient;
let reviewer1: SignedInClient;
let reviewer2: SignedInClient;
let department: SignedInClient;

interface View {
  id: string;
  name: string;
  filter: string;
  shared: boolean;
  version: number;
  owner: { username: string } | null;
  viewerCan: { edit: boolean; share: boolean };
}
type Outcome = Partial<View> & { __typename: string; code?: string; field?: string };

const viewFields = 'id name filter shared version viewerCan { edit share }';
const outcome = `__typename ... on Error { code } ... on ValidationError { field } ... on SavedView { ${viewFields} }`;

async function create(client: SignedInClient, name: string, filter: string): Promise<Outcome> {
  const response = await client.graphql<{ createSavedView: Outcome }>(
    `mutation($input: CreateSavedViewInput!) { createSavedView(input: $input) { ${outcome} } }`,
    { input: { name, filter } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.createSavedView;
}

async function menu(client: SignedInClient) {
  const response = await client.graphql<{ me: { canShareSavedViews: boolean; savedViews: { nodes: View[] } } }>(
    `{ me { canShareSavedViews savedViews(first: 100) { nodes { ${viewFields} } } } }`,
  );
  expect(response.errors).toBeUndefined();
  const { canShareSavedViews, savedViews } = response.data!.me;
  return { canShareSavedViews, savedViews: savedViews.nodes };
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  [coordinator, reviewer1, reviewer2, department] = await Promise.all([
    server.signIn('coordinator'),
    server.signIn('reviewer1'),
    server.signIn('reviewer2'),
    server.signIn('gz-scjgj'),
  ]);
});
afterAll(() => server?.close());

describe('saved views', () => {
  it('saves a filter, and applying it gives the same queue as the filter it was saved from', async () => {
    const view = await create(reviewer1, '复核中的许可', 'stage=recheck,initial_review&type=licensing');
    expect(view).toMatchObject({ __typename: 'SavedView', name: '复核中的许可', filter: 'stage=initial_review%2Crecheck&type=licensing', shared: false });
    expect((await menu(reviewer1)).savedViews.map((v) => v.name)).toContain('复核中的许可');
    const queue = (filter: Record<string, unknown>) =>
      reviewer1.graphql<{ proposals: { totalCount: number } }>('query($filter: ProposalFilter) { proposals(first: 1, filter: $filter) { totalCount } }', { filter });
    const saved = Object.fromEntries(new URLSearchParams(view.filter!));
    expect(saved).toEqual({ stage: 'initial_review,recheck', type: 'licensing' });
    const total = (await queue({ stages: ['INITIAL_REVIEW', 'RECHECK'], powerTypes: ['LICENSING'] })).data!.proposals.totalCount;
    expect(total).toBeGreaterThan(0);
  });

  it('refuses a duplicate name as a CONFLICT, and hostile names and filters as VALIDATION', async () => {
    await create(reviewer1, '重复', '');
    expect(await create(reviewer1, '重复', 'mine=1')).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    for (const [name, filter] of [
      ['', ''],
      ['长'.repeat(61), ''],
      ['x', 'stage=<script>'],
      ['x', "q='; drop table saved_views; --&evil=1"],
      ['x', 'unit=VW5pdDox&unit=VW5pdDoy'],
      ['x', 'assignee=UHJvcG9zYWw6MQ=='],
      ['x', 'q=' + '食'.repeat(101)],
    ]) {
      expect(await create(reviewer1, name!, filter!), `${name} ${filter}`).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    }
  });

  it('shares the coordinator’s view with the team only: another reviewer reads it and cannot change it, a department sees nothing', async () => {
    const view = await create(coordinator, '本周重点', 'status=returned');
    const mine = await create(reviewer2, '自己的', 'mine=1');
    expect((await menu(reviewer1)).canShareSavedViews).toBe(false);
    expect((await menu(coordinator)).canShareSavedViews).toBe(true);
    expect(view.viewerCan).toEqual({ edit: true, share: true });

    // A reviewer may not share, even their own.
    const refused = await reviewer2.graphql<{ setSavedViewShared: Outcome }>(
      `mutation($input: SetSavedViewSharedInput!) { setSavedViewShared(input: $input) { ${outcome} } }`,
      { input: { id: mine.id, expectedVersion: 1, shared: true } },
    );
    expect(refused.data!.setSavedViewShared).toMatchObject({ code: 'FORBIDDEN' });

    expect((await menu(reviewer2)).savedViews.map((v) => v.name)).not.toContain('本周重点');
    const shared = await coordinator.graphql<{ setSavedViewShared: Outcome }>(
      `mutation($input: SetSavedViewSharedInput!) { setSavedViewShared(input: $input) { ${outcome} } }`,
      { input: { id: view.id, expectedVersion: view.version, shared: true } },
    );
    expect(shared.data!.setSavedViewShared).toMatchObject({ shared: true, version: 2 });

    const seen = (await menu(reviewer2)).savedViews;
    expect(seen.find((v) => v.name === '本周重点')).toMatchObject({ shared: true, viewerCan: { edit: false, share: false } });
    // Not another reviewer's private views.
    expect(seen.map((v) => v.name)).not.toContain('复核中的许可');
    const rename = await reviewer2.graphql<{ updateSavedView: Outcome }>(
      `mutation($input: UpdateSavedViewInput!) { updateSavedView(input: $input) { ${outcome} } }`,
      { input: { id: view.id, expectedVersion: 2, name: '改掉' } },
    );
    expect(rename.data!.updateSavedView).toMatchObject({ code: 'FORBIDDEN' });

    // A department keeps none, sees none, and cannot tell a view exists.
    expect((await menu(department)).savedViews).toEqual([]);
    expect(await create(department, '我的', '')).toMatchObject({ code: 'FORBIDDEN' });
    const node = await department.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: view.id });
    expect(node.data?.node ?? null).toBeNull();
  });
});
