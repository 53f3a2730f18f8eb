import { proposalAssignees, proposals, users, type Database } from '@devolve/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { bumpVersion, mutate, type Mutation } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { bulkResultType, eachOnItsOwn } from '../bulk.ts';
import { DevolveError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { readableIdOf, readableIds } from '../readable.ts';
import { Proposal } from '../proposals/proposals.ts';
import { assignableRoles, assigneeChange, assignLimits, canBeAssigned, unassignableReason } from './rules.ts';

/**
 * Assigning reviewers is the coordinator's job (decision: reviewers do not assign themselves; they
 * find their work through the `assignedToMe` queue filter). A bulk assignment answers per proposal.
 */
builder.drizzleObjectFields(Proposal, (t) => ({
  assignedToMe: t.boolean({
    description: 'Whether the signed-in person is one of the assigned reviewers.',
    select: (_args, ctx) => ({
      extras: {
        assignedToMe: (table) =>
          ctx.viewer
            ? sql<boolean>`exists(select 1 from ${proposalAssignees} where ${proposalAssignees.proposalId} = ${table.id} and ${proposalAssignees.userId} = ${ctx.viewer.userId})`
            : sql<boolean>`false`,
      },
    }),
    resolve: (proposal) => proposal.assignedToMe,
  }),
}));

const BulkAssignResult = bulkResultType('BulkAssignResult');

const proposalWhat = { zh: '精简意见', en: 'proposal' };

/** The reviewers named in an input: existing, active people holding a reviewer role. */
async function readReviewers(db: Database, globalIds: readonly (string | number)[], field: string): Promise<number[]> {
  const ids = [...new Set(globalIds.map((id) => databaseIdOf(String(id), 'User', field)))];
  const found = await db
    .select({ id: users.id, roles: users.roles, active: users.active })
    .from(users)
    .where(inArray(users.id, ids));
  const assignable = new Set(found.filter((u) => u.active && canBeAssigned(u.roles)).map((u) => u.id));
  if (ids.some((id) => !assignable.has(id))) {
    throw new ValidationError(
      field,
      '只能分派在岗的审核人员或合法性审查人员',
      `Only active people with the role ${assignableRoles.join(' or ')} can be assigned`,
    );
  }
  return ids;
}

/** One proposal's assignment, inside its own transaction: every check passes or nothing is written. */
async function assignOne(m: Mutation, proposalId: number, givenId: string, reviewerIds: number[], replace: boolean, campaignId: number) {
  const [proposal] = await m.tx
    .select({ campaignId: proposals.campaignId, stage: proposals.stage, status: proposals.status, version: proposals.version })
    .from(proposals)
    .where(eq(proposals.id, proposalId))
    .for('no key update');
  if (!proposal) throw new NotFoundError(proposalWhat, givenId);
  if (unassignableReason(proposal)) {
    throw new InvalidTransitionError('草稿、已撤回或已决定的意见不能分派审核人员', 'Draft, withdrawn and decided proposals take no reviewers');
  }
  if (proposal.campaignId !== campaignId) {
    throw new ValidationError('input.proposalIds', '一次分派的意见须属于同一轮工作', 'The proposals of one assignment must be in the same campaign');
  }
  const current = await m.tx
    .select({ userId: proposalAssignees.userId })
    .from(proposalAssignees)
    .where(eq(proposalAssignees.proposalId, proposalId));
  const before = current.map((row) => row.userId).sort((a, b) => a - b);
  const change = assigneeChange(before, reviewerIds, replace);
  if (change.remove.length > 0) {
    await m.tx
      .delete(proposalAssignees)
      .where(and(eq(proposalAssignees.proposalId, proposalId), inArray(proposalAssignees.userId, change.remove)));
  }
  if (change.add.length > 0) {
    await m.tx
      .insert(proposalAssignees)
      .values(change.add.map((userId) => ({ proposalId, userId, assignedById: m.viewer!.userId })));
  }
  const changed = change.add.length > 0 || change.remove.length > 0;
  const version = changed ? await bumpVersion(m.tx, proposals, proposalId) : proposal.version;
  m.record({
    action: 'proposal.assigned',
    entityId: proposalId,
    campaignId: proposal.campaignId,
    proposalId,
    before: { assigneeIds: before, version: proposal.version },
    after: { assigneeIds: change.after, version },
  });
}

const AssignReviewersInput = builder.inputType('AssignReviewersInput', {
  fields: (t) => ({
    proposalIds: t.idList({ required: true, description: `1 to ${assignLimits.proposals} proposals of one campaign.` }),
    reviewerIds: t.idList({ required: true, description: `1 to ${assignLimits.reviewers} reviewers or legality reviewers.` }),
    replace: t.boolean({
      defaultValue: false,
      description: 'true: the reviewers become the only assignees; false (default): they join those already assigned.',
    }),
  }),
});

builder.mutationField('assignReviewers', (t) =>
  t.field({
    type: BulkAssignResult,
    errors: {},
    description:
      "Assigns reviewers to one or many proposals (coordinator). Each proposal succeeds or fails on its own; a failed one is left as it was. The batch's campaign is that of the first listed proposal that exists.",
    authScopes: { canWrite: ['coordinator'] },
    args: { input: t.arg({ type: AssignReviewersInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const given = input.proposalIds.map(String);
      if (given.length < 1 || given.length > assignLimits.proposals) {
        throw new ValidationError(
          'input.proposalIds',
          `一次可分派 1 至 ${assignLimits.proposals} 条意见`,
          `Assign 1 to ${assignLimits.proposals} proposals at a time`,
        );
      }
      if (new Set(given).size !== given.length) {
        throw new ValidationError('input.proposalIds', '意见列表中有重复', 'A proposal is listed twice');
      }
      if (input.reviewerIds.length < 1 || input.reviewerIds.length > assignLimits.reviewers) {
        throw new ValidationError(
          'input.reviewerIds',
          `每次可分派 1 至 ${assignLimits.reviewers} 名审核人员`,
          `Assign 1 to ${assignLimits.reviewers} reviewers at a time`,
        );
      }
      const reviewerIds = await readReviewers(ctx.db, input.reviewerIds, 'input.reviewerIds');
      // A malformed id fails its own item, like a missing proposal.
      const items = given.map((globalId) => {
        try {
          return { globalId, id: databaseIdOf(globalId, 'Proposal', 'input.proposalIds'), error: null };
        } catch (error) {
          if (error instanceof DevolveError) return { globalId, id: null, error };
          throw error;
        }
      });
      // A proposal the viewer may not read fails as a missing one (readable.ts).
      const readable = await readableIds(ctx.db, ctx.viewer, 'Proposal', items.flatMap((item) => (item.id === null ? [] : [item.id])));
      const ids = items.flatMap((item) => (item.id !== null && readable.has(item.id) ? [item.id] : []));
      const campaigns = new Map(
        (ids.length > 0
          ? await ctx.db.select({ id: proposals.id, campaignId: proposals.campaignId }).from(proposals).where(inArray(proposals.id, ids))
          : []
        ).map((row) => [row.id, row.campaignId]),
      );
      const campaignId = ids.map((id) => campaigns.get(id)).find((id) => id !== undefined);
      // One transaction per proposal (rather than savepoints in one): each item commits with its
      // own activity, so a failed item leaves nothing behind and a batch where every item fails
      // writes nothing at all, and no lock is held across the whole batch.
      return eachOnItsOwn(
        items,
        (item) => item.globalId,
        async (item) => {
          if (item.id === null || !readable.has(item.id) || campaignId === undefined) throw item.error ?? new NotFoundError(proposalWhat, item.globalId);
          await mutate(ctx, (m) => assignOne(m, item.id, item.globalId, reviewerIds, input.replace ?? false, campaignId));
        },
      );
    },
  }),
);

const UnassignReviewerInput = builder.inputType('UnassignReviewerInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    reviewerId: t.id({ required: true }),
  }),
});

