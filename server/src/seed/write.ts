/**
 * Writes the planned demo into the database, one area at a time, inside the caller's transaction.
 * Every step returns the ids later steps need and logs its events for the activity spine.
 */
import { nameInitials } from '../power-items/initials.ts';
import { sql } from 'drizzle-orm';
import { joinedById, jsonRows } from '../json-rows.ts';
import {
  activity,
  campaigns,
  classificationOptions,
  classificationVotes,
  commentRevisions,
  comments,
  commentThreads,
  consultations,
  districtFeedback,
  evaluations,
  handovers,
  keyTaskGoals,
  keyTaskProgress,
  keyTasks,
  powerItemChanges,
  powerItemClaims,
  powerItems,
  proposalAssignees,
  proposalDistricts,
  proposals,
  publicComments,
  reviewRecords,
  units,
  users,
} from '@devolve/db';
import type { ActivityLog } from './activity.ts';
import { campaign2019, campaign2020, classificationVocabulary } from './campaigns.ts';
import { handoverReport, planConsultations, planHandovers, type PlannedConsultation } from './consultations.ts';
import type { SeedSummary } from './index.ts';
import { insertAll, insertIds, type Tx } from './insert.ts';
import { keyTask20, keyTaskGoals as goalTexts, keyTaskProgress as progressReports } from './key-task.ts';
import type { SeedUser } from './people.ts';
import type { PowerList } from './power-items.ts';
import type { PlannedProposal } from './proposals.ts';
import { planClaims, planPublicComments, thirdPartyEvaluation } from './public-input.ts';
import type { Rng } from './random.ts';
import { planReviews, type ReviewPlan, type Team } from './review-work.ts';
import { planThreads } from './threads.ts';
import { cst, iso } from './time.ts';
import { allUnits, leadOffice } from './units.ts';

/** Row counts per table, as the seed summary reports them; each writer fills in its own tables. */
export type TableCounts = Partial<Omit<SeedSummary, 'milliseconds'>>;

interface Context {
  tx: Tx;
  rng: Rng;
  log: ActivityLog;
  counts: TableCounts;
}

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export interface Organisation {
  unitId: Map<string, number>;
  team: Team;
}

/** Units and users; every user gets the one precomputed password hash. */
export async function writeOrganisation(c: Context, seedUsers: SeedUser[], passwordHash: string): Promise<Organisation> {
  const unitList = allUnits();
  const unitIds = await insertIds(
    c.tx,
    units,
    unitList.map((u, i) => ({
      kind: u.kind,
      code: u.code,
      name: u.name,
      shortName: u.shortName,
      nameEn: u.nameEn,
      sortOrder: i + 1,
      createdAt: iso(cst(2019, 1, 2)),
    })),
  );
  const unitId = new Map(unitList.map((u, i) => [u.code, unitIds[i]!]));

  const userIds = await insertIds(
    c.tx,
    users,
    seedUsers.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      unitId: unitId.get(u.unitCode)!,
      roles: u.roles,
      passwordHash,
      createdAt: iso(cst(2019, 7, 1)),
    })),
  );
  const userId = new Map(seedUsers.map((u, i) => [u.username, userIds[i]!]));
  const byRole = (role: SeedUser['roles'][number]) =>
    new Map(seedUsers.filter((u) => u.roles.includes(role)).map((u) => [u.unitCode, userId.get(u.username)!]));
  c.counts.units = unitIds.length;
  c.counts.users = userIds.length;
  return {
    unitId,
    team: {
      coordinator: userId.get('coordinator')!,
      approver: userId.get('approver')!,
      legal: userId.get('legal1')!,
      observer: userId.get('observer')!,
      reviewers: [1, 2, 3, 4, 5].map((n) => userId.get(`reviewer${n}`)!),
      displayNames: new Map(seedUsers.map((u, i) => [userIds[i]!, u.displayName])),
      submitterByDepartment: byRole('submitter'),
      liaisonByDistrict: byRole('district_liaison'),
    },
  };
}

