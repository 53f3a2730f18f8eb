import { proposalAssignees } from '@devolve/db';
import { sql } from 'drizzle-orm';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { User } from '../accounts/users.ts';
import { bulkResultType, eachOnItsOwn } from '../bulk.ts';
import { DevolveError, NotFoundError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { Proposal } from '../proposals/proposals.ts';
import { assignReviewers, batchCampaignOf, checkProposalList, checkReviewers, unassignReviewer } from './commands.ts';
import { assignLimits } from './rules.ts';

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

const AssignReviewersInput = builder.inputType('AssignReviewersInput', {
  fields: (t) => ({
    proposalIds: t.idList({ required: true, description: `1 to ${assignLimits.proposals} proposals of one campaign.` }),
    reviewerIds: t.globalIDList({ for: User, required: true, description: `1 to ${assignLimits.reviewers} reviewers or legality reviewers.` }),
    replace: t.boolean({
      defaultValue: false,
      description: 'true: the reviewers become the only assignees; false (default): they join those already assigned.',
    }),
  }),
});

builder.mutationField('assignReviewers', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).field({
    type: BulkAssignResult,
    // Each proposal's own failure is in its result, not the mutation's.
    errors: { types: [] },
    description:
      "Assigns reviewers to one or many proposals (coordinator). Each proposal succeeds or fails on its own; a failed one is left as it was. The batch's campaign is that of the first listed proposal that exists.",
    args: { input: t.arg({ type: AssignReviewersInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const given = input.proposalIds.map(String);
      // What refuses the whole request is checked once for it, before any proposal.
      checkProposalList(given);
      const reviewerIds = input.reviewerIds.map(({ id }) => id);
      await checkReviewers(ctx.db, [reviewerIds]);
      // A malformed id fails its own item, like a missing proposal.
      const items = given.map((globalId, i) => {
        try {
          return { globalId, id: databaseIdOf(globalId, 'Proposal', `input.proposalIds.${i}`), error: null };
        } catch (error) {
          if (error instanceof DevolveError) return { globalId, id: null, error };
          throw error;
        }
      });
      const campaignId = await batchCampaignOf(ctx.db, ctx.viewer, items.flatMap((item) => (item.id === null ? [] : [item.id])));
      // One transaction per proposal (rather than savepoints in one): each item commits with its
      // own activity, so a failed item leaves nothing behind and a batch where every item fails
      // writes nothing at all, and no lock is held across the whole batch.
      return eachOnItsOwn(
        items,
        (item) => item.globalId,
        async (item) => {
          if (item.id === null) throw item.error;
          await runCommand(ctx, ctx.viewer, assignReviewers, {
            items: [{ proposalId: item.id, reviewerIds }],
            replace: input.replace ?? false,
            campaignId,
          });
        },
      );
    },
  }),
);

const UnassignReviewerInput = builder.inputType('UnassignReviewerInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    reviewerId: t.globalID({ for: User, required: true }),
  }),
});

builder.mutationField('unassignReviewer', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: Proposal,
    errors: { types: [NotFoundError] },
    description: 'Takes one reviewer off a proposal (coordinator).',
    args: { input: t.arg({ type: UnassignReviewerInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { proposalId } = await runCommand(ctx, ctx.viewer, unassignReviewer, {
        proposalId: input.proposalId.id,
        reviewerId: input.reviewerId.id,
      });
      return (await ctx.db.query.proposals.findFirst(query({ where: { id: proposalId } })))!;
    },
  }),
);
