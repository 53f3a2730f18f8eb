import { powerItems, proposalAssignees, proposalDistricts, proposals, proposalSearchTexts, units } from '@devolve/db';
import { and, asc, countDistinct, eq, exists, ilike, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsPattern, prefixPattern } from '../../server/src/filters.ts';
import { executedRows } from '../../server/src/json-rows.ts';
import { proposalSearch, searchPlan, searchPlanFor, type SearchPlan } from '../../server/src/proposals/search.ts';
import { databaseId, globalIdOf } from '../support/ids.ts';
import { addLicensingProposals } from '../support/searches.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** The review queue on the demo data: paging, filters, search, and no N+1 queries. */
let server: TestServer;
/** The coordinator reads the whole queue. */
let client: SignedInClient;
let campaignId: string;

interface QueuePage {
  proposals: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    nodes: {
      id: string;
      stage: string;
      status: string;
      action: string;
      powerType: string;
      rationale: string;
      proposedItemName: string | null;
      powerItem: { basicCode: string; name: string; implementingUnit: { shortName: string } | null } | null;
      submittingUnit: { id: string; shortName: string };
      targetDistricts: { code: string; kind: string }[];
      assignees: { displayName: string }[];
      threadCount: number;
      openThreadCount: number;
      voteCount: number;
    }[];
  };
}

const queueQuery = /* GraphQL */ `
  query Queue($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
    proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        id stage status action powerType rationale proposedItemName
        powerItem { basicCode name implementingUnit { shortName } }
        submittingUnit { id shortName }
        targetDistricts { code kind }
        assignees { displayName }
        threadCount openThreadCount voteCount
      }
    }
  }
`;

interface SubmissionPage {
  proposals: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    nodes: { id: string; submittedAt: string | null; createdAt: string }[];
  };
}

const submissionQuery = /* GraphQL */ `
  query Submitted($after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
    proposals(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id submittedAt createdAt }
    }
  }
`;

async function queue(variables: Record<string, unknown>) {
  const response = await client.graphql<QueuePage>(queueQuery, variables);
  expect(response.errors).toBeUndefined();
  return { page: response.data!.proposals, stats: response.extensions!.queryStats! };
}

/** The text of each SQL statement the server ran since the last `statementsRun.length = 0`. */
const statementsRun: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ seed: true, onStatement: (sql) => statementsRun.push(sql) });
  client = await server.signIn('coordinator');
  const campaigns = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaigns.data!.campaign.id;
});
afterAll(() => server?.close());

