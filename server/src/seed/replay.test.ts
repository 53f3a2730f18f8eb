/**
 * The seed writes its proposals, review work, consultations and threads as bulk rows, because
 * playing the whole story through the commands takes several times its 10 s budget on PGlite (see
 * the README's Known issues). This test is what keeps the two from diverging: a sample of the
 * demo's proposals, one of each kind of path the story takes, is played through the domain
 * commands (each move as its actor, at its moment, in a fresh database holding the same units,
 * people, campaigns and power list), and every row and activity entry the commands write for them
 * must equal what the bulk seed wrote.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activity,
  classificationVotes,
  commentRevisions,
  comments,
  commentThreads,
  consultations,
  type Database,
  districtFeedback,
  handovers,
  hashPassword,
  type OpenedDatabase,
  powerItemChanges,
  proposalAssignees,
  proposalDistricts,
  proposals,
  publicPasswordParams,
  reviewRecords,
  users,
} from '@devolve/db';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import type { Viewer } from '../accounts/permissions.ts';
import type { Command } from '../activity/mutate.ts';
import { assignReviewers } from '../assignments/commands.ts';
import { setFinalClassification, voteClassification } from '../classification/commands.ts';
import { editComment, replyToThreads, setThreadResolved, startCommentThreads } from '../comments/commands.ts';
import { answerConsultations, openConsultations } from '../consultations/commands.ts';
import { updateHandover } from '../handovers/commands.ts';
import { createProposals, recordLegalityOpinion, transitionProposals } from '../proposals/commands.ts';
import { ActivityLog } from './activity.ts';
import { planConsultations, planHandovers, type PlannedConsultation, type PlannedHandover } from './consultations.ts';
import { demoPassword, seedUsers } from './people.ts';
import { generatePowerList } from './power-items.ts';
import { planProposals, type PlannedProposal } from './proposals.ts';
import { Rng } from './random.ts';
import { planReviews } from './review-work.ts';
import { runAt, type StoryWriter, viewerOf } from './story.ts';
import { planThreads, type PlannedThread } from './threads.ts';
import { iso } from './time.ts';
import { type Organisation, writeCampaigns, writeOrganisation, writePowerList } from './write.ts';

/** One move of the story: when, who, and the command call that makes it. */
interface Move {
  at: number;
  actorId: number;
  run: (s: StoryWriter) => Promise<unknown>;
}

/**
 * The proposals' index in the plan: one of each path the story takes (its action, its moves in
 * order, how its consultation ended), and for each kind of thread (visibility, resolved, edited)
 * one that has it, if the paths did not bring one.
 */
function samplePaths(planned: PlannedProposal[], consultationOf: Map<number, PlannedConsultation>, threadsOf: Map<number, PlannedThread[]>): number[] {
  const taken = new Map<string, number>();
  const take = (key: string, i: number) => {
    if (!taken.has(key)) taken.set(key, i);
  };
  planned.forEach((p, i) => take([p.action, p.path.map((s) => s.transition).join(','), consultationOf.get(i)?.status ?? '-'].join('/'), i));
  const threadKind = (t: PlannedThread) => `thread/${t.visibility}/${t.resolvedAt !== null}/${t.comments.some((c) => c.editedAt !== null)}`;
  const covered = new Set([...taken.values()].flatMap((i) => (threadsOf.get(i) ?? []).map(threadKind)));
  for (const [i, threads] of [...threadsOf].sort(([a], [b]) => a - b)) {
    for (const t of threads) if (!covered.has(threadKind(t))) take(threadKind(t), i);
  }
  return [...new Set(taken.values())].sort((a, b) => a - b);
}

