import { campaigns, proposalAssignees, proposals } from '@devolve/db';
import { and, asc, eq, inArray, ne, notExists, notInArray, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../accounts/permissions.ts';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { assignReviewers, unassignReviewer } from './commands.ts';

let t: CommandTestDatabase;
let coordinator: Viewer;
let reviewer1: Viewer;
let reviewer2: Viewer;
let legal: Viewer;
beforeAll(async () => {
  t = await commandTestDatabase();
  [coordinator, reviewer1, reviewer2, legal] = await Promise.all([t.viewer('coordinator'), t.viewer('reviewer1'), t.viewer('reviewer2'), t.viewer('legal1')]);
});
afterAll(() => t.dispose());

const at = new Date('2019-10-08T03:00:00.000Z');

/** Proposals of the demo data matching `where`, oldest first, skipping those already used. */
const used = new Set<number>([0]);
async function take(n: number, where: SQL | undefined) {
  const rows = await t.db
    .select({ id: proposals.id, version: proposals.version, campaignId: proposals.campaignId })
    .from(proposals)
    .where(and(where, notInArray(proposals.id, [...used])))
    .orderBy(asc(proposals.id))
    .limit(n);
  for (const row of rows) used.add(row.id);
  expect(rows).toHaveLength(n);
  return rows;
}
const underReview = () => and(inArray(proposals.stage, ['submitted', 'initial_review']), eq(proposals.status, 'active'));

async function assigneesOf(ids: number[]) {
  const rows = await t.db
    .select({ proposalId: proposalAssignees.proposalId, userId: proposalAssignees.userId })
    .from(proposalAssignees)
    .where(inArray(proposalAssignees.proposalId, ids));
  return rows.map((r) => `${r.proposalId}:${r.userId}`).sort();
}
async function versionsOf(ids: number[]) {
  const rows = await t.db.select({ id: proposals.id, version: proposals.version }).from(proposals).where(inArray(proposals.id, ids));
  return new Map(rows.map((r) => [r.id, r.version]));
}

describe('assignReviewers', () => {
  it('assigns each proposal its reviewers in one call, with a new version and one activity row each, stamped by the domain clock', async () => {
    // Proposals neither reviewer is on yet, so each assignment below adds someone.
    const [a, b, c] = await take(
      3,
      and(
        underReview(),
        notExists(
          t.db
            .select({ one: sql`1` })
            .from(proposalAssignees)
            .where(and(eq(proposalAssignees.proposalId, proposals.id), inArray(proposalAssignees.userId, [reviewer1.userId, reviewer2.userId]))),
        ),
      ),
    );
    const items = [
      { proposalId: a!.id, reviewerIds: [reviewer1.userId, legal.userId] },
      { proposalId: b!.id, reviewerIds: [reviewer2.userId] },
      { proposalId: c!.id, reviewerIds: [reviewer1.userId, reviewer1.userId] },
    ];
    const before = await t.lastActivityId();
    const current = await assigneesOf([a!.id, b!.id, c!.id]);

    const result = await t.run(coordinator, assignReviewers, { items }, () => at);

    const after = await assigneesOf([a!.id, b!.id, c!.id]);
    for (const wanted of [`${a!.id}:${reviewer1.userId}`, `${a!.id}:${legal.userId}`, `${b!.id}:${reviewer2.userId}`, `${c!.id}:${reviewer1.userId}`]) {
      expect(after).toContain(wanted);
    }
    // Adding keeps who was there.
    for (const kept of current) expect(after).toContain(kept);
    const added = await t.db
      .select({ assignedById: proposalAssignees.assignedById, createdAt: proposalAssignees.createdAt })
      .from(proposalAssignees)
      .where(and(eq(proposalAssignees.proposalId, b!.id), eq(proposalAssignees.userId, reviewer2.userId)));
    expect(added[0]!.assignedById).toBe(coordinator.userId);
    expect(new Date(added[0]!.createdAt).toISOString()).toBe(at.toISOString());

    const logged = await t.activitySince(before);
    expect(logged.map((e) => [e.action, e.entityType, e.entityId, e.actorId])).toEqual(
      [a!, b!, c!].map((p) => ['proposal.assigned', 'proposal', p.id, coordinator.userId]),
    );
    for (const e of logged) expect(new Date(e.createdAt).toISOString()).toBe(at.toISOString());
    const versions = await versionsOf([a!.id, b!.id, c!.id]);
    expect(result.proposals).toEqual([a!, b!, c!].map((p) => ({ id: p.id, version: versions.get(p.id) })));
    for (const p of [a!, b!, c!]) expect(versions.get(p.id)).toBe(p.version + 1);
    expect(logged[0]!.after).toEqual({ assigneeIds: after.filter((x) => x.startsWith(`${a!.id}:`)).map((x) => Number(x.split(':')[1])).sort((x, y) => x - y), version: a!.version + 1 });
  });

  it('replaces the assignees when asked, and keeps the version when nothing changes', async () => {
    const [p] = await take(1, underReview());
    await t.run(coordinator, assignReviewers, { items: [{ proposalId: p!.id, reviewerIds: [reviewer1.userId, reviewer2.userId] }] });
    await t.run(coordinator, assignReviewers, { items: [{ proposalId: p!.id, reviewerIds: [legal.userId] }], replace: true });
    expect(await assigneesOf([p!.id])).toEqual([`${p!.id}:${legal.userId}`]);
    const version = (await versionsOf([p!.id])).get(p!.id)!;

    const before = await t.lastActivityId();
    const again = await t.run(coordinator, assignReviewers, { items: [{ proposalId: p!.id, reviewerIds: [legal.userId] }] });
    expect(again.proposals).toEqual([{ id: p!.id, version }]);
    expect((await versionsOf([p!.id])).get(p!.id)).toBe(version);
    const [entry] = await t.activitySince(before);
    expect(entry).toMatchObject({ action: 'proposal.assigned', before: { assigneeIds: [legal.userId], version }, after: { assigneeIds: [legal.userId], version } });
  });

  it('refuses the whole list when one proposal or reviewer is refused, writing nothing', async () => {
    const valid = await take(2, underReview());
    const [decided] = await take(1, eq(proposals.stage, 'decided'));
    const [withdrawn] = await take(1, and(eq(proposals.status, 'withdrawn'), ne(proposals.stage, 'draft')));
    const [draft] = await take(1, eq(proposals.stage, 'draft'));
    const [round2020] = await t.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2020));
    const [foreign] = await t.db
      .insert(proposals)
      .values({
        campaignId: round2020!.id,
        powerTypeCode: '01',
        submittingUnitId: (await t.db.select({ u: proposals.submittingUnitId }).from(proposals).limit(1))[0]!.u,
        action: 'add',
        proposedItemName: '新增事项',
        rationale: '2020年度新增事项。',
        stage: 'submitted',
      })
      .returning({ id: proposals.id });
    const ids = valid.map((p) => p.id);
    const assigneesBefore = await assigneesOf([...ids, decided!.id, withdrawn!.id, draft!.id]);
    const versionsBefore = await versionsOf(ids);
    const before = await t.lastActivityId();
    const item = (proposalId: number, reviewerIds = [reviewer1.userId]) => ({ proposalId, reviewerIds });
    const withValid = (proposalId: number) => ({ items: [...ids.map((id) => item(id)), item(proposalId)] });

    await expect(t.run(reviewer1, assignReviewers, { items: ids.map((id) => item(id)) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const p of [decided!, withdrawn!]) {
      await expect(t.run(coordinator, assignReviewers, withValid(p.id))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    }
    // A department's draft is not the coordinator's to read: it fails as a missing proposal.
    await expect(t.run(coordinator, assignReviewers, withValid(draft!.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(coordinator, assignReviewers, withValid(2_000_000_000))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(coordinator, assignReviewers, withValid(foreign!.id))).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.proposalIds' });
    await expect(t.run(coordinator, assignReviewers, { items: [item(ids[0]!), item(ids[1]!, [reviewer1.userId, coordinator.userId])] })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.reviewerIds',
    });
    await expect(t.run(coordinator, assignReviewers, { items: [item(ids[0]!, [])] })).rejects.toMatchObject({ field: 'input.reviewerIds' });
    const elevenReviewers = Array.from({ length: 11 }, (_, i) => reviewer1.userId + i);
    await expect(t.run(coordinator, assignReviewers, { items: [item(ids[0]!, elevenReviewers)] })).rejects.toMatchObject({ field: 'input.reviewerIds' });
    await expect(t.run(coordinator, assignReviewers, { items: [] })).rejects.toMatchObject({ field: 'input.proposalIds' });
    await expect(t.run(coordinator, assignReviewers, { items: [item(ids[0]!), item(ids[0]!)] })).rejects.toMatchObject({ field: 'input.proposalIds' });
    const tooMany = Array.from({ length: 501 }, (_, i) => item(i + 1));
    await expect(t.run(coordinator, assignReviewers, { items: tooMany })).rejects.toMatchObject({ field: 'input.proposalIds' });
    // A campaign given by the caller (a bulk request's) binds every proposal.
    await expect(t.run(coordinator, assignReviewers, { items: [item(ids[0]!)], campaignId: round2020!.id })).rejects.toMatchObject({ code: 'VALIDATION' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await assigneesOf([...ids, decided!.id, withdrawn!.id, draft!.id])).toEqual(assigneesBefore);
    expect(await versionsOf(ids)).toEqual(versionsBefore);
    await t.db.delete(proposals).where(eq(proposals.id, foreign!.id));
  });
});

describe('unassignReviewer', () => {
  /** An assignee of a proposal under review, other than those the tests above added. */
  async function anAssignment() {
    const [row] = await t.db
      .select({ proposalId: proposalAssignees.proposalId, userId: proposalAssignees.userId, version: proposals.version })
      .from(proposalAssignees)
      .innerJoin(proposals, eq(proposals.id, proposalAssignees.proposalId))
      .where(and(eq(proposals.stage, 'initial_review'), eq(proposals.status, 'active'), notInArray(proposals.id, [...used])))
      .orderBy(asc(proposalAssignees.id))
      .limit(1);
    used.add(row!.proposalId);
    return row!;
  }

  it('takes the reviewer off with a new version and its activity', async () => {
    const a = await anAssignment();
    const others = (await assigneesOf([a.proposalId])).filter((x) => x !== `${a.proposalId}:${a.userId}`);
    const before = await t.lastActivityId();
    const result = await t.run(coordinator, unassignReviewer, { proposalId: a.proposalId, reviewerId: a.userId }, () => at);
    expect(result).toEqual({ proposalId: a.proposalId, version: a.version + 1 });
    expect(await assigneesOf([a.proposalId])).toEqual(others);
    const logged = await t.activitySince(before);
    expect(logged.map((e) => [e.action, e.entityType, e.entityId, e.actorId])).toEqual([['proposal.unassigned', 'proposal', a.proposalId, coordinator.userId]]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
    expect((logged[0]!.after as { assigneeIds: number[] }).assigneeIds).not.toContain(a.userId);
  });

  it('refuses anyone but the coordinator, a person not assigned and an unreadable proposal, writing nothing', async () => {
    const a = await anAssignment();
    const [draft] = await take(1, eq(proposals.stage, 'draft'));
    const assignees = await assigneesOf([a.proposalId]);
    const notAssigned = [reviewer1, reviewer2, legal].find((v) => !assignees.includes(`${a.proposalId}:${v.userId}`))!;
    const before = await t.lastActivityId();
    await expect(t.run(reviewer1, unassignReviewer, { proposalId: a.proposalId, reviewerId: a.userId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(coordinator, unassignReviewer, { proposalId: a.proposalId, reviewerId: notAssigned.userId })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.reviewerId',
    });
    await expect(t.run(coordinator, unassignReviewer, { proposalId: draft!.id, reviewerId: a.userId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.activitySince(before)).toEqual([]);
    expect(await assigneesOf([a.proposalId])).toEqual(assignees);
    expect((await versionsOf([a.proposalId])).get(a.proposalId)).toBe(a.version);
  });
});
