import { proposals } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, count, eq, sql } from 'drizzle-orm';
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

/** The columns the progress lists group by, in the order of `grouping()`'s bits (the first is the highest). */
const groupedColumns = {
  byStage: proposals.stage,
  byStatus: proposals.status,
  byAction: proposals.action,
  byPowerType: proposals.powerTypeCode,
  byUnit: proposals.submittingUnitId,
} as const;
type ProgressList = keyof typeof groupedColumns;
const lists = Object.keys(groupedColumns) as ProgressList[];
const columns = Object.values(groupedColumns);

/** A campaign's progress as the resolvers share it: the five lists are counted once, together. */
interface ProgressParent {
  campaignId: number;
  counted?: Promise<Record<ProgressList, GroupCount[]>>;
}

/**
 * Counts the campaign's proposals the viewer may read by stage, status, action, type and unit in
 * one statement (GROUPING SETS: one scan for the five lists, where a GROUP BY each scanned the
 * campaign five times), ordered by each column as its own GROUP BY was (the stage enum's order).
 */
async function countProposals(ctx: Context, campaignId: number): Promise<Record<ProgressList, GroupCount[]>> {
  // grouping(a, b, …) has a bit per column, the first column's highest; 0 where the row groups by it.
  const grouping = sql<number>`grouping(${sql.join(columns, sql`, `)})`.mapWith(Number);
  const rows = await ctx.db
    .select({ grouping, count: count(), ...groupedColumns })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaignId), visibleProposals(proposals, ctx.viewer)))
    .groupBy(sql`grouping sets (${sql.join(columns.map((column) => sql`(${column})`), sql`, `)})`)
    .orderBy(grouping, ...columns);
  const counted = Object.fromEntries(lists.map((list) => [list, [] as GroupCount[]])) as Record<ProgressList, GroupCount[]>;
  for (const row of rows) {
    const list = lists.find((_, i) => (row.grouping & (1 << (lists.length - 1 - i))) === 0)!;
    counted[list].push({ key: String(row[list]), count: row.count });
  }
  return counted;
}

/** One of the campaign's progress lists: the first list asked for counts all five for the others. */
async function progressList(parent: ProgressParent, ctx: Context, list: ProgressList): Promise<GroupCount[]> {
  parent.counted ??= countProposals(ctx, parent.campaignId);
  return (await parent.counted)[list];
}

export const CampaignProgress = builder.objectRef<ProgressParent>('CampaignProgress').implement({
  description: "Live figures of a campaign's proposals the viewer may read, counted in one statement when any is asked for.",
  fields: (t) => ({
    byStage: t.field({
      type: [GroupCountRef],
      description: 'Keyed by the database value of ProposalStage (draft, initial_review, …).',
      resolve: (p, _args, ctx) => progressList(p, ctx, 'byStage'),
    }),
    byStatus: t.field({
      type: [GroupCountRef],
      resolve: (p, _args, ctx) => progressList(p, ctx, 'byStatus'),
    }),
    byAction: t.field({
      type: [GroupCountRef],
      resolve: (p, _args, ctx) => progressList(p, ctx, 'byAction'),
    }),
    byPowerType: t.field({
      type: [GroupCountRef],
      description: 'Keyed by type code 01–10.',
      resolve: (p, _args, ctx) => progressList(p, ctx, 'byPowerType'),
    }),
    byUnit: t.field({
      type: [GroupCountRef],
      description: "Keyed by the submitting unit's global id (the `id` of a Unit).",
      resolve: async (p, _args, ctx) =>
        (await progressList(p, ctx, 'byUnit')).map((group) => ({ key: encodeGlobalID('Unit', group.key), count: group.count })),
    }),
  }),
});
