import { commentRevisions, comments, commentThreads, proposals, units, users } from '@devolve/db';
import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { editComment, replyToThreads, setThreadResolved, startCommentThreads } from './commands.ts';

let t: CommandTestDatabase;
let reviewer1: Viewer;
let reviewer2: Viewer;
let legal: Viewer;
let department: Viewer;
let otherDepartment: Viewer;
/** Who read threads but write in none: the observer, a district liaison. */
let observer: Viewer;
let liaison: Viewer;
/** Two of 市场监管局's proposals under review, and one of another department's. */
let own: { id: number }[];
let foreign: { id: number };
let draft: { id: number };

const at = new Date('2019-10-08T03:00:00.000Z');
const later = new Date('2019-10-09T06:30:00.000Z');
const clock = (date: Date) => () => date;

beforeAll(async () => {
  t = await commandTestDatabase();
  reviewer1 = await t.viewer('reviewer1');
  reviewer2 = await t.viewer('reviewer2');
  legal = await t.viewer('legal1');
  department = await t.viewer('gz-scjgj');
  otherDepartment = await t.viewer('gz-zjj');
  observer = await t.viewer('observer');
  liaison = await t.viewer('district-440106');
  const underReview = (unitCondition: ReturnType<typeof eq>) =>
    t.db
      .select({ id: proposals.id })
      .from(proposals)
      .innerJoin(units, eq(units.id, proposals.submittingUnitId))
      .where(and(unitCondition, eq(proposals.stage, 'initial_review')))
      .orderBy(proposals.id)
      .limit(2);
  own = await underReview(eq(units.code, 'GZ-SCJGJ'));
  [foreign] = (await underReview(ne(units.code, 'GZ-SCJGJ'))) as [{ id: number }];
  [draft] = (await t.db.select({ id: proposals.id }).from(proposals).where(eq(proposals.stage, 'draft')).limit(1)) as [{ id: number }];
});
afterAll(() => t.dispose());

async function rowCounts() {
  const n = async (table: typeof commentThreads | typeof comments | typeof commentRevisions) =>
    (await t.db.select({ n: count() }).from(table))[0]!.n;
  return { threads: await n(commentThreads), comments: await n(comments), revisions: await n(commentRevisions) };
}

/** Runs each refusal, expecting its code, then checks that none of them wrote anything. */
async function expectRefusals(refusals: [() => Promise<unknown>, string][]) {
  const before = await t.lastActivityId();
  const counts = await rowCounts();
  for (const [refused, code] of refusals) await expect(refused()).rejects.toMatchObject({ code });
  expect(await t.activitySince(before)).toEqual([]);
  expect(await rowCounts()).toEqual(counts);
}

