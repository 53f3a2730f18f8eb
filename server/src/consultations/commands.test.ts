import { consultations, districtFeedback, proposalDistricts, proposals, units } from '@devolve/db';
import { and, asc, count, eq, inArray, lt, ne, notInArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { type ActivityEntry, mutate } from '../activity/mutate.ts';
import { createInProcessBus } from '../events/in-process.ts';
import { answerConsultations, anyConsultationExpired, closeExpiredConsultations, openConsultations } from './commands.ts';

let t: CommandTestDatabase;
let coordinator: Viewer;
/** Tianhe's liaison, and Tianhe's unit id. */
let liaison: Viewer;
let tianhe: number;
/** Active delegations at the consultation stage that Tianhe is a target of, their open rounds closed. */
let consulted: { id: number; version: number }[];

/** The campaign's story: opening and answering happen in late 2019, whatever the real date. */
const at = new Date('2019-11-04T02:00:00.000Z');
const inTwoWeeks = '2019-11-18T09:00:00.000Z';
const clock = () => at;

beforeAll(async () => {
  t = await commandTestDatabase();
  coordinator = await t.viewer('coordinator');
  liaison = await t.viewer('district-440106');
  tianhe = liaison.unitId;
  const candidates = await t.db
    .select({ id: proposals.id })
    .from(proposals)
    .innerJoin(proposalDistricts, and(eq(proposalDistricts.proposalId, proposals.id), eq(proposalDistricts.districtId, tianhe)))
    .where(and(eq(proposals.stage, 'consultation'), eq(proposals.status, 'active'), inArray(proposals.action, ['delegate', 'entrust'])))
    .orderBy(asc(proposals.id))
    .limit(4);
  expect(candidates).toHaveLength(4);
  const ids = candidates.map((p) => p.id);
  // The lifecycle closes a round; here the seed's rounds are closed directly so new ones may open.
  await t.db.update(consultations).set({ status: 'closed' }).where(inArray(consultations.proposalId, ids));
  consulted = await t.db.select({ id: proposals.id, version: proposals.version }).from(proposals).where(inArray(proposals.id, ids)).orderBy(asc(proposals.id));
});
afterAll(() => t.dispose());

const targetsOf = async (proposalId: number) =>
  (
    await t.db
      .select({ id: proposalDistricts.districtId })
      .from(proposalDistricts)
      .innerJoin(units, eq(units.id, proposalDistricts.districtId))
      .where(eq(proposalDistricts.proposalId, proposalId))
      .orderBy(asc(units.sortOrder), asc(units.id))
  ).map((d) => d.id);

async function rowCounts() {
  const n = async (table: typeof consultations | typeof districtFeedback) => (await t.db.select({ n: count() }).from(table))[0]!.n;
  return { consultations: await n(consultations), feedback: await n(districtFeedback) };
}

/** Runs each refusal, expecting its code, then checks that none of them wrote anything. */
async function expectRefusals(refusals: [() => Promise<unknown>, string][], rows: () => Promise<unknown> = rowCounts) {
  const before = await t.lastActivityId();
  const state = await rows();
  for (const [refused, code] of refusals) await expect(refused()).rejects.toMatchObject({ code });
  expect(await t.activitySince(before)).toEqual([]);
  expect(await rows()).toEqual(state);
}

/** The rounds opened by the first test: Tianhe's question in each. */
let tianheFeedback: { id: number; consultationId: number }[];

describe('openConsultations', () => {
  it('opens one round per proposal to its target districts (or the chosen ones), stamped by the domain clock', async () => {
    const [first, second, third] = consulted as [(typeof consulted)[number], (typeof consulted)[number], (typeof consulted)[number]];
    const chosen = [tianhe, (await targetsOf(second.id)).find((d) => d !== tianhe)!];
    const before = await t.lastActivityId();
    const opened = await t.run(
      coordinator,
      openConsultations,
      {
        items: [
          { proposalId: first.id, deadline: inTwoWeeks },
          { proposalId: second.id, deadline: inTwoWeeks, districtIds: [...chosen, tianhe] },
          { proposalId: third.id, deadline: inTwoWeeks },
        ],
      },
      clock,
    );
    expect(opened).toHaveLength(3);
    const rows = await t.db.select().from(consultations).where(inArray(consultations.id, opened)).orderBy(asc(consultations.id));
    expect(rows.map((c) => [c.id, c.proposalId, c.openedById, c.status, new Date(c.deadline).toISOString(), new Date(c.createdAt).toISOString()])).toEqual(
      [first, second, third].map((p, i) => [opened[i], p.id, coordinator.userId, 'open', inTwoWeeks, at.toISOString()]),
    );
    const asked = async (consultationId: number) =>
      (
        await t.db
          .select({ districtId: districtFeedback.districtId, stance: districtFeedback.stance })
          .from(districtFeedback)
          .where(eq(districtFeedback.consultationId, consultationId))
          .orderBy(asc(districtFeedback.id))
      ).map((f) => (f.stance === null ? f.districtId : 'answered'));
    expect(await asked(opened[0]!)).toEqual(await targetsOf(first.id));
    expect(await asked(opened[1]!)).toEqual(chosen);
    expect(await asked(opened[2]!)).toEqual(await targetsOf(third.id));

    const versions = await t.db.select({ version: proposals.version }).from(proposals).where(inArray(proposals.id, [first.id, second.id, third.id])).orderBy(asc(proposals.id));
    expect(versions.map((p) => p.version)).toEqual([first.version + 1, second.version + 1, third.version + 1]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.proposalId, a.actorId, (a.after as { proposalVersion: number }).proposalVersion])).toEqual(
      [first, second, third].map((p, i) => ['consultation.opened', 'consultation', opened[i], p.id, coordinator.userId, p.version + 1]),
    );
    for (const entry of logged) expect(new Date(entry.createdAt).toISOString()).toBe(at.toISOString());

    tianheFeedback = await t.db
      .select({ id: districtFeedback.id, consultationId: districtFeedback.consultationId })
      .from(districtFeedback)
      .where(and(inArray(districtFeedback.consultationId, opened), eq(districtFeedback.districtId, tianhe)))
      .orderBy(asc(districtFeedback.id));
  });

  it('refuses the whole list for one bad item, and anyone but the coordinator, writing nothing', async () => {
    const fresh = consulted[3]!;
    const good = { proposalId: fresh.id, deadline: inTwoWeeks };
    const [cancellation] = await t.db.select({ id: proposals.id }).from(proposals).where(eq(proposals.action, 'cancel')).limit(1);
    const [early] = await t.db
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.action, 'delegate'), eq(proposals.stage, 'recheck')))
      .limit(1);
    const [draft] = await t.db.select({ id: proposals.id }).from(proposals).where(eq(proposals.stage, 'draft')).limit(1);
    const targets = await targetsOf(fresh.id);
    const nonTarget = (await t.db.select({ id: units.id }).from(units).where(eq(units.kind, 'district'))).map((d) => d.id).find((id) => !targets.includes(id))!;
    const open = (items: Parameters<typeof openConsultations>[1]['items'], viewer = coordinator) => () => t.run(viewer, openConsultations, { items }, clock);
    await expectRefusals([
      [open([good], await t.viewer('reviewer1')), 'FORBIDDEN'],
      [open([good], { ...coordinator, readOnly: true }), 'FORBIDDEN'],
      [open([good, { ...good, proposalId: draft!.id }]), 'NOT_FOUND'],
      [open([good, { ...good, proposalId: 2_000_000_000 }]), 'NOT_FOUND'],
      [open([good, { ...good, deadline: at.toISOString() }]), 'VALIDATION'],
      [open([good, { ...good, proposalId: cancellation!.id }]), 'INVALID_TRANSITION'],
      [open([good, { ...good, proposalId: early!.id }]), 'INVALID_TRANSITION'],
      [open([{ ...good, districtIds: [tianhe, nonTarget] }]), 'VALIDATION'],
      [open([{ ...good, districtIds: [] }]), 'VALIDATION'],
      // One open round per proposal: a proposal given twice, or one whose round is open.
      [open([good, good]), 'INVALID_TRANSITION'],
      [open([good, { ...good, proposalId: consulted[0]!.id }]), 'INVALID_TRANSITION'],
    ]);
  });
});