describe('the demo seed against the commands', () => {
  let template: TestDatabase;
  let replayDatabase: TestDatabase;
  let replay: OpenedDatabase;
  /** Plan index → proposal id in the seeded template and in the replay. */
  const seededId = new Map<number, number>();
  const replayedId = new Map<number, number>();
  let sample: number[] = [];
  let replayLog: ActivityLog;

  beforeAll(async () => {
    template = await createTestDatabase({ engine: 'pglite', seed: true });
    // A copy of the migrated template: seconds cheaper than migrating a fresh database.
    replayDatabase = await createTestDatabase({ engine: 'pglite' });
    replay = replayDatabase.opened;

    // The plan exactly as seedDemoData draws it (random.ts: forks depend on their label alone).
    const rng = new Rng(2019);
    const powerList = generatePowerList(rng.fork('power-items'));
    const planned = planProposals(rng.fork('proposals'), powerList.items, powerList.spareNames);
    const write = rng.fork('write');
    const passwordHash = await hashPassword(demoPassword, publicPasswordParams);

    const seeded = await template.opened.db.select({ id: proposals.id }).from(proposals).orderBy(asc(proposals.id));
    seeded.forEach((row, i) => seededId.set(i, row.id));

    replayLog = new ActivityLog();
    await replay.db.transaction(async (tx) => {
      const c = { tx, rng: write, log: replayLog, counts: {} };
      const org = await writeOrganisation(c, seedUsers(), passwordHash);
      const campaignId = await writeCampaigns(c, org);
      replayLog.campaignId = campaignId;
      const itemIds = await writePowerList(c, org, powerList);
      const reviews = planReviews(write.fork('reviews'), planned, org.team);
      const consultationOf = new Map(planConsultations(write.fork('consultations'), planned).map((plan) => [plan.proposalIndex, plan]));
      const threadsOf = new Map<number, PlannedThread[]>();
      for (const t of planThreads(write.fork('threads'), planned, reviews, org.team)) threadsOf.set(t.proposalIndex, [...(threadsOf.get(t.proposalIndex) ?? []), t]);
      const handoversOf = new Map<number, PlannedHandover[]>();
      for (const h of planHandovers(write.fork('handovers'), planned)) handoversOf.set(h.proposalIndex, [...(handoversOf.get(h.proposalIndex) ?? []), h]);
      sample = samplePaths(planned, consultationOf, threadsOf);
      // Only the sample's own entries are compared: the units', campaigns' and items' are not replayed.
      replayLog = new ActivityLog();
      replayLog.campaignId = campaignId;
      const story: StoryWriter = { tx, log: replayLog };
      const moves = sample.flatMap((i) =>
        proposalMoves(tx, org, campaignId, itemIds, planned[i]!, reviews[i]!, consultationOf.get(i) ?? null, threadsOf.get(i) ?? [], handoversOf.get(i) ?? [], (id) =>
          replayedId.set(i, id),
        ),
      );
      // In story order; a proposal's own moves keep their planned order at equal times.
      moves.sort((a, b) => a.at - b.at);
      for (const move of moves) await move.run(story);
    });
  }, 300_000);

  afterAll(async () => {
    await replayDatabase?.dispose();
    await template?.dispose();
  });

  it('samples every kind of path the story takes', () => {
    expect(sample.length).toBeGreaterThan(100);
    expect(replayedId.size).toBe(sample.length);
  });

  /**
   * The rows `read` gives for the sample's proposals, their proposal id (`key`) replaced by the
   * plan's index and ordered by it (each database numbers proposals in its own order), the
   * columns in `drop` left out.
   */
  async function rowsFor(
    db: Database,
    ids: Map<number, number>,
    read: (proposalIds: number[]) => Promise<Record<string, unknown>[]>,
    drop: string[],
    key: string,
  ): Promise<Record<string, unknown>[]> {
    const indexOf = new Map([...ids].map(([i, id]) => [id, i]));
    const rows = (await read([...ids.values()])).map((row) => {
      const out: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(row)) {
        if (column === key) out.proposal = indexOf.get(value as number);
        else if (!drop.includes(column)) out[column] = value;
      }
      return out;
    });
    // Stable: rows of one proposal keep the order `read` gave them.
    return rows.sort((a, b) => (a.proposal as number) - (b.proposal as number));
  }

  const sampleIds = (ids: Map<number, number>) => new Map(sample.map((i) => [i, ids.get(i)!]));

  /** Both databases' rows for the sample, the first that differ compared alone so a failure shows one row's difference. */
  async function expectSameRows(read: (db: Database) => (proposalIds: number[]) => Promise<Record<string, unknown>[]>, options: { drop?: string[]; key?: string } = {}) {
    const drop = options.drop ?? ['id'];
    const key = options.key ?? 'proposalId';
    const replayed = await rowsFor(replay.db, sampleIds(replayedId), read(replay.db), drop, key);
    const seeded = await rowsFor(template.opened.db, sampleIds(seededId), read(template.opened.db), drop, key);
    const first = seeded.findIndex((row, i) => !isDeepStrictEqual(row, replayed[i]));
    if (first >= 0) expect(replayed[first]).toEqual(seeded[first]);
    expect(replayed).toHaveLength(seeded.length);
  }

  it('writes the same proposals: every column, versions and timestamps included', async () => {
    await expectSameRows((db) => (ids) => db.select().from(proposals).where(inArray(proposals.id, ids)), { drop: [], key: 'id' });
  });

  it('writes the same target districts, assignees, votes and review records', async () => {
    await expectSameRows((db) => (ids) => db.select().from(proposalDistricts).where(inArray(proposalDistricts.proposalId, ids)).orderBy(asc(proposalDistricts.districtId)));
    await expectSameRows((db) => (ids) => db.select().from(proposalAssignees).where(inArray(proposalAssignees.proposalId, ids)).orderBy(asc(proposalAssignees.userId)));
    await expectSameRows((db) => (ids) => db.select().from(classificationVotes).where(inArray(classificationVotes.proposalId, ids)).orderBy(asc(classificationVotes.reviewerId)));
    await expectSameRows((db) => (ids) => db.select().from(reviewRecords).where(inArray(reviewRecords.proposalId, ids)).orderBy(asc(reviewRecords.createdAt)));
  });

  it('writes the same consultations and district answers', async () => {
    await expectSameRows((db) => (ids) => db.select().from(consultations).where(inArray(consultations.proposalId, ids)));
    await expectSameRows((db) => (ids) =>
      db
        .select({ proposalId: consultations.proposalId, feedback: districtFeedback })
        .from(districtFeedback)
        .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
        .where(inArray(consultations.proposalId, ids))
        .orderBy(asc(districtFeedback.districtId))
        .then((rows) => rows.map(({ proposalId, feedback: { id: _id, consultationId: _c, ...rest } }) => ({ proposalId, ...rest }))),
    );
  });

  it('writes the same comment threads, comments and earlier bodies', async () => {
    await expectSameRows((db) => (ids) => db.select().from(commentThreads).where(inArray(commentThreads.proposalId, ids)).orderBy(asc(commentThreads.createdAt)));
    await expectSameRows((db) => (ids) =>
      db
        .select({ proposalId: commentThreads.proposalId, comment: comments, earlier: commentRevisions.body, revisedAt: commentRevisions.createdAt })
        .from(comments)
        .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
        .leftJoin(commentRevisions, eq(commentRevisions.commentId, comments.id))
        .where(inArray(commentThreads.proposalId, ids))
        .orderBy(asc(comments.createdAt))
        .then((rows) => rows.map(({ proposalId, comment: { id: _id, threadId: _t, ...rest }, earlier, revisedAt }) => ({ proposalId, ...rest, earlier, revisedAt }))),
    );
  });

  it("writes the same power-list changes, and handovers as approval creates them and the districts report on them", async () => {
    await expectSameRows((db) => (ids) => db.select().from(powerItemChanges).where(inArray(powerItemChanges.proposalId, ids)), { drop: ['id', 'summary'] });
    await expectSameRows((db) => (ids) => db.select().from(handovers).where(inArray(handovers.proposalId, ids)).orderBy(asc(handovers.districtId)));
  });

  it("logs the same activity: each entry's action, actor, moment, audience and content", async () => {
    const entityFree = (content: unknown) => {
      if (content === null || typeof content !== 'object') return content;
      // Ids of rows each database numbers itself.
      const { threadId: _t, revisionId: _r, ...rest } = content as Record<string, unknown>;
      return rest;
    };
    const shape = (row: { proposalId: number | null; actorId: number | null; action: string; createdAt: string; internal: boolean; districtId: number | null; before: unknown; after: unknown }) => ({
      proposalId: row.proposalId,
      action: row.action,
      actorId: row.actorId,
      at: new Date(row.createdAt).getTime(),
      internal: row.internal,
      districtId: row.districtId,
      before: entityFree(row.before),
      after: entityFree(row.after),
    });
    const indexOfReplayed = new Map([...replayedId].map(([i, id]) => [id, i]));
    const replayed = replayLog
      .rows()
      .filter((row) => row.proposalId !== null && indexOfReplayed.has(row.proposalId))
      .map((row) => shape({ ...row, proposalId: indexOfReplayed.get(row.proposalId!)!, createdAt: row.createdAt as string }));
    const indexOfSeeded = new Map(sample.map((i) => [seededId.get(i)!, i]));
    const seeded = (
      await template.opened.db
        .select()
        .from(activity)
        .where(inArray(activity.proposalId, [...indexOfSeeded.keys()]))
        .orderBy(asc(activity.id))
    ).map((row) => shape({ ...row, proposalId: indexOfSeeded.get(row.proposalId!)! }));
    const byProposalThenTime = (a: ReturnType<typeof shape>, b: ReturnType<typeof shape>) => a.proposalId! - b.proposalId! || a.at - b.at;
    replayed.sort(byProposalThenTime);
    seeded.sort(byProposalThenTime);
    const first = seeded.findIndex((entry, i) => !isDeepStrictEqual(entry, replayed[i]));
    if (first >= 0) expect(replayed.slice(first, first + 3)).toEqual(seeded.slice(first, first + 3));
    expect(replayed).toHaveLength(seeded.length);
  });
});

