import { activity, powerItems, proposals, users } from '@devolve/db';
import { and, count, desc, eq, notExists, notInArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** Drafting, editing and moving proposals through the API, and optimistic concurrency. */
let server: TestServer;
let coordinator: SignedInClient;
let department: SignedInClient;
let campaignId: string;
let tianheId: string;
let nanshaId: string;

const proposalFields = 'id stage status version action powerType rationale targetDistricts { id } availableTransitions';
const result = (name: string) => `${name} { __typename ... on Proposal { ${proposalFields} } ... on Error { code messageZh messageEn } }`;

interface ProposalResult {
  __typename: string;
  id: string;
  stage: string;
  status: string;
  version: number;
  action: string;
  powerType: string;
  rationale: string;
  targetDistricts: { id: string }[];
  availableTransitions: string[];
  code?: string;
}

async function call(client: SignedInClient, name: string, input: Record<string, unknown>): Promise<ProposalResult> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const response = await client.graphql<Record<string, ProposalResult>>(
    `mutation($input: ${inputType}!) { ${result(`${name}(input: $input)`)} }`,
    { input },
  );
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

const rowCount = async (table: typeof proposals | typeof activity) =>
  (await server.database.opened.db.select({ n: count() }).from(table))[0]!.n;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  [coordinator, department] = await Promise.all([server.signIn('coordinator'), server.signIn('gz-scjgj')]);
  const ids = await server.graphql<{ campaign: { id: string }; units: { id: string; code: string }[] }>(
    '{ campaign(year: 2019) { id } units(kind: DISTRICT) { id code } }',
  );
  campaignId = ids.data!.campaign.id;
  tianheId = ids.data!.units.find((u) => u.code === '440106')!.id;
  nanshaId = ids.data!.units.find((u) => u.code === '440115')!.id;
});
afterAll(() => server?.close());

async function createAddProposal(rationale = '建议新增本单位实际行使的检查事项。'): Promise<ProposalResult> {
  const created = await call(department, 'createProposal', {
    campaignId,
    action: 'ADD',
    proposedItemName: '对网络餐饮服务第三方平台的监督检查',
    powerType: 'INSPECTION',
    rationale,
  });
  expect(created.__typename).toBe('Proposal');
  // A new item has no power item to take its type from: the department names it.
  expect(created.powerType).toBe('INSPECTION');
  return created;
}

