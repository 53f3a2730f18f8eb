import { classificationVotes, proposals } from '@devolve/db';
import { and, asc, count, eq, inArray, isNull, notExists, notInArray, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../accounts/permissions.ts';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { setFinalClassification, voteClassification } from './commands.ts';

let t: CommandTestDatabase;
let coordinator: Viewer;
let reviewer: Viewer;
let otherReviewer: Viewer;
let legal: Viewer;
beforeAll(async () => {
  t = await commandTestDatabase();
  [coordinator, reviewer, otherReviewer, legal] = await Promise.all([t.viewer('coordinator'), t.viewer('reviewer3'), t.viewer('reviewer4'), t.viewer('legal1')]);
});
afterAll(() => t.dispose());

const at = new Date('2019-10-15T06:00:00.000Z');
const later = new Date('2019-10-16T01:30:00.000Z');
const iso = (value: string) => new Date(value).toISOString();

/** Proposals of the demo data matching `where`, oldest first, each handed out once. */
const used = new Set<number>([0]);
async function take(n: number, where: SQL | undefined) {
  const rows = await t.db
    .select({ id: proposals.id, version: proposals.version, leadReviewerId: proposals.leadReviewerId })
    .from(proposals)
    .where(and(where, notInArray(proposals.id, [...used])))
    .orderBy(asc(proposals.id))
    .limit(n);
  for (const row of rows) used.add(row.id);
  expect(rows).toHaveLength(n);
  return rows;
}
const active = (stage: 'initial_review' | 'recheck' | 'legality_review') => and(eq(proposals.stage, stage), eq(proposals.status, 'active'));
/** Open for classification and not yet voted on by `voter`. */
const unvoted = (voter: Viewer) =>
  and(
    active('initial_review'),
    notExists(
      t.db
        .select({ one: sql`1` })
        .from(classificationVotes)
        .where(and(eq(classificationVotes.proposalId, proposals.id), eq(classificationVotes.reviewerId, voter.userId))),
    ),
  );

const votesOf = (voter: Viewer, ids: number[]) =>
  t.db
    .select()
    .from(classificationVotes)
    .where(and(eq(classificationVotes.reviewerId, voter.userId), inArray(classificationVotes.proposalId, ids)))
    .orderBy(classificationVotes.proposalId);
const voteCount = async () => (await t.db.select({ n: count() }).from(classificationVotes))[0]!.n;
const proposalRows = (ids: number[]) => t.db.select().from(proposals).where(inArray(proposals.id, ids)).orderBy(proposals.id);

describe('voteClassification', () => {
  it("casts the reviewer's votes on several proposals in one call, then changes some with their versions, each logged as internal activity", async () => {
    const [a, b, c] = await take(3, unvoted(reviewer));
    const before = await t.lastActivityId();
    const cast = await t.run(
      reviewer,
      voteClassification,
      {
        items: [
          { proposalId: a!.id, code: ' agree_cancel ', note: '  理由充分。 ' },
          { proposalId: b!.id, code: 'retain' },
          { proposalId: c!.id, code: 'merge', note: '   ' },
        ],
      },
      () => at,
    );
    const rows = await votesOf(reviewer, [a!.id, b!.id, c!.id]);
    expect(rows.map((v) => [v.proposalId, v.code, v.note, v.version])).toEqual([
      [a!.id, 'agree_cancel', '理由充分。', 1],
      [b!.id, 'retain', null, 1],
      [c!.id, 'merge', null, 1],
    ]);
    for (const v of rows) {
      expect(iso(v.createdAt)).toBe(at.toISOString());
      expect(iso(v.updatedAt)).toBe(at.toISOString());
    }
    const byProposal = new Map(rows.map((v) => [v.proposalId, v]));
    expect(cast.votes).toEqual([a!, b!, c!].map((p) => ({ id: byProposal.get(p.id)!.id, proposalId: p.id, version: 1 })));
    const logged = await t.activitySince(before);
    expect(logged.map((e) => [e.action, e.entityType, e.entityId, e.proposalId, e.internal, e.actorId])).toEqual(
      cast.votes.map((v) => ['classification.voted', 'classification_vote', v.id, v.proposalId, true, reviewer.userId]),
    );
    expect(logged.map((e) => [e.before, e.after])).toEqual([
      [null, { code: 'agree_cancel', version: 1 }],
      [null, { code: 'retain', version: 1 }],
      [null, { code: 'merge', version: 1 }],
    ]);
    for (const e of logged) expect(iso(e.createdAt)).toBe(at.toISOString());

    // A change and a new vote in one list.
    const [d] = await take(1, unvoted(reviewer));
    const mark = await t.lastActivityId();
    const second = await t.run(
      reviewer,
      voteClassification,
      { items: [{ proposalId: b!.id, code: 'adjust', note: '建议调整。', expectedVersion: 1 }, { proposalId: d!.id, code: 'retain' }] },
      () => later,
    );
    const [changed] = await votesOf(reviewer, [b!.id]);
    expect(changed).toMatchObject({ id: byProposal.get(b!.id)!.id, code: 'adjust', note: '建议调整。', version: 2 });
    expect(iso(changed!.createdAt)).toBe(at.toISOString());
    expect(iso(changed!.updatedAt)).toBe(later.toISOString());
    expect(second.votes.map((v) => [v.proposalId, v.version])).toEqual([
      [b!.id, 2],
      [d!.id, 1],
    ]);
    const changes = await t.activitySince(mark);
    expect(changes.map((e) => [e.entityId, e.before, e.after])).toEqual([
      [changed!.id, { code: 'retain', version: 1 }, { code: 'adjust', version: 2 }],
      [second.votes[1]!.id, null, { code: 'retain', version: 1 }],
    ]);
  });

  it('refuses the whole list when one vote is refused, writing nothing', async () => {
    const [open, voted] = await take(2, unvoted(reviewer));
    await t.run(reviewer, voteClassification, { items: [{ proposalId: voted!.id, code: 'retain' }] });
    const [legality] = await take(1, active('legality_review'));
    const [draft] = await take(1, eq(proposals.stage, 'draft'));
    const votes = await voteCount();
    const before = await t.lastActivityId();
    const withOpen = (item: { proposalId: number; code: string; note?: string; expectedVersion?: number }) => ({
      items: [{ proposalId: open!.id, code: 'retain' }, item],
    });

    for (const other of [coordinator, legal, { ...otherReviewer, readOnly: true }]) {
      await expect(t.run(other, voteClassification, withOpen({ proposalId: voted!.id, code: 'retain', expectedVersion: 1 }))).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: legality!.id, code: 'retain' }))).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: draft!.id, code: 'retain' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: voted!.id, code: 'abolish_everything', expectedVersion: 1 }))).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.code',
    });
    await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: voted!.id, code: '  ', expectedVersion: 1 }))).rejects.toMatchObject({
      field: 'input.code',
    });
    await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: voted!.id, code: 'merge', note: '字'.repeat(2001), expectedVersion: 1 }))).rejects.toMatchObject({
      field: 'input.note',
    });
    // A second "new" vote (another tab) and a stale version conflict with the vote as it is.
    for (const expectedVersion of [undefined, 2]) {
      await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: voted!.id, code: 'merge', expectedVersion }))).rejects.toMatchObject({
        code: 'CONFLICT',
        currentVersion: 1,
      });
    }
    // Changing a vote that does not exist is a mistake, not a conflict.
    await expect(t.run(otherReviewer, voteClassification, { items: [{ proposalId: open!.id, code: 'merge', expectedVersion: 1 }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'input.expectedVersion',
    });
    await expect(t.run(reviewer, voteClassification, withOpen({ proposalId: open!.id, code: 'merge' }))).rejects.toMatchObject({ field: 'input.items' });
    await expect(t.run(reviewer, voteClassification, { items: [] })).rejects.toMatchObject({ field: 'input.items' });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await voteCount()).toBe(votes);
    expect((await votesOf(reviewer, [voted!.id])).map((v) => [v.code, v.version])).toEqual([['retain', 1]]);
  });
});

