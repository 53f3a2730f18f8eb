import { activity, licensingReports, powerItems } from '@devolve/db';
import { and, eq, gt, isNotNull, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInChina } from '../../server/src/dates.ts';
import { domainNow } from '../support/dates.ts';
import { databaseId } from '../support/ids.ts';
import { type GraphQLClient, type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * 行政许可实施和监督管理情况年度报告 over HTTP. The demo holds the 2018 reports as the seed page
 * counts them: 45 licensing units asked, 32 published (31 by the first deadline), 13 still pending
 * after the extension to 2019-04-30, so overdue by the story's clock (27 December 2019).
 */
let server: TestServer;
let coordinator: SignedInClient;
/** 市场监管局: its 2018 report is still pending. 住建局 likewise; 城管局 published late. */
let department: SignedInClient;
let otherDepartment: SignedInClient;
/** Today and tomorrow by the domain clock, as YYYY-MM-DD in China. */
let today: string;
let tomorrow: string;
let seedActivity: number;

interface ReportView {
  id: string;
  year: number;
  deadline: string;
  status: string;
  link: string | null;
  reference: string | null;
  publishedOn: string | null;
  publishedOnTime: boolean | null;
  version: number;
  unit: { code: string };
}
interface Tally {
  due: number;
  published: number;
  publishedOnTime: number;
  pending: number;
  overdue: number;
}
interface MutationResult extends Partial<ReportView> {
  __typename: string;
  code?: string;
  field?: string;
  messageZh?: string;
}

const reportFields = 'id year deadline status link reference publishedOn publishedOnTime version unit { code }';
const listQuery = `query($filter: LicensingReportFilter, $first: Int) { licensingReports(filter: $filter, first: $first) { totalCount nodes { ${reportFields} } } }`;
const tallyFields = 'due published publishedOnTime pending overdue';
const publishMutation = /* GraphQL */ `
  mutation($input: PublishLicensingReportInput!) {
    publishLicensingReport(input: $input) {
      __typename
      ... on LicensingReport { ${reportFields} }
      ... on Error { code messageZh }
      ... on ValidationError { field }
    }
  }
`;
const requestMutation = /* GraphQL */ `
  mutation($input: RequestLicensingReportsInput!) {
    requestLicensingReports(input: $input) {
      __typename
      ... on RequestLicensingReportsPayload { requested extended tally { ${tallyFields} } }
      ... on Error { code messageZh }
      ... on ValidationError { field }
    }
  }
`;

async function list(client: GraphQLClient, filter: Record<string, unknown>): Promise<{ totalCount: number; nodes: ReportView[] }> {
  const response = await client.graphql<{ licensingReports: { totalCount: number; nodes: ReportView[] } }>(listQuery, { filter, first: 100 });
  expect(response.errors).toBeUndefined();
  return response.data!.licensingReports;
}
async function tally(client: GraphQLClient, year: number): Promise<Tally> {
  const response = await client.graphql<{ licensingReportTally: Tally }>(`query($year: Int!) { licensingReportTally(year: $year) { ${tallyFields} } }`, { year });
  expect(response.errors).toBeUndefined();
  return response.data!.licensingReportTally;
}
/** The 2019 campaign's figure, which key task 20 quotes ("32个单位公开了2018年度报告"). */
async function publishedFigure(client: GraphQLClient): Promise<number> {
  const response = await client.graphql<{ campaign: { figures: { licensingReportsPublished: number } } }>(
    '{ campaign(year: 2019) { figures { licensingReportsPublished } } }',
  );
  expect(response.errors).toBeUndefined();
  return response.data!.campaign.figures.licensingReportsPublished;
}
async function mutate(client: GraphQLClient, document: string, input: Record<string, unknown>): Promise<MutationResult> {
  const response = await client.graphql<Record<string, MutationResult>>(document, { input });
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data!)[0]!;
}
const publish = (client: GraphQLClient, input: Record<string, unknown>) => mutate(client, publishMutation, input);
const request = (client: GraphQLClient, input: Record<string, unknown>) => mutate(client, requestMutation, input);