/** Each user's viewer, as the commands see them (systemViewer: a credential that writes). */
const viewers = new Map<number, Promise<Viewer>>();
function viewerFor(s: StoryWriter, userId: number): Promise<Viewer> {
  let viewer = viewers.get(userId);
  if (!viewer) {
    viewer = s.tx.select({ username: users.username }).from(users).where(eq(users.id, userId)).then(([row]) => viewerOf(s.tx, row!.username));
    viewers.set(userId, viewer);
  }
  return viewer;
}

/** A proposal's version now: what the next move on it expects. */
async function versionOf(tx: StoryWriter['tx'], id: number): Promise<number> {
  const [row] = await tx.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, id));
  return row!.version;
}

/** Every move of one planned proposal's story, as command calls. */
function proposalMoves(
  tx: StoryWriter['tx'],
  org: Organisation,
  campaignId: number,
  itemIds: number[],
  p: PlannedProposal,
  review: ReturnType<typeof planReviews>[number],
  consultation: PlannedConsultation | null,
  threads: PlannedThread[],
  handoverPlans: PlannedHandover[],
  created: (id: number) => void,
): Move[] {
  const { team } = org;
  let id = 0;
  const as = <I, R>(actorId: number, at: number, command: Command<I, R>, input: () => Promise<I> | I): Move => ({
    at,
    actorId,
    run: async (s) => runAt(s, await viewerFor(s, actorId), at, command, await input()),
  });
  const submitter = team.submitterByDepartment.get(p.departmentCode)!;
  const moves: Move[] = [
    {
      at: p.createdAt,
      actorId: submitter,
      run: async (s) => {
        const result = await runAt(s, await viewerFor(s, submitter), p.createdAt, createProposals, {
          campaignId,
          items: [
            {
              action: p.action,
              powerItemId: p.itemIndex === null ? null : itemIds[p.itemIndex]!,
              powerType: p.itemIndex === null ? p.typeCode : null,
              proposedItemName: p.proposedItemName,
              rationale: p.rationale,
              changeLegalBasis: p.changeLegalBasis,
              attachments: p.attachments,
              mergeIntoItemId: p.mergeIntoItemIndex === null ? null : itemIds[p.mergeIntoItemIndex]!,
              targetDistrictIds: p.targetDistrictCodes.map((code) => org.unitId.get(code)!),
            },
          ],
        });
        id = result.proposalIds[0]!;
        created(id);
      },
    },
  ];
  if (review.assignedAt !== null) {
    moves.push(as(team.coordinator, review.assignedAt, assignReviewers, () => ({ items: [{ proposalId: id, reviewerIds: review.assigneeIds }] })));
  }
  for (const vote of review.votes) {
    moves.push(as(vote.reviewerId, vote.at, voteClassification, () => ({ items: [{ proposalId: id, code: vote.code, note: vote.note }] })));
  }
  if (review.classifiedAt !== null) {
    moves.push(
      as(review.leadReviewerId!, review.classifiedAt, setFinalClassification, async () => ({
        items: [{ proposalId: id, code: review.classificationCode!, expectedVersion: await versionOf(tx, id) }],
      })),
    );
  }
  const opinion = review.legalityOpinion;
  if (opinion) {
    moves.push(
      as(team.legal, opinion.at, recordLegalityOpinion, async () => ({
        items: [{ proposalId: id, opinion: opinion.verdict, reason: opinion.reason, expectedVersion: await versionOf(tx, id) }],
      })),
    );
  }
  if (consultation) {
    const districtIds = consultation.feedback.map((f) => org.unitId.get(f.districtCode)!);
    moves.push(as(team.coordinator, consultation.openedAt, openConsultations, () => ({ items: [{ proposalId: id, deadline: iso(consultation.deadline), districtIds }] })));
    for (const f of consultation.feedback) {
      const stance = f.stance;
      if (f.respondedAt === null || stance === null) continue;
      const liaison = team.liaisonByDistrict.get(f.districtCode)!;
      const districtId = org.unitId.get(f.districtCode)!;
      moves.push(
        as(liaison, f.respondedAt, answerConsultations, async () => {
          const [row] = await tx
            .select({ id: districtFeedback.id, version: districtFeedback.version })
            .from(districtFeedback)
            .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
            .where(and(eq(consultations.proposalId, id), eq(districtFeedback.districtId, districtId)));
          const { districtCode: _d, stance: _s, respondedAt: _r, ...texts } = f;
          return { items: [{ feedbackId: row!.id, stance, ...texts, expectedVersion: row!.version }] };
        }),
      );
    }
  }
  for (const step of review.steps) {
    moves.push(
      as(step.actorId, step.at, transitionProposals, async () => ({
        transition: step.transition,
        items: [{ proposalId: id, expectedVersion: await versionOf(tx, id), reason: step.reason }],
      })),
    );
  }
  for (const h of handoverPlans) {
    if (!h.updatedByDistrict) continue;
    const districtId = org.unitId.get(h.districtCode)!;
    moves.push(
      as(team.liaisonByDistrict.get(h.districtCode)!, h.updatedAt, updateHandover, async () => {
        const [row] = await tx
          .select({ id: handovers.id, version: handovers.version })
          .from(handovers)
          .where(and(eq(handovers.proposalId, id), eq(handovers.districtId, districtId)));
        const { status, staffingReady, systemsReady, trainingDone, notes, plannedOn } = h;
        return { handoverId: row!.id, status, staffingReady, systemsReady, trainingDone, notes, plannedOn, expectedVersion: row!.version };
      }),
    );
  }
  for (const thread of threads) {
    let threadId = 0;
    const commentIds: number[] = [];
    const [first, ...replies] = thread.comments;
    moves.push({
      at: first!.at,
      actorId: thread.authorId,
      run: async (s) => {
        const [started] = await runAt(s, await viewerFor(s, thread.authorId), first!.at, startCommentThreads, {
          items: [{ proposalId: id, anchor: thread.anchor, visibility: thread.visibility, body: first!.earlierBody ?? first!.body }],
        });
        threadId = started!.threadId;
        commentIds[0] = started!.commentId;
      },
    });
    replies.forEach((reply, k) =>
      moves.push({
        at: reply.at,
        actorId: reply.authorId,
        run: async (s) => {
          const [commentId] = await runAt(s, await viewerFor(s, reply.authorId), reply.at, replyToThreads, { items: [{ threadId, body: reply.earlierBody ?? reply.body }] });
          commentIds[k + 1] = commentId!;
        },
      }),
    );
    thread.comments.forEach((comment, k) => {
      if (comment.editedAt === null) return;
      moves.push(as(comment.authorId, comment.editedAt, editComment, () => ({ commentId: commentIds[k]!, body: comment.body, expectedVersion: 1 })));
    });
    if (thread.resolvedAt !== null) {
      moves.push(
        as(thread.resolvedById!, thread.resolvedAt, setThreadResolved, async () => {
          const [row] = await tx.select({ version: commentThreads.version }).from(commentThreads).where(eq(commentThreads.id, threadId));
          return { threadId, resolved: true, expectedVersion: row!.version };
        }),
      );
    }
  }
  return moves;
}