describe('startCommentThreads', () => {
  it('starts a list of threads with their first comments in order, stamped by the domain clock', async () => {
    const before = await t.lastActivityId();
    const started = await t.run(
      reviewer1,
      startCommentThreads,
      {
        items: [
          { proposalId: own[0]!.id, anchor: 'rationale', visibility: 'internal', body: '  @reviewer2 请核对办件量  ' },
          { proposalId: own[1]!.id, visibility: 'shared', body: '@gz-scjgj 请补充材料' },
          { proposalId: own[0]!.id, visibility: 'shared', body: '无提及' },
        ],
      },
      clock(at),
    );
    expect(started).toHaveLength(3);
    const threads = await t.db.select().from(commentThreads).where(inArray(commentThreads.id, started.map((s) => s.threadId))).orderBy(commentThreads.id);
    expect(threads.map((th) => [th.proposalId, th.anchor, th.visibility, th.authorId])).toEqual([
      [own[0]!.id, 'rationale', 'internal', reviewer1.userId],
      [own[1]!.id, null, 'shared', reviewer1.userId],
      [own[0]!.id, null, 'shared', reviewer1.userId],
    ]);
    for (const thread of threads) expect([new Date(thread.createdAt).toISOString(), new Date(thread.updatedAt).toISOString()]).toEqual([at.toISOString(), at.toISOString()]);
    const written = await t.db.select().from(comments).where(inArray(comments.id, started.map((s) => s.commentId))).orderBy(comments.id);
    expect(written.map((c) => [c.threadId, c.body, c.mentionedUserIds])).toEqual([
      [started[0]!.threadId, '@reviewer2 请核对办件量', [reviewer2.userId]],
      [started[1]!.threadId, '@gz-scjgj 请补充材料', [department.userId]],
      [started[2]!.threadId, '无提及', []],
    ]);
    expect(new Date(written[0]!.createdAt).toISOString()).toBe(at.toISOString());

    const logged = await t.activitySince(before);
    // Every thread's start, then every first comment: each thread is logged before its comment.
    expect(logged.map((a) => [a.action, a.entityId, a.actorId, a.internal])).toEqual([
      ...started.map((s, i) => ['comment_thread.started', s.threadId, reviewer1.userId, i === 0]),
      ...started.map((s, i) => ['comment.created', s.commentId, reviewer1.userId, i === 0]),
    ]);
    for (const entry of logged) expect(new Date(entry.createdAt).toISOString()).toBe(at.toISOString());
  });

  it("lets a department start shared threads on its own proposals only", async () => {
    const [started] = await t.run(department, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'shared', body: '已补充材料' }] });
    const [thread] = await t.db.select().from(commentThreads).where(eq(commentThreads.id, started!.threadId));
    expect(thread).toMatchObject({ visibility: 'shared', authorId: department.userId });
    await expectRefusals([
      [() => t.run(department, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'internal', body: '内部' }] }), 'FORBIDDEN'],
      [() => t.run(department, startCommentThreads, { items: [{ proposalId: foreign.id, visibility: 'shared', body: '别的单位' }] }), 'NOT_FOUND'],
      [() => t.run(otherDepartment, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'shared', body: '路过' }] }), 'NOT_FOUND'],
    ]);
  });

  it('refuses the whole list for one bad item, and bad viewers, writing nothing', async () => {
    const good = { proposalId: own[0]!.id, visibility: 'shared' as const, body: '可以' };
    await expectRefusals([
      [() => t.run(reviewer1, startCommentThreads, { items: [good, { ...good, body: '   ' }] }), 'VALIDATION'],
      [() => t.run(reviewer1, startCommentThreads, { items: [good, { ...good, body: '字'.repeat(5001) }] }), 'VALIDATION'],
      [() => t.run(reviewer1, startCommentThreads, { items: [good, { ...good, visibility: 'internal', body: '@gz-scjgj 请看内部讨论' }] }), 'VALIDATION'],
      [() => t.run(reviewer1, startCommentThreads, { items: [good, { ...good, body: '@gz-zjj 请看' }] }), 'VALIDATION'],
      // The team does not read a department's draft: to them it does not exist.
      [() => t.run(reviewer1, startCommentThreads, { items: [good, { ...good, proposalId: draft.id }] }), 'NOT_FOUND'],
      [() => t.run(reviewer1, startCommentThreads, { items: [good, { ...good, proposalId: 2_000_000_000 }] }), 'NOT_FOUND'],
      [() => t.run({ ...reviewer1, readOnly: true }, startCommentThreads, { items: [good] }), 'FORBIDDEN'],
      [() => t.run(observer, startCommentThreads, { items: [good] }), 'FORBIDDEN'],
      [() => t.run(liaison, startCommentThreads, { items: [good] }), 'FORBIDDEN'],
    ]);
  });

  it('refuses a display name several users share, asking for the username', async () => {
    const [{ displayName }] = (await t.db.select({ displayName: users.displayName }).from(users).where(eq(users.id, reviewer2.userId))) as [{ displayName: string }];
    await t.db.insert(users).values({ username: 'reviewer2-namesake', displayName, unitId: reviewer2.unitId, roles: ['reviewer'], passwordHash: 'unused' });
    const refused = () => t.run(reviewer1, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'internal', body: `@${displayName} 请看` }] });
    await expectRefusals([[refused, 'VALIDATION']]);
    await expect(refused()).rejects.toMatchObject({ messageZh: expect.stringContaining(displayName) });
  });
});