describe('review queue', () => {
  it('serves a page of 50 with power item, unit, districts, assignees and counts in a fixed number of statements', async () => {
    const { page, stats } = await queue({ first: 50, filter: { campaignId } });
    expect(page.totalCount).toBe(7580);
    expect(page.nodes).toHaveLength(50);
    expect(page.pageInfo.hasNextPage).toBe(true);
    // One statement resolves the session, one reads the page with every nested selection and the
    // filter's count (a scalar subquery in the page's select list, so no statement of its own).
    expect(stats.statements).toBe(2);
    const withItem = page.nodes.filter((node) => node.powerItem);
    expect(withItem.length).toBeGreaterThan(0);
    for (const node of withItem) expect(node.powerItem!.implementingUnit?.shortName).toBe(node.submittingUnit.shortName);
  });

  it('reads only the columns the page asks for: no password hash, no unasked item or unit columns', async () => {
    statementsRun.length = 0;
    const { page } = await queue({ first: 50, filter: { campaignId } });
    expect(page.nodes.some((node) => node.assignees.length > 0)).toBe(true);
    const read = statementsRun.join('\n');
    // Asked: the assignees' display names, the item's code and name, the units' short names.
    expect(read).toContain('"display_name"');
    expect(read).toContain('"basic_code"');
    for (const unasked of ['password_hash', 'legal_basis', 'responsibility_steps', 'accountability', 'name_en']) expect(read).not.toContain(`"${unasked}"`);
  });

  it('costs the same number of statements for a page of 100 as for a page of 5', async () => {
    const small = await queue({ first: 5, filter: { campaignId } });
    const large = await queue({ first: 100, filter: { campaignId } });
    expect(large.page.nodes).toHaveLength(100);
    expect(large.stats.statements).toBe(small.stats.statements);
  });

  it('pages with cursors in a stable order without gaps or repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (let i = 0; i < 3; i += 1) {
      const { page } = await queue({ first: 40, after, filter: { campaignId }, orderBy: 'RECENTLY_UPDATED' });
      for (const node of page.nodes) {
        expect(seen.has(node.id)).toBe(false);
        seen.add(node.id);
      }
      after = page.pageInfo.endCursor;
    }
    expect(seen.size).toBe(120);
    const again = await queue({ first: 120, filter: { campaignId }, orderBy: 'RECENTLY_UPDATED' });
    // Capped at 100 per page, in the same order as the three pages above.
    expect(again.page.nodes).toHaveLength(100);
    expect(again.page.nodes.map((n) => n.id)).toEqual([...seen].slice(0, 100));
  });

  it('caps a page at 100 rows and says there is more', async () => {
    const { page } = await queue({ first: 500, filter: { campaignId } });
    expect(page.nodes).toHaveLength(100);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('counts beside the page, and alone when the page is empty, asks for no rows or names the count in a fragment', async () => {
    const filter = { campaignId, stages: ['CONSULTATION'], actions: ['DELEGATE'] };
    let { page } = await queue({ first: 100, filter });
    const total = page.totalCount;
    let rows = page.nodes.length;
    while (page.pageInfo.hasNextPage) {
      ({ page } = await queue({ first: 100, after: page.pageInfo.endCursor, filter }));
      expect(page.totalCount).toBe(total);
      rows += page.nodes.length;
    }
    expect(rows).toBe(total);
    // Past the last row: no row carries the count, so it is counted in a statement of its own.
    const past = await queue({ first: 100, after: page.pageInfo.endCursor, filter });
    expect(past.page.nodes).toHaveLength(0);
    expect(past.page.totalCount).toBe(total);
    expect(past.stats.statements).toBe(3);
    const countOnly = await client.graphql<{ proposals: { totalCount: number } }>(
      'query($f: ProposalFilter) { proposals(first: 0, filter: $f) { totalCount } }',
      { f: filter },
    );
    expect(countOnly.data!.proposals.totalCount).toBe(total);
    const inFragment = await client.graphql<{ proposals: { totalCount: number; nodes: unknown[] } }>(
      'query($f: ProposalFilter) { proposals(first: 3, filter: $f) { ...Count nodes { id } } } fragment Count on QueryProposalsConnection { totalCount }',
      { f: filter },
    );
    expect(inFragment.errors).toBeUndefined();
    expect(inFragment.data!.proposals).toMatchObject({ totalCount: total, nodes: expect.any(Array) });
    expect(inFragment.data!.proposals.nodes).toHaveLength(3);
  });

  it('filters by stage, status, action and power type, and totalCount agrees with the rows', async () => {
    const { page } = await queue({
      first: 100,
      filter: { campaignId, stages: ['CONSULTATION'], actions: ['DELEGATE', 'ENTRUST'] },
    });
    expect(page.totalCount).toBeGreaterThan(0);
    for (const node of page.nodes) {
      expect(node.stage).toBe('CONSULTATION');
      expect(['DELEGATE', 'ENTRUST']).toContain(node.action);
      expect(node.targetDistricts.length).toBeGreaterThan(0);
      for (const district of node.targetDistricts) expect(district.kind).toBe('DISTRICT');
    }
    const licensing = await queue({ first: 100, filter: { campaignId, powerTypes: ['LICENSING'], statuses: ['RETURNED'] } });
    expect(licensing.page.totalCount).toBeGreaterThan(0);
    for (const node of licensing.page.nodes) {
      expect(node.powerType).toBe('LICENSING');
      expect(node.status).toBe('RETURNED');
    }
  });

  it('filters by submitting unit and the counts by unit add up to the total', async () => {
    const progress = await client.graphql<{ node: { progress: { byUnit: { key: string; count: number }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Campaign { progress { byUnit { key count } } } } }',
      { id: campaignId },
    );
    const byUnit = progress.data!.node.progress.byUnit;
    expect(byUnit).toHaveLength(44);
    expect(byUnit.reduce((sum, group) => sum + group.count, 0)).toBe(7580);
    const first = byUnit[0]!;
    const { page } = await queue({ first: 100, filter: { campaignId, unitId: first.key } });
    expect(page.totalCount).toBe(first.count);
    for (const node of page.nodes) expect(node.submittingUnit.id).toBe(first.key);
  });

  it('filters by target district: exactly the submitted proposals naming it, as counted from the database', async () => {
    const districts = await client.graphql<{ units: { id: string; code: string }[] }>('{ units(kind: DISTRICT) { id code } }');
    const tianhe = districts.data!.units.find((unit) => unit.code === '440106')!;
    const { page, stats } = await queue({ first: 100, filter: { campaignId, targetDistrictId: tianhe.id } });
    // The team's count over rows (not from the tallies) runs beside the page: the session, the count, the page.
    expect(stats.statements).toBe(3);
    const db = server.database.opened.db;
    const [expected] = await db
      .select({ n: countDistinct(proposalDistricts.proposalId) })
      .from(proposalDistricts)
      .innerJoin(units, eq(units.id, proposalDistricts.districtId))
      .innerJoin(proposals, eq(proposals.id, proposalDistricts.proposalId))
      // The departments' drafts are theirs alone, not the team's queue.
      .where(and(eq(units.code, '440106'), ne(proposals.stage, 'draft')));
    expect(page.totalCount).toBe(expected!.n);
    expect(page.totalCount).toBeGreaterThan(0);
    for (const node of page.nodes) expect(node.targetDistricts.map((d) => d.code)).toContain('440106');
  });

  it('filters by classification (or its absence) and by assigned reviewer', async () => {
    const agreed = await queue({ first: 100, filter: { campaignId, classification: 'agree_cancel' } });
    expect(agreed.page.totalCount).toBeGreaterThan(0);
    const codes = await client.graphql<{ proposals: { nodes: { classificationCode: string | null }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { classificationCode } } }',
      { f: { campaignId, classification: 'agree_cancel' } },
    );
    for (const node of codes.data!.proposals.nodes) expect(node.classificationCode).toBe('agree_cancel');
    const unclassified = await client.graphql<{ proposals: { totalCount: number; nodes: { classificationCode: string | null }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { totalCount nodes { classificationCode } } }',
      { f: { campaignId, classification: '' } },
    );
    expect(unclassified.data!.proposals.totalCount).toBeGreaterThan(0);
    for (const node of unclassified.data!.proposals.nodes) expect(node.classificationCode).toBeNull();

    const assigned = await client.graphql<{ proposals: { nodes: { assignees: { id: string }[] }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { assignees { id } } } }',
      { f: { campaignId, stages: ['RECHECK'] } },
    );
    const reviewerId = assigned.data!.proposals.nodes[0]!.assignees[0]!.id;
    const mine = await client.graphql<{ proposals: { totalCount: number; nodes: { assignees: { id: string }[] }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { totalCount nodes { assignees { id } } } }',
      { f: { campaignId, assigneeId: reviewerId } },
    );
    expect(mine.data!.proposals.totalCount).toBeGreaterThan(0);
    for (const node of mine.data!.proposals.nodes) expect(node.assignees.map((a) => a.id)).toContain(reviewerId);
    // Counted beside the page (three statements), exactly the assigned proposals past the draft.
    const [assignedCount] = await server.database.opened.db
      .select({ n: countDistinct(proposalAssignees.proposalId) })
      .from(proposalAssignees)
      .innerJoin(proposals, eq(proposals.id, proposalAssignees.proposalId))
      .where(and(eq(proposalAssignees.userId, databaseId(reviewerId)), ne(proposals.stage, 'draft'), eq(proposals.campaignId, databaseId(campaignId))));
    const assignedPage = await queue({ first: 100, filter: { campaignId, assigneeId: reviewerId } });
    expect(assignedPage.page.totalCount).toBe(assignedCount!.n);
    expect(assignedPage.stats.statements).toBe(3);
    // A department's count over its own rows stays in the page's statement: the session, the
    // search's plan, the page (a search no other test here asks, so its plan is not remembered).
    const department = await server.signIn('gz-scjgj');
    const ownPage = await department.graphql<QueuePage>(queueQuery, { first: 100, filter: { campaignId, stages: ['SUBMITTED'], search: '行政' } });
    expect(ownPage.extensions!.queryStats!.statements).toBe(3);
    expect(ownPage.data!.proposals.totalCount).toBeGreaterThan(0);
  });

  /** Walks a whole list 100 rows a page with the cursor: every row, each page's statement count. */
  async function walk(viewer: SignedInClient, variables: Record<string, unknown>) {
    const rows: { id: string; submittedAt: string | null; createdAt: string }[] = [];
    const statements = new Set<number>();
    let after: string | null = null;
    let total = 0;
    do {
      const response: Awaited<ReturnType<typeof viewer.graphql<SubmissionPage>>> = await viewer.graphql<SubmissionPage>(submissionQuery, { ...variables, after });
      expect(response.errors).toBeUndefined();
      const page = response.data!.proposals;
      statements.add(response.extensions!.queryStats!.statements);
      total = page.totalCount;
      rows.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    return { rows, total, statements: [...statements] };
  }

  /** Whether `a` comes before `b` by submission (drafts: by creation), ties by id. */
  const submittedBefore = (a: { id: string; submittedAt: string | null; createdAt: string }, b: typeof a) => {
    const at = (row: typeof a) => Date.parse(row.submittedAt ?? row.createdAt);
    return at(a) < at(b) || (at(a) === at(b) && databaseId(a.id) < databaseId(b.id));
  };

  it('最早报送 / 最新报送: the cursor walks every proposal once, by submission date, ties by id', async () => {
    const oldest = await walk(client, { filter: { campaignId }, orderBy: 'OLDEST' });
    expect(oldest.rows).toHaveLength(7580);
    expect(new Set(oldest.rows.map((row) => row.id)).size).toBe(7580);
    // The reviewers' queue holds no drafts: every row has its submission date.
    expect(oldest.rows.every((row) => row.submittedAt !== null)).toBe(true);
    for (let i = 1; i < oldest.rows.length; i += 1) expect(submittedBefore(oldest.rows[i - 1]!, oldest.rows[i]!)).toBe(true);
    // The demo submits many proposals at the same instant, so the tie-break by id is exercised.
    const ties = oldest.rows.filter((row, i) => i > 0 && row.submittedAt === oldest.rows[i - 1]!.submittedAt).length;
    expect(ties).toBeGreaterThan(0);
    // Submission order is not creation order: ordering by id would have failed above.
    expect(oldest.rows.map((row) => databaseId(row.id))).not.toEqual(oldest.rows.map((row) => databaseId(row.id)).sort((a, b) => a - b));
    // One statement resolves the session, one reads the page and its count, whatever the cursor.
    expect(oldest.statements).toEqual([2]);

    const newest = await walk(client, { filter: { campaignId }, orderBy: 'NEWEST' });
    expect(newest.rows.map((row) => row.id)).toEqual(oldest.rows.map((row) => row.id).reverse());
  });

  it("walks a department's list with its drafts, which have no submission date yet, by when they were created", async () => {
    const department = await server.signIn('gz-scjgj');
    const { rows, total } = await walk(department, { orderBy: 'OLDEST' });
    expect(rows.some((row) => row.submittedAt === null)).toBe(true);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((row) => row.id)).size).toBe(total);
    for (let i = 1; i < rows.length; i += 1) expect(submittedBefore(rows[i - 1]!, rows[i]!)).toBe(true);
  });

  it('finds proposals by a Chinese substring of the power item name or rationale', async () => {
    const { page } = await queue({ first: 100, filter: { campaignId, search: '许可' } });
    expect(page.totalCount).toBeGreaterThan(0);
    for (const node of page.nodes) {
      const text = `${node.powerItem?.name ?? ''}${node.proposedItemName ?? ''}${node.rationale}`;
      expect(text).toContain('许可');
    }
    const none = await queue({ first: 10, filter: { campaignId, search: '完全不存在的事项名称' } });
    expect(none.page.totalCount).toBe(0);
    // LIKE wildcards in the search text are taken literally.
    const wildcard = await queue({ first: 10, filter: { campaignId, search: '%' } });
    expect(wildcard.page.totalCount).toBe(0);
  });

  it('shows a department only its own proposals and an anonymous client only published results', async () => {
    const department = await server.signIn('gz-scjgj');
    const own = await department.graphql<QueuePage>(queueQuery, { first: 100, filter: { campaignId } });
    expect(own.errors).toBeUndefined();
    const units = new Set(own.data!.proposals.nodes.map((n) => n.submittingUnit.shortName));
    expect(units.size).toBe(1);
    expect(own.data!.proposals.totalCount).toBeLessThan(7580);
    expect(own.data!.proposals.totalCount).toBeGreaterThan(0);
    // Another unit's proposal, asked for by id, is refused.
    const foreign = (await client.graphql<QueuePage>(queueQuery, { first: 100, filter: { campaignId } })).data!.proposals.nodes.find(
      (n) => !units.has(n.submittingUnit.shortName),
    )!;
    const refused = await department.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: foreign.id });
    expect(refused.data?.node ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The 2019 campaign is still in review: nothing is published yet.
    const anonymous = await server.graphql<QueuePage>(queueQuery, { first: 10, filter: { campaignId } });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.proposals.totalCount).toBe(0);
  });

  it('answers a bad filter id with a coded VALIDATION error, not a 500', async () => {
    for (const unitId of ['not-an-id', campaignId]) {
      const response = await client.graphql(queueQuery, { first: 5, filter: { campaignId, unitId } });
      expect(response.status).toBe(200);
      expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect(response.errors?.[0]?.extensions?.messageZh).toEqual(expect.any(String));
    }
    const negative = await client.graphql(queueQuery, { first: -1 });
    expect(negative.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const tooLong = await client.graphql(queueQuery, { first: 5, filter: { search: '字'.repeat(101) } });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  // Last: it edits the demo data.
  it('finds through the gram index exactly what the plain ILIKE finds, after edits, renames, inserts and deletes', async () => {
    const db = server.database.opened.db;
    const rows = async <T>(query: SQL) => executedRows<T>(await db.execute(query));
    const ids = async (where: SQL) => (await rows<{ id: number }>(sql`select id from ${proposals} where ${where} order by id`)).map((row) => row.id);
    const campaign = databaseId(campaignId);
    // The search as it was before the index: ILIKE over the three texts, LIKE on the code's prefix.
    const plain = (search: string) =>
      or(
        ilike(proposals.rationale, containsPattern(search)),
        ilike(proposals.proposedItemName, containsPattern(search)),
        exists(
          sql`(select 1 from ${powerItems} where ${powerItems.id} = ${proposals.powerItemId} and (${or(ilike(powerItems.name, containsPattern(search)), ilike(powerItems.subItemName, containsPattern(search)), like(powerItems.basicCode, prefixPattern(search)))}))`,
        ),
      )!;

    const [edited, renamed] = await rows<{ id: number; power_item_id: number }>(
      sql`select id, power_item_id from ${proposals} where campaign_id = ${campaign} and power_item_id is not null order by id limit 2`,
    );
    // Each trigger: a rationale edited, a power item renamed and recoded, proposals inserted
    // (several in one statement), one of them renamed, two deleted.
    await db.execute(sql`update ${proposals} set rationale = ${'Mixed CASE Straße ÄÖ ΣΑΣ 100% a_b c\\d 👍🏽 消防站'} where id = ${edited!.id}`);
    await db.execute(
      sql`update ${powerItems} set name = ${'更名后的Abc事项'}, sub_item_name = ${'Rt子项'}, basic_code = ${'Xy12新码'} where id = ${renamed!.power_item_id}`,
    );
    // A sub-item name (子项名称) set on one item, and another item's changed.
    await db.execute(sql`update ${powerItems} set sub_item_name = ${'新设子项Qz核查'} where id = ${edited!.power_item_id}`);
    await db.execute(sql`update ${powerItems} set sub_item_name = ${'改过的子项Wv'} where id = (
      select min(p.power_item_id) from ${proposals} p join ${powerItems} i on i.id = p.power_item_id
      where i.sub_item_name is not null and p.id <= ${renamed!.id + 1_000} and p.power_item_id not in (${edited!.power_item_id}, ${renamed!.power_item_id}))`);
    const added = await rows<{ id: number }>(sql`
      insert into ${proposals} (campaign_id, power_type_code, submitting_unit_id, action, proposed_item_name, rationale, stage)
      select campaign_id, power_type_code, submitting_unit_id, 'add', 'Ab新增事项' || n, '新增理由' || n, 'submitted'
      from ${proposals}, generate_series(1, 3) as n where id = ${edited!.id} returning id`);
    await db.execute(sql`update ${proposals} set proposed_item_name = ${'ǅ改名的新增事项'} where id = ${added[2]!.id}`);
    await db.execute(sql`delete from ${proposals} where id in (${added[0]!.id}, ${added[1]!.id})`);
    await addLicensingProposals(db, edited!.id);

    const searches = [
      '许可', '许', '可', '食品经营', '消防', '消防站', '行政许可事项', '建议保留由市级实施', '。',
      '更名后', 'Abc', 'ABC', 'c事', 'mixed case', 'STRASSE', 'straße', 'Ä', 'σας', 'Σ',
      '%', '100%', '_', 'a_b', '\\', 'c\\d', '👍', '👍🏽', '🏽', 'ǅ', 'ǆ改名', 'ab新增', '新增理由3', '新增理由1',
      '4401', 'Xy', 'xy', 'X', 'x', 'Xy12新', 'y1',
      '投诉举报核查', '日常监督', '举报', '子项', '新设子项qz', 'Qz', '改过的子项W', 'Wv', 'Rt子', '事项rt', '项R',
    ];
    const idList = (where: SQL | undefined) => sql`array(select id from ${proposals} where ${where} order by id)`;
    // The edited rows and the first 1,000 others: the plain ILIKE reads every row it compares.
    const compared = and(eq(proposals.campaignId, campaign), or(sql`${proposals.id} <= ${renamed!.id + 1_000}`, sql`${proposals.id} >= ${added[0]!.id}`));
    const plans: readonly SearchPlan[] = ['hashed', 'probed', 'lookup'];
    for (const search of searches) {
      // Every plan: the hashed matches the queue walks, each walked proposal probed, the matches looked up by id.
      const [found] = await rows<Record<'plain' | SearchPlan, number[]>>(
        sql`select ${idList(and(compared, plain(search)))} as plain, ${sql.join(
          plans.map((plan) => sql`${idList(and(compared, proposalSearch(proposals, search, campaign, plan)))} as ${sql.raw(plan)}`),
          sql`, `,
        )}`,
      );
      for (const plan of plans) expect(found![plan], `${search} ${plan}`).toEqual(found!.plain);
      if (['新设子项qz', '改过的子项W', 'Wv', '投诉举报核查', 'Rt子'].includes(search)) expect(found!.plain.length, `${search} finds a sub-item`).toBeGreaterThan(0);
      // The item's name and sub-item name are one text, joined by a character no search holds: a
      // search across the join finds nothing, as the plain ILIKE over the two columns.
      if (['事项rt', '项R'].includes(search)) expect(found!.plain, `${search} across the join`).toEqual([]);
    }
    // Over HTTP, a search of each plan (许 hashed, 可 probed, Abc looked up), not asked before in this file.
    // Without a campaign, and over HTTP: the queue's count and first page in its order (the
    // coordinator reads every submitted proposal), in three statements (the session, the plan's
    // count of matches, the page); asked again within the minute, the plan is remembered: two.
    // A probed page's count is a statement of its own beside it: one more.
    for (const search of ['许', '可', 'Abc', '新增']) {
      for (const plan of plans) expect(await ids(proposalSearch(proposals, search, undefined, plan)), `${search} ${plan}`).toEqual(await ids(plain(search)));
      const expected = await rows<{ id: number }>(
        sql`select id from ${proposals} where ${and(eq(proposals.campaignId, campaign), ne(proposals.stage, 'draft'), plain(search))} order by ${asc(proposals.submissionOrder)}, id`,
      );
      const countedBeside = search === '可' ? 1 : 0;
      for (const statements of [3, 2]) {
        const { page, stats } = await queue({ first: 100, filter: { campaignId, search } });
        expect(page.totalCount).toBe(expected.length);
        expect(page.nodes.map((node) => databaseId(node.id))).toEqual(expected.slice(0, 100).map((row) => row.id));
        expect(stats.statements).toBe(statements + countedBeside);
      }
    }
    // 4,000 to 4,200 matches walk through their hash, more are probed (about 8,900 proposals here).
    expect({ 许: await searchPlan(db, '许', campaign), 可: await searchPlan(db, '可', campaign), Abc: await searchPlan(db, 'Abc', campaign) }).toEqual({
      许: 'hashed',
      可: 'probed',
      Abc: 'lookup',
    });
    // Where the plans change: more than 4,000 matches walk, probed once matches² > 2,000 × proposals.
    expect([searchPlanFor(4_000, 1e9), searchPlanFor(4_001, 1e9), searchPlanFor(4_001, 8_004), searchPlanFor(4_001, 8_005)]).toEqual(['lookup', 'hashed', 'probed', 'hashed']);
    // A probed page under another filter: its total is counted over the rows, through the hashed
    // matches, beside the page (the session, the count, the page).
    const submittedMatches = await rows<{ id: number }>(
      sql`select id from ${proposals} where ${and(eq(proposals.campaignId, campaign), eq(proposals.stage, 'submitted'), plain('可'))} order by ${asc(proposals.submissionOrder)}, id`,
    );
    const submittedPage = await queue({ first: 100, filter: { campaignId, search: '可', stages: ['SUBMITTED'] } });
    expect(submittedPage.page.totalCount).toBe(submittedMatches.length);
    expect(submittedPage.page.nodes.map((node) => databaseId(node.id))).toEqual(submittedMatches.slice(0, 100).map((row) => row.id));
    expect(submittedPage.stats.statements).toBe(3);
    // Under a unit filter the walk passes only the unit's proposals: 许, hashed over the campaign,
    // probes them, and so does its count (a statement of its own beside the page), not hashing the
    // campaign's matches. The unit with the most proposals saying 许.
    const [busiest] = await rows<{ unit: number }>(
      sql`select submitting_unit_id as unit from ${proposals} where ${and(eq(proposals.campaignId, campaign), ne(proposals.stage, 'draft'), plain('许'))} group by 1 order by count(*) desc limit 1`,
    );
    expect(await searchPlan(db, '许', campaign, busiest!.unit)).toBe('probed');
    const unitMatches = await rows<{ id: number }>(
      sql`select id from ${proposals} where ${and(eq(proposals.campaignId, campaign), eq(proposals.submittingUnitId, busiest!.unit), ne(proposals.stage, 'draft'), plain('许'))} order by ${asc(proposals.submissionOrder)}, id`,
    );
    statementsRun.length = 0;
    const unitPage = await queue({ first: 100, filter: { campaignId, search: '许', unitId: globalIdOf('Unit', busiest!.unit) } });
    expect(unitPage.page.totalCount).toBe(unitMatches.length);
    expect(unitPage.page.nodes.map((node) => databaseId(node.id))).toEqual(unitMatches.slice(0, 100).map((row) => row.id));
    expect(unitPage.stats.statements).toBe(3);
    const counts = statementsRun.filter((text) => text.includes('select count(*) from "proposals"'));
    expect(counts, 'the count beside the page').toHaveLength(1);
    expect(counts[0], 'the count probes the unit\'s proposals').toContain('offset 0');
    // The team's count reads the stage the search index keeps: a draft submitted is counted at once.
    await db.execute(sql`update ${proposals} set stage = 'submitted' where id = (select min(id) from ${proposals} where stage = 'draft' and proposed_item_name like '许可新增事项%')`);
    const [submittedNow] = await rows<{ n: number }>(
      sql`select count(*)::int as n from ${proposals} where ${and(eq(proposals.campaignId, campaign), ne(proposals.stage, 'draft'), plain('许'))}`,
    );
    expect((await queue({ first: 1, filter: { campaignId, search: '许' } })).page.totalCount).toBe(submittedNow!.n);
    // A hashed search's page finds its ids first (pageIdsFirst): page after page by cursor, in each
    // of the queue's orders, alone and under another filter, the pages are the plain ILIKE's rows in
    // that order, each in the two statements of a remembered plan (three under another filter,
    // whose total is counted over the rows beside the page).
    const orders = {
      OLDEST: sql`submission_order asc, id asc`,
      NEWEST: sql`submission_order desc, id desc`,
      RECENTLY_UPDATED: sql`updated_at desc, id desc`,
    };
    for (const [orderBy, order] of Object.entries(orders)) {
      for (const stages of [undefined, ['SUBMITTED']]) {
        const stageRule = stages ? eq(proposals.stage, 'submitted') : ne(proposals.stage, 'draft');
        const expected = (
          await rows<{ id: number }>(sql`select id from ${proposals} where ${and(eq(proposals.campaignId, campaign), stageRule, plain('许'))} order by ${order}`)
        ).map((row) => row.id);
        const seen: number[] = [];
        let after: string | null = null;
        for (let pageNumber = 0; pageNumber < 3; pageNumber += 1) {
          statementsRun.length = 0;
          const { page, stats } = await queue({ first: 40, after, orderBy, filter: { campaignId, search: '许', stages } });
          expect(stats.statements, `${orderBy} ${stages?.join() ?? 'all'} page ${pageNumber}`).toBe(stages ? 3 : 2);
          expect(statementsRun.filter((text) => text.includes('"page_ids"')), 'the page found its ids first').toHaveLength(1);
          seen.push(...page.nodes.map((node) => databaseId(node.id)));
          expect(page.pageInfo.hasNextPage).toBe(expected.length > seen.length);
          after = page.pageInfo.endCursor;
        }
        expect(seen, `${orderBy} ${stages?.join() ?? 'all'}`).toEqual(expected.slice(0, 120));
      }
    }
    // Every searched text carries its proposal's stage after every edit above.
    const [stale] = await rows<{ n: number }>(
      sql`select count(*)::int as n from ${proposalSearchTexts} m join ${proposals} p on p.id = m.proposal_id where m.stage <> p.stage`,
    );
    expect(stale!.n).toBe(0);
  });
});
