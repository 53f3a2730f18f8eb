import { campaigns, campaignStatus } from '@devolve/db';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { proposalRefusal } from '../accounts/permissions.ts';
import { builder } from '../builder.ts';
import { enumValuesOf } from '../enums.ts';
import { checkPageArgs } from '../pagination.ts';
import { campaignProposalCount } from '../proposals/totals.ts';
import { CampaignFiguresRef, campaignFigures } from './figures.ts';
import { campaignLimits } from './commands.ts';
import { CampaignProgress } from './progress.ts';
import { stageStandings, StageStandingRef } from './stage-standing.ts';
import { scheduledStages, windowFields } from './stages.ts';

export const CampaignStatus = builder.enumType('CampaignStatus', {
  description: "The campaign's path: planning → submission → review → consultation → approval → published → handover → evaluation → closed.",
  values: enumValuesOf(campaignStatus.enumValues),
});

export const ClassificationOption = builder.drizzleObject('classificationOptions', {
  name: 'ClassificationOption',
  description: "One term of a campaign's controlled classification vocabulary (同意取消, 同意下放, …).",
  fields: (t) => ({
    code: t.exposeString('code'),
    labelZh: t.exposeString('labelZh'),
    labelEn: t.exposeString('labelEn'),
  }),
});

const CampaignViewerCan = builder.objectRef<{ status: string }>('CampaignViewerCan').implement({
  description: 'What the signed-in viewer may do in the campaign (as the server decides it).',
  fields: (t) => ({
    propose: t.boolean({
      description: 'Creates proposals: a department while the campaign takes them (as createProposal decides).',
      resolve: (campaign, _args, ctx) => proposalRefusal(ctx.viewer, campaign.status) === null,
    }),
  }),
});

export const Campaign = builder.drizzleNode('campaigns', {
  name: 'Campaign',
  description: 'An annual round of cutting and handing down powers (简政放权).',
  id: { column: (campaign) => campaign.id },
  fields: (t) => ({
    year: t.exposeInt('year'),
    title: t.exposeString('title'),
    noticeNumber: t.exposeString('noticeNumber', { nullable: true, description: 'The work notice, e.g. 穗府办函〔2019〕106号.' }),
    status: t.expose('status', { type: CampaignStatus }),
    leadUnit: t.relation('leadUnit'),
    ...Object.fromEntries(windowFields.map((field) => [field, t.expose(field, { type: 'Date', nullable: true })])),
    units: t.relation('units', {
      description: 'The municipal departments taking part (参与单位), in the order units are listed.',
      extensions: { maxItems: campaignLimits.units },
      query: { orderBy: { sortOrder: 'asc', id: 'asc' } },
    }),
    stages: t.field({
      type: [StageStandingRef],
      description: "Every scheduled stage against its deadline by the domain clock, with its remaining work (computed here so 'overdue' means one thing).",
      extensions: { maxItems: scheduledStages.length },
      select: { columns: Object.fromEntries(windowFields.map((field) => [field, true])) },
      resolve: (campaign, _args, ctx) => stageStandings(ctx.db, ctx.viewer, campaign.id, campaign, ctx.clock()),
    }),
    publishedOn: t.expose('publishedOn', { type: 'Date', nullable: true }),
    classificationOptions: t.relation('classificationOptions', { query: { orderBy: { sortOrder: 'asc', id: 'asc' } } }),
    proposalCount: t.int({
      description: 'The proposals of the campaign the viewer may read.',
      select: (_args, ctx) => ({ extras: { proposalCount: (campaign: { id: AnyPgColumn }) => campaignProposalCount(ctx.viewer, campaign.id) } }),
      resolve: (campaign) => campaign.proposalCount,
    }),
    progress: t.field({
      type: CampaignProgress,
      description: 'Live proposal counts by stage, status, action, power type and department.',
      select: { columns: { id: true } },
      resolve: (campaign) => ({ campaignId: campaign.id }),
    }),
    figures: t.field({
      type: CampaignFiguresRef,
      description: 'Live headline numbers: proposals submitted and decided, approved cancellations and delegations, handovers.',
      select: { columns: { id: true } },
      resolve: (campaign, _args, ctx) => campaignFigures(ctx.db, ctx.viewer, campaign.id),
    }),
    version: t.exposeInt('version'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    viewerCan: t.field({
      type: CampaignViewerCan,
      select: { columns: { status: true } },
      resolve: (campaign) => ({ status: campaign.status }),
    }),
  }),
});

/** The connection's order, which its cursors follow. */
const newestCampaignsFirst = { year: 'desc', id: 'desc' } as const;

builder.queryFields((t) => ({
  campaigns: t.drizzleConnection({
    type: 'campaigns',
    description: 'Campaigns, newest year first.',
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, campaigns, newestCampaignsFirst);
      return ctx.db.query.campaigns.findMany(query({ orderBy: newestCampaignsFirst }));
    },
  }),
  campaign: t.drizzleField({
    type: 'campaigns',
    nullable: true,
    description: "The campaign of a year (the latest one that year if there are several).",
    args: { year: t.arg.int({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.campaigns.findFirst(query({ where: { year: args.year }, orderBy: { id: 'desc' } })),
  }),
}));