describe('replyToThreads', () => {
  it('adds replies in the order given, several to one thread, with their mentions and activity', async () => {
    const [shared, internal] = await t.run(reviewer1, startCommentThreads, {
      items: [
        { proposalId: own[0]!.id, visibility: 'shared', body: '请补充' },
        { proposalId: own[0]!.id, visibility: 'internal', body: '内部' },
      ],
    });
    const before = await t.lastActivityId();
    const ids = await t.run(
      reviewer2,
      replyToThreads,
      {
        items: [
          { threadId: shared!.threadId, body: '@gz-scjgj 请补充承接单位意见' },
          { threadId: internal!.threadId, body: '@legal1 请看' },
          { threadId: shared!.threadId, body: ' 第二条 ' },
        ],
      },
      clock(later),
    );
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const written = await t.db.select().from(comments).where(inArray(comments.id, ids)).orderBy(comments.id);
    expect(written.map((c) => [c.threadId, c.authorId, c.body, c.mentionedUserIds, new Date(c.createdAt).toISOString()])).toEqual([
      [shared!.threadId, reviewer2.userId, '@gz-scjgj 请补充承接单位意见', [department.userId], later.toISOString()],
      [internal!.threadId, reviewer2.userId, '@legal1 请看', [legal.userId], later.toISOString()],
      [shared!.threadId, reviewer2.userId, '第二条', [], later.toISOString()],
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.internal, a.proposalId])).toEqual([
      ['comment.created', 'comment', ids[0], false, own[0]!.id],
      ['comment.created', 'comment', ids[1], true, own[0]!.id],
      ['comment.created', 'comment', ids[2], false, own[0]!.id],
    ]);

    const fromDepartment = await t.run(department, replyToThreads, { items: [{ threadId: shared!.threadId, body: `@reviewer2 已补充` }] });
    expect(fromDepartment).toHaveLength(1);
  });

  it('refuses replies from outside the thread and bad items, the whole list, writing nothing', async () => {
    const [shared, internal] = await t.run(reviewer1, startCommentThreads, {
      items: [
        { proposalId: own[1]!.id, visibility: 'shared', body: '共享' },
        { proposalId: own[1]!.id, visibility: 'internal', body: '内部' },
      ],
    });
    const good = { threadId: shared!.threadId, body: '回复' };
    await expectRefusals([
      [() => t.run(department, replyToThreads, { items: [good, { threadId: internal!.threadId, body: '我们也想说' }] }), 'NOT_FOUND'],
      [() => t.run(otherDepartment, replyToThreads, { items: [good] }), 'NOT_FOUND'],
      [() => t.run(observer, replyToThreads, { items: [good] }), 'FORBIDDEN'],
      [() => t.run(reviewer1, replyToThreads, { items: [good, { ...good, body: '@gz-zjj 请看' }] }), 'VALIDATION'],
      [() => t.run(reviewer1, replyToThreads, { items: [good, { ...good, body: '' }] }), 'VALIDATION'],
      [() => t.run(reviewer1, replyToThreads, { items: [good, { ...good, threadId: 2_000_000_000 }] }), 'NOT_FOUND'],
      [() => t.run({ ...reviewer1, readOnly: true }, replyToThreads, { items: [good] }), 'FORBIDDEN'],
    ]);
  });
});