/** The 2019 campaign (returned) and the 2020 one in planning, each with the classification vocabulary. */
export async function writeCampaigns(c: Context, org: Organisation): Promise<number> {
  const leadUnitId = org.unitId.get(leadOffice.code)!;
  const list = [campaign2019, campaign2020];
  const ids = await insertIds(c.tx, campaigns, list.map(({ createdAt, ...fields }) => ({ ...fields, leadUnitId, createdAt: iso(createdAt), updatedAt: iso(createdAt) })));
  list.forEach((campaign, i) =>
    c.log.add({
      at: campaign.createdAt,
      actorId: org.team.coordinator,
      action: 'campaign.created',
      entity: ['campaign', ids[i]!],
      campaignId: ids[i]!,
      after: { status: 'planning' },
    }),
  );
  const optionRows = ids.flatMap((campaignId) => classificationVocabulary.map((o, i) => ({ campaignId, ...o, sortOrder: i + 1 })));
  await insertAll(c.tx, classificationOptions, optionRows);
  c.counts.campaigns = ids.length;
  c.counts.classificationOptions = optionRows.length;
  return ids[0]!;
}

/** The power list as it stood after the 2019 reform, each item with its first history row, and a few claims. */
export async function writePowerList(c: Context, org: Organisation, list: PowerList): Promise<number[]> {
  const listedAt = iso(cst(2019, 6, 28, 9));
  const itemIds = await insertIds(
    c.tx,
    powerItems,
    list.items.map((item) => ({
      basicCode: item.basicCode,
      name: item.name,
      subItemName: item.subItemName,
      nameInitials: nameInitials(item.name, item.subItemName),
      typeCode: item.typeCode,
      legalBasis: item.legalBasis,
      level: item.level,
      implementingUnitId: item.claimed ? org.unitId.get(item.departmentCode)! : null,
      handlingDivision: item.handlingDivision,
      coImplementers: item.coImplementers,
      responsibilitySteps: item.responsibilitySteps,
      accountability: item.accountability,
      source: item.source,
      createdAt: listedAt,
      updatedAt: listedAt,
    })),
  );
  const changeRows = list.items.map((item, i) => ({
    powerItemId: itemIds[i]!,
    version: 1,
    kind: 'created',
    actorId: null,
    summary: '2019年机构改革后市级行政权力事项清单导入',
    after: { basicCode: item.basicCode, name: item.name, typeCode: item.typeCode },
    createdAt: listedAt,
  }));
  await insertAll(c.tx, powerItemChanges, changeRows);

  const { team } = org;
  const claims = planClaims(c.rng.fork('claims'), list.items);
  const claimIds = await insertIds(
    c.tx,
    powerItemClaims,
    claims.map((claim) => ({
      powerItemId: itemIds[claim.itemIndex]!,
      unitId: org.unitId.get(claim.departmentCode)!,
      claimedById: team.submitterByDepartment.get(claim.departmentCode) ?? null,
      reason: claim.reason,
      status: claim.status,
      decidedById: claim.status === 'rejected' ? team.coordinator : null,
      decisionNote: claim.decisionNote,
      createdAt: iso(claim.at),
    })),
  );
  claims.forEach((claim, i) => {
    const entity = ['power_item_claim', claimIds[i]!] as const;
    const actorId = team.submitterByDepartment.get(claim.departmentCode) ?? null;
    const powerItemId = itemIds[claim.itemIndex]!;
    const unitId = org.unitId.get(claim.departmentCode)!;
    c.log.add({ at: claim.at, actorId, action: 'power_item.claimed', entity, after: { powerItemId, unitId, contested: false } });
    if (claim.decidedAt !== null)
      c.log.add({
        at: claim.decidedAt,
        actorId: team.coordinator,
        action: 'power_item.claim_settled',
        entity,
        before: { status: 'pending' },
        after: { status: claim.status, powerItemId, unitId },
      });
  });
  c.counts.powerItems = itemIds.length;
  c.counts.powerItemChanges = changeRows.length;
  c.counts.powerItemClaims = claimIds.length;
  return itemIds;
}