describe('drafting proposals', () => {
  it('lets a department draft, revise and submit a proposal, and logs each step', async () => {
    const before = await rowCount(activity);
    const draft = await createAddProposal();
    expect(draft).toMatchObject({ stage: 'DRAFT', status: 'ACTIVE', version: 1, action: 'ADD' });
    // A draft is deleted (deleteDraftProposal), not withdrawn.
    expect(draft.availableTransitions).toEqual(['SUBMIT']);

    const revised = await call(department, 'updateProposal', {
      proposalId: draft.id,
      expectedVersion: 1,
      rationale: '  修改后的理由：基层执法需要。  ',
    });
    expect(revised).toMatchObject({ version: 2, rationale: '修改后的理由：基层执法需要。' });

    const submitted = await call(department, 'transitionProposal', { proposalId: draft.id, transition: 'SUBMIT', expectedVersion: 2 });
    expect(submitted).toMatchObject({ stage: 'SUBMITTED', status: 'ACTIVE', version: 3 });
    expect(await rowCount(activity)).toBe(before + 3);

    // Submitted proposals are no longer editable by the department.
    const late = await call(department, 'updateProposal', { proposalId: draft.id, expectedVersion: 3, rationale: '再改' });
    expect(late.code).toBe('INVALID_TRANSITION');
  });

  it('says who may edit a proposal by the rule updateProposal applies (viewerCan.edit)', async () => {
    const draft = await createAddProposal();
    const edit = async (client: SignedInClient) =>
      (await client.graphql<{ node: { viewerCan: { edit: boolean } } }>('query($id: ID!) { node(id: $id) { ... on Proposal { viewerCan { edit } } } }', { id: draft.id }))
        .data!.node.viewerCan.edit;
    expect(await edit(department)).toBe(true);
    // Once submitted, neither its department nor the team edits it (the team never edits content).
    const submitted = await call(department, 'transitionProposal', { proposalId: draft.id, transition: 'SUBMIT', expectedVersion: 1 });
    expect(submitted.stage).toBe('SUBMITTED');
    expect([await edit(department), await edit(coordinator)]).toEqual([false, false]);
  });

  it('validates what a department writes and writes nothing when it is wrong', async () => {
    const before = await rowCount(proposals);
    const cases: [Record<string, unknown>, string][] = [
      [{ campaignId, action: 'ADD', rationale: '   ', proposedItemName: '某事项' }, 'VALIDATION'],
      [{ campaignId, action: 'ADD', rationale: '理由', proposedItemName: '' }, 'VALIDATION'],
      [{ campaignId, action: 'ADD', rationale: '字'.repeat(5001), proposedItemName: '某事项' }, 'VALIDATION'],
      [{ campaignId, action: 'DELEGATE', rationale: '理由' }, 'VALIDATION'],
      [{ campaignId: tianheId, action: 'ADD', rationale: '理由', proposedItemName: '某事项' }, 'VALIDATION'],
      [{ campaignId, action: 'ADD', rationale: '理由', proposedItemName: '某事项', targetDistrictIds: [tianheId] }, 'VALIDATION'],
    ];
    for (const [input, code] of cases) {
      const outcome = await call(department, 'createProposal', input);
      expect(outcome.code, JSON.stringify(input).slice(0, 80)).toBe(code);
    }
    expect(await rowCount(proposals)).toBe(before);
  });

  it("refuses a proposal about another unit's item, and one from a reviewer", async () => {
    const items = await server.graphql<{ powerItems: { nodes: { id: string; implementingUnit: { code: string } }[] } }>(
      '{ powerItems(first: 50, filter: { claimed: true }) { nodes { id implementingUnit { code } } } }',
    );
    const foreign = items.data!.powerItems.nodes.find((item) => item.implementingUnit.code !== 'GZ-SCJGJ')!;
    const outcome = await call(department, 'createProposal', { campaignId, powerItemId: foreign.id, action: 'CANCEL', rationale: '理由' });
    expect(outcome.code).toBe('FORBIDDEN');
    const reviewer = await server.signIn('reviewer1');
    const byReviewer = await call(reviewer, 'createProposal', { campaignId, action: 'ADD', rationale: '理由', proposedItemName: '某事项' });
    expect(byReviewer.code).toBe('FORBIDDEN');
  });

  it('lets a delegation name its districts and changes them on update', async () => {
    const withdrawn = await coordinator.graphql<{ proposals: { nodes: { powerItem: { id: string } }[] } }>(
      `query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { powerItem { id } } } }`,
      { f: { campaignId, unitId: (await department.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }')).data!.me.user.unit.id, statuses: ['WITHDRAWN', 'REJECTED'], actions: ['CANCEL', 'ADJUST', 'RETAIN', 'DELEGATE', 'ENTRUST'] } },
    );
    const itemId = withdrawn.data!.proposals.nodes[0]!.powerItem.id;
    // The type of an existing item is the item's: naming another is refused, and nothing is written.
    const typed = await call(department, 'createProposal', { campaignId, powerItemId: itemId, action: 'CANCEL', powerType: 'LEVY', rationale: '理由' });
    expect(typed).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    const draft = await call(department, 'createProposal', {
      campaignId,
      powerItemId: itemId,
      action: 'DELEGATE',
      targetDistrictIds: [tianheId],
      rationale: '量大面广、就近办理更便民。',
    });
    expect(draft.__typename).toBe('Proposal');
    expect(draft.targetDistricts.map((d) => d.id)).toEqual([tianheId]);
    const updated = await call(department, 'updateProposal', { proposalId: draft.id, expectedVersion: 1, targetDistrictIds: [tianheId, nanshaId] });
    expect(updated.targetDistricts.map((d) => d.id).sort()).toEqual([tianheId, nanshaId].sort());
    // A second proposal for the same item in the same campaign is refused.
    const again = await call(department, 'createProposal', { campaignId, powerItemId: itemId, action: 'CANCEL', rationale: '理由' });
    expect(again.code).toBe('VALIDATION');
  });
});

describe('deleting a draft (删除草稿)', () => {
  async function deleteDraft(client: SignedInClient, proposal: { id: string; version: number }) {
    const response = await client.graphql<{ deleteDraftProposal: { deletedId?: string; code?: string } }>(
      `mutation($input: DeleteDraftProposalInput!) {
        deleteDraftProposal(input: $input) { ... on ProposalDeleted { deletedId } ... on Error { code } }
      }`,
      { input: { proposalId: proposal.id, expectedVersion: proposal.version } },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.deleteDraftProposal;
  }
  const deleteDraftAllowed = async (client: SignedInClient, id: string) =>
    (await client.graphql<{ node: { viewerCan: { deleteDraft: boolean } } | null }>('query($id: ID!) { node(id: $id) { ... on Proposal { viewerCan { deleteDraft } } } }', { id }))
      .data!.node?.viewerCan.deleteDraft;

  it('deletes a never-submitted draft of the own unit and logs it; the row is gone, the log names its id', async () => {
    const draft = await createAddProposal();
    expect(await deleteDraftAllowed(department, draft.id)).toBe(true);
    const before = await rowCount(activity);
    expect(await deleteDraft(department, { ...draft, version: draft.version + 1 })).toEqual({ code: 'CONFLICT' });
    expect(await deleteDraft(department, draft)).toEqual({ deletedId: draft.id });

    const id = databaseId(draft.id);
    expect(await server.database.opened.db.select().from(proposals).where(eq(proposals.id, id))).toEqual([]);
    const logged = await server.database.opened.db.select().from(activity).where(eq(activity.proposalId, id)).orderBy(desc(activity.id)).limit(1);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId])).toEqual([['proposal.draft_deleted', 'proposal', id]]);
    expect(await rowCount(activity)).toBe(before + 1);
    expect((await server.graphql<{ node: null }>('query($id: ID!) { node(id: $id) { id } }', { id: draft.id })).data!.node).toBeNull();
  });

  it('refuses a submitted proposal (withdrawn instead) and another unit, deleting nothing', async () => {
    const draft = await createAddProposal();
    const submitted = await call(department, 'transitionProposal', { proposalId: draft.id, transition: 'SUBMIT', expectedVersion: 1 });
    expect(await deleteDraftAllowed(department, draft.id)).toBe(false);
    const other = await server.signIn('gz-zjj');
    const stillDraft = await createAddProposal();
    const before = [await rowCount(proposals), await rowCount(activity)];

    expect(await deleteDraft(department, submitted)).toEqual({ code: 'INVALID_TRANSITION' });
    // Another unit does not even read the draft: the refusal does not confirm it exists.
    expect(await deleteDraft(other, stillDraft)).toEqual({ code: 'NOT_FOUND' });
    expect(await deleteDraft(coordinator, submitted)).toEqual({ code: 'FORBIDDEN' });
    expect([await rowCount(proposals), await rowCount(activity)]).toEqual(before);
  });
});

