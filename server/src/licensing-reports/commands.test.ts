import { licensingReports } from '@devolve/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { publishLicensingReport, requestLicensingReports } from './commands.ts';

let t: CommandTestDatabase;
let department: Viewer;
let coordinator: Viewer;

const at = new Date('2019-12-27T09:30:00.000Z');
const clock = () => at;

const rows = (year: number) => t.db.select().from(licensingReports).where(eq(licensingReports.year, year));

beforeAll(async () => {
  t = await commandTestDatabase();
  department = await t.viewer('gz-scjgj');
  coordinator = await t.viewer('coordinator');
});
afterAll(() => t.dispose());

async function refused(work: () => Promise<unknown>, code: string): Promise<void> {
  const before = await t.lastActivityId();
  const reports = await t.db.select().from(licensingReports);
  await expect(work()).rejects.toMatchObject({ code });
  expect(await t.activitySince(before)).toEqual([]);
  expect(await t.db.select().from(licensingReports)).toEqual(reports);
}

describe('the seeded 2018 reports', () => {
  it('count 45 licensing units, 32 published, 31 of them by the first deadline', async () => {
    const reports = await rows(2018);
    expect(reports).toHaveLength(45);
    const published = reports.filter((r) => r.status === 'published');
    expect(published).toHaveLength(32);
    expect(published.filter((r) => r.publishedOn! <= '2019-03-31')).toHaveLength(31);
  });
});

describe('requestLicensingReports', () => {
  it('asks every licensing unit once, then moves only the pending ones to a new deadline', async () => {
    const before = await t.lastActivityId();
    expect(await t.run(coordinator, requestLicensingReports, { year: 2019, deadline: '2020-03-31' }, clock)).toEqual({ requested: 45, extended: 0 });
    const asked = await rows(2019);
    expect(asked.every((r) => r.status === 'pending' && r.deadline === '2020-03-31' && r.requestedById === coordinator.userId)).toBe(true);
    expect(asked.every((r) => new Date(r.createdAt).toISOString() === at.toISOString())).toBe(true);
    const logged = await t.activitySince(before);
    expect(logged).toHaveLength(45);
    expect(logged[0]).toMatchObject({ action: 'licensing_report.requested', entityType: 'licensing_report', actorId: coordinator.userId });

    await refused(() => t.run(coordinator, requestLicensingReports, { year: 2019, deadline: '2020-03-31' }, clock), 'VALIDATION');
    const extension = await t.run(coordinator, requestLicensingReports, { year: 2018, deadline: '2019-05-31' }, clock);
    expect(extension).toEqual({ requested: 0, extended: 13 });
    expect((await rows(2018)).filter((r) => r.deadline === '2019-05-31').every((r) => r.status === 'pending')).toBe(true);
  });

  it('refuses anyone but the coordinator, and a deadline inside the year reported on', async () => {
    await refused(() => t.run(department, requestLicensingReports, { year: 2020, deadline: '2021-03-31' }, clock), 'FORBIDDEN');
    await refused(() => t.run(coordinator, requestLicensingReports, { year: 2020, deadline: '2020-12-31' }, clock), 'VALIDATION');
    await refused(() => t.run(coordinator, requestLicensingReports, { year: 2020, deadline: '2021-02-30' }, clock), 'VALIDATION');
  });
});

describe('publishLicensingReport', () => {
  const ownPending = async () =>
    (await t.db.select().from(licensingReports).where(and(eq(licensingReports.unitId, department.unitId), eq(licensingReports.year, 2018))))[0]!;

  it('refuses other units, a missing address, a future date, a stale version', async () => {
    const report = await ownPending();
    const other = await t.viewer('gz-zjj');
    const input = { reportId: report.id, link: 'https://www.gz.gov.cn/scjgj/2018.html', publishedOn: '2019-12-20', expectedVersion: report.version };
    await refused(() => t.run(other, publishLicensingReport, input, clock), 'NOT_FOUND');
    await refused(() => t.run(coordinator, publishLicensingReport, input, clock), 'FORBIDDEN');
    await refused(() => t.run(department, publishLicensingReport, { ...input, link: ' ' }, clock), 'VALIDATION');
    await refused(() => t.run(department, publishLicensingReport, { ...input, link: 'javascript:alert(1)' }, clock), 'VALIDATION');
    await refused(() => t.run(department, publishLicensingReport, { ...input, publishedOn: '2019-12-28' }, clock), 'VALIDATION');
    await refused(() => t.run(department, publishLicensingReport, { ...input, expectedVersion: report.version + 5 }, clock), 'CONFLICT');
  });

  it('marks the own report published with where and when, and records it', async () => {
    const report = await ownPending();
    const before = await t.lastActivityId();
    await t.run(department, publishLicensingReport, { reportId: report.id, reference: ' 穗市监〔2019〕88号 ', publishedOn: '2019-12-27', expectedVersion: report.version }, clock);
    const published = await ownPending();
    expect(published).toMatchObject({ status: 'published', reference: '穗市监〔2019〕88号', link: null, publishedOn: '2019-12-27', publishedById: department.userId, version: report.version + 1 });
    expect(new Date(published.updatedAt).toISOString()).toBe(at.toISOString());
    expect((await t.activitySince(before)).map((a) => [a.action, a.entityId, a.actorId, a.after])).toEqual([
      ['licensing_report.published', report.id, department.userId, { status: 'published', link: null, reference: '穗市监〔2019〕88号', publishedOn: '2019-12-27' }],
    ]);
    await refused(
      () => t.run(department, publishLicensingReport, { reportId: report.id, reference: 'x', publishedOn: '2019-12-27', expectedVersion: published.version }, clock),
      'INVALID_TRANSITION',
    );
  });
});

