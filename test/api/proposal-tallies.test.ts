import { campaigns, proposals, proposalTallies, proposalUnitTallies } from '@devolve/db';
import { executedRows } from '../../server/src/json-rows.ts';
import { compactProposalTallies } from '../../server/src/proposals/tallies.ts';
import { and, count, eq, ne, sql, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLClient, type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * The proposals' tallies (db/src/schema/tallies.ts): kept by the database's triggers through every
 * kind of change the API makes, in parallel too, folded by their job while writers write, and read
 * for the team's dashboard, key-task figures and queue totals, always equal to counting the rows.
 */
let server: TestServer;
let coordinator: SignedInClient;
let department: SignedInClient;
let campaignId: string;
const statementsRun: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ seed: true, onStatement: (text) => statementsRun.push(text) });
  coordinator = await server.signIn('coordinator');
  department = await server.signIn('gz-scjgj');
  campaignId = (await coordinator.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
});
afterAll(() => server?.close());

const db = () => server.database.opened.db;

/** Each tally group's sum, next to the same groups counted from the proposals, both sorted. */
async function talliesAndRows() {
  const t = proposalTallies;
  const p = proposals;
  const u = proposalUnitTallies;
  const byKey = <Row extends Record<string, unknown>>(rows: Row[]) =>
    rows.map((row) => JSON.stringify(Object.values(row).map((value) => (value === null ? null : String(value))))).sort();
  return {
    tallies: byKey(
      await db()
        .select({ c: t.campaignId, s: t.stage, st: t.status, a: t.action, ty: t.powerTypeCode, cl: t.classificationCode, n: sum(t.n) })
        .from(t)
        .groupBy(t.campaignId, t.stage, t.status, t.action, t.powerTypeCode, t.classificationCode)
        .having(sql`sum(${t.n}) <> 0`),
    ),
    rows: byKey(
      await db()
        .select({ c: p.campaignId, s: p.stage, st: p.status, a: p.action, ty: p.powerTypeCode, cl: p.classificationCode, n: count() })
        .from(p)
        .groupBy(p.campaignId, p.stage, p.status, p.action, p.powerTypeCode, p.classificationCode),
    ),
    unitTallies: byKey(
      await db()
        .select({ c: u.campaignId, unit: u.submittingUnitId, s: u.stage, n: sum(u.n) })
        .from(u)
        .groupBy(u.campaignId, u.submittingUnitId, u.stage)
        .having(sql`sum(${u.n}) <> 0`),
    ),
    unitRows: byKey(
      await db().select({ c: p.campaignId, unit: p.submittingUnitId, s: p.stage, n: count() }).from(p).groupBy(p.campaignId, p.submittingUnitId, p.stage),
    ),
  };
}

async function expectTalliesMatchRows() {
  const { tallies, rows, unitTallies, unitRows } = await talliesAndRows();
  expect(tallies).toEqual(rows);
  expect(unitTallies).toEqual(unitRows);
}

/** How many tally rows there are beyond one per group (what the job folds). */
async function unfoldedRows(): Promise<number> {
  const [row] = executedRows<{ extra: number }>(
    await db().execute(sql`
    select (select count(*) from proposal_tallies) - (select count(*) from (select distinct campaign_id, stage, status, action, power_type_code, classification_code from proposal_tallies) g)
         + (select count(*) from proposal_unit_tallies) - (select count(*) from (select distinct campaign_id, submitting_unit_id, stage from proposal_unit_tallies) g) as extra`),
  );
  return Number(row!.extra);
}

