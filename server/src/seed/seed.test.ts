import { createHash } from 'node:crypto';
import { and, asc, count, countDistinct, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, verifyPassword, activity, campaigns, classificationOptions, keyTaskGoals, keyTaskProgress, keyTasks, powerItems, proposals, units, users } from '@devolve/db';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { executedRows } from '../json-rows.ts';
import { impossibleSteps, unknownActions } from './check.ts';
import { demoAccounts, demoPassword, isSeeded, seedDemoData, type SeedSummary } from './index.ts';
import { demoNow } from './time.ts';

/** A fresh in-memory PGlite, migrated: a copy of the migrated template, seconds cheaper than migrating. */
const freshDatabase = (): Promise<TestDatabase> => createTestDatabase({ engine: 'pglite' });


async function digest(opened: OpenedDatabase): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(await opened.db.select().from(powerItems).orderBy(asc(powerItems.id))));
  hash.update(JSON.stringify(await opened.db.select().from(proposals).orderBy(asc(proposals.id))));
  hash.update(JSON.stringify(await opened.db.select().from(activity).orderBy(asc(activity.id))));
  return hash.digest('hex');
}

describe('demo seed', () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let summary: SeedSummary;
  let seededBefore: boolean;

  beforeAll(async () => {
    database = await freshDatabase();
    opened = database.opened;
    seededBefore = await isSeeded(opened.db);
    summary = await seedDemoData(opened.db);
  }, 120_000);

  afterAll(async () => {
    await database?.dispose();
  });

  it('reports isSeeded false before and true after', async () => {
    expect(seededBefore).toBe(false);
    expect(await isSeeded(opened.db)).toBe(true);
  });

  it('holds the seed page figures: 7,580 proposals submitted by exactly 44 units, 35 approved delegations, and 100 drafts', async () => {
    const [campaign] = await opened.db.select().from(campaigns).where(eq(campaigns.year, 2019));
    expect(campaign?.noticeNumber).toBe('穗府办函〔2019〕106号');
    expect(campaign?.status).toBe('review');
    const [totals] = await opened.db
      .select({ proposals: count(), units: countDistinct(proposals.submittingUnitId) })
      .from(proposals)
      .where(and(eq(proposals.campaignId, campaign!.id), ne(proposals.stage, 'draft')));
    expect(totals).toEqual({ proposals: 7580, units: 44 });
    const [drafts] = await opened.db
      .select({ n: count() })
      .from(proposals)
      .where(and(eq(proposals.campaignId, campaign!.id), eq(proposals.stage, 'draft')));
    expect(drafts!.n).toBe(100);
    const [approved] = await opened.db
      .select({ n: count() })
      .from(proposals)
      .where(and(eq(proposals.action, 'delegate'), eq(proposals.stage, 'decided'), eq(proposals.status, 'approved')));
    expect(approved?.n).toBe(35);
    expect(summary.proposals).toBe(7680);
  });

  it('has every proposal submitted by its item’s implementing unit, and none on unclaimed items', async () => {
    const mismatched = executedRows<{ n: number }>(
      await opened.db.execute(sql`
        select count(*)::int as n from proposals p join power_items i on i.id = p.power_item_id
        where i.implementing_unit_id is distinct from p.submitting_unit_id`),
    );
    expect(mismatched[0]?.n).toBe(0);
    const adds = executedRows<{ n: number; named: number }>(
      await opened.db.execute(sql`
        select count(*)::int as n, count(proposed_item_name)::int as named from proposals where power_item_id is null`),
    );
    expect(adds[0]!.n).toBeGreaterThan(0);
    expect(adds[0]!.named).toBe(adds[0]!.n);
  });

  it('creates the 11 districts with their GB/T 2260 codes and the review bodies', async () => {
    const districtRows = await opened.db.select({ code: units.code, shortName: units.shortName }).from(units).where(eq(units.kind, 'district')).orderBy(asc(units.code));
    expect(districtRows.map((d) => d.code)).toEqual([
      '440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440115', '440117', '440118',
    ]);
    expect(districtRows.find((d) => d.code === '440106')?.shortName).toBe('天河区');
    const reviewBodies = await opened.db.select({ name: units.name }).from(units).where(eq(units.kind, 'review_body'));
    expect(reviewBodies.map((u) => u.name).sort()).toEqual(['中共广州市委机构编制委员会办公室', '广州市司法局', '广州市政务服务数据管理局'].sort());
    const departments = await opened.db.select({ n: count() }).from(units).where(eq(units.kind, 'department'));
    expect(departments[0]!.n).toBeGreaterThanOrEqual(44);
  });

  it('spreads ~8,000 power items over all ten types, with some unclaimed', async () => {
    const types = await opened.db.select({ typeCode: powerItems.typeCode, n: count() }).from(powerItems).groupBy(powerItems.typeCode).orderBy(asc(powerItems.typeCode));
    expect(types.map((t) => t.typeCode)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
    const total = types.reduce((sum, t) => sum + t.n, 0);
    expect(total).toBeGreaterThan(7500);
    const [unclaimed] = await opened.db.select({ n: count() }).from(powerItems).where(isNull(powerItems.implementingUnitId));
    expect(unclaimed!.n).toBeGreaterThan(0);
    expect(unclaimed!.n / total).toBeLessThan(0.03);
    const codes = executedRows<{ bad: number }>(await opened.db.execute(sql`select count(*)::int as bad from power_items where length(basic_code) <> 12 or basic_code not like '4401%'`));
    expect(codes[0]?.bad).toBe(0);
  });

  it('gives every delegation or entrustment at or past consultation one feedback row per target district', async () => {
    const rows = executedRows<{ missing_consultation: number; wrong_feedback: number; unanswered_after: number }>(
      await opened.db.execute(sql`
        with reached as (
          select p.id, p.stage from proposals p
          where p.action in ('delegate', 'entrust') and exists (select 1 from activity a where a.proposal_id = p.id
            and a.action = 'proposal.transitioned' and a.after->>'stage' = 'consultation')
        )
        select
          (select count(*)::int from reached r where (select count(*) from consultations c where c.proposal_id = r.id) <> 1) as missing_consultation,
          (select count(*)::int from reached r join consultations c on c.proposal_id = r.id
             where (select array_agg(f.district_id order by f.district_id) from district_feedback f where f.consultation_id = c.id)
                is distinct from (select array_agg(d.district_id order by d.district_id) from proposal_districts d where d.proposal_id = r.id)) as wrong_feedback,
          (select count(*)::int from reached r join consultations c on c.proposal_id = r.id join district_feedback f on f.consultation_id = c.id
             where r.stage <> 'consultation' and f.stance is null) as unanswered_after`),
    );
    expect(rows[0]).toEqual({ missing_consultation: 0, wrong_feedback: 0, unanswered_after: 0 });
    expect(summary.consultations).toBeGreaterThan(300);
    expect(summary.handovers).toBeGreaterThanOrEqual(35);
  });

  it('records key task 20 with goals in all four quarters and Q4 done', async () => {
    const [task] = await opened.db.select().from(keyTasks).where(and(eq(keyTasks.year, 2019), eq(keyTasks.number, 20)));
    expect(task?.title).toContain('继续推进简政放权');
    const goals = await opened.db.select({ quarter: keyTaskGoals.quarter }).from(keyTaskGoals).where(eq(keyTaskGoals.keyTaskId, task!.id));
    expect([...new Set(goals.map((g) => g.quarter))].sort()).toEqual([1, 2, 3, 4]);
    const progress = await opened.db.select().from(keyTaskProgress).where(eq(keyTaskProgress.keyTaskId, task!.id)).orderBy(asc(keyTaskProgress.quarter));
    expect(progress.map((p) => [p.quarter, p.status])).toEqual([
      [1, 'on_track'],
      [2, 'on_track'],
      [3, 'on_track'],
      [4, 'done'],
    ]);
    expect(progress[3]!.items.some((item) => item.includes('7580'))).toBe(true);
  });

  it('keeps the campaign vocabulary and an empty 2020 campaign in planning', async () => {
    const [c2020] = await opened.db.select().from(campaigns).where(eq(campaigns.year, 2020));
    expect(c2020?.status).toBe('planning');
    const [none] = await opened.db.select({ n: count() }).from(proposals).where(eq(proposals.campaignId, c2020!.id));
    expect(none!.n).toBe(0);
    const codes = await opened.db.select({ code: classificationOptions.code }).from(classificationOptions).innerJoin(campaigns, eq(campaigns.id, classificationOptions.campaignId)).where(eq(campaigns.year, 2019));
    expect(codes.map((c) => c.code)).toEqual(
      expect.arrayContaining(['agree_cancel', 'agree_delegate', 'agree_entrust', 'merge', 'adjust', 'retain', 'not_adopted', 'needs_material']),
    );
  });

  it('gives every submitted proposal a timeline in the activity spine, in time order', async () => {
    const rows = executedRows<{ without: number; out_of_order: number }>(
      await opened.db.execute(sql`
        select
          (select count(*)::int from proposals p where p.submitted_at is not null
             and not exists (select 1 from activity a where a.proposal_id = p.id and a.action = 'proposal.transitioned'
               and a.after->>'transition' = 'submit')) as without,
          (select count(*)::int from (select created_at, lag(created_at) over (order by id) as prev from activity) x where created_at < prev) as out_of_order`),
    );
    expect(rows[0]).toEqual({ without: 0, out_of_order: 0 });
  });

  it("walks every proposal's activity through the lifecycle and the commands' rules: no impossible step, no one acting beyond their role, each ends where its row is", async () => {
    expect(await impossibleSteps(opened.db)).toEqual([]);
  });

  it("refuses, in the check, work that a command's rule refuses", async () => {
    // Four entries changed as a forged import might, in a transaction rolled back after the check:
    // each must be named, and nothing else.
    const forged = new Error('rolled back');
    let problems: string[] = [];
    const ids = { vote: 0, resolution: 0, answer: 0, assignment: 0, submitter: 0 };
    await expect(
      opened.db.transaction(async (tx) => {
        const idOf = async (username: string) => (await tx.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
        const [submitter, liaison, otherLiaison] = [await idOf('gz-scjgj'), await idOf('district-440106'), await idOf('district-440115')];
        const firstOf = async (action: string, where = sql`true`) =>
          (await tx.select({ id: activity.id, after: activity.after }).from(activity).where(and(eq(activity.action, action), where)).orderBy(asc(activity.id)).limit(1))[0]!;
        const vote = await firstOf('classification.voted');
        const answer = await firstOf('consultation.answered', eq(activity.actorId, liaison));
        const assignment = await firstOf('proposal.assigned');
        const resolution = await firstOf('comment_thread.resolved');
        await tx.update(activity).set({ actorId: submitter }).where(inArray(activity.id, [vote.id, resolution.id]));
        await tx.update(activity).set({ actorId: otherLiaison }).where(eq(activity.id, answer.id));
        const assignees = (assignment.after as { assigneeIds: number[] }).assigneeIds;
        await tx.update(activity).set({ after: { ...(assignment.after as object), assigneeIds: [...assignees, submitter] } }).where(eq(activity.id, assignment.id));
        Object.assign(ids, { vote: vote.id, resolution: resolution.id, answer: answer.id, assignment: assignment.id, submitter });
        problems = await impossibleSteps(tx);
        throw forged;
      }),
    ).rejects.toBe(forged);
    const about = (id: number) => problems.filter((p) => p.includes(`(activity ${id})`));
    expect(about(ids.vote)).toEqual([expect.stringContaining('Only reviewers of the special team vote')]);
    expect(about(ids.resolution)).toEqual([expect.stringContaining("may not change the thread's state")]);
    expect(about(ids.answer)).toEqual([expect.stringContaining("answers for a unit that is not the actor's")]);
    expect(about(ids.assignment)).toEqual([expect.stringContaining(`user ${ids.submitter} cannot be assigned`)]);
    expect(problems).toHaveLength(4);
  }, 120_000);

  it('writes only actions of the one catalogue', async () => {
    expect(await unknownActions(opened.db)).toEqual([]);
  });

  it('tells a coherent story: states the rules produce, reasons and bases that fit, nothing after its now', async () => {
    const now = new Date(demoNow).toISOString();
    const [row] = executedRows<Record<string, number>>(
      await opened.db.execute(sql`
        select
          (select count(*)::int from proposals where status = 'returned' and stage not in ('initial_review', 'recheck')) as returned_where_no_one_returns,
          (select count(*)::int from proposals where classification_code is null
             and stage in ('legality_review', 'recheck', 'consultation', 'unit_confirmation', 'approval', 'decided')) as unclassified_past_initial_review,
          (select count(*)::int from review_records r join proposals p on p.id = r.proposal_id
             left join power_items i on i.id = p.power_item_id
             where r.verdict = 'return' and strpos(r.reason, coalesce(i.sub_item_name, i.name, p.proposed_item_name)) = 0) as returns_about_another_item,
          (select count(*)::int from power_items where legal_basis like '%养犬%' and coalesce(sub_item_name, name) not like '%犬%') as dog_law_elsewhere,
          (select count(*)::int from proposals p join power_items i on i.id = p.power_item_id
             where p.change_legal_basis like '%养犬%' and coalesce(i.sub_item_name, i.name) not like '%犬%') as dog_law_cited_elsewhere,
          (select count(*)::int from consultations where status = 'open' and deadline < ${now}) as open_past_deadline,
          (select count(*)::int from consultations c where c.status = 'closed'
             and not exists (select 1 from activity a where a.action = 'consultation.closed' and a.entity_id = c.id)) as closed_silently,
          (select count(*)::int from activity where created_at > ${now}) as activity_after_now,
          (select count(*)::int from proposals where updated_at > ${now} or created_at > ${now}) as proposals_after_now`),
    );
    expect(row).toEqual({
      returned_where_no_one_returns: 0,
      unclassified_past_initial_review: 0,
      returns_about_another_item: 0,
      dog_law_elsewhere: 0,
      dog_law_cited_elsewhere: 0,
      open_past_deadline: 0,
      closed_silently: 0,
      activity_after_now: 0,
      proposals_after_now: 0,
    });
  });

  it('lets every demo account log in with the demo password', async () => {
    expect(demoPassword).toBe('devolve-demo');
    const names = demoAccounts.map((a) => a.username);
    expect(names).toEqual(expect.arrayContaining(['coordinator', 'reviewer1', 'reviewer5', 'legal1', 'approver', 'observer', 'gz-scjgj', 'district-440106']));
    const found = await opened.db.select({ username: users.username, displayName: users.displayName, hash: users.passwordHash }).from(users).where(inArray(users.username, names));
    expect(found).toHaveLength(names.length);
    for (const account of demoAccounts) expect(found.find((u) => u.username === account.username)?.displayName).toBe(account.displayName);
    expect(await verifyPassword(demoPassword, found[0]!.hash)).toBe(true);
    // The printed password at the light work factor (db/src/passwords.ts).
    expect(found.every((u) => u.hash.startsWith('scrypt$4096$8$1$'))).toBe(true);
  });

  it('rolls back entirely when it fails after thousands of rows', async () => {
    const other = await freshDatabase();
    const { db } = other.opened;
    try {
      // A unit already there, then a failure once the power list (about 8,000 items) is written.
      await db.insert(units).values({ kind: 'lead_office', code: 'TEST-LEAD', name: '测试单位', shortName: '测试' });
      const failing = seedDemoData(db, {
        onProgress: ({ phase }) => {
          if (phase === 'proposals') throw new Error('a failure after the power list');
        },
      });
      await expect(failing).rejects.toThrow('a failure after the power list');
      const [unitCount] = await db.select({ n: count() }).from(units);
      const [itemCount] = await db.select({ n: count() }).from(powerItems);
      expect([unitCount!.n, itemCount!.n]).toEqual([1, 0]);
      expect(await isSeeded(db)).toBe(false);
    } finally {
      await other.dispose();
    }
  }, 120_000);

  it('is deterministic: the same seed gives the same rows in a fresh database', async () => {
    // The test template was seeded (seed 2019, the default) in another fresh database by the
    // global setup, before this file ran: the copy must hold exactly this file's rows.
    const other = await createTestDatabase({ engine: 'pglite', seed: true });
    try {
      expect(await digest(other.opened)).toBe(await digest(opened));
    } finally {
      await other.dispose();
    }
  }, 120_000);
});