describe('one open proposal per item and campaign', () => {
  it('lets exactly one of eight simultaneous proposals for the same item through', async () => {
    const db = server.database.opened.db;
    const [author] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.username, 'gz-scjgj'));
    const open = and(eq(proposals.powerItemId, powerItems.id), notInArray(proposals.status, ['withdrawn', 'rejected']));
    const [free] = await db
      .select({ id: powerItems.id })
      .from(powerItems)
      .where(and(eq(powerItems.implementingUnitId, author!.unitId), notExists(db.select({ id: proposals.id }).from(proposals).where(open))))
      .orderBy(desc(powerItems.id))
      .limit(1);
    const powerItemId = Buffer.from(`PowerItem:${free!.id}`).toString('base64');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(department, 'createProposal', { campaignId, powerItemId, action: 'CANCEL', rationale: `同时提出 ${i}` })),
    );
    expect(outcomes.filter((o) => o.__typename === 'Proposal')).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.__typename !== 'Proposal')) {
      expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', messageEn: 'This item already has a proposal in this campaign' });
    }
    const rows = await db
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.powerItemId, free!.id), notInArray(proposals.status, ['withdrawn', 'rejected'])));
    expect(rows).toHaveLength(1);
    // The refused ones left no activity either.
    expect(await db.$count(activity, and(eq(activity.action, 'proposal.created'), eq(activity.entityId, rows[0]!.id)))).toBe(1);
  });
});

