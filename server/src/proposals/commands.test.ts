import {
  campaigns,
  consultations,
  districtFeedback,
  handovers,
  powerItemChanges,
  powerItems,
  proposalDistricts,
  proposals,
  reviewRecords,
  units,
} from '@devolve/db';
import { and, asc, desc, eq, inArray, notExists, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { createProposals, deleteDraftProposal, type ProposalDraft, recordLegalityOpinion, transitionProposals, updateProposal } from './commands.ts';
import { approvableDistrictIdsSql, approvableDistricts } from './decisions.ts';
import type { Stage, Status } from './lifecycle.ts';

let t: CommandTestDatabase;
beforeAll(async () => {
  t = await commandTestDatabase();
});
afterAll(() => t.dispose());

const at = new Date('2019-11-20T02:00:00.000Z');
const clock = () => at;

/** Proposals of the demo data at a stage, newest first, skipping `skip` (tests that change rows take different ones). */
async function proposalsAt(stage: Stage, count: number, options: { status?: Status; where?: SQL; skip?: number } = {}) {
  const rows = await t.db
    .select({ id: proposals.id, version: proposals.version, action: proposals.action, powerItemId: proposals.powerItemId, submittingUnitId: proposals.submittingUnitId })
    .from(proposals)
    .where(and(eq(proposals.stage, stage), eq(proposals.status, options.status ?? 'active'), options.where))
    .orderBy(desc(proposals.id))
    .limit(count)
    .offset(options.skip ?? 0);
  expect(rows).toHaveLength(count);
  return rows;
}

/** What the tests compare before and after a refused command: the rows it would have changed. */
async function rowsOf(ids: number[]) {
  return t.db.select().from(proposals).where(inArray(proposals.id, ids)).orderBy(asc(proposals.id));
}

const recordsOf = (proposalId: number) => t.db.select().from(reviewRecords).where(eq(reviewRecords.proposalId, proposalId)).orderBy(asc(reviewRecords.id));

/** The review campaign (taking proposals) and the one still being planned (not yet taking them). */
async function campaignIds() {
  const rows = await t.db.select({ id: campaigns.id, status: campaigns.status }).from(campaigns);
  return { open: rows.find((c) => c.status === 'review')!.id, planning: rows.find((c) => c.status === 'planning')!.id };
}

/** Items of a unit with no open proposal in the campaign: free to propose about. */
async function freeItemsOf(unitId: number, campaignId: number, count: number) {
  const rows = await t.db
    .select({ id: powerItems.id, typeCode: powerItems.typeCode })
    .from(powerItems)
    .where(
      and(
        eq(powerItems.implementingUnitId, unitId),
        notExists(
          t.db
            .select({ one: sql`1` })
            .from(proposals)
            .where(and(eq(proposals.powerItemId, powerItems.id), eq(proposals.campaignId, campaignId), sql`${proposals.status} not in ('withdrawn', 'rejected')`)),
        ),
      ),
    )
    .orderBy(asc(powerItems.id))
    .limit(count);
  expect(rows).toHaveLength(count);
  return rows;
}

async function districtIds(count: number) {
  const rows = await t.db.select({ id: units.id }).from(units).where(eq(units.kind, 'district')).orderBy(asc(units.id)).limit(count);
  return rows.map((r) => r.id);
}

describe('createProposals', () => {
  it('drafts many proposals of the department in one call, with their districts and one activity row each', async () => {
    const department = await t.viewer('gz-scjgj');
    const { open } = await campaignIds();
    const [cancelled, delegated] = await freeItemsOf(department.unitId, open, 2);
    const districts = await districtIds(2);
    const before = await t.lastActivityId();
    const items: ProposalDraft[] = [
      { action: 'cancel', powerItemId: cancelled!.id, rationale: ' 已无实际办件 ' },
      { action: 'delegate', powerItemId: delegated!.id, rationale: '便民', targetDistrictIds: districts, changeLegalBasis: '《条例》第三条' },
      { action: 'add', rationale: '新设事项', proposedItemName: '新增许可', powerType: '01', attachments: [{ title: '依据', ref: 'doc:1' }] },
    ];
    const { proposalIds } = await t.run(department, createProposals, { campaignId: open, items }, clock);

    expect(proposalIds).toHaveLength(3);
    const created = await rowsOf(proposalIds);
    expect(created.map((p) => [p.action, p.powerItemId, p.stage, p.status, p.submittingUnitId, p.createdById, p.version])).toEqual([
      ['cancel', cancelled!.id, 'draft', 'active', department.unitId, department.userId, 1],
      ['delegate', delegated!.id, 'draft', 'active', department.unitId, department.userId, 1],
      ['add', null, 'draft', 'active', department.unitId, department.userId, 1],
    ]);
    expect(created.map((p) => p.powerTypeCode)).toEqual([cancelled!.typeCode, delegated!.typeCode, '01']);
    expect(created[0]!.rationale).toBe('已无实际办件');
    expect(created.every((p) => new Date(p.createdAt).toISOString() === at.toISOString() && new Date(p.updatedAt).toISOString() === at.toISOString())).toBe(true);
    const targets = await t.db.select().from(proposalDistricts).where(inArray(proposalDistricts.proposalId, proposalIds));
    expect(targets.map((d) => [d.proposalId, d.districtId])).toEqual(districts.map((d) => [proposalIds[1], d]));
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId])).toEqual(proposalIds.map((id) => ['proposal.created', 'proposal', id, department.userId]));
    expect(logged.every((a) => new Date(a.createdAt).toISOString() === at.toISOString())).toBe(true);
  });

  it('refuses a missing or closed campaign, anyone but a department, items not its own, and bad content, writing nothing', async () => {
    const department = await t.viewer('gz-scjgj');
    const other = await t.viewer('gz-zjj');
    const reviewer = await t.viewer('reviewer1');
    const { open, planning } = await campaignIds();
    const [item] = await freeItemsOf(department.unitId, open, 1);
    const before = await t.lastActivityId();
    const [{ count: proposalCount }] = (await t.db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(proposals)) as [{ count: number }];
    const good: ProposalDraft = { action: 'cancel', powerItemId: item!.id, rationale: '理由' };
    const refused = (viewer: typeof department, input: Parameters<typeof createProposals>[1]) => expect(t.run(viewer, createProposals, input));

    await refused(department, { campaignId: 2_000_000_000, items: [good] }).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await refused(department, { campaignId: planning, items: [good] }).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await refused(reviewer, { campaignId: open, items: [good] }).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await refused({ ...department, readOnly: true }, { campaignId: open, items: [good] }).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await refused(other, { campaignId: open, items: [good] }).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await refused(department, { campaignId: open, items: [{ ...good, powerItemId: 2_000_000_000 }] }).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await refused(department, { campaignId: open, items: [] }).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items' });
    await refused(department, { campaignId: open, items: [{ ...good, rationale: '  ' }] }).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.rationale' });
    await refused(department, { campaignId: open, items: [{ ...good, action: 'add' }] }).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.powerItemId' });
    await refused(department, { campaignId: open, items: [{ ...good, targetDistrictIds: await districtIds(1) }] }).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.targetDistrictIds',
    });
    // In a list, the refused item is named by its place, and the good items before it are not written either.
    await refused(department, { campaignId: open, items: [good, { action: 'merge', powerItemId: item!.id, rationale: '合并', mergeIntoItemId: item!.id }] }).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.items[1].mergeIntoItemId',
    });
    // The same item twice: the open-proposal index decides, as between concurrent requests.
    await refused(department, { campaignId: open, items: [good, { ...good, rationale: '再提' }] }).rejects.toMatchObject({ code: 'VALIDATION' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await t.db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(proposals)).toEqual([{ count: proposalCount }]);
  });
});