async function proposalsAt(stage: string, first: number) {
  const response = await coordinator.graphql<{ proposals: { nodes: { id: string; version: number }[] } }>(
    'query($f: ProposalFilter, $first: Int) { proposals(first: $first, filter: $f) { nodes { id version } } }',
    { f: { campaignId, stages: [stage], statuses: ['ACTIVE'] }, first },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.proposals.nodes;
}

async function bulk(client: GraphQLClient, transition: string, items: { id: string; version: number }[]) {
  const response = await client.graphql<{ bulkTransitionProposals: { succeeded: number; failed: number } }>(
    `mutation($input: BulkTransitionProposalsInput!) { bulkTransitionProposals(input: $input) { __typename ... on BulkTransitionResult { succeeded failed } } }`,
    { input: { transition, items: items.map((item) => ({ proposalId: item.id, expectedVersion: item.version })) } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.bulkTransitionProposals;
}

async function call<T>(client: GraphQLClient, name: string, input: Record<string, unknown>, selection: string): Promise<T & { __typename: string }> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const response = await client.graphql<Record<string, T & { __typename: string }>>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename ${selection} } }`,
    { input },
  );
  expect(response.errors, name).toBeUndefined();
  return response.data![name]!;
}

describe('the proposals’ tallies', () => {
  it('start equal to the rows, one row per group, after the demo seed', async () => {
    await expectTalliesMatchRows();
    expect(await unfoldedRows()).toBe(0);
  });

  it('follow inserts, deletes, moves of one, many at once and many in parallel, and classifications', async () => {
    // An insert and a delete: a department's new draft, then deleted.
    const draft = await call<{ id: string; version: number }>(
      department,
      'createProposal',
      { campaignId, action: 'ADD', proposedItemName: '统计测试新增事项', rationale: '测试计数：新增一项后删除。' },
      '... on Proposal { id version }',
    );
    expect(draft.__typename).toBe('Proposal');
    await expectTalliesMatchRows();
    expect(await call(department, 'deleteDraftProposal', { proposalId: draft.id, expectedVersion: draft.version }, '')).toMatchObject({ __typename: 'ProposalDeleted' });
    await expectTalliesMatchRows();

    // Many at once, and four lists in parallel: submitted → initial review.
    const submitted = await proposalsAt('SUBMITTED', 100);
    expect(submitted).toHaveLength(100);
    expect(await bulk(coordinator, 'START_REVIEW', submitted.slice(0, 20))).toMatchObject({ succeeded: 20, failed: 0 });
    const lists = [0, 1, 2, 3].map((i) => submitted.slice(20 + i * 20, 40 + i * 20));
    const results = await Promise.all(lists.map((list) => bulk(coordinator, 'START_REVIEW', list)));
    expect(results.every((result) => result.succeeded === 20)).toBe(true);

    // A final classification changes the tallied classification code.
    const reviewing = await proposalsAt('INITIAL_REVIEW', 3);
    for (const proposal of reviewing) {
      const set = await call(coordinator, 'setFinalClassification', { proposalId: proposal.id, code: 'agree_cancel', expectedVersion: proposal.version }, '... on Proposal { classificationCode }');
      expect(set).toMatchObject({ __typename: 'Proposal', classificationCode: 'agree_cancel' });
    }
    await expectTalliesMatchRows();
    expect(await unfoldedRows()).toBeGreaterThan(0);
  });

  it('fold into one row per group with the same sums, while writers keep moving proposals', async () => {
    const submitted = await proposalsAt('SUBMITTED', 100);
    const lists = [0, 1, 2, 3, 4].map((i) => submitted.slice(i * 10, i * 10 + 10));
    // Writers and folds interleaved over real connections: every delta must be counted once.
    const folds = Promise.all([0, 1, 2, 3, 4, 5].map(() => compactProposalTallies(db())));
    const writes = Promise.all(lists.map((list) => bulk(coordinator, 'START_REVIEW', list)));
    const [, written] = await Promise.all([folds, writes]);
    expect(written.reduce((total, result) => total + result.succeeded, 0)).toBe(50);
    await expectTalliesMatchRows();
    await compactProposalTallies(db());
    expect(await unfoldedRows()).toBe(0);
    await expectTalliesMatchRows();
    // A fold with nothing to fold writes nothing: the rows are the same ones (same ctid).
    const before = await db().select({ ctid: sql<string>`ctid::text` }).from(proposalTallies).orderBy(sql`ctid`);
    await compactProposalTallies(db());
    expect(await db().select({ ctid: sql<string>`ctid::text` }).from(proposalTallies).orderBy(sql`ctid`)).toEqual(before);
  });

  it('answer the team’s queue totals for every tallied filter, counted from the tallies in the page’s one statement', async () => {
    const [campaign] = await db().select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    const filters: [Record<string, unknown>, ReturnType<typeof and>][] = [
      [{}, undefined],
      [{ stages: ['INITIAL_REVIEW'] }, eq(proposals.stage, 'initial_review')],
      [{ statuses: ['RETURNED'] }, eq(proposals.status, 'returned')],
      [{ actions: ['DELEGATE'], powerTypes: ['LICENSING'] }, and(eq(proposals.action, 'delegate'), eq(proposals.powerTypeCode, '01'))],
      [{ classification: '' }, sql`${proposals.classificationCode} is null`],
      [{ classification: 'agree_cancel' }, eq(proposals.classificationCode, 'agree_cancel')],
    ];
    for (const [filter, where] of filters) {
      statementsRun.length = 0;
      const response = await coordinator.graphql<{ proposals: { totalCount: number; nodes: { id: string }[] } }>(
        'query($f: ProposalFilter) { proposals(first: 5, filter: $f) { totalCount nodes { id } } }',
        { f: { campaignId, ...filter } },
      );
      expect(response.errors).toBeUndefined();
      // The coordinator reads every proposal past the draft.
      const [expected] = await db().select({ n: count() }).from(proposals).where(and(eq(proposals.campaignId, campaign!.id), ne(proposals.stage, 'draft'), where));
      expect(response.data!.proposals.totalCount, JSON.stringify(filter)).toBe(expected!.n);
      expect(response.extensions!.queryStats!.statements).toBe(2);
      const page = statementsRun.find((text) => text.includes('"proposals"'))!;
      expect(page).toContain('"proposal_tallies"');
    }
    // A filter on something the tallies do not keep (an assignee) counts the rows.
    statementsRun.length = 0;
    const mine = await (await server.signIn('reviewer1')).graphql<{ proposals: { totalCount: number } }>(
      'query($f: ProposalFilter) { proposals(first: 5, filter: $f) { totalCount } }',
      { f: { campaignId, assignedToMe: true } },
    );
    expect(mine.data!.proposals.totalCount).toBeGreaterThan(0);
    expect(statementsRun.join('\n')).not.toContain('"proposal_tallies"');
  });

  it('serve the team’s dashboard; a department’s is counted from its rows and stay its own', async () => {
    const query = '{ campaign(year: 2019) { progress { byStage { key count } byUnit { key count } } } }';
    statementsRun.length = 0;
    const team = await coordinator.graphql<{ campaign: { progress: { byStage: { key: string; count: number }[] } } }>(query);
    expect(team.errors).toBeUndefined();
    expect(statementsRun.join('\n')).toContain('"proposal_tallies"');
    expect(statementsRun.join('\n')).toContain('"proposal_unit_tallies"');
    statementsRun.length = 0;
    const own = await department.graphql<{ campaign: { progress: { byStage: { key: string; count: number }[]; byUnit: { key: string; count: number }[] } } }>(
      query,
    );
    expect(own.errors).toBeUndefined();
    expect(statementsRun.join('\n')).not.toContain('_tallies"');
    // The department reads its own proposals, drafts included, and nobody else's.
    expect(own.data!.campaign.progress.byUnit).toHaveLength(1);
    const teamTotal = team.data!.campaign.progress.byStage.reduce((total, group) => total + group.count, 0);
    const ownTotal = own.data!.campaign.progress.byStage.reduce((total, group) => total + group.count, 0);
    expect(ownTotal).toBeGreaterThan(0);
    expect(ownTotal).toBeLessThan(teamTotal);
  });
});