describe('editComment', () => {
  it('keeps the previous body as a revision and marks the comment edited, at the domain clock', async () => {
    const [started] = await t.run(reviewer1, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'internal', body: '初稿' }] });
    const before = await t.lastActivityId();
    await t.run(reviewer1, editComment, { commentId: started!.commentId, body: ' 定稿 @reviewer2 ', expectedVersion: 1 }, clock(later));

    const [edited] = await t.db.select().from(comments).where(eq(comments.id, started!.commentId));
    expect(edited).toMatchObject({ body: '定稿 @reviewer2', version: 2, mentionedUserIds: [reviewer2.userId] });
    expect(new Date(edited!.editedAt!).toISOString()).toBe(later.toISOString());
    const revisions = await t.db.select().from(commentRevisions).where(eq(commentRevisions.commentId, started!.commentId));
    expect(revisions.map((r) => [r.body, r.editedById, new Date(r.createdAt).toISOString()])).toEqual([['初稿', reviewer1.userId, later.toISOString()]]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.internal, a.before, a.after])).toEqual([
      ['comment.edited', started!.commentId, true, { version: 1, revisionId: revisions[0]!.id }, { version: 2, mentionedUserIds: [reviewer2.userId] }],
    ]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(later.toISOString());
  });

  it("refuses someone else's comment, a stale version, bad bodies and unreadable comments, writing nothing", async () => {
    const [started] = await t.run(department, startCommentThreads, { items: [{ proposalId: own[1]!.id, visibility: 'shared', body: '原文' }] });
    const input = { commentId: started!.commentId, body: '改', expectedVersion: 1 };
    await expectRefusals([
      [() => t.run(reviewer1, editComment, input), 'FORBIDDEN'],
      [() => t.run(department, editComment, { ...input, expectedVersion: 2 }), 'CONFLICT'],
      [() => t.run(department, editComment, { ...input, body: ' ' }), 'VALIDATION'],
      [() => t.run(department, editComment, { ...input, body: '@gz-zjj 请看' }), 'VALIDATION'],
      [() => t.run(otherDepartment, editComment, input), 'NOT_FOUND'],
      [() => t.run(department, editComment, { ...input, commentId: 2_000_000_000 }), 'NOT_FOUND'],
      [() => t.run({ ...department, readOnly: true }, editComment, input), 'FORBIDDEN'],
    ]);
  });
});

describe('setThreadResolved', () => {
  it("resolves a thread, recording who and when, and reopens it", async () => {
    const [started] = await t.run(department, startCommentThreads, { items: [{ proposalId: own[0]!.id, visibility: 'shared', body: '请确认' }] });
    const before = await t.lastActivityId();
    await t.run(department, setThreadResolved, { threadId: started!.threadId, resolved: true, expectedVersion: 1 }, clock(later));
    const [resolved] = await t.db.select().from(commentThreads).where(eq(commentThreads.id, started!.threadId));
    expect(resolved).toMatchObject({ resolved: true, resolvedById: department.userId, version: 2 });
    expect([new Date(resolved!.resolvedAt!).toISOString(), new Date(resolved!.updatedAt).toISOString()]).toEqual([later.toISOString(), later.toISOString()]);

    await t.run(reviewer2, setThreadResolved, { threadId: started!.threadId, resolved: false, expectedVersion: 2 }, clock(later));
    const [reopened] = await t.db.select().from(commentThreads).where(eq(commentThreads.id, started!.threadId));
    expect(reopened).toMatchObject({ resolved: false, resolvedById: null, resolvedAt: null, version: 3 });
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.actorId, a.after])).toEqual([
      ['comment_thread.resolved', started!.threadId, department.userId, { resolved: true, resolvedById: department.userId, version: 2 }],
      ['comment_thread.reopened', started!.threadId, reviewer2.userId, { resolved: false, resolvedById: null, version: 3 }],
    ]);
  });

  it('refuses resolving twice, a stale version, a writer who is neither author nor steward, and outsiders, writing nothing', async () => {
    const [started] = await t.run(department, startCommentThreads, { items: [{ proposalId: own[1]!.id, visibility: 'shared', body: '请确认' }] });
    const thread = { threadId: started!.threadId };
    await t.run(department, setThreadResolved, { ...thread, resolved: true, expectedVersion: 1 });
    await expectRefusals([
      [() => t.run(reviewer1, setThreadResolved, { ...thread, resolved: true, expectedVersion: 2 }), 'INVALID_TRANSITION'],
      [() => t.run(reviewer1, setThreadResolved, { ...thread, resolved: false, expectedVersion: 1 }), 'CONFLICT'],
      // legal1 may write in the thread but is neither its author nor a reviewer.
      [() => t.run(legal, setThreadResolved, { ...thread, resolved: false, expectedVersion: 2 }), 'FORBIDDEN'],
      [() => t.run(otherDepartment, setThreadResolved, { ...thread, resolved: false, expectedVersion: 2 }), 'NOT_FOUND'],
      [() => t.run({ ...department, readOnly: true }, setThreadResolved, { ...thread, resolved: false, expectedVersion: 2 }), 'FORBIDDEN'],
    ]);
  });
});