export interface WrittenProposals {
  proposalIds: number[];
  reviews: ReviewPlan[];
  consultations: PlannedConsultation[];
  /** The version each consultation's opening left its proposal at. */
  consultationVersions: Map<number, number>;
}

/** Proposals, their target districts, and the special team's assignments, votes and review records. */
export async function writeProposals(
  c: Context,
  org: Organisation,
  campaignId: number,
  planned: PlannedProposal[],
  itemIds: number[],
): Promise<WrittenProposals> {
  const { team } = org;
  const reviews = planReviews(c.rng.fork('reviews'), planned, team);
  const consultationPlans = planConsultations(c.rng.fork('consultations'), planned);
  const consultationOf = new Map(consultationPlans.map((plan) => [plan.proposalIndex, plan]));
  const proposalIds = await insertIds(
    c.tx,
    proposals,
    planned.map((p, i) => ({
      campaignId,
      powerItemId: p.itemIndex === null ? null : itemIds[p.itemIndex]!,
      powerTypeCode: p.typeCode,
      submittingUnitId: org.unitId.get(p.departmentCode)!,
      action: p.action,
      mergeIntoItemId: p.mergeIntoItemIndex === null ? null : itemIds[p.mergeIntoItemIndex]!,
      proposedItemName: p.proposedItemName,
      rationale: p.rationale,
      changeLegalBasis: p.changeLegalBasis,
      attachments: p.attachments,
      stage: p.stage,
      status: p.status,
      classificationCode: reviews[i]!.classificationCode,
      leadReviewerId: reviews[i]!.classificationCode === null ? null : reviews[i]!.leadReviewerId,
      createdById: team.submitterByDepartment.get(p.departmentCode)!,
      submittedAt: isoOrNull(p.submittedAt),
      decidedAt: isoOrNull(p.decidedAt),
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
      version: finalVersion(reviews[i]!, consultationOf.get(i) ?? null),
    })),
  );

  // Target districts of delegations and entrustments, in district order.
  const districtRows = planned.flatMap((p, i) =>
    p.targetDistrictCodes.map((code) => ({ proposalId: proposalIds[i]!, districtId: org.unitId.get(code)! })),
  );
  await insertAll(c.tx, proposalDistricts, districtRows);

  const assigneeRows = planned.flatMap((_, i) =>
    reviews[i]!.assigneeIds.map((userId) => ({
      proposalId: proposalIds[i]!,
      userId,
      assignedById: team.coordinator,
      createdAt: iso(reviews[i]!.assignedAt!),
    })),
  );
  await insertAll(c.tx, proposalAssignees, assigneeRows);

  const votes = planned.flatMap((_, i) => reviews[i]!.votes.map((v) => ({ i, v })));
  const voteIds = await insertIds(
    c.tx,
    classificationVotes,
    votes.map(({ i, v }) => ({
      proposalId: proposalIds[i]!,
      reviewerId: v.reviewerId,
      code: v.code,
      note: v.note,
      createdAt: iso(v.at),
      updatedAt: iso(v.at),
    })),
  );

  const records = planned.flatMap((_, i) => reviews[i]!.records.map((r) => ({ i, r })));
  const recordIds = await insertIds(
    c.tx,
    reviewRecords,
    records.map(({ i, r }) => ({
      proposalId: proposalIds[i]!,
      stage: r.stage,
      reviewerId: r.reviewerId,
      verdict: r.verdict,
      reason: r.reason,
      createdAt: iso(r.at),
    })),
  );

  const opinionVersions = new Map<number, number>();
  const consultationVersions = new Map<number, number>();
  planned.forEach((p, i) => {
    const versions = logProposalWork(c.log, p, proposalIds[i]!, reviews[i]!, consultationOf.get(i) ?? null, team, {
      powerItemId: p.itemIndex === null ? null : itemIds[p.itemIndex]!,
      targetDistrictIds: p.targetDistrictCodes.map((code) => org.unitId.get(code)!),
    });
    if (versions.opinion !== null) opinionVersions.set(i, versions.opinion);
    if (versions.consultation !== null) consultationVersions.set(i, versions.consultation);
  });
  await applyApprovals(c, planned, proposalIds, itemIds, reviews);
  votes.forEach(({ i, v }, k) =>
    c.log.add({
      at: v.at,
      actorId: v.reviewerId,
      action: 'classification.voted',
      entity: ['classification_vote', voteIds[k]!],
      proposalId: proposalIds[i]!,
      internal: true,
      after: { code: v.code, version: 1 },
    }),
  );
  // Only the legality opinion is a command of its own; the other records come with their moves.
  records.forEach(({ i, r }, k) => {
    if (r.stage !== 'legality_review') return;
    c.log.add({
      at: r.at,
      actorId: r.reviewerId,
      action: 'review.recorded',
      entity: ['review_record', recordIds[k]!],
      proposalId: proposalIds[i]!,
      after: { verdict: r.verdict, version: opinionVersions.get(i)! },
    });
  });

  c.counts.proposals = proposalIds.length;
  c.counts.proposalDistricts = districtRows.length;
  c.counts.proposalAssignees = assigneeRows.length;
  c.counts.classificationVotes = voteIds.length;
  c.counts.reviewRecords = recordIds.length;
  return { proposalIds, reviews, consultations: consultationPlans, consultationVersions };
}