const reportRows = () => server.database.opened.db.select().from(licensingReports).orderBy(licensingReports.id);
const recorded = () => server.database.opened.db.select().from(activity).where(gt(activity.id, seedActivity)).orderBy(activity.id);
/** The unit's own 2018 report, as its submitter lists it. */
const ownReport = async (client: SignedInClient) => (await list(client, { year: 2018, status: 'PENDING' })).nodes.find((r) => r.unit.code === client.username.toUpperCase())!;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  department = await server.signIn('gz-scjgj');
  otherDepartment = await server.signIn('gz-zjj');
  const now = await domainNow(coordinator);
  today = dayInChina(new Date(now));
  tomorrow = dayInChina(new Date(now + 86_400_000));
  const [last] = await server.database.opened.db.select({ id: max(activity.id) }).from(activity);
  seedActivity = last!.id!;
});
afterAll(() => server?.close());

describe('the 2018 reports and the overdue filter', () => {
  it('tallies the seeded year, and filters overdue ones by the domain clock', async () => {
    expect(today.startsWith('2019-12')).toBe(true);
    // 31 by the first deadline and one within the extension.
    expect(await tally(coordinator, 2018)).toEqual({ due: 45, published: 32, publishedOnTime: 32, pending: 13, overdue: 13 });
    expect(await publishedFigure(coordinator)).toBe(32);

    const overdue = await list(coordinator, { year: 2018, overdue: true });
    expect(overdue.totalCount).toBe(13);
    for (const r of overdue.nodes) {
      expect(r.status).toBe('PENDING');
      expect(r.deadline < today).toBe(true);
    }
    expect((await list(coordinator, { year: 2018, overdue: false })).totalCount).toBe(32);
    expect(overdue.nodes.map((r) => r.unit.code)).toContain('GZ-SCJGJ');
  });
});

describe('publishing a report', () => {
  it('refuses another unit’s report, a bad address, a date outside the window, a stale version, and writes nothing', async () => {
    const own = await ownReport(department);
    const others = await ownReport(otherDepartment);
    const published = (await list(server, { year: 2018 })).nodes[0]!;
    const input = { reportId: own.id, link: 'https://www.gz.gov.cn/scjgj/xzxk/2018.html', publishedOn: today, expectedVersion: own.version };
    const rows = await reportRows();

    // Another unit's pending report is, to a department, one that does not exist; a published one it reads but may not publish.
    expect(await publish(department, { ...input, reportId: others.id, expectedVersion: others.version })).toMatchObject({ __typename: 'NotFoundError' });
    expect(await publish(department, { ...input, reportId: published.id, expectedVersion: published.version })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await publish(coordinator, input)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await publish(server, input)).toMatchObject({ code: 'UNAUTHENTICATED' });
    for (const [change, field] of [
      [{ link: 'ftp://www.gz.gov.cn/2018.pdf' }, 'input.link'],
      [{ link: 'javascript:alert(1)' }, 'input.link'],
      [{ link: 'https://www.gz.gov.cn/a b' }, 'input.link'],
      [{ link: '  ', reference: ' ' }, 'input.link'],
      [{ link: null }, 'input.link'],
      // After the year reported and not after today, by the domain clock (the real calendar is years on).
      [{ publishedOn: '2018-12-31' }, 'input.publishedOn'],
      [{ publishedOn: tomorrow }, 'input.publishedOn'],
      [{ reference: '文'.repeat(201) }, 'input.reference'],
    ] as const) {
      expect(await publish(department, { ...input, ...change }), JSON.stringify(change)).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field });
    }
    expect(await publish(department, { ...input, expectedVersion: own.version + 3 })).toMatchObject({ __typename: 'ConflictError' });
    expect(await reportRows()).toEqual(rows);
    expect(await recorded()).toEqual([]);
  });

  it('publishes the unit’s own report today, moving the tally and the campaign’s figure by one', async () => {
    const own = await ownReport(department);
    const result = await publish(department, { reportId: own.id, link: 'https://www.gz.gov.cn/scjgj/xzxk/2018.html', publishedOn: today, expectedVersion: own.version });
    expect(result).toMatchObject({
      __typename: 'LicensingReport',
      id: own.id,
      status: 'PUBLISHED',
      link: 'https://www.gz.gov.cn/scjgj/xzxk/2018.html',
      reference: null,
      publishedOn: today,
      // Past the extended deadline of 30 April.
      publishedOnTime: false,
      version: own.version + 1,
    });
    expect(await tally(coordinator, 2018)).toEqual({ due: 45, published: 33, publishedOnTime: 32, pending: 12, overdue: 12 });
    expect(await publishedFigure(coordinator)).toBe(33);
    expect(await publishedFigure(server)).toBe(33);

    const [entry] = await recorded();
    expect(entry).toMatchObject({ action: 'licensing_report.published', entityType: 'licensing_report', entityId: databaseId(own.id) });
    expect(entry!.after).toMatchObject({ status: 'published', publishedOn: today });

    expect(await publish(department, { reportId: own.id, reference: '附件', publishedOn: today, expectedVersion: result.version })).toMatchObject({
      __typename: 'InvalidTransitionError',
    });

    // A reference to the attached report is enough, without a web address.
    const others = await ownReport(otherDepartment);
    const byReference = await publish(otherDepartment, { reportId: others.id, reference: '穗建许报〔2019〕1号（附件）', publishedOn: '2019-01-02', expectedVersion: others.version });
    expect(byReference).toMatchObject({ __typename: 'LicensingReport', status: 'PUBLISHED', link: null, reference: '穗建许报〔2019〕1号（附件）' });
    expect(byReference.publishedOnTime).toBe(true);
    expect(await tally(coordinator, 2018)).toEqual({ due: 45, published: 34, publishedOnTime: 33, pending: 11, overdue: 11 });
  });
});

