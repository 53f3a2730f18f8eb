import { encodeGlobalID } from '@pothos/plugin-relay';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Unit } from '../units/units.ts';
import { PowerItem } from '../power-items/power-items.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import type { GlobalId } from '../ids.ts';
import { PowerType } from '../power-items/power-types.ts';
import { createProposals, deleteDraftProposal, updateProposal } from './commands.ts';
import { Proposal, ProposalAction } from './proposals.ts';

const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({ title: t.string({ required: true }), ref: t.string({ required: true }) }),
});

/**
 * The id arguments a department's content names, as database ids (the commands take those).
 * An omitted merge target stays undefined (keep the current one on update); null clears it.
 */
function contentIds(input: { mergeIntoItemId?: GlobalId | null; targetDistrictIds?: GlobalId[] | null }) {
  return {
    mergeIntoItemId: input.mergeIntoItemId == null ? input.mergeIntoItemId : input.mergeIntoItemId.id,
    targetDistrictIds: input.targetDistrictIds?.map(({ id }) => id),
  };
}

const CreateInput = builder.inputType('CreateProposalInput', {
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign, required: true }),
    powerItemId: t.globalID({ for: PowerItem, description: 'The item; omitted only for ADD.' }),
    action: t.field({ type: ProposalAction, required: true }),
    targetDistrictIds: t.globalIDList({ for: Unit, description: 'For DELEGATE and ENTRUST.' }),
    mergeIntoItemId: t.globalID({ for: PowerItem, description: 'For MERGE.' }),
    proposedItemName: t.string({ description: 'For ADD.' }),
    powerType: t.field({ type: PowerType, description: "For ADD: the new item's type (其他 when omitted); any other action takes its item's." }),
    rationale: t.string({ required: true }),
    changeLegalBasis: t.string(),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

builder.mutationField('createProposal', (t) =>
  t.withAuth({ canWrite: ['submitter'] }).drizzleField({
    type: Proposal,
    errors: { types: [NotFoundError, InvalidTransitionError] },
    description: "A department drafts a proposal about one of its own power items (or an item to add).",
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { campaignId: givenCampaignId, powerItemId: givenItemId, ...content } = input;
      const campaignId = givenCampaignId.id;
      const ids = contentIds(input);
      const powerItemId = givenItemId?.id ?? null;
      const {
        proposalIds: [id],
      } = await runCommand(ctx, ctx.viewer, createProposals, { campaignId, items: [{ ...content, ...ids, powerItemId }] });
      return (await ctx.db.query.proposals.findFirst(query({ where: { id } })))!;
    },
  }),
);

const UpdateInput = builder.inputType('UpdateProposalInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    expectedVersion: t.int({ required: true }),
    action: t.field({ type: ProposalAction }),
    targetDistrictIds: t.globalIDList({ for: Unit }),
    mergeIntoItemId: t.globalID({ for: PowerItem }),
    proposedItemName: t.string(),
    rationale: t.string(),
    changeLegalBasis: t.string(),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

builder.mutationField('updateProposal', (t) =>
  t.withAuth({ canWrite: ['submitter'] }).drizzleField({
    type: Proposal,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: 'The department revises its proposal while it is a draft or has been returned for revision.',
    args: { input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const proposalId = input.proposalId.id;
      await runCommand(ctx, ctx.viewer, updateProposal, { ...input, ...contentIds(input), proposalId });
      return (await ctx.db.query.proposals.findFirst(query({ where: { id: proposalId } })))!;
    },
  }),
);

const DeleteDraftInput = builder.inputType('DeleteDraftProposalInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

const ProposalDeleted = builder.objectRef<{ proposalId: number }>('ProposalDeleted').implement({
  fields: (t) => ({
    deletedId: t.id({ description: 'The Proposal deleted (global id).', resolve: (r) => encodeGlobalID('Proposal', r.proposalId) }),
  }),
});

builder.mutationField('deleteDraftProposal', (t) =>
  t.withAuth({ canWrite: ['submitter'] }).field({
    type: ProposalDeleted,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: '删除草稿: the department deletes a draft of its own it never submitted (a submitted proposal is withdrawn instead).',
    args: { input: t.arg({ type: DeleteDraftInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      runCommand(ctx, ctx.viewer, deleteDraftProposal, { proposalId: input.proposalId.id, expectedVersion: input.expectedVersion }),
  }),
);