/** What approval does to the power list (as proposals/decisions.ts): the item is cancelled, delegated or merged away. */
const itemStatusAfter = { cancel: 'cancelled', delegate: 'delegated', merge: 'merged' } as const;

async function applyApprovals(c: Context, planned: PlannedProposal[], proposalIds: number[], itemIds: number[], reviews: ReviewPlan[]): Promise<void> {
  const changes = planned.flatMap((p, i) => {
    const approval = reviews[i]!.steps.find((s) => s.transition === 'approve');
    const status = itemStatusAfter[p.action as keyof typeof itemStatusAfter];
    if (!approval || !status || p.itemIndex === null) return [];
    return [{ powerItemId: itemIds[p.itemIndex]!, proposalId: proposalIds[i]!, action: p.action, status, approval }];
  });
  if (changes.length === 0) return;
  // Two statements for all of them (one item is approved at most once in the story), not two each.
  const rows = changes.map(({ powerItemId, status, approval }) => ({ id: powerItemId, status, at: iso(approval.at) }));
  await c.tx
    .update(powerItems)
    .set({ status: sql`changed.status`, version: 2, updatedAt: sql`changed.at` })
    .from(jsonRows('changed', { id: 'integer', status: 'power_item_status', at: 'timestamptz' }, rows))
    .where(
      joinedById(
        powerItems.id,
        'changed.id',
        rows.map((row) => row.id),
      ),
    );
  await insertAll(
    c.tx,
    powerItemChanges,
    changes.map(({ powerItemId, proposalId, action, status, approval }) => ({
      powerItemId,
      version: 2,
      kind: status,
      actorId: approval.actorId,
      proposalId,
      summary: `Approved proposal ${proposalId}: ${action}`,
      after: { status },
      createdAt: iso(approval.at),
    })),
  );
  for (const { powerItemId, proposalId, status, approval } of changes) {
    c.log.add({
      at: approval.at,
      actorId: approval.actorId,
      action: 'power_item.changed',
      entity: ['power_item', powerItemId],
      proposalId,
      after: { status, version: 2 },
    });
  }
  c.counts.powerItemChanges = (c.counts.powerItemChanges ?? 0) + changes.length;
}

/**
 * The proposal's own entries, as the commands write them: created, assigned, classified, the
 * legality opinion, the consultation opened, and every move along the lifecycle
 * (`proposal.transitioned`), each bumping the proposal's version in time order. Returns the
 * versions the opinion and the consultation left the proposal at, for their own entries.
 */