describe('moving proposals', () => {
  it('refuses transitions the viewer may not make, or that do not fit the stage, and changes nothing', async () => {
    const draft = await createAddProposal();
    const reviewer = await server.signIn('reviewer2');
    const before = await rowCount(activity);
    // A department's draft is its own: to a reviewer it does not exist.
    const byReviewer = await call(reviewer, 'transitionProposal', { proposalId: draft.id, transition: 'SUBMIT', expectedVersion: 1 });
    expect(byReviewer.code).toBe('NOT_FOUND');
    const wrongStage = await call(department, 'transitionProposal', { proposalId: draft.id, transition: 'CONFIRM', expectedVersion: 1 });
    expect(wrongStage.code).toBe('INVALID_TRANSITION');
    const stale = await call(department, 'transitionProposal', { proposalId: draft.id, transition: 'SUBMIT', expectedVersion: 7 });
    expect(stale.code).toBe('CONFLICT');
    expect(await rowCount(activity)).toBe(before);
  });

  it('moves many proposals at once with a result per item, skipping the ones that fail', async () => {
    const submitted = await coordinator.graphql<{ proposals: { nodes: { id: string; version: number }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { id version } } }',
      { f: { campaignId, stages: ['SUBMITTED'], statuses: ['ACTIVE'] } },
    );
    const items = submitted.data!.proposals.nodes.map((n) => ({ proposalId: n.id, expectedVersion: n.version }));
    expect(items).toHaveLength(100);
    // Two bad items: a stale version and an id that names no proposal.
    items[3] = { ...items[3]!, expectedVersion: items[3]!.expectedVersion + 5 };
    items.push({ proposalId: Buffer.from('Proposal:99999999').toString('base64'), expectedVersion: 1 });
    const before = await rowCount(activity);
    const response = await coordinator.graphql<{
      bulkTransitionProposals: { succeeded: number; failed: number; results: { proposalId: string; ok: boolean; error: { code: string } | null }[] };
    }>(
      `mutation($input: BulkTransitionProposalsInput!) { bulkTransitionProposals(input: $input) {
         __typename ... on BulkTransitionResult { succeeded failed results { proposalId ok error { code } } } } }`,
      { input: { transition: 'START_REVIEW', items } },
    );
    expect(response.errors).toBeUndefined();
    const bulk = response.data!.bulkTransitionProposals;
    expect(bulk).toMatchObject({ succeeded: 99, failed: 2 });
    expect(bulk.results[3]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(bulk.results[100]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // One entry per applied transition; the failed items wrote nothing, and the stale one is untouched.
    expect(await rowCount(activity)).toBe(before + 99);
    const stale = await coordinator.graphql<{ node: { stage: string; version: number } }>('query($id: ID!) { node(id: $id) { ... on Proposal { stage version } } }', {
      id: items[3].proposalId,
    });
    expect(stale.data!.node).toMatchObject({ stage: 'SUBMITTED', version: items[3].expectedVersion - 5 });
  });

  it('records the legality opinion and only then completes the legality review', async () => {
    const legal = await server.signIn('legal1');
    const waiting = await coordinator.graphql<{ proposals: { nodes: { id: string; version: number; reviewRecords: { nodes: { verdict: string }[] } }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 50, filter: $f) { nodes { id version reviewRecords { nodes { verdict } } } } }',
      { f: { campaignId, stages: ['LEGALITY_REVIEW'], statuses: ['ACTIVE'] } },
    );
    const target = waiting.data!.proposals.nodes.find((n) => !n.reviewRecords.nodes.some((r) => r.verdict.startsWith('LAWFUL') || r.verdict === 'UNLAWFUL'))!;
    const early = await call(legal, 'transitionProposal', { proposalId: target.id, transition: 'COMPLETE_LEGALITY_REVIEW', expectedVersion: target.version });
    expect(early.code).toBe('INVALID_TRANSITION');
    const unexplained = await call(legal, 'recordLegalityOpinion', { proposalId: target.id, opinion: 'UNLAWFUL', expectedVersion: target.version });
    expect(unexplained.code).toBe('VALIDATION');
    const opinion = await call(legal, 'recordLegalityOpinion', {
      proposalId: target.id,
      opinion: 'LAWFUL_WITH_CONDITIONS',
      reason: '需同步修订《广州市某某管理办法》第十二条。',
      expectedVersion: target.version,
    });
    expect(opinion.version).toBe(target.version + 1);
    const done = await call(legal, 'transitionProposal', { proposalId: target.id, transition: 'COMPLETE_LEGALITY_REVIEW', expectedVersion: opinion.version });
    expect(done).toMatchObject({ stage: 'RECHECK', status: 'ACTIVE' });
  });
});

describe('optimistic concurrency', () => {
  it('loses no update when 50 writers edit one proposal at once', async () => {
    const draft = await createAddProposal('起始理由。');
    const writers = 50;
    let conflicts = 0;
    async function writer(n: number): Promise<void> {
      const marker = `[w${n}]`;
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const current = await department.graphql<{ node: { version: number; rationale: string } }>(
          'query($id: ID!) { node(id: $id) { ... on Proposal { version rationale } } }',
          { id: draft.id },
        );
        const { version, rationale } = current.data!.node;
        const outcome = await call(department, 'updateProposal', { proposalId: draft.id, expectedVersion: version, rationale: `${rationale}${marker}` });
        if (outcome.__typename === 'Proposal') return;
        expect(outcome.code).toBe('CONFLICT');
        conflicts += 1;
      }
      throw new Error(`writer ${n} never got through`);
    }
    await Promise.all(Array.from({ length: writers }, (_, n) => writer(n)));
    const final = await server.database.opened.db.select().from(proposals).where(eq(proposals.id, databaseId(draft.id)));
    // Every writer's marker is there exactly once, and every success bumped the version once.
    for (let n = 0; n < writers; n += 1) expect(final[0]!.rationale.split(`[w${n}]`)).toHaveLength(2);
    expect(final[0]!.version).toBe(1 + writers);
    const updates = await server.database.opened.db
      .select({ n: count() })
      .from(activity)
      .where(and(eq(activity.proposalId, final[0]!.id), eq(activity.action, 'proposal.updated')));
    expect(updates[0]!.n).toBe(writers);
    expect(conflicts).toBeGreaterThan(0);
  });
});