describe('setFinalClassification', () => {
  it('sets the final classification of several proposals; the reviewer becomes the lead of those without one', async () => {
    const unled = await take(2, and(inArray(proposals.stage, ['initial_review', 'recheck']), eq(proposals.status, 'active'), isNull(proposals.leadReviewerId)));
    const ids = unled.map((p) => p.id);
    const before = await t.lastActivityId();
    const result = await t.run(
      reviewer,
      setFinalClassification,
      { items: unled.map((p, i) => ({ proposalId: p.id, code: i === 0 ? ' agree_delegate ' : 'retain', expectedVersion: p.version })) },
      () => at,
    );
    const rows = await proposalRows(ids);
    expect(rows.map((p) => [p.classificationCode, p.leadReviewerId, p.version])).toEqual([
      ['agree_delegate', reviewer.userId, unled[0]!.version + 1],
      ['retain', reviewer.userId, unled[1]!.version + 1],
    ]);
    for (const p of rows) expect(iso(p.updatedAt)).toBe(at.toISOString());
    expect(result.proposals).toEqual(rows.map((p) => ({ id: p.id, version: p.version })));
    const logged = await t.activitySince(before);
    expect(logged.map((e) => [e.action, e.entityType, e.entityId, e.internal, e.actorId])).toEqual(
      ids.map((id) => ['proposal.classified', 'proposal', id, false, reviewer.userId]),
    );
    expect(logged[0]!.after).toEqual({ classificationCode: 'agree_delegate', leadReviewerId: reviewer.userId, version: unled[0]!.version + 1 });
    for (const e of logged) expect(iso(e.createdAt)).toBe(at.toISOString());

    // The coordinator may change it and leaves the lead as it is; the lead reviewer may change it too.
    await t.run(coordinator, setFinalClassification, { items: [{ proposalId: ids[0]!, code: 'merge', expectedVersion: rows[0]!.version }] });
    await t.run(reviewer, setFinalClassification, { items: [{ proposalId: ids[0]!, code: 'adjust', expectedVersion: rows[0]!.version + 1 }] });
    const [changed] = await proposalRows([ids[0]!]);
    expect([changed!.classificationCode, changed!.leadReviewerId, changed!.version]).toEqual(['adjust', reviewer.userId, rows[0]!.version + 2]);
  });

  it('refuses the whole list when one proposal is refused, writing nothing', async () => {
    // Not yet classified: an initial review (past it, the lifecycle requires a final classification).
    const [free] = await take(1, and(active('initial_review'), isNull(proposals.leadReviewerId)));
    const [led] = await take(1, and(active('initial_review'), isNull(proposals.leadReviewerId)));
    await t.run(otherReviewer, setFinalClassification, { items: [{ proposalId: led!.id, code: 'retain', expectedVersion: led!.version }] });
    const [leadersProposal] = await proposalRows([led!.id]);
    const [legality] = await take(1, active('legality_review'));
    const [draft] = await take(1, eq(proposals.stage, 'draft'));
    const ids = [free!.id, leadersProposal!.id, legality!.id];
    const rowsBefore = await proposalRows(ids);
    const before = await t.lastActivityId();
    const withFree = (item: { proposalId: number; code: string; expectedVersion: number }) => ({
      items: [{ proposalId: free!.id, code: 'retain', expectedVersion: free!.version }, item],
    });
    const ledItem = { proposalId: leadersProposal!.id, code: 'merge', expectedVersion: leadersProposal!.version };

    // Another reviewer leads it; the justice bureau and read-only credentials never classify.
    await expect(t.run(reviewer, setFinalClassification, withFree(ledItem))).rejects.toMatchObject({ code: 'FORBIDDEN', messageZh: expect.stringContaining('主审') });
    for (const other of [legal, { ...coordinator, readOnly: true }]) {
      await expect(t.run(other, setFinalClassification, withFree(ledItem))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(t.run(coordinator, setFinalClassification, withFree({ ...ledItem, expectedVersion: ledItem.expectedVersion - 1 }))).rejects.toMatchObject({
      code: 'CONFLICT',
      currentVersion: ledItem.expectedVersion,
    });
    await expect(t.run(coordinator, setFinalClassification, withFree({ ...ledItem, code: 'nonsense' }))).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.code' });
    await expect(
      t.run(coordinator, setFinalClassification, withFree({ proposalId: legality!.id, code: 'retain', expectedVersion: legality!.version })),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(t.run(coordinator, setFinalClassification, withFree({ proposalId: draft!.id, code: 'retain', expectedVersion: draft!.version }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(t.run(coordinator, setFinalClassification, withFree({ proposalId: free!.id, code: 'merge', expectedVersion: free!.version }))).rejects.toMatchObject({
      field: 'input.items',
    });

    expect(await t.activitySince(before)).toEqual([]);
    expect(await proposalRows(ids)).toEqual(rowsBefore);
  });
});