function logProposalWork(
  log: ActivityLog,
  p: PlannedProposal,
  proposalId: number,
  review: ReviewPlan,
  consultation: PlannedConsultation | null,
  team: Team,
  /** What createProposals records of the draft. */
  created: { powerItemId: number | null; targetDistrictIds: number[] },
): { opinion: number | null; consultation: number | null } {
  const versions: { opinion: number | null; consultation: number | null } = { opinion: null, consultation: null };
  const submitter = team.submitterByDepartment.get(p.departmentCode)!;
  const base = { entity: ['proposal', proposalId] as const, proposalId };
  log.add({ ...base, at: p.createdAt, actorId: submitter, action: 'proposal.created', after: { action: p.action, ...created } });
  const changes: { at: number; write: (version: number) => void }[] = [];
  if (review.assignedAt !== null) {
    const at = review.assignedAt;
    changes.push({
      at,
      write: (version) =>
        log.add({
          ...base,
          at,
          actorId: team.coordinator,
          action: 'proposal.assigned',
          before: { assigneeIds: [], version: version - 1 },
          // In id order, as assigneeChange lists them.
          after: { assigneeIds: [...review.assigneeIds].sort((a, b) => a - b), version },
        }),
    });
  }
  if (review.classifiedAt !== null) {
    const at = review.classifiedAt;
    changes.push({
      at,
      write: (version) =>
        log.add({
          ...base,
          at,
          actorId: review.leadReviewerId,
          action: 'proposal.classified',
          before: { classificationCode: null, leadReviewerId: null },
          after: { classificationCode: review.classificationCode, leadReviewerId: review.leadReviewerId, version },
        }),
    });
  }
  const opinion = review.legalityOpinion;
  if (opinion)
    changes.push({
      at: opinion.at,
      // The review record's own entry (entity review_record) is logged with the records.
      write: (version) => (versions.opinion = version),
    });
  if (consultation)
    changes.push({
      at: consultation.openedAt,
      write: (version) => (versions.consultation = version),
    });
  let stage: PlannedProposal['stage'] = 'draft';
  let status: PlannedProposal['status'] = 'active';
  for (const step of review.steps) {
    const before = { stage, status };
    changes.push({
      at: step.at,
      write: (version) =>
        log.add({
          ...base,
          at: step.at,
          actorId: step.actorId,
          action: 'proposal.transitioned',
          before: { ...before, version: version - 1 },
          after: { transition: step.transition, ...step.to, version, ...(step.reason ? { reason: step.reason } : {}) },
        }),
    });
    ({ stage, status } = step.to);
  }
  // Stable: a change planned at the same moment as a move keeps its order.
  changes.sort((a, b) => a.at - b.at);
  changes.forEach((change, k) => change.write(k + 2));
  return versions;
}

/** The proposal's version once all its work is done: one bump per change `logProposalWork` writes. */
function finalVersion(review: ReviewPlan, consultation: PlannedConsultation | null): number {
  const once = [review.assignedAt, review.classifiedAt, review.legalityOpinion, consultation].filter((x) => x !== null).length;
  return 1 + once + review.steps.length;
}

