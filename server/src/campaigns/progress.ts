import { proposalAction, proposals, proposalStage, proposalStatus, proposalTallies, proposalUnitTallies } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, count, eq, sql, sum } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { visibleProposals, visibleTallies } from '../proposals/visibility.ts';

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

/** The campaign's progress lists, each keyed by one column of its proposals. */
const lists = ['byStage', 'byStatus', 'byAction', 'byPowerType', 'byUnit'] as const;
type ProgressList = (typeof lists)[number];

/** Each list's keys in the order its own GROUP BY … ORDER BY gives them: enums by declaration, codes as text, units by id. */
const enumOrder = (values: readonly string[]) => (a: string, b: string) => values.indexOf(a) - values.indexOf(b);
const keyOrder: Record<ProgressList, (a: string, b: string) => number> = {
  byStage: enumOrder(proposalStage.enumValues),
  byStatus: enumOrder(proposalStatus.enumValues),
  byAction: enumOrder(proposalAction.enumValues),
  byPowerType: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  byUnit: (a, b) => Number(a) - Number(b),
};

/** A campaign's progress as the resolvers share it: the five lists are counted once, together. */
interface ProgressParent {
  campaignId: number;
  counted?: Promise<Record<ProgressList, GroupCount[]>>;
}

/**
 * Counts the campaign's proposals the viewer may read by stage, status, action, type and unit in
 * one statement of two GROUP BYs: by (stage, status, action, type), whose few groups are summed
 * here into four lists; and by unit. GROUPING SETS of the five columns kept five hash tables over
 * every row and took about twice as long at 21 cities (159,180 proposals, bench/province.ts).
 *
 * For the team the groups are the tallies' (proposals/tallies.ts): a few hundred rows per
 * campaign and a few thousand per unit, instead of every proposal. Others' read rules need each
 * row, so theirs are counted from the proposals.
 */
async function countProposals(ctx: Context, campaignId: number): Promise<Record<ProgressList, GroupCount[]>> {
  const talliesVisible = visibleTallies(proposalTallies, ctx.viewer);
  const unitTalliesVisible = visibleTallies(proposalUnitTallies, ctx.viewer);
  const rows = () => ({ table: proposals, where: visibleProposals(proposals, ctx.viewer), n: count() });
  const [columns, units] =
    talliesVisible && unitTalliesVisible
      ? [
          { table: proposalTallies, where: talliesVisible, n: sum(proposalTallies.n) },
          { table: proposalUnitTallies, where: unitTalliesVisible, n: sum(proposalUnitTallies.n) },
        ]
      : [rows(), rows()];
  // A group whose deltas sum to zero has no proposal left (its row count would not list it).
  const byColumns = ctx.db
    .select({
      byUnit: sql<number | null>`null::integer`.as('by_unit'),
      byStage: sql<string | null>`${columns.table.stage}`.as('by_stage'),
      byStatus: sql<string | null>`${columns.table.status}`.as('by_status'),
      byAction: sql<string | null>`${columns.table.action}`.as('by_action'),
      byPowerType: sql<string | null>`${columns.table.powerTypeCode}`.as('by_power_type'),
      count: sql<number>`${columns.n}`.as('n'),
    })
    .from(columns.table)
    .where(and(eq(columns.table.campaignId, campaignId), columns.where))
    .groupBy(columns.table.stage, columns.table.status, columns.table.action, columns.table.powerTypeCode)
    .having(sql`${columns.n} <> 0`);
  const byUnit = ctx.db
    .select({
      byUnit: sql<number | null>`${units.table.submittingUnitId}`.as('by_unit'),
      byStage: sql<string | null>`null`.as('by_stage'),
      byStatus: sql<string | null>`null`.as('by_status'),
      byAction: sql<string | null>`null`.as('by_action'),
      byPowerType: sql<string | null>`null`.as('by_power_type'),
      count: sql<number>`${units.n}`.as('n'),
    })
    .from(units.table)
    .where(and(eq(units.table.campaignId, campaignId), units.where))
    .groupBy(units.table.submittingUnitId)
    .having(sql`${units.n} <> 0`);
  const sums = Object.fromEntries(lists.map((list) => [list, new Map<string, number>()])) as Record<ProgressList, Map<string, number>>;
  for (const row of await unionAll(byColumns, byUnit)) {
    // A unit row names only its unit (submitting_unit_id is never null); a column row names the other four.
    const rowLists = row.byUnit === null ? lists.filter((list) => list !== 'byUnit') : (['byUnit'] as const);
    for (const list of rowLists) {
      const key = String(row[list]);
      sums[list].set(key, (sums[list].get(key) ?? 0) + Number(row.count));
    }
  }
  return Object.fromEntries(
    lists.map((list) => [list, [...sums[list]].sort(([a], [b]) => keyOrder[list](a, b)).map(([key, n]) => ({ key, count: n }))]),
  ) as Record<ProgressList, GroupCount[]>;
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
