import { proposals } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, count, eq } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { visibleProposals } from '../proposals/visibility.ts';

export interface GroupCount {
  key: string;
  count: number;
}

export const GroupCountRef = builder.objectRef<GroupCount>('GroupCount').implement({
  description: 'How many proposals share one value (a stage, an action, a type code, a unit).',
  fields: (t) => ({
    key: t.exposeString('key'),
    count: t.exposeInt('count'),
  }),
});

/** Counts the campaign's proposals the viewer may read, grouped by one column: one GROUP BY statement. */
async function countProposalsBy(ctx: Context, campaignId: number, column: AnyPgColumn): Promise<GroupCount[]> {
  const rows = await ctx.db
    .select({ key: column, count: count() })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaignId), visibleProposals(proposals, ctx.viewer)))
    .groupBy(column)
    .orderBy(column);
  return rows.map((row) => ({ key: String(row.key), count: row.count }));
}

export const CampaignProgress = builder.objectRef<{ campaignId: number }>('CampaignProgress').implement({
  description: "Live figures of a campaign's proposals the viewer may read; each list is computed only when asked for.",
  fields: (t) => ({
    byStage: t.field({
      type: [GroupCountRef],
      description: 'Keyed by the database value of ProposalStage (draft, initial_review, …).',
      resolve: (p, _args, ctx) => countProposalsBy(ctx, p.campaignId, proposals.stage),
    }),
    byStatus: t.field({
      type: [GroupCountRef],
      resolve: (p, _args, ctx) => countProposalsBy(ctx, p.campaignId, proposals.status),
    }),
    byAction: t.field({
      type: [GroupCountRef],
      resolve: (p, _args, ctx) => countProposalsBy(ctx, p.campaignId, proposals.action),
    }),
    byPowerType: t.field({
      type: [GroupCountRef],
      description: 'Keyed by type code 01–10.',
      resolve: (p, _args, ctx) => countProposalsBy(ctx, p.campaignId, proposals.powerTypeCode),
    }),
    byUnit: t.field({
      type: [GroupCountRef],
      description: "Keyed by the submitting unit's global id (the `id` of a Unit).",
      resolve: async (p, _args, ctx) =>
        (await countProposalsBy(ctx, p.campaignId, proposals.submittingUnitId)).map((group) => ({
          key: encodeGlobalID('Unit', group.key),
          count: group.count,
        })),
    }),
  }),
});