/** ~1,500 comment threads with their comments and the earlier bodies of edited comments. */
export async function writeThreads(c: Context, org: Organisation, planned: PlannedProposal[], written: WrittenProposals): Promise<void> {
  const { proposalIds } = written;
  const threads = planThreads(c.rng.fork('threads'), planned, written.reviews, org.team);
  const threadIds = await insertIds(
    c.tx,
    commentThreads,
    threads.map((t) => ({
      proposalId: proposalIds[t.proposalIndex]!,
      anchor: t.anchor,
      visibility: t.visibility,
      authorId: t.authorId,
      resolved: t.resolvedAt !== null,
      resolvedById: t.resolvedById,
      resolvedAt: isoOrNull(t.resolvedAt),
      // Resolving is a change of its own (setThreadResolved).
      version: t.resolvedAt === null ? 1 : 2,
      createdAt: iso(t.comments[0]!.at),
      // Replies and edits change comments, not the thread (replyToThreads, editComment).
      updatedAt: iso(t.resolvedAt ?? t.comments[0]!.at),
    })),
  );
  const all = threads.flatMap((t, ti) => t.comments.map((comment) => ({ ti, comment })));
  const commentIds = await insertIds(
    c.tx,
    comments,
    all.map(({ ti, comment }) => ({
      threadId: threadIds[ti]!,
      authorId: comment.authorId,
      body: comment.body,
      mentionedUserIds: comment.mentionedUserIds,
      editedAt: isoOrNull(comment.editedAt),
      createdAt: iso(comment.at),
      version: comment.editedAt === null ? 1 : 2,
    })),
  );
  const revisionRows = all.flatMap(({ comment }, k) =>
    comment.earlierBody === null || comment.editedAt === null
      ? []
      : [{ commentId: commentIds[k]!, body: comment.earlierBody, editedById: comment.authorId, createdAt: iso(comment.editedAt) }],
  );
  const revisionIds = await insertIds(c.tx, commentRevisions, revisionRows);
  const revisionOf = new Map(revisionRows.map((row, k) => [row.commentId, revisionIds[k]!]));

  // A thread's start before its first comment, as startCommentThreads records them (the log keeps the order of equal times).
  threads.forEach((t, ti) =>
    c.log.add({
      at: t.comments[0]!.at,
      actorId: t.authorId,
      action: 'comment_thread.started',
      entity: ['comment_thread', threadIds[ti]!],
      proposalId: proposalIds[t.proposalIndex]!,
      internal: t.visibility === 'internal',
      after: { anchor: t.anchor, visibility: t.visibility },
    }),
  );
  all.forEach(({ ti, comment }, k) => {
    const proposalId = proposalIds[threads[ti]!.proposalIndex]!;
    const entity = ['comment', commentIds[k]!] as const;
    const after = { threadId: threadIds[ti]!, mentionedUserIds: comment.mentionedUserIds };
    const internal = threads[ti]!.visibility === 'internal';
    c.log.add({ at: comment.at, actorId: comment.authorId, action: 'comment.created', entity, proposalId, internal, after });
    if (comment.editedAt !== null)
      c.log.add({
        at: comment.editedAt,
        actorId: comment.authorId,
        action: 'comment.edited',
        entity,
        proposalId,
        internal,
        before: { revisionId: revisionOf.get(commentIds[k]!)!, version: 1 },
        after: { threadId: threadIds[ti]!, mentionedUserIds: comment.mentionedUserIds, version: 2 },
      });
  });
  threads.forEach((t, ti) => {
    if (t.resolvedAt === null) return;
    c.log.add({
      at: t.resolvedAt,
      actorId: t.resolvedById,
      action: 'comment_thread.resolved',
      entity: ['comment_thread', threadIds[ti]!],
      proposalId: proposalIds[t.proposalIndex]!,
      internal: t.visibility === 'internal',
      before: { resolved: false, resolvedById: null },
      after: { resolved: true, resolvedById: t.resolvedById, version: 2 },
    });
  });
  c.counts.commentThreads = threadIds.length;
  c.counts.comments = commentIds.length;
  c.counts.commentRevisions = revisionRows.length;
}