describe('updateProposal', () => {
  it('revises a draft: its content, its districts, a new version and one activity row', async () => {
    const department = await t.viewer('gz-scjgj');
    const [draft] = await proposalsAt('draft', 1, { where: and(eq(proposals.submittingUnitId, department.unitId), eq(proposals.action, 'cancel')) });
    const districts = await districtIds(3);
    const before = await t.lastActivityId();
    await t.run(department, updateProposal, { proposalId: draft!.id, expectedVersion: draft!.version, action: 'entrust', targetDistrictIds: districts, rationale: ' 改为委托 ' }, clock);

    const [after] = await rowsOf([draft!.id]);
    expect(after).toMatchObject({ action: 'entrust', rationale: '改为委托', version: draft!.version + 1, stage: 'draft' });
    expect(new Date(after!.updatedAt).toISOString()).toBe(at.toISOString());
    const targets = await t.db.select({ id: proposalDistricts.districtId }).from(proposalDistricts).where(eq(proposalDistricts.proposalId, draft!.id));
    expect(targets.map((d) => d.id).sort((a, b) => a - b)).toEqual(districts);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.after])).toEqual([
      ['proposal.updated', draft!.id, { action: 'entrust', targetDistrictIds: districts, version: draft!.version + 1 }],
    ]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses another unit, a proposal past revision, a stale version and turning into an addition, writing nothing', async () => {
    const department = await t.viewer('gz-scjgj');
    const reviewer = await t.viewer('reviewer1');
    const [draft] = await proposalsAt('draft', 1, { where: and(eq(proposals.submittingUnitId, department.unitId), inArray(proposals.action, ['adjust', 'retain'])) });
    const [submitted] = await proposalsAt('submitted', 1, { where: eq(proposals.submittingUnitId, department.unitId) });
    const [othersDraft] = await proposalsAt('draft', 1, { where: sql`${proposals.submittingUnitId} <> ${department.unitId}` });
    const before = await t.lastActivityId();
    const rows = await rowsOf([draft!.id, submitted!.id]);
    const input = { proposalId: draft!.id, expectedVersion: draft!.version, rationale: '新理由' };

    // Another unit's draft is not even readable; a submitted proposal is, but only its department edits it.
    await expect(t.run(department, updateProposal, { ...input, proposalId: othersDraft!.id, expectedVersion: othersDraft!.version })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(reviewer, updateProposal, { ...input, proposalId: submitted!.id, expectedVersion: submitted!.version })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(department, updateProposal, { ...input, proposalId: submitted!.id, expectedVersion: submitted!.version })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(t.run(department, updateProposal, { ...input, expectedVersion: draft!.version - 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.run(department, updateProposal, { ...input, action: 'add' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.action' });
    await expect(t.run(department, updateProposal, { ...input, rationale: '' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.rationale' });
    await expect(t.run({ ...department, readOnly: true }, updateProposal, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await rowsOf([draft!.id, submitted!.id])).toEqual(rows);
  });
});

describe('deleteDraftProposal', () => {
  const districtDrafts = (unitId: number) => and(eq(proposals.submittingUnitId, unitId), inArray(proposals.action, ['delegate', 'entrust']));

  it('deletes a never-submitted draft of the own unit with its districts, logging one row that keeps what it was', async () => {
    const department = await t.viewer('gz-scjgj');
    const [draft] = await proposalsAt('draft', 1, { where: districtDrafts(department.unitId) });
    const [full] = await rowsOf([draft!.id]);
    const before = await t.lastActivityId();
    expect(await t.run(department, deleteDraftProposal, { proposalId: draft!.id, expectedVersion: draft!.version }, clock)).toEqual({ proposalId: draft!.id });

    expect(await rowsOf([draft!.id])).toEqual([]);
    expect(await t.db.select().from(proposalDistricts).where(eq(proposalDistricts.proposalId, draft!.id))).toEqual([]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.proposalId, a.actorId, a.before])).toEqual([
      [
        'proposal.draft_deleted',
        'proposal',
        draft!.id,
        draft!.id,
        department.userId,
        { action: draft!.action, powerItemId: draft!.powerItemId, proposedItemName: full!.proposedItemName, version: draft!.version },
      ],
    ]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses a submitted proposal (withdrawn instead), another unit, a stale version and a read-only session, writing nothing', async () => {
    const department = await t.viewer('gz-scjgj');
    const reviewer = await t.viewer('reviewer1');
    const [draft] = await proposalsAt('draft', 1, { where: districtDrafts(department.unitId), skip: 1 });
    const [submitted] = await proposalsAt('submitted', 1, { where: eq(proposals.submittingUnitId, department.unitId) });
    const [othersDraft] = await proposalsAt('draft', 1, { where: sql`${proposals.submittingUnitId} <> ${department.unitId}` });
    const [returned] = await proposalsAt('initial_review', 1, { status: 'returned', where: eq(proposals.submittingUnitId, department.unitId) });
    const ids = [draft!.id, submitted!.id, othersDraft!.id, returned!.id];
    const rows = await rowsOf(ids);
    const before = await t.lastActivityId();
    const input = { proposalId: draft!.id, expectedVersion: draft!.version };

    await expect(t.run(department, deleteDraftProposal, { proposalId: submitted!.id, expectedVersion: submitted!.version })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(t.run(department, deleteDraftProposal, { proposalId: returned!.id, expectedVersion: returned!.version })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    // Another unit's draft is not even readable; a reviewer reads a submitted one but deletes nothing.
    await expect(t.run(department, deleteDraftProposal, { proposalId: othersDraft!.id, expectedVersion: othersDraft!.version })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(reviewer, deleteDraftProposal, { proposalId: submitted!.id, expectedVersion: submitted!.version })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(department, deleteDraftProposal, { ...input, expectedVersion: draft!.version - 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.run({ ...department, readOnly: true }, deleteDraftProposal, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(department, deleteDraftProposal, { ...input, proposalId: 2_000_000_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await rowsOf(ids)).toEqual(rows);
  });
});

describe('transitionProposals', () => {
  it('submits many drafts at once: stage, version, submittedAt from the domain clock, one activity row each', async () => {
    const department = await t.viewer('gz-scjgj');
    const drafts = await proposalsAt('draft', 3, {
      where: and(eq(proposals.submittingUnitId, department.unitId), inArray(proposals.action, ['cancel', 'adjust', 'retain', 'merge', 'add'])),
      skip: 2,
    });
    const before = await t.lastActivityId();
    const items = drafts.map((p) => ({ proposalId: p.id, expectedVersion: p.version }));
    const { proposalIds } = await t.run(department, transitionProposals, { transition: 'submit', items }, clock);

    expect(proposalIds).toEqual(drafts.map((p) => p.id));
    const after = await rowsOf(proposalIds);
    for (const p of after) {
      const was = drafts.find((d) => d.id === p.id)!;
      expect(p).toMatchObject({ stage: 'submitted', status: 'active', version: was.version + 1, decidedAt: null });
      expect(new Date(p.submittedAt!).toISOString()).toBe(at.toISOString());
      expect(new Date(p.updatedAt).toISOString()).toBe(at.toISOString());
    }
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.before, a.after])).toEqual(
      drafts.map((p) => [
        'proposal.transitioned',
        p.id,
        { stage: 'draft', status: 'active', version: p.version },
        { transition: 'submit', stage: 'submitted', status: 'active', version: p.version + 1 },
      ]),
    );
    expect(logged.every((a) => a.actorId === department.userId && new Date(a.createdAt).toISOString() === at.toISOString())).toBe(true);
  });

  it('returns many proposals with their reasons as review records of the stage they were at', async () => {
    const reviewer = await t.viewer('reviewer1');
    const reviewing = await proposalsAt('initial_review', 2);
    const before = await t.lastActivityId();
    const items = reviewing.map((p, i) => ({ proposalId: p.id, expectedVersion: p.version, reason: ` 请补充依据 ${i} ` }));
    await t.run(reviewer, transitionProposals, { transition: 'return', items }, clock);

    expect((await rowsOf(reviewing.map((p) => p.id))).map((p) => [p.stage, p.status])).toEqual(reviewing.map(() => ['initial_review', 'returned']));
    const records = await t.db.select().from(reviewRecords).where(inArray(reviewRecords.proposalId, reviewing.map((p) => p.id))).orderBy(desc(reviewRecords.id)).limit(2);
    expect(records.map((r) => [r.proposalId, r.stage, r.verdict, r.reason, r.reviewerId, new Date(r.createdAt).toISOString()]).reverse()).toEqual(
      reviewing.map((p, i) => [p.id, 'initial_review', 'return', `请补充依据 ${i}`, reviewer.userId, at.toISOString()]),
    );
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, (a.after as { reason?: string }).reason])).toEqual(
      reviewing.map((p, i) => ['proposal.transitioned', p.id, `请补充依据 ${i}`]),
    );
  });

  it('approves many proposals: decided at the domain clock, the power list changed, handovers for the districts', async () => {
    const approver = await t.viewer('approver');
    const [delegated] = await proposalsAt('approval', 1, { where: eq(proposals.action, 'delegate') });
    const others = await proposalsAt('approval', 2, { where: inArray(proposals.action, ['cancel', 'merge']) });
    const approving = [delegated!, ...others];
    const ids = approving.map((p) => p.id);
    const districts = await t.db.select().from(proposalDistricts).where(eq(proposalDistricts.proposalId, delegated!.id));
    expect(districts.length).toBeGreaterThan(0);
    const before = await t.lastActivityId();
    await t.run(approver, transitionProposals, { transition: 'approve', items: approving.map((p) => ({ proposalId: p.id, expectedVersion: p.version })) }, clock);

    for (const p of await rowsOf(ids)) {
      expect([p.stage, p.status, new Date(p.decidedAt!).toISOString()]).toEqual(['decided', 'approved', at.toISOString()]);
    }
    const items = await t.db.select().from(powerItems).where(inArray(powerItems.id, approving.map((p) => p.powerItemId!)));
    const statusAfter = { delegate: 'delegated', cancel: 'cancelled', merge: 'merged' } as Record<string, string>;
    for (const p of approving) expect(items.find((i) => i.id === p.powerItemId)!.status).toBe(statusAfter[p.action]);
    const changes = await t.db.select().from(powerItemChanges).where(inArray(powerItemChanges.proposalId, ids));
    expect(changes.map((c) => [c.proposalId, c.powerItemId, c.actorId, new Date(c.createdAt).toISOString()]).sort()).toEqual(
      approving.map((p) => [p.id, p.powerItemId, approver.userId, at.toISOString()]).sort(),
    );
    const created = await t.db.select().from(handovers).where(eq(handovers.proposalId, delegated!.id));
    expect(created.map((h) => h.districtId).sort()).toEqual(districts.map((d) => d.districtId).sort());
    const logged = await t.activitySince(before);
    // Each proposal's own entries follow its transition.
    expect(logged.map((a) => [a.action, a.proposalId])).toEqual([
      ['proposal.transitioned', delegated!.id],
      ['power_item.changed', delegated!.id],
      ...created.map(() => ['handover.created', delegated!.id]),
      ...others.flatMap((p) => [['proposal.transitioned', p.id], ['power_item.changed', p.id]]),
    ]);
    expect(logged.filter((a) => a.action === 'handover.created').map((a) => a.districtId).sort()).toEqual(created.map((h) => h.districtId).sort());
  });

  it('approves a delegation for only the districts that agreed: handovers, the item and the activity follow', async () => {
    const approver = await t.viewer('approver');
    // A delegation at 审定 whose latest consultation heard three or more of its target districts agree.
    const [delegated] = await proposalsAt('approval', 1, {
      where: and(eq(proposals.action, 'delegate'), sql`json_array_length(${approvableDistrictIdsSql(proposals.id)}) >= 3`),
    });
    const approvable = (await approvableDistricts(t.db, [delegated!.id])).get(delegated!.id)!;
    const targets = await t.db.select().from(proposalDistricts).where(eq(proposalDistricts.proposalId, delegated!.id));
    const [latest] = await t.db.select({ id: sql<number>`max(${consultations.id})` }).from(consultations).where(eq(consultations.proposalId, delegated!.id));
    // The third district changes its mind: it disagrees, so it cannot be chosen.
    const [first, second, third] = approvable as [number, number, number];
    await t.db
      .update(districtFeedback)
      .set({ stance: 'disagree' })
      .where(and(eq(districtFeedback.consultationId, latest!.id), eq(districtFeedback.districtId, third)));
    const item = { proposalId: delegated!.id, expectedVersion: delegated!.version };
    const rows = await rowsOf([delegated!.id]);
    const before = await t.lastActivityId();
    const run = (districtIds: number[], transition: 'approve' | 'reject' = 'approve') =>
      expect(t.run(approver, transitionProposals, { transition, items: [{ ...item, districtIds, reason: '不同意' }] }, clock));
    const [notTarget] = await t.db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.kind, 'district'), sql`${units.id} not in ${targets.map((d) => d.districtId)}`))
      .limit(1);
    await run([first, third]).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.districtIds' });
    await run([first, notTarget!.id]).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.districtIds' });
    await run([]).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.districtIds' });
    await run([first], 'reject').rejects.toMatchObject({ code: 'VALIDATION', field: 'input.districtIds' });
    expect(await t.activitySince(before)).toEqual([]);
    expect(await rowsOf([delegated!.id])).toEqual(rows);

    await t.run(approver, transitionProposals, { transition: 'approve', items: [{ ...item, districtIds: [second, first, first] }] }, clock);
    const opened = await t.db.select().from(handovers).where(eq(handovers.proposalId, delegated!.id));
    expect(opened.map((h) => h.districtId).sort()).toEqual([first, second].sort());
    const excluded = await t.db.select().from(proposalDistricts).where(eq(proposalDistricts.proposalId, delegated!.id));
    expect(excluded.filter((d) => !d.excluded).map((d) => d.districtId).sort()).toEqual([first, second].sort());
    const [changedItem] = await t.db.select().from(powerItems).where(eq(powerItems.id, delegated!.powerItemId!));
    expect(changedItem!.status).toBe('delegated');
    const logged = await t.activitySince(before);
    const transitioned = logged.find((a) => a.action === 'proposal.transitioned')!;
    expect((transitioned.after as { approvedDistrictIds: number[] }).approvedDistrictIds.sort()).toEqual([first, second].sort());
    expect(logged.filter((a) => a.action === 'handover.created').map((a) => a.districtId).sort()).toEqual([first, second].sort());
  });

  it('closes the open consultations it moves past, judging their deadlines by the domain clock', async () => {
    const coordinator = await t.viewer('coordinator');
    const consulting = await proposalsAt('consultation', 2, {
      where: sql`exists (select 1 from ${consultations} where ${consultations.proposalId} = ${proposals.id} and ${consultations.status} = 'open')`,
    });
    const ids = consulting.map((p) => p.id);
    const items = consulting.map((p) => ({ proposalId: p.id, expectedVersion: p.version }));
    const open = await t.db.select({ id: consultations.id }).from(consultations).where(and(inArray(consultations.proposalId, ids), eq(consultations.status, 'open')));
    const latestDeadline = await t.db.select({ deadline: sql<string>`max(${consultations.deadline})` }).from(consultations).where(inArray(consultations.proposalId, ids));
    const afterDeadline = new Date(new Date(latestDeadline[0]!.deadline).getTime() + 1000);
    const before = await t.lastActivityId();
    await t.run(coordinator, transitionProposals, { transition: 'close_consultation', items }, () => afterDeadline);

    expect((await rowsOf(ids)).map((p) => p.stage)).toEqual(['unit_confirmation', 'unit_confirmation']);
    const closed = await t.db.select().from(consultations).where(inArray(consultations.id, open.map((c) => c.id)));
    expect(closed.map((c) => [c.status, new Date(c.closedAt!).toISOString()])).toEqual(open.map(() => ['closed', afterDeadline.toISOString()]));
    const logged = await t.activitySince(before);
    expect(logged.filter((a) => a.action === 'consultation.closed').map((a) => a.entityId).sort()).toEqual(open.map((c) => c.id).sort());
    expect(logged.filter((a) => a.action === 'proposal.transitioned').map((a) => a.entityId)).toEqual(ids);
  });

  it('refuses the wrong role, the wrong stage, a stale version, a missing reason, an unreadable id and a repeated one, writing nothing', async () => {
    const reviewer = await t.viewer('reviewer1');
    const department = await t.viewer('gz-scjgj');
    const submitted = await proposalsAt('submitted', 2, { skip: 3 });
    const [draft] = await proposalsAt('draft', 1, { where: sql`${proposals.submittingUnitId} <> ${department.unitId}` });
    const ids = submitted.map((p) => p.id);
    const rows = await rowsOf(ids);
    const before = await t.lastActivityId();
    const items = submitted.map((p) => ({ proposalId: p.id, expectedVersion: p.version }));
    const run = (viewer: typeof reviewer, input: Parameters<typeof transitionProposals>[1]) => expect(t.run(viewer, transitionProposals, input));

    await run(department, { transition: 'start_review', items }).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await run(await t.viewer('district-440106'), { transition: 'start_review', items: items.slice(0, 1) }).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await run(await t.viewer('observer'), { transition: 'start_review', items }).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await run({ ...reviewer, readOnly: true }, { transition: 'start_review', items }).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await run(reviewer, { transition: 'pass_initial_review', items }).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await run(reviewer, { transition: 'reject', items: items.slice(0, 1) }).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await run(reviewer, { transition: 'start_review', items: [items[0]!, { ...items[1]!, expectedVersion: items[1]!.expectedVersion - 1 }] }).rejects.toMatchObject({
      code: 'CONFLICT',
      currentVersion: items[1]!.expectedVersion,
    });
    await run(reviewer, { transition: 'start_review', items: [...items, { proposalId: draft!.id, expectedVersion: draft!.version }] }).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await run(reviewer, { transition: 'start_review', items: [...items, items[0]!] }).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items' });
    await run(reviewer, { transition: 'start_review', items: [] }).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items' });
    await run(reviewer, { transition: 'start_review', items: [{ ...items[0]!, reason: 'x'.repeat(2001) }] }).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.reason' });

    const [reviewing] = await proposalsAt('initial_review', 1, { skip: 2 });
    const reviewingRow = await rowsOf([reviewing!.id]);
    const reviewingRecords = await recordsOf(reviewing!.id);
    await run(reviewer, { transition: 'reject', items: [{ proposalId: reviewing!.id, expectedVersion: reviewing!.version, reason: ' ' }] }).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.reason',
    });
    // In a list the reason is named by the item's place; the good item before it is not moved either.
    await run(reviewer, {
      transition: 'return',
      items: [
        { proposalId: reviewing!.id, expectedVersion: reviewing!.version, reason: '补充材料' },
        { ...items[0]!, reason: '补充材料' },
      ],
    }).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await rowsOf(ids)).toEqual(rows);
    expect(await rowsOf([reviewing!.id])).toEqual(reviewingRow);
    expect(await recordsOf(reviewing!.id)).toEqual(reviewingRecords);
  });
});

describe('recordLegalityOpinion', () => {
  it('records many opinions as review records with their activity, stamped by the domain clock', async () => {
    const legal = await t.viewer('legal1');
    const reviewing = await proposalsAt('legality_review', 2);
    const before = await t.lastActivityId();
    await t.run(
      legal,
      recordLegalityOpinion,
      {
        items: [
          { proposalId: reviewing[0]!.id, opinion: 'lawful_with_conditions', reason: ' 须保留事中监管 ', expectedVersion: reviewing[0]!.version },
          { proposalId: reviewing[1]!.id, opinion: 'lawful', expectedVersion: reviewing[1]!.version },
        ],
      },
      clock,
    );

    const records = await t.db.select().from(reviewRecords).where(inArray(reviewRecords.proposalId, reviewing.map((p) => p.id))).orderBy(desc(reviewRecords.id)).limit(2);
    expect(records.reverse().map((r) => [r.proposalId, r.stage, r.verdict, r.reason, r.reviewerId, new Date(r.createdAt).toISOString()])).toEqual([
      [reviewing[0]!.id, 'legality_review', 'lawful_with_conditions', '须保留事中监管', legal.userId, at.toISOString()],
      [reviewing[1]!.id, 'legality_review', 'lawful', null, legal.userId, at.toISOString()],
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.proposalId, a.actorId])).toEqual(
      records.map((r) => ['review.recorded', 'review_record', r.id, r.proposalId, legal.userId]),
    );
    expect(logged.every((a) => new Date(a.createdAt).toISOString() === at.toISOString())).toBe(true);
    for (const p of await rowsOf(reviewing.map((p) => p.id))) {
      expect(p.version).toBe(reviewing.find((r) => r.id === p.id)!.version + 1);
      expect(new Date(p.updatedAt).toISOString()).toBe(at.toISOString());
    }
  });

  it('refuses anyone but the justice bureau, a stale version, a missing reason and the wrong stage, writing nothing', async () => {
    const reviewing = await proposalsAt('legality_review', 2, { skip: 2 });
    const [submitted] = await proposalsAt('submitted', 1);
    const legal = await t.viewer('legal1');
    const reviewer = await t.viewer('reviewer1');
    const before = await t.lastActivityId();
    const rows = await rowsOf(reviewing.map((p) => p.id));
    const item = { proposalId: reviewing[0]!.id, opinion: 'lawful' as const, expectedVersion: reviewing[0]!.version };
    const good = { proposalId: reviewing[1]!.id, opinion: 'lawful' as const, expectedVersion: reviewing[1]!.version };
    const run = (viewer: typeof legal, items: Parameters<typeof recordLegalityOpinion>[1]['items']) => expect(t.run(viewer, recordLegalityOpinion, { items }));

    await run(reviewer, [item]).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await run({ ...legal, readOnly: true }, [item]).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await run(legal, [{ ...item, expectedVersion: item.expectedVersion - 1 }]).rejects.toMatchObject({ code: 'CONFLICT' });
    await run(legal, [{ ...item, opinion: 'unlawful' }]).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.reason' });
    await run(legal, [good, { ...item, opinion: 'unlawful' }]).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items[1].reason' });
    await run(legal, [good, { proposalId: submitted!.id, opinion: 'lawful', expectedVersion: submitted!.version }]).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await run(legal, [good, { ...item, proposalId: 2_000_000_000 }]).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await run(legal, [good, good]).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.items' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await rowsOf(reviewing.map((p) => p.id))).toEqual(rows);
  });
});
