import { proposals, reviewRecords } from '@devolve/db';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { recordLegalityOpinion } from './commands.ts';

let t: CommandTestDatabase;
beforeAll(async () => {
  t = await commandTestDatabase();
});
afterAll(() => t.dispose());

/** A proposal of the demo data waiting for its legality opinion. */
async function atLegalityReview() {
  const [p] = await t.db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .where(and(eq(proposals.stage, 'legality_review'), eq(proposals.status, 'active')))
    .orderBy(desc(proposals.id))
    .limit(1);
  return p!;
}

describe('recordLegalityOpinion', () => {
  it('records the opinion as a review record with its activity, stamped by the domain clock', async () => {
    const legal = await t.viewer('legal1');
    const p = await atLegalityReview();
    const before = await t.lastActivityId();
    const at = new Date('2019-11-20T02:00:00.000Z');
    await t.run(legal, recordLegalityOpinion, { proposalId: p.id, opinion: 'lawful_with_conditions', reason: ' 须保留事中监管 ', expectedVersion: p.version }, () => at);

    const [record] = await t.db.select().from(reviewRecords).where(eq(reviewRecords.proposalId, p.id)).orderBy(desc(reviewRecords.id)).limit(1);
    expect(record).toMatchObject({ stage: 'legality_review', verdict: 'lawful_with_conditions', reason: '须保留事中监管', reviewerId: legal.userId });
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId])).toEqual([['review.recorded', 'review_record', record!.id, legal.userId]]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(at.toISOString());
    const [after] = await t.db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, p.id));
    expect(after!.version).toBe(p.version + 1);
  });

  it('refuses anyone but the justice bureau, a stale version, a missing reason and the wrong stage, writing nothing', async () => {
    const p = await atLegalityReview();
    const legal = await t.viewer('legal1');
    const reviewer = await t.viewer('reviewer1');
    const before = await t.lastActivityId();
    const input = { proposalId: p.id, opinion: 'lawful' as const, expectedVersion: p.version };
    await expect(t.run(reviewer, recordLegalityOpinion, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(legal, recordLegalityOpinion, { ...input, expectedVersion: p.version - 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.run(legal, recordLegalityOpinion, { ...input, opinion: 'unlawful' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const [draft] = await t.db.select({ id: proposals.id, version: proposals.version }).from(proposals).where(eq(proposals.stage, 'submitted')).limit(1);
    await expect(t.run(legal, recordLegalityOpinion, { ...input, proposalId: draft!.id, expectedVersion: draft!.version })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(t.run(legal, recordLegalityOpinion, { ...input, proposalId: 2_000_000_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.activitySince(before)).toEqual([]);
  });
});