/** Consultations with the target districts, and the handovers of the 35 approved delegations. */
export async function writeDistrictWork(
  c: Context,
  org: Organisation,
  planned: PlannedProposal[],
  written: WrittenProposals,
  itemIds: number[],
): Promise<void> {
  const { team } = org;
  const { proposalIds, consultations: plans } = written;
  const consultationIds = await insertIds(
    c.tx,
    consultations,
    plans.map((p) => ({
      proposalId: proposalIds[p.proposalIndex]!,
      openedById: team.coordinator,
      deadline: iso(p.deadline),
      status: p.status,
      closedAt: isoOrNull(p.closedAt),
      // Closing is a change of its own (close_consultation).
      version: p.closedAt === null ? 1 : 2,
      createdAt: iso(p.openedAt),
    })),
  );
  const feedback = plans.flatMap((p, ci) => p.feedback.map((f) => ({ ci, f })));
  const feedbackIds = await insertIds(
    c.tx,
    districtFeedback,
    feedback.map(({ ci, f }) => ({
      consultationId: consultationIds[ci]!,
      districtId: org.unitId.get(f.districtCode)!,
      stance: f.stance,
      staffingNeeds: f.staffingNeeds,
      systemsNeeds: f.systemsNeeds,
      trainingNeeds: f.trainingNeeds,
      fundingNeeds: f.fundingNeeds,
      capacityNotes: f.capacityNotes,
      comments: f.comments,
      respondedById: f.respondedAt === null ? null : team.liaisonByDistrict.get(f.districtCode)!,
      respondedAt: isoOrNull(f.respondedAt),
      version: f.respondedAt === null ? 1 : 2,
    })),
  );
  plans.forEach((p, ci) => {
    const proposalId = proposalIds[p.proposalIndex]!;
    const entity = ['consultation', consultationIds[ci]!] as const;
    c.log.add({
      at: p.openedAt,
      actorId: team.coordinator,
      action: 'consultation.opened',
      entity,
      proposalId,
      after: {
        deadline: iso(p.deadline),
        districtIds: p.feedback.map((f) => org.unitId.get(f.districtCode)!),
        departmentIds: [],
        proposalVersion: written.consultationVersions.get(p.proposalIndex)!,
      },
    });
    if (p.closedAt !== null)
      c.log.add({ at: p.closedAt, actorId: team.coordinator, action: 'consultation.closed', entity, proposalId, after: { status: 'closed' } });
  });
  feedback.forEach(({ ci, f }, k) => {
    if (f.respondedAt === null) return;
    c.log.add({
      at: f.respondedAt,
      actorId: team.liaisonByDistrict.get(f.districtCode)!,
      action: 'consultation.answered',
      entity: ['district_feedback', feedbackIds[k]!],
      proposalId: proposalIds[plans[ci]!.proposalIndex]!,
      districtId: org.unitId.get(f.districtCode)!,
      before: { stance: null },
      after: { stance: f.stance },
    });
  });

  const handoverPlans = planHandovers(c.rng.fork('handovers'), planned);
  const handoverIds = await insertIds(
    c.tx,
    handovers,
    handoverPlans.map((h) => ({
      proposalId: proposalIds[h.proposalIndex]!,
      powerItemId: itemIds[planned[h.proposalIndex]!.itemIndex!]!,
      districtId: org.unitId.get(h.districtCode)!,
      status: h.status,
      staffingReady: h.staffingReady,
      systemsReady: h.systemsReady,
      trainingDone: h.trainingDone,
      notes: h.notes,
      plannedOn: h.plannedOn,
      takenOverAt: isoOrNull(h.takenOverAt),
      updatedById: h.updatedByDistrict ? team.liaisonByDistrict.get(h.districtCode)! : team.approver,
      createdAt: iso(h.createdAt),
      updatedAt: iso(h.updatedAt),
      version: h.updatedByDistrict ? 2 : 1,
    })),
  );
  handoverPlans.forEach((h, k) => {
    const proposalId = proposalIds[h.proposalIndex]!;
    const entity = ['handover', handoverIds[k]!] as const;
    const districtId = org.unitId.get(h.districtCode)!;
    // Approval creates the handovers (proposals/decisions.ts), so the approver is their author.
    c.log.add({ at: h.createdAt, actorId: team.approver, action: 'handover.created', entity, proposalId, districtId, after: { status: 'preparing' } });
    if (h.updatedByDistrict)
      c.log.add({ at: h.updatedAt, actorId: team.liaisonByDistrict.get(h.districtCode)!, action: 'handover.updated', entity, proposalId, districtId, ...handoverReport(h) });
  });
  c.counts.consultations = consultationIds.length;
  c.counts.districtFeedback = feedbackIds.length;
  c.counts.handovers = handoverIds.length;
}

