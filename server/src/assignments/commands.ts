import { proposalAssignees, proposals, users, type Database } from '@devolve/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { inIds } from '../id-lists.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { bumpVersion, type Command, type Tx } from '../activity/mutate.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '../errors.ts';
import { notFound, readableIds, requireAllReadable, requireReadable } from '../readable.ts';
import { assignableRoles, assigneeChange, assignLimits, canAssign, canBeAssigned, unassignableReason } from './rules.ts';

/**
 * The reviewer-assignment commands (architecture: one place per rule). GraphQL, the seed and jobs
 * call these; each checks everything itself and writes through the mutation it is given.
 */

const notCoordinator = () =>
  new ForbiddenError('只有统筹人员可以分派审核人员', 'Only the coordinator assigns reviewers');

/** A request's proposals: 1 to the limit, each listed once (by id as given: global or database). */
export function checkProposalList(keys: readonly (string | number)[]): void {
  if (keys.length < 1 || keys.length > assignLimits.proposals) {
    throw new ValidationError(
      'input.proposalIds',
      `一次可分派 1 至 ${assignLimits.proposals} 条意见`,
      `Assign 1 to ${assignLimits.proposals} proposals at a time`,
    );
  }
  if (new Set(keys).size !== keys.length) {
    throw new ValidationError('input.proposalIds', '意见列表中有重复', 'A proposal is listed twice');
  }
}

/**
 * A request's reviewers for one proposal, each once: 1 to the limit, every one an active person
 * holding a reviewer role. Checks the reviewers of all proposals in one statement.
 */
export async function checkReviewers(db: Tx | Database, reviewerLists: readonly (readonly number[])[]): Promise<number[][]> {
  const lists = reviewerLists.map((ids) => {
    if (ids.length < 1 || ids.length > assignLimits.reviewers) {
      throw new ValidationError(
        'input.reviewerIds',
        `每次可分派 1 至 ${assignLimits.reviewers} 名审核人员`,
        `Assign 1 to ${assignLimits.reviewers} reviewers at a time`,
      );
    }
    return [...new Set(ids)];
  });
  const ids = [...new Set(lists.flat())];
  const found = await db.select({ id: users.id, roles: users.roles, active: users.active }).from(users).where(inArray(users.id, ids));
  const assignable = new Set(found.filter((u) => u.active && canBeAssigned(u.roles)).map((u) => u.id));
  if (ids.some((id) => !assignable.has(id))) {
    throw new ValidationError(
      'input.reviewerIds',
      '只能分派在岗的审核人员或合法性审查人员',
      `Only active people with the role ${assignableRoles.join(' or ')} can be assigned`,
    );
  }
  return lists;
}

/**
 * The campaign of a bulk assignment run one proposal at a time: that of the first listed proposal
 * the viewer may read, or undefined when there is none (then every item fails as missing).
 */
export async function batchCampaignOf(db: Database, viewer: Viewer, proposalIds: readonly number[]): Promise<number | undefined> {
  const readable = await readableIds(db, viewer, 'Proposal', proposalIds);
  const first = proposalIds.find((id) => readable.has(id));
  if (first === undefined) return undefined;
  const [row] = await db.select({ campaignId: proposals.campaignId }).from(proposals).where(eq(proposals.id, first));
  return row?.campaignId;
}

export interface AssignReviewersInput {
  /** Each proposal with the reviewers it gets (1 to 10; 1 to 500 proposals, each once). */
  items: readonly { proposalId: number; reviewerIds: readonly number[] }[];
  /** true: the reviewers become each proposal's only assignees; false (default): they join those already assigned. */
  replace?: boolean;
  /** The campaign every proposal must be in; by default that of the first. */
  campaignId?: number;
}

/** Each proposal's version after the command, in the order given (the caller's next expectedVersion). */
export interface ProposalVersions {
  proposals: { id: number; version: number }[];
}

/**
 * Puts reviewers on proposals under review (coordinator), all or nothing: a draft, withdrawn or
 * decided proposal, one of another campaign, an unreadable one or a reviewer who cannot review
 * refuses the whole list. A proposal whose assignees change gets a new version; each gets its
 * `proposal.assigned` entry, changed or not.
 */
