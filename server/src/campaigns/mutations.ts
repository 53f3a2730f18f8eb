import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { Campaign, CampaignStatus } from './campaigns.ts';
import { updateCampaign } from './commands.ts';

const UpdateCampaignInput = builder.inputType('UpdateCampaignInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    status: t.field({ type: CampaignStatus, description: 'Forward only along the campaign path.' }),
    submissionDeadline: t.field({ type: 'Date' }),
    reviewDeadline: t.field({ type: 'Date' }),
    consultationDeadline: t.field({ type: 'Date' }),
    approvalDeadline: t.field({ type: 'Date' }),
  }),
});

builder.mutationField('updateCampaign', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: Campaign,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: "The coordinator moves the campaign along its path (publishing makes approved proposals public) and sets its deadlines.",
    args: { input: t.arg({ type: UpdateCampaignInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { campaignId } = await runCommand(ctx, ctx.viewer, updateCampaign, {
        ...input,
        campaignId: databaseIdOf(String(input.campaignId), 'Campaign', 'input.campaignId'),
      });
      return (await ctx.db.query.campaigns.findFirst(query({ where: { id: campaignId } })))!;
    },
  }),
);