/** The public's comments and the third-party assessment. */
export async function writePublicInput(
  c: Context,
  org: Organisation,
  campaignId: number,
  planned: PlannedProposal[],
  proposalIds: number[],
  list: PowerList,
): Promise<void> {
  const plans = planPublicComments(c.rng.fork('public'), planned, list.items);
  const ids = await insertIds(
    c.tx,
    publicComments,
    plans.map((p) => ({
      campaignId,
      proposalId: p.proposalIndex === null ? null : proposalIds[p.proposalIndex]!,
      authorName: p.authorName,
      body: p.body,
      status: p.status,
      createdAt: iso(p.at),
    })),
  );
  plans.forEach((p, k) =>
    c.log.add({
      at: p.at,
      actorId: null,
      action: 'public_comment.received',
      entity: ['public_comment', ids[k]!],
      proposalId: p.proposalIndex === null ? null : proposalIds[p.proposalIndex]!,
    }),
  );
  const [evaluation] = await c.tx
    .insert(evaluations)
    .values({
      campaignId,
      // The overall assessment of the campaign (no unit assessed).
      unitId: null,
      kind: 'third_party',
      authorId: org.team.observer,
      score: thirdPartyEvaluation.score,
      summary: thirdPartyEvaluation.summary,
      submittedAt: iso(thirdPartyEvaluation.at),
      createdAt: iso(thirdPartyEvaluation.at),
      updatedAt: iso(thirdPartyEvaluation.at),
    })
    .returning({ id: evaluations.id });
  c.log.add({
    at: thirdPartyEvaluation.at,
    actorId: org.team.observer,
    action: 'evaluation.created',
    entity: ['evaluation', evaluation!.id],
    after: { kind: 'third_party' },
  });
  c.counts.publicComments = ids.length;
  c.counts.evaluations = 1;
}

/** 任务20 with its quarterly goals and progress reports. */
export async function writeKeyTask(c: Context, org: Organisation, campaignId: number): Promise<void> {
  const [task] = await c.tx
    .insert(keyTasks)
    .values({
      year: keyTask20.year,
      number: keyTask20.number,
      title: keyTask20.title,
      leadUnitId: org.unitId.get(leadOffice.code)!,
      campaignId,
      createdAt: iso(keyTask20.createdAt),
    })
    .returning({ id: keyTasks.id });
  const keyTaskId = task!.id;
  const goalRows = goalTexts.flatMap((g) => g.texts.map((text, i) => ({ keyTaskId, quarter: g.quarter, position: i + 1, text })));
  await insertAll(c.tx, keyTaskGoals, goalRows);
  const progressIds = await insertIds(
    c.tx,
    keyTaskProgress,
    progressReports.map((p) => ({
      keyTaskId,
      quarter: p.quarter,
      status: p.status,
      items: p.items,
      reportedById: org.team.coordinator,
      reportedAt: iso(p.reportedAt),
      publishedAt: iso(p.reportedAt),
      updatedAt: iso(p.reportedAt),
    })),
  );
  progressReports.forEach((p, k) =>
    c.log.add({
      at: p.reportedAt,
      actorId: org.team.coordinator,
      action: 'key_task_progress.reported',
      entity: ['key_task_progress', progressIds[k]!],
      after: { quarter: p.quarter, status: p.status },
    }),
  );
  c.counts.keyTasks = 1;
  c.counts.keyTaskGoals = goalRows.length;
  c.counts.keyTaskProgress = progressIds.length;
}

/** The activity spine last, in time order. */
export async function writeActivity(c: Context): Promise<void> {
  const rows = c.log.rows();
  await insertAll(c.tx, activity, rows);
  c.counts.activity = rows.length;
}