export const assignReviewers: Command<AssignReviewersInput, ProposalVersions> = async (m, input) => {
  if (!canAssign(m.viewer)) throw notCoordinator();
  const ids = input.items.map((item) => item.proposalId);
  checkProposalList(ids);
  const reviewerLists = await checkReviewers(m.tx, input.items.map((item) => item.reviewerIds));
  await requireAllReadable(m, 'Proposal', ids);
  // One lock for all, in id order so two overlapping lists cannot deadlock.
  const locked = new Map(
    (
      await m.tx
        .select({ id: proposals.id, campaignId: proposals.campaignId, stage: proposals.stage, status: proposals.status, version: proposals.version })
        .from(proposals)
        .where(inIds(proposals.id, ids))
        .orderBy(proposals.id)
        .for('no key update')
    ).map((row) => [row.id, row]),
  );
  const rows = ids.map((id) => {
    const row = locked.get(id);
    // Read above in this transaction; gone only if deleted since.
    if (!row) throw notFound('Proposal', encodeGlobalID('Proposal', id));
    return row;
  });
  const campaignId = input.campaignId ?? rows[0]!.campaignId;
  for (const proposal of rows) {
    if (unassignableReason(proposal)) {
      throw new InvalidTransitionError('草稿、已撤回或已决定的意见不能分派审核人员', 'Draft, withdrawn and decided proposals take no reviewers');
    }
    if (proposal.campaignId !== campaignId) {
      throw new ValidationError('input.proposalIds', '一次分派的意见须属于同一轮工作', 'The proposals of one assignment must be in the same campaign');
    }
  }

  const current = await m.tx
    .select({ id: proposalAssignees.id, proposalId: proposalAssignees.proposalId, userId: proposalAssignees.userId })
    .from(proposalAssignees)
    .where(inIds(proposalAssignees.proposalId, ids));
  const changes = rows.map((proposal, i) => {
    const assigned = current.filter((row) => row.proposalId === proposal.id);
    const before = assigned.map((row) => row.userId).sort((a, b) => a - b);
    const change = assigneeChange(before, reviewerLists[i]!, input.replace ?? false);
    const removedRows = assigned.filter((row) => change.remove.includes(row.userId)).map((row) => row.id);
    return { proposal, before, change, removedRows };
  });

  const removed = changes.flatMap((c) => c.removedRows);
  if (removed.length > 0) await m.tx.delete(proposalAssignees).where(inIds(proposalAssignees.id, removed));
  const added = changes.flatMap(({ proposal, change }) =>
    change.add.map((userId) => ({ proposalId: proposal.id, userId, assignedById: m.viewer.userId, createdAt: m.now.toISOString() })),
  );
  if (added.length > 0) await m.tx.insert(proposalAssignees).values(added);
  const changed = changes.filter((c) => c.change.add.length > 0 || c.change.remove.length > 0).map((c) => c.proposal.id);
  const bumped = new Map(
    changed.length === 0
      ? []
      : (
          await m.tx
            .update(proposals)
            .set({ version: sql`${proposals.version} + 1` })
            .where(inIds(proposals.id, changed))
            .returning({ id: proposals.id, version: proposals.version })
        ).map((row) => [row.id, row.version]),
  );

  return {
    proposals: changes.map(({ proposal, before, change }) => {
      const version = bumped.get(proposal.id) ?? proposal.version;
      m.record({
        action: 'proposal.assigned',
        entityId: proposal.id,
        campaignId: proposal.campaignId,
        proposalId: proposal.id,
        before: { assigneeIds: before, version: proposal.version },
        after: { assigneeIds: change.after, version },
      });
      return { id: proposal.id, version };
    }),
  };
};

export interface UnassignReviewerInput {
  proposalId: number;
  reviewerId: number;
}

/** Takes one reviewer off a proposal (coordinator): the proposal gets a new version. */
export const unassignReviewer: Command<UnassignReviewerInput, { proposalId: number; version: number }> = async (m, input) => {
  if (!canAssign(m.viewer)) throw notCoordinator();
  const { proposalId, reviewerId } = input;
  await requireReadable(m, 'Proposal', proposalId);
  const [proposal] = await m.tx
    .select({ campaignId: proposals.campaignId, version: proposals.version })
    .from(proposals)
    .where(eq(proposals.id, proposalId))
    .for('no key update');
  if (!proposal) throw notFound('Proposal', encodeGlobalID('Proposal', proposalId));
  const current = await m.tx
    .select({ userId: proposalAssignees.userId })
    .from(proposalAssignees)
    .where(eq(proposalAssignees.proposalId, proposalId));
  const before = current.map((row) => row.userId).sort((a, b) => a - b);
  if (!before.includes(reviewerId)) {
    throw new ValidationError('input.reviewerId', '该人员未被分派到此意见', 'This person is not assigned to the proposal');
  }
  await m.tx.delete(proposalAssignees).where(and(eq(proposalAssignees.proposalId, proposalId), eq(proposalAssignees.userId, reviewerId)));
  const version = await bumpVersion(m.tx, proposals, proposalId);
  m.record({
    action: 'proposal.unassigned',
    entityId: proposalId,
    campaignId: proposal.campaignId,
    proposalId,
    before: { assigneeIds: before, version: proposal.version },
    after: { assigneeIds: before.filter((id) => id !== reviewerId), version },
  });
  return { proposalId, version };
};
