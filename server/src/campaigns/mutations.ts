import { runCommand } from '../activity/mutate.ts';
import { builder, type PothosTypes } from '../builder.ts';
import { Unit } from '../units/units.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import type { GlobalId } from '../ids.ts';
import { Campaign, CampaignStatus } from './campaigns.ts';
import { campaignLimits, createCampaign, updateCampaign } from './commands.ts';
import { windowFields } from './stages.ts';

/** The stage windows as input fields: each stage's opening day and deadline (null clears one). */
const windowInputs = (t: PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, 'InputObject'>) =>
  Object.fromEntries(windowFields.map((field) => [field, t.field({ type: 'Date' })]));

const unitIdsOf = (ids: readonly GlobalId[] | null | undefined) => ids?.map(({ id }) => id);

const ClassificationOptionInput = builder.inputType('ClassificationOptionInput', {
  fields: (t) => ({
    code: t.string({ required: true }),
    labelZh: t.string({ required: true }),
    labelEn: t.string({ required: true }),
  }),
});

const CreateCampaignInput = builder.inputType('CreateCampaignInput', {
  fields: (t) => ({
    year: t.int({ required: true }),
    title: t.string({ required: true }),
    noticeNumber: t.string({ description: 'The work notice, e.g. 穗府办函〔2019〕106号.' }),
    unitIds: t.globalIDList({ for: Unit, description: `The municipal departments taking part (up to ${campaignLimits.units}).` }),
    classificationOptions: t.field({
      type: [ClassificationOptionInput],
      description: `The classification vocabulary (up to ${campaignLimits.classificationOptions}); the previous year's when omitted.`,
    }),
    ...windowInputs(t),
  }),
});

builder.mutationField('createCampaign', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: Campaign,
    errors: {},
    description: "The coordinator opens a year's round in planning: its notice, units taking part, stage windows and classification vocabulary.",
    args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { campaignId } = await runCommand(ctx, ctx.viewer, createCampaign, { ...input, unitIds: unitIdsOf(input.unitIds) });
      return (await ctx.db.query.campaigns.findFirst(query({ where: { id: campaignId } })))!;
    },
  }),
);

const UpdateCampaignInput = builder.inputType('UpdateCampaignInput', {
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign, required: true }),
    expectedVersion: t.int({ required: true }),
    status: t.field({ type: CampaignStatus, description: 'Forward only along the campaign path; reaching PUBLISHED sets publishedOn.' }),
    unitIds: t.globalIDList({ for: Unit, description: `Replaces the municipal departments taking part (up to ${campaignLimits.units}).` }),
    ...windowInputs(t),
  }),
});

builder.mutationField('updateCampaign', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: Campaign,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: 'The coordinator moves the campaign along its path (publishing makes approved proposals public), sets its stage windows and its units taking part.',
    args: { input: t.arg({ type: UpdateCampaignInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { campaignId } = await runCommand(ctx, ctx.viewer, updateCampaign, {
        ...input,
        campaignId: input.campaignId.id,
        unitIds: unitIdsOf(input.unitIds),
      });
      return (await ctx.db.query.campaigns.findFirst(query({ where: { id: campaignId } })))!;
    },
  }),
);