builder.mutationField('unassignReviewer', (t) =>
  t.drizzleField({
    type: Proposal,
    errors: {},
    description: 'Takes one reviewer off a proposal (coordinator).',
    authScopes: { canWrite: ['coordinator'] },
    args: { input: t.arg({ type: UnassignReviewerInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const proposalId = await readableIdOf(m.tx, m.viewer, String(input.proposalId), 'Proposal', 'input.proposalId');
        const reviewerId = databaseIdOf(String(input.reviewerId), 'User', 'input.reviewerId');
        const [proposal] = await m.tx.select().from(proposals).where(eq(proposals.id, proposalId)).for('no key update');
        if (!proposal) throw new NotFoundError(proposalWhat, String(input.proposalId));
        const current = await m.tx
          .select({ userId: proposalAssignees.userId })
          .from(proposalAssignees)
          .where(eq(proposalAssignees.proposalId, proposalId));
        const before = current.map((row) => row.userId).sort((a, b) => a - b);
        if (!before.includes(reviewerId)) {
          throw new ValidationError('input.reviewerId', '该人员未被分派到此意见', 'This person is not assigned to the proposal');
        }
        await m.tx
          .delete(proposalAssignees)
          .where(and(eq(proposalAssignees.proposalId, proposalId), eq(proposalAssignees.userId, reviewerId)));
        const version = await bumpVersion(m.tx, proposals, proposalId);
        m.record({
          action: 'proposal.unassigned',
          entityId: proposalId,
          campaignId: proposal.campaignId,
          proposalId,
          before: { assigneeIds: before, version: proposal.version },
          after: { assigneeIds: before.filter((id) => id !== reviewerId), version },
        });
        return (await m.tx.query.proposals.findFirst(query({ where: { id: proposalId } })))!;
      }),
  }),
);