describe('answerConsultations', () => {
  const feedbackRows = () => t.db.select().from(districtFeedback).where(inArray(districtFeedback.id, tianheFeedback.map((f) => f.id))).orderBy(asc(districtFeedback.id));

  it("records a liaison's answers for their district, texts trimmed, stamped by the domain clock", async () => {
    const one = tianheFeedback[0]!;
    const two = tianheFeedback[1]!;
    const before = await t.lastActivityId();
    const answered = await t.run(
      liaison,
      answerConsultations,
      {
        items: [
          { feedbackId: one.id, stance: 'agree', staffingNeeds: ' 需增加审批人员2名 ', systemsNeeds: '  ', expectedVersion: 1 },
          { feedbackId: two.id, stance: 'disagree', capacityNotes: '暂不具备承接条件', expectedVersion: 1 },
        ],
      },
      clock,
    );
    expect(answered).toEqual([one.id, two.id]);
    const [first, second] = await feedbackRows();
    expect(first).toMatchObject({ stance: 'agree', staffingNeeds: '需增加审批人员2名', systemsNeeds: null, comments: null, respondedById: liaison.userId, version: 2 });
    expect(second).toMatchObject({ stance: 'disagree', capacityNotes: '暂不具备承接条件', staffingNeeds: null, respondedById: liaison.userId, version: 2 });
    expect(new Date(first!.respondedAt!).toISOString()).toBe(at.toISOString());
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.districtId, a.before, a.after])).toEqual([
      ['consultation.answered', 'district_feedback', one.id, tianhe, { stance: null }, { stance: 'agree' }],
      ['consultation.answered', 'district_feedback', two.id, tianhe, { stance: null }, { stance: 'disagree' }],
    ]);

    // Answering again replaces the answer.
    await t.run(liaison, answerConsultations, { items: [{ feedbackId: one.id, stance: 'agree_with_conditions', comments: '需培训', expectedVersion: 2 }] }, clock);
    const [replaced] = await feedbackRows();
    expect(replaced).toMatchObject({ stance: 'agree_with_conditions', comments: '需培训', staffingNeeds: null, version: 3 });
  });

  it('refuses the whole list for one bad item, other districts and closed rounds, writing nothing', async () => {
    const one = tianheFeedback[0]!;
    const three = tianheFeedback[2]!;
    const good = { feedbackId: three.id, stance: 'agree' as const, expectedVersion: 1 };
    const [otherDistricts] = await t.db
      .select({ id: districtFeedback.id })
      .from(districtFeedback)
      .where(and(eq(districtFeedback.consultationId, three.consultationId), ne(districtFeedback.districtId, tianhe)))
      .limit(1);
    const [closedRound] = await t.db
      .select({ id: districtFeedback.id, version: districtFeedback.version })
      .from(districtFeedback)
      .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
      .where(and(eq(consultations.status, 'closed'), eq(districtFeedback.districtId, tianhe)))
      .limit(1);
    const answer = (items: Parameters<typeof answerConsultations>[1]['items'], viewer = liaison) => () => t.run(viewer, answerConsultations, { items }, clock);
    await expectRefusals(
      [
        [answer([good], coordinator), 'FORBIDDEN'],
        [answer([good], { ...liaison, readOnly: true }), 'FORBIDDEN'],
        // Another district's question is, to this liaison, one that does not exist.
        [answer([good, { ...good, feedbackId: otherDistricts!.id }]), 'NOT_FOUND'],
        [answer([good, { ...good, feedbackId: 2_000_000_000 }]), 'NOT_FOUND'],
        [answer([good, good]), 'VALIDATION'],
        [answer([good, { ...good, feedbackId: one.id, stance: 'disagree', comments: '  ', expectedVersion: 3 }]), 'VALIDATION'],
        [answer([good, { ...good, feedbackId: one.id, fundingNeeds: '字'.repeat(5001), expectedVersion: 3 }]), 'VALIDATION'],
        [answer([good, { ...good, feedbackId: one.id, expectedVersion: 2 }]), 'CONFLICT'],
        [answer([good, { ...good, feedbackId: closedRound!.id, expectedVersion: closedRound!.version }]), 'INVALID_TRANSITION'],
      ],
      async () => ({ counts: await rowCounts(), rows: await feedbackRows() }),
    );
  });
});

