import {
  consultations,
  handovers,
  powerItemChanges,
  powerItems,
  proposalDistricts,
  proposals,
  reviewRecords,
} from '@devolve/db';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { recordLegalityOpinion, transitionProposals } from './commands.ts';
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
