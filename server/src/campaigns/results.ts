import { proposals, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { ProposalAction } from '../proposals/proposals.ts';
import { GroupCountRef, type GroupCount } from './progress.ts';
import { publishedResults, visibleResultCampaigns } from './visibility.ts';

/**
 * 公开结果: a published campaign's approved proposals, grouped by action, with counts by unit and
 * power type. Every list and count goes through the results read rule (visibility.ts): a campaign
 * before publication has no results at all, and a proposal appears only once approved.
 */

interface UnitCount {
  unitId: number;
  name: string;
  nameEn: string | null;
  count: number;
}

const UnitCountRef = builder.objectRef<UnitCount>('UnitResultCount').implement({
  description: 'How many approved proposals of a published campaign one unit submitted.',
  fields: (t) => ({
    unitId: t.id({ resolve: (row) => encodeGlobalID('Unit', row.unitId) }),
    name: t.exposeString('name'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    count: t.exposeInt('count'),
  }),
});

/** The campaign's published results the viewer may read, as SQL over `table`. */
const resultsOf = (ctx: Context, campaignId: number, table: typeof proposals = proposals): SQL =>
  and(eq(table.campaignId, campaignId), publishedResults(table, ctx.viewer))!;

/** Published results counted by one column: one GROUP BY statement. */
async function countResultsBy(ctx: Context, campaignId: number, column: AnyPgColumn): Promise<GroupCount[]> {
  const rows = await ctx.db
    .select({ key: column, count: count() })
    .from(proposals)
    .where(resultsOf(ctx, campaignId))
    .groupBy(column)
    .orderBy(column);
  return rows.map((row) => ({ key: String(row.key), count: row.count }));
}

/** The connection's order, which its cursors follow. */
const resultOrder = { id: 'asc' } as const;

export const CampaignResults = builder.drizzleObject('campaigns', {
  variant: 'CampaignResults',
  description: "A published campaign's results (公开结果): its approved proposals and their counts. Null before publication.",
  fields: (t) => ({
    year: t.exposeInt('year'),
    title: t.exposeString('title'),
    noticeNumber: t.exposeString('noticeNumber', { nullable: true }),
    publishedOn: t.expose('publishedOn', { type: 'Date', nullable: true }),
    campaign: t.variant('campaigns'),
    approvedCount: t.int({
      description: 'Approved proposals in the results.',
      select: { columns: { id: true } },
      resolve: async (campaign, _args, ctx) => ctx.db.$count(proposals, resultsOf(ctx, campaign.id)),
    }),
    byAction: t.field({
      type: [GroupCountRef],
      description: 'Keyed by the database value of ProposalAction (cancel, delegate, entrust, …).',
      select: { columns: { id: true } },
      resolve: (campaign, _args, ctx) => countResultsBy(ctx, campaign.id, proposals.action),
    }),
    byPowerType: t.field({
      type: [GroupCountRef],
      description: 'Keyed by type code 01–10.',
      select: { columns: { id: true } },
      resolve: (campaign, _args, ctx) => countResultsBy(ctx, campaign.id, proposals.powerTypeCode),
    }),
    byUnit: t.field({
      type: [UnitCountRef],
      description: 'By submitting unit, most first.',
      select: { columns: { id: true } },
      resolve: async (campaign, _args, ctx) => {
        const rows = await ctx.db
          .select({ unitId: units.id, name: units.name, nameEn: units.nameEn, count: count() })
          .from(proposals)
          .innerJoin(units, eq(units.id, proposals.submittingUnitId))
          .where(resultsOf(ctx, campaign.id))
          .groupBy(units.id)
          .orderBy(desc(count()), units.sortOrder, units.id);
        return rows;
      },
    }),
    proposals: t.relatedConnection('proposals', {
      description: 'The approved proposals, oldest first, optionally of one action.',
      args: { action: t.arg({ type: ProposalAction }) },
      query: (args, ctx) => {
        checkPageArgs(args, proposals, resultOrder, { nested: true });
        return {
          where: {
            ...(args.action ? { action: args.action } : {}),
            ...rawWhere((table: typeof proposals) => publishedResults(table, ctx.viewer)),
          },
          orderBy: resultOrder,
        };
      },
    }),
  }),
});

builder.queryField('campaignResults', (t) =>
  t.drizzleField({
    type: CampaignResults,
    nullable: true,
    description: "The published results of a year's campaign; null when there is none or it is not published yet.",
    args: { year: t.arg.int({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.campaigns.findFirst(
        query({
          where: { year: args.year, ...rawWhere(visibleResultCampaigns) },
          orderBy: { id: 'desc' },
        }),
      ),
  }),
);