describe('closeExpiredConsultations', () => {
  const openRounds = () =>
    t.db.select({ id: consultations.id, deadline: consultations.deadline }).from(consultations).where(eq(consultations.status, 'open')).orderBy(asc(consultations.deadline), asc(consultations.id));

  it('closes nothing before a deadline passes', async () => {
    const open = await openRounds();
    expect(open.length).toBeGreaterThan(2);
    // The earliest deadline itself: not yet passed.
    const first = new Date(open[0]!.deadline);
    expect(await anyConsultationExpired(t.db, first)).toBe(false);
    const recorded: ActivityEntry[] = [];
    const closed = await t.db.transaction((tx) => closeExpiredConsultations({ tx, viewer: null, now: first, record: (entry) => recorded.push(entry) }));
    expect(closed).toEqual([]);
    expect(recorded).toEqual([]);
    expect(await openRounds()).toEqual(open);
  });

  it('closes exactly the expired rounds as the system, stamped and logged with the deadline as the reason, once', async () => {
    const open = await openRounds();
    // Half-way through the open rounds' deadlines: the earlier half has expired, the rest has not.
    const now = new Date(open[Math.floor(open.length / 2)]!.deadline);
    const expired = open.filter((c) => new Date(c.deadline) < now).map((c) => c.id);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.length).toBeLessThan(open.length);
    expect(await anyConsultationExpired(t.db, now)).toBe(true);

    const before = await t.lastActivityId();
    const closed = await mutate({ db: t.db, viewer: null, events: createInProcessBus(), clock: () => now }, (m) => closeExpiredConsultations({ ...m, viewer: null }));
    expect(closed).toEqual([...expired].sort((a, b) => a - b));

    const rows = await t.db.select({ id: consultations.id, closedAt: consultations.closedAt, version: consultations.version }).from(consultations).where(inArray(consultations.id, expired));
    for (const row of rows) expect(new Date(row.closedAt!).toISOString()).toBe(now.toISOString());
    expect((await openRounds()).map((c) => c.id)).toEqual(open.filter((c) => !expired.includes(c.id)).map((c) => c.id));
    const [stillExpired] = await t.db.select({ n: count() }).from(consultations).where(and(eq(consultations.status, 'open'), lt(consultations.deadline, now.toISOString())));
    expect(stillExpired!.n).toBe(0);

    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId, a.after])).toEqual(
      closed.map((id) => ['consultation.closed', 'consultation', id, null, { status: 'closed', reason: 'deadline' }]),
    );
    for (const entry of logged) {
      expect(new Date(entry.createdAt).toISOString()).toBe(now.toISOString());
      expect(entry.proposalId).not.toBeNull();
      expect(entry.campaignId).not.toBeNull();
    }
    // Nothing is left for a second sweep at the same time.
    expect(await anyConsultationExpired(t.db, now)).toBe(false);
  });
});