describe('public reading', () => {
  it('shows anonymous clients the published reports and nothing pending; a unit its own too', async () => {
    const all = await list(coordinator, { year: 2018 });
    expect(all.totalCount).toBe(45);
    const pending = all.nodes.filter((r) => r.status === 'PENDING');
    expect(pending).toHaveLength(11);

    const anonymous = await list(server, { year: 2018 });
    expect(anonymous.totalCount).toBe(34);
    expect(anonymous.nodes.every((r) => r.status === 'PUBLISHED')).toBe(true);
    expect((await list(server, { year: 2018, status: 'PENDING' })).totalCount).toBe(0);
    expect((await list(server, { overdue: true })).totalCount).toBe(0);
    expect(await tally(server, 2018)).toEqual({ due: 34, published: 34, publishedOnTime: 33, pending: 0, overdue: 0 });

    const ids = all.nodes.map((r) => r.id);
    const nodes = await server.graphql<{ nodes: ({ id: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(nodes.data!.nodes.map((n) => n?.id ?? null)).toEqual(all.nodes.map((r) => (r.status === 'PUBLISHED' ? r.id : null)));

    // A pending unit reads its own report besides the public ones, and no other pending one.
    const pendingUnit = await server.signIn(pending[0]!.unit.code.toLowerCase());
    const seen = await list(pendingUnit, { year: 2018 });
    expect(seen.totalCount).toBe(35);
    expect(seen.nodes.filter((r) => r.status === 'PENDING').map((r) => r.id)).toEqual([pending[0]!.id]);
  });
});

describe('requesting reports', () => {
  it('asks every licensing unit once for a year, then moves only the pending ones to a new deadline', async () => {
    const rows = await reportRows();
    expect(await request(department, { year: 2019, deadline: '2020-03-31' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await request(server, { year: 2019, deadline: '2020-03-31' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await request(coordinator, { year: 2019, deadline: '2019-12-31' })).toMatchObject({ __typename: 'ValidationError', field: 'input.deadline' });
    expect(await request(coordinator, { year: 1999, deadline: '2000-03-31' })).toMatchObject({ __typename: 'ValidationError', field: 'input.year' });
    expect(await reportRows()).toEqual(rows);

    const asked = await request(coordinator, { year: 2019, deadline: '2020-03-31' });
    expect(asked).toMatchObject({ __typename: 'RequestLicensingReportsPayload', requested: 45, extended: 0, tally: { due: 45, published: 0, pending: 45, overdue: 0 } });
    // One pending row per unit implementing a licensing item (事项类型 01).
    const licensingUnits = await server.database.opened.db
      .selectDistinct({ unitId: powerItems.implementingUnitId })
      .from(powerItems)
      .where(and(eq(powerItems.typeCode, '01'), isNotNull(powerItems.implementingUnitId)));
    const rows2019 = (await reportRows()).filter((r) => r.year === 2019);
    expect(rows2019.map((r) => r.unitId).sort()).toEqual(licensingUnits.map((u) => u.unitId).sort());
    expect(rows2019.every((r) => r.status === 'pending' && r.deadline === '2020-03-31')).toBe(true);
    // Not overdue by the domain clock (December 2019), though the real calendar is long past March 2020.
    expect((await list(coordinator, { year: 2019, overdue: true })).totalCount).toBe(0);
    // Pending reports are not public.
    expect((await list(server, { year: 2019 })).totalCount).toBe(0);

    expect(await request(coordinator, { year: 2019, deadline: '2020-03-31' })).toMatchObject({ __typename: 'ValidationError', field: 'input.deadline' });
    expect((await reportRows()).filter((r) => r.year === 2019)).toEqual(rows2019);

    // An extension of 2018: the 11 still pending move to the new deadline, published ones keep theirs.
    const before2018 = (await reportRows()).filter((r) => r.year === 2018);
    const extended = await request(coordinator, { year: 2018, deadline: '2020-01-31' });
    expect(extended).toMatchObject({ requested: 0, extended: 11, tally: { due: 45, published: 34, pending: 11, overdue: 0 } });
    const after2018 = (await reportRows()).filter((r) => r.year === 2018);
    for (const report of after2018) {
      const was = before2018.find((r) => r.id === report.id)!;
      expect(report.deadline).toBe(was.status === 'pending' ? '2020-01-31' : was.deadline);
    }
    expect((await list(coordinator, { year: 2018, overdue: true })).totalCount).toBe(0);
    const logged = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'licensing_report.requested'), gt(activity.id, seedActivity)));
    expect(logged).toHaveLength(45 + 11);
  });
});

describe('garbage input', () => {
  it('answers VALIDATION naming the field, never a server error', async () => {
    const rows = await reportRows();
    const own = (await list(otherDepartment, { year: 2019 })).nodes[0]!;
    const input = { reportId: own.id, link: 'https://www.gz.gov.cn/2019.html', publishedOn: today, expectedVersion: own.version };
    for (const [change, field] of [
      [{ reportId: 'garbage' }, 'input.reportId'],
      [{ reportId: own.unit.code }, 'input.reportId'],
      [{ link: `https://${'a'.repeat(300)}.cn` }, 'input.link'],
    ] as const) {
      expect(await publish(otherDepartment, { ...input, ...change }), JSON.stringify(change).slice(0, 60)).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        field,
      });
    }
    for (const [document, variables] of [
      [publishMutation, { input: { ...input, publishedOn: '2020-02-30' } }],
      [publishMutation, { input: { ...input, publishedOn: 'yesterday' } }],
      [publishMutation, { input: { ...input, expectedVersion: 'one' } }],
      [requestMutation, { input: { year: 2020, deadline: '31/03/2021' } }],
      [requestMutation, { input: { year: '2020', deadline: '2021-03-31' } }],
      [listQuery, { filter: { year: 'last' } }],
    ] as const) {
      const client = document === requestMutation ? coordinator : otherDepartment;
      const response = await client.graphql(document, variables);
      expect(response.status, JSON.stringify(variables)).toBeLessThan(500);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).not.toBe('INTERNAL');
    }
    const badUnit = await otherDepartment.graphql(listQuery, { filter: { unitId: 'garbage' } });
    expect(badUnit.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'filter.unitId' });
    expect(await reportRows()).toEqual(rows);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
