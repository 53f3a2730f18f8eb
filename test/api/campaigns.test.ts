import { campaigns, proposals } from '@devolve/db';
import { and, count, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/** Campaigns, units and key task 20, as a GraphQL client asking for status would see them. */
let server: TestServer;
/** Counts hold what their viewer may read (read-policies.test.ts): the coordinator reads every submitted proposal. */
let coordinator: SignedInClient;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
});
afterAll(() => server?.close());

describe('campaigns and units', () => {
  it('lists the 2019 campaign with its notice, vocabulary and live counts by stage', async () => {
    const response = await coordinator.graphql<{
      campaigns: { totalCount?: number; nodes: { year: number; title: string; noticeNumber: string | null; status: string; proposalCount: number; classificationOptions: { code: string; labelZh: string }[]; progress: { byStage: { key: string; count: number }[]; byAction: { key: string; count: number }[] } }[] };
    }>(`{ campaigns(first: 10) { nodes { year title noticeNumber status proposalCount classificationOptions { code labelZh } progress { byStage { key count } byAction { key count } } } } }`);
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.campaigns.nodes;
    expect(nodes.map((c) => c.year)).toEqual([...nodes.map((c) => c.year)].sort((a, b) => b - a));
    const campaign2019 = nodes.find((c) => c.year === 2019)!;
    expect(campaign2019.noticeNumber).toBe('穗府办函〔2019〕106号');
    expect(campaign2019.proposalCount).toBe(7580);
    expect(campaign2019.classificationOptions.map((o) => o.code)).toContain('agree_delegate');
    const byStage = campaign2019.progress.byStage;
    expect(byStage.reduce((sum, group) => sum + group.count, 0)).toBe(7580);
    expect(byStage.map((group) => group.key)).toContain('initial_review');
    expect(campaign2019.progress.byAction.reduce((sum, group) => sum + group.count, 0)).toBe(7580);
  });

  it('counts the five progress lists in one statement, each as its own GROUP BY would, in that column\'s order', async () => {
    const lists = ['byStage', 'byStatus', 'byAction', 'byPowerType', 'byUnit'] as const;
    type Progress = Record<(typeof lists)[number], { key: string; count: number }[]>;
    const bare = await coordinator.graphql('{ campaign(year: 2019) { id } }');
    const response = await coordinator.graphql<{ campaign: { id: string; progress: Progress } }>(
      `{ campaign(year: 2019) { id progress { ${lists.map((list) => `${list} { key count }`).join(' ')} } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.extensions!.queryStats!.statements).toBe(bare.extensions!.queryStats!.statements + 1);
    const db = server.database.opened.db;
    const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    const columns = { byStage: proposals.stage, byStatus: proposals.status, byAction: proposals.action, byPowerType: proposals.powerTypeCode, byUnit: proposals.submittingUnitId };
    for (const list of lists) {
      // The coordinator reads every submitted proposal: all but the departments' drafts.
      const expected = await db
        .select({ key: columns[list], count: count() })
        .from(proposals)
        .where(and(eq(proposals.campaignId, campaign!.id), ne(proposals.stage, 'draft')))
        .groupBy(columns[list])
        .orderBy(columns[list]);
      const key = (value: unknown) => (list === 'byUnit' ? Buffer.from(`Unit:${String(value)}`).toString('base64') : String(value));
      expect(response.data!.campaign.progress[list]).toEqual(expected.map((row) => ({ key: key(row.key), count: row.count })));
    }
  });

  it('gives timestamps in ISO 8601 UTC and dates as YYYY-MM-DD', async () => {
    const response = await server.graphql<{ campaign: { updatedAt: string; submissionDeadline: string | null } }>(
      '{ campaign(year: 2019) { updatedAt submissionDeadline } }',
    );
    expect(response.data!.campaign.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(response.data!.campaign.submissionDeadline).toMatch(/^2019-\d{2}-\d{2}$/);
  });

  it('lists the 11 districts with their GB/T 2260 codes', async () => {
    const response = await server.graphql<{ units: { code: string; shortName: string; kind: string }[] }>(
      '{ units(kind: DISTRICT) { code shortName kind } }',
    );
    const districts = response.data!.units;
    expect(districts.map((d) => d.code).sort()).toEqual(
      ['440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440115', '440117', '440118'],
    );
    expect(districts.find((d) => d.code === '440106')?.shortName).toContain('天河');
  });
});

describe('key task 20', () => {
  it('has the seed page\'s quarterly shape with live figures from the campaign', async () => {
    const response = await coordinator.graphql<{
      keyTask: {
        title: string;
        leadUnit: { name: string };
        quarters: { quarter: number; goals: string[]; progress: { status: string; items: string[] } | null }[];
        figures: { proposalsSubmitted: number; unitsSubmitting: number; delegationsApproved: number };
      };
    }>(`{ keyTask(year: 2019, number: 20) {
          title leadUnit { name }
          quarters { quarter goals progress { status items } }
          figures { proposalsSubmitted unitsSubmitting delegationsApproved }
        } }`);
    expect(response.errors).toBeUndefined();
    const task = response.data!.keyTask;
    expect(task.title).toContain('简政放权');
    expect(task.leadUnit.name).toContain('办公厅');
    expect(task.quarters.map((q) => q.quarter)).toEqual([1, 2, 3, 4]);
    for (const quarter of task.quarters) expect(quarter.goals.length).toBeGreaterThan(0);
    expect(task.quarters[3]!.progress?.status).toBe('DONE');
    expect(task.quarters[0]!.progress?.status).toBe('ON_TRACK');
    // Live figures, not typed-in ones: the 7,580 submitted (报送) that Q4's entry quotes.
    expect(task.figures.proposalsSubmitted).toBe(7580);
    expect(task.quarters[3]!.progress!.items.some((item) => item.includes('报送7580项'))).toBe(true);
    expect(task.figures.unitsSubmitting).toBe(44);
    expect(task.figures.delegationsApproved).toBe(35);
  });

  it('gives every campaign the same live figures, the key task\'s for 2019 and zeros for a campaign without proposals', async () => {
    const fields = 'proposalsSubmitted unitsSubmitting proposalsDecided delegationsApproved cancellationsApproved handoversTotal handoversTakenOver';
    type Figures = Record<string, number>;
    const response = await coordinator.graphql<{
      keyTask: { figures: Figures };
      campaigns: { nodes: { year: number; proposalCount: number; figures: Figures }[] };
    }>(`{ keyTask(year: 2019, number: 20) { figures { ${fields} } } campaigns(first: 10) { nodes { year proposalCount figures { ${fields} } } } }`);
    expect(response.errors).toBeUndefined();
    const campaigns = response.data!.campaigns.nodes;
    expect(campaigns.find((c) => c.year === 2019)!.figures).toEqual(response.data!.keyTask.figures);
    const empty = campaigns.find((c) => c.proposalCount === 0);
    expect(empty, 'the seed has a campaign without proposals').toBeDefined();
    expect(Object.values(empty!.figures)).toEqual(Array(7).fill(0));
  });

  it('returns null for a key task that does not exist', async () => {
    const response = await server.graphql<{ keyTask: null }>('{ keyTask(year: 2019, number: 999) { title } }');
    expect(response.errors).toBeUndefined();
    expect(response.data!.keyTask).toBeNull();
  });
});

describe("a campaign's capabilities for the viewer", () => {
  const proposeQuery = '{ campaigns(first: 10) { nodes { id year viewerCan { propose } } } }';
  type Campaigns = { campaigns: { nodes: { id: string; year: number; viewerCan: { propose: boolean } }[] } };
  const createProposal = /* GraphQL */ `
    mutation($input: CreateProposalInput!) { createProposal(input: $input) { __typename ... on Error { code } } }
  `;

  it('lets a department propose exactly where createProposal accepts its proposal; the team nowhere', async () => {
    const department = await server.signIn('gz-scjgj');
    const seen = await department.graphql<Campaigns>(proposeQuery);
    expect(seen.errors).toBeUndefined();
    const nodes = seen.data!.campaigns.nodes;
    // The 2019 round is under review (still taking proposals); the 2020 round is being planned.
    expect(nodes.find((c) => c.year === 2019)!.viewerCan.propose).toBe(true);
    expect(nodes.find((c) => c.year === 2020)!.viewerCan.propose).toBe(false);
    for (const campaign of nodes) {
      const created = await department.graphql<{ createProposal: { __typename: string; code?: string } }>(createProposal, {
        input: { campaignId: campaign.id, action: 'ADD', proposedItemName: '新增事项', rationale: '按需新增。' },
      });
      expect(created.data!.createProposal, String(campaign.year)).toEqual(
        campaign.viewerCan.propose ? { __typename: 'Proposal' } : { __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' },
      );
    }
    const team = await coordinator.graphql<Campaigns>(proposeQuery);
    expect(team.data!.campaigns.nodes.map((c) => c.viewerCan.propose)).toEqual(nodes.map(() => false));
  });
});

describe('setting up a campaign (issue 12: campaign set-up)', () => {
  const campaignFields = `__typename ... on Campaign { id year status version publishedOn noticeNumber submissionOpensOn submissionDeadline legalityDeadline
    units { shortName } classificationOptions { code }
    stages { stage opensOn deadline state daysLeft pending } }
    ... on Error { code messageEn }`;
  interface Stage { stage: string; opensOn: string | null; deadline: string | null; state: string; daysLeft: number | null; pending: number }
  interface SetUp { __typename: string; id: string; year: number; status: string; version: number; publishedOn: string | null; units: { shortName: string }[]; classificationOptions: { code: string }[]; stages: Stage[]; code?: string }
  const create = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { ${campaignFields} } }`;
  const update = `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { ${campaignFields} } }`;

  /** The city's day by the server's domain clock (UTC+8). */
  async function cityToday(): Promise<string> {
    const now = (await server.graphql<{ domainNow: string }>('{ domainNow }')).data!.domainNow;
    return new Date(Date.parse(now) + 8 * 3_600_000).toISOString().slice(0, 10);
  }

  it('creates a round with its units, schedule and last year\'s vocabulary, opens submission for its departments, and publishes it', async () => {
    const departments = (await server.graphql<{ units: { id: string; shortName: string }[] }>('{ units(kind: DEPARTMENT) { id shortName } }')).data!.units;
    const created = await coordinator.graphql<{ createCampaign: SetUp }>(create, {
      input: {
        year: 2021,
        title: '2021年广州市市级行政权力事项精简工作',
        noticeNumber: '穗府办函〔2021〕1号',
        unitIds: departments.slice(0, 2).map((d) => d.id),
        submissionOpensOn: '2021-03-01',
        submissionDeadline: '2021-04-30',
        legalityOpensOn: '2021-05-10',
        legalityDeadline: '2021-06-30',
      },
    });
    expect(created.errors).toBeUndefined();
    const campaign = created.data!.createCampaign;
    expect(campaign).toMatchObject({ __typename: 'Campaign', year: 2021, status: 'PLANNING', publishedOn: null });
    expect(campaign.units.map((u) => u.shortName).sort()).toEqual(departments.slice(0, 2).map((d) => d.shortName).sort());
    expect(campaign.classificationOptions.map((o) => o.code)).toContain('agree_delegate');
    expect(campaign.stages.map((s) => [s.stage, s.state])).toEqual([
      ['SUBMISSION', 'UPCOMING'],
      ['REVIEW', 'UNSCHEDULED'],
      ['LEGALITY', 'UPCOMING'],
      ['CONSULTATION', 'UNSCHEDULED'],
      ['CONFIRMATION', 'UNSCHEDULED'],
      ['APPROVAL', 'UNSCHEDULED'],
    ]);
    // Both units taking part have sent nothing yet.
    expect(campaign.stages[0]!.pending).toBe(2);

    const department = await server.signIn('gz-scjgj');
    const canPropose = async () =>
      (await department.graphql<{ campaign: { viewerCan: { propose: boolean } } }>('{ campaign(year: 2021) { viewerCan { propose } } }')).data!.campaign.viewerCan.propose;
    expect(await canPropose()).toBe(false);
    const opened = await coordinator.graphql<{ updateCampaign: SetUp }>(update, {
      input: { campaignId: campaign.id, expectedVersion: campaign.version, status: 'SUBMISSION' },
    });
    expect(opened.data!.updateCampaign).toMatchObject({ __typename: 'Campaign', status: 'SUBMISSION', publishedOn: null });
    expect(await canPropose()).toBe(true);

    const backwards = await coordinator.graphql<{ updateCampaign: SetUp }>(update, {
      input: { campaignId: campaign.id, expectedVersion: opened.data!.updateCampaign.version, status: 'PLANNING' },
    });
    expect(backwards.data!.updateCampaign).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' });
    const published = await coordinator.graphql<{ updateCampaign: SetUp }>(update, {
      input: { campaignId: campaign.id, expectedVersion: opened.data!.updateCampaign.version, status: 'PUBLISHED' },
    });
    expect(published.data!.updateCampaign).toMatchObject({ __typename: 'Campaign', status: 'PUBLISHED', publishedOn: await cityToday() });
  });

  it('refuses a schedule out of order and a unit that is not a department, and anyone but the coordinator', async () => {
    const district = (await server.graphql<{ units: { id: string }[] }>('{ units(kind: DISTRICT) { id } }')).data!.units[0]!.id;
    const outOfOrder = await coordinator.graphql<{ createCampaign: SetUp }>(create, {
      input: { year: 2022, title: '2022年', submissionOpensOn: '2022-05-01', submissionDeadline: '2022-04-01' },
    });
    expect(outOfOrder.data!.createCampaign).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    const notDepartment = await coordinator.graphql<{ createCampaign: SetUp }>(create, { input: { year: 2022, title: '2022年', unitIds: [district] } });
    expect(notDepartment.data!.createCampaign).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    const reviewer = await server.signIn('reviewer1');
    const refused = await reviewer.graphql<{ createCampaign: SetUp }>(create, { input: { year: 2022, title: '2022年' } });
    expect(refused.data!.createCampaign).toMatchObject({ __typename: 'ForbiddenError' });
    expect((await server.graphql<{ campaign: null }>('{ campaign(year: 2022) { id } }')).data!.campaign).toBeNull();
  });

  it("stands the 2019 round's stages against their deadlines by the domain clock, overdue where work is left", async () => {
    const response = await coordinator.graphql<{ campaign: { stages: Stage[]; progress: { byStage: { key: string; count: number }[] } } }>(
      '{ campaign(year: 2019) { stages { stage opensOn deadline state daysLeft pending } progress { byStage { key count } } } }',
    );
    expect(response.errors).toBeUndefined();
    const stages = new Map(response.data!.campaign.stages.map((s) => [s.stage, s]));
    const today = await cityToday();
    const daysTo = (day: string) => Math.round((Date.parse(day) - Date.parse(today)) / 86_400_000);
    expect(stages.get('REVIEW')).toMatchObject({ deadline: '2019-11-29', daysLeft: daysTo('2019-11-29') });
    const atReview = response.data!.campaign.progress.byStage.filter((g) => ['submitted', 'initial_review', 'recheck'].includes(g.key));
    expect(stages.get('REVIEW')!.state).toBe(daysTo('2019-11-29') < 0 && stages.get('REVIEW')!.pending > 0 ? 'OVERDUE' : daysTo('2019-11-29') < 0 ? 'CLOSED' : 'OPEN');
    expect(stages.get('REVIEW')!.pending).toBeLessThanOrEqual(atReview.reduce((sum, g) => sum + g.count, 0));
    expect(stages.get('APPROVAL')).toMatchObject({ deadline: '2019-12-31', daysLeft: daysTo('2019-12-31') });
  });
});
