import { activity, proposals } from '@devolve/db';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { createInProcessBus } from '../events/in-process.ts';
import { recordLegalityOpinion, transitionProposals } from '../proposals/commands.ts';
import { withCommands } from './mutate.ts';

let t: CommandTestDatabase;
beforeAll(async () => {
  t = await commandTestDatabase();
});
afterAll(() => t.dispose());

/** A proposal of the demo data awaiting its legality opinion, skipping `skip`. */
async function atLegalityReview(skip: number) {
  const [p] = await t.db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .where(and(eq(proposals.stage, 'legality_review'), eq(proposals.status, 'active')))
    .orderBy(desc(proposals.id))
    .limit(1)
    .offset(skip);
  return p!;
}

const opinionAt = new Date('2019-11-12T03:00:00.000Z');
const completedAt = new Date('2019-11-13T07:30:00.000Z');

describe('withCommands', () => {
  it('runs several commands in one transaction, each stamped with its own time, its activity in the order they ran', async () => {
    const legal = await t.viewer('legal1');
    const p = await atLegalityReview(0);
    const before = await t.lastActivityId();
    await withCommands({ db: t.db, viewer: null, events: createInProcessBus() }, async (run) => {
      await run(legal, recordLegalityOpinion, { items: [{ proposalId: p.id, opinion: 'lawful', expectedVersion: p.version }] }, opinionAt);
      await run(legal, transitionProposals, { transition: 'complete_legality_review', items: [{ proposalId: p.id, expectedVersion: p.version + 1 }] }, completedAt);
    });
    const logged = await t.db.select().from(activity).where(gt(activity.id, before)).orderBy(asc(activity.id));
    expect(logged.map((a) => [a.action, a.actorId, new Date(a.createdAt).toISOString()])).toEqual([
      ['review.recorded', legal.userId, opinionAt.toISOString()],
      ['proposal.transitioned', legal.userId, completedAt.toISOString()],
    ]);
    const [row] = await t.db.select().from(proposals).where(eq(proposals.id, p.id));
    expect([row!.stage, row!.version, new Date(row!.updatedAt).toISOString()]).toEqual(['recheck', p.version + 2, completedAt.toISOString()]);
  });

  it('is all or nothing: a refused command rolls back the ones before it', async () => {
    const legal = await t.viewer('legal1');
    const reviewer = await t.viewer('reviewer1');
    const p = await atLegalityReview(1);
    const before = await t.lastActivityId();
    const attempt = withCommands({ db: t.db, viewer: null, events: createInProcessBus() }, async (run) => {
      await run(legal, recordLegalityOpinion, { items: [{ proposalId: p.id, opinion: 'lawful', expectedVersion: p.version }] }, opinionAt);
      // Only the justice bureau or the coordinator completes the legality review.
      await run(reviewer, transitionProposals, { transition: 'complete_legality_review', items: [{ proposalId: p.id, expectedVersion: p.version + 1 }] }, completedAt);
    });
    await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.lastActivityId()).toBe(before);
    const [row] = await t.db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, p.id));
    expect(row!.version).toBe(p.version);
  });
});