describe('consulting other departments', () => {
  it('asks a department besides the districts; its submitter answers for it, nobody else does, and the proposer cannot ask itself', async () => {
    const ids = consulted.map((p) => p.id);
    const [proposal] = await t.db
      .select({ id: proposals.id, unitId: proposals.submittingUnitId })
      .from(proposals)
      .where(and(eq(proposals.stage, 'consultation'), eq(proposals.status, 'active'), eq(proposals.action, 'delegate'), notInArray(proposals.id, ids)))
      .orderBy(asc(proposals.id))
      .limit(1);
    await t.db.update(consultations).set({ status: 'closed' }).where(eq(consultations.proposalId, proposal!.id));
    const [asked, bystander] = await t.db
      .select({ id: units.id, code: units.code })
      .from(units)
      .where(and(eq(units.kind, 'department'), ne(units.id, proposal!.unitId), inArray(units.code, ['GZ-JTJ', 'GZ-ZJJ', 'GZ-SCJGJ'])))
      .orderBy(asc(units.code))
      .limit(2);
    const open = (departmentIds: number[]) => () => t.run(coordinator, openConsultations, { items: [{ proposalId: proposal!.id, deadline: inTwoWeeks, departmentIds }] }, clock);
    await expectRefusals([
      [open([proposal!.unitId]), 'VALIDATION'],
      [open([tianhe]), 'VALIDATION'],
      [open(Array.from({ length: 2_000 }, () => asked!.id)), 'VALIDATION'],
    ]);

    const [consultationId] = await open([asked!.id])();
    const rows = await t.db.select({ id: districtFeedback.id, unitId: districtFeedback.districtId }).from(districtFeedback).where(eq(districtFeedback.consultationId, consultationId!)).orderBy(asc(districtFeedback.id));
    // The target districts first, then the department.
    expect(rows.map((row) => row.unitId)).toEqual([...(await targetsOf(proposal!.id)), asked!.id]);
    const own = rows.at(-1)!;
    const answer = { items: [{ feedbackId: own.id, stance: 'agree' as const, comments: '涉及本单位的审批环节已对接', expectedVersion: 1 }] };
    const outsider = await t.viewer(bystander!.code.toLowerCase());
    await expectRefusals([
      [() => t.run(liaison, answerConsultations, answer, clock), 'NOT_FOUND'],
      [() => t.run(outsider, answerConsultations, answer, clock), 'NOT_FOUND'],
    ]);
    const department = await t.viewer(asked!.code.toLowerCase());
    expect(await t.run(department, answerConsultations, answer, clock)).toEqual([own.id]);
    const [answered] = await t.db.select().from(districtFeedback).where(eq(districtFeedback.id, own.id));
    expect(answered).toMatchObject({ stance: 'agree', comments: '涉及本单位的审批环节已对接', respondedById: department.userId, version: 2 });
  });
});
