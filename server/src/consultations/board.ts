import { consultations, proposals } from '@devolve/db';
import { and, eq, exists, not, or, sql, type SQL } from 'drizzle-orm';
import { builder } from '../builder.ts';
import { Unit } from '../units/units.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { proposalConditions } from '../proposals/filter.ts';
import { visibleProposals } from '../proposals/visibility.ts';
import { consultedActions } from './rules.ts';

/**
 * The lead office's consultation board (the console's 征求意见 tab): the campaign's delegations and
 * entrustments that have reached the consultation stage, with their current round. One statement
 * for the page (its rounds and answers nested in it), one for the count.
 */

const ConsultationRound = builder.enumType('ConsultationRound', {
  description: "Where a proposal's consultation stands: the latest round.",
  values: {
    NOT_CONSULTED: { description: 'At the consultation stage, no round opened yet.' },
    OPEN: { description: 'A round is open: the units asked may answer.' },
    CLOSED: { description: 'The latest round is closed (by the coordinator, or by its deadline).' },
  } as const,
});

const ConsultationBoardFilter = builder.inputType('ConsultationBoardFilter', {
  description: 'Every filter combines with AND.',
  fields: (t) => ({
    round: t.field({ type: ConsultationRound }),
    unitId: t.globalID({ for: Unit, description: 'The proposing department.' }),
    districtId: t.globalID({ for: Unit, description: 'A target district of the proposal.' }),
    pastDeadline: t.boolean({
      description: "true: an open round whose deadline has passed by the domain clock (the job closes it at its next run); false: every other.",
    }),
  }),
});

interface BoardFilter {
  round?: 'NOT_CONSULTED' | 'OPEN' | 'CLOSED' | null;
  unitId?: number;
  districtId?: number;
  pastDeadline?: boolean | null;
}

/** A round of the proposal `table` exists matching `condition` (consultations_proposal_idx, or the open-per-proposal index). */
const someRound = (table: typeof proposals, condition?: SQL) =>
  exists(sql`(select 1 from ${consultations} where ${consultations.proposalId} = ${table.id}${condition ? sql` and ${condition}` : sql``})`);

const openRound = sql`${consultations.status} = 'open'`;

/** The board's rows under `filter`, as SQL over `table`, at the domain clock's `now`. */
function boardConditions(table: typeof proposals, campaignId: number, filter: BoardFilter, now: Date): SQL | undefined {
  const pastDeadline = someRound(table, sql`${openRound} and ${consultations.deadline} < ${now.toISOString()}::timestamptz`);
  return and(
    proposalConditions(table, {
      campaignId,
      actions: [...consultedActions],
      unitId: filter.unitId,
      targetDistrictId: filter.districtId,
    }),
    // At the consultation stage, or consulted before it moved on.
    or(eq(table.stage, 'consultation'), someRound(table)),
    filter.round === 'NOT_CONSULTED' ? not(someRound(table)) : undefined,
    filter.round === 'OPEN' ? someRound(table, openRound) : undefined,
    filter.round === 'CLOSED' ? and(someRound(table), not(someRound(table, openRound))) : undefined,
    filter.pastDeadline == null ? undefined : filter.pastDeadline ? pastDeadline : not(pastDeadline),
  );
}

/** The board's order, which its cursors follow: oldest proposal first, as the review queue. */
const oldestFirst = { id: 'asc' } as const;

builder.queryField('consultationBoard', (t) =>
  t.withAuth({ signedIn: true }).drizzleConnection({
    type: 'proposals',
    description:
      "The lead office's consultation board: the campaign's delegate and entrust proposals at the consultation stage or consulted before, oldest first; each proposal's `consultations(first: 1)` is its current round.",
    args: {
      campaignId: t.arg.globalID({ for: Campaign, required: true }),
      filter: t.arg({ type: ConsultationBoardFilter }),
    },
    totalCount: (_root, args, ctx) =>
      ctx.db.$count(
        proposals,
        and(visibleProposals(proposals, ctx.viewer), boardConditions(proposals, args.campaignId.id, readFilter(args.filter), ctx.clock())),
      ),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, proposals, oldestFirst);
      const campaignId = args.campaignId.id;
      const filter = readFilter(args.filter);
      const now = ctx.clock();
      return ctx.db.query.proposals.findMany(
        query({
          where: rawWhere((table: typeof proposals) => and(visibleProposals(table, ctx.viewer), boardConditions(table, campaignId, filter, now))),
          orderBy: oldestFirst,
        }),
      );
    },
  }),
);

function readFilter(input: typeof ConsultationBoardFilter.$inferInput | null | undefined): BoardFilter {
  return {
    round: input?.round,
    unitId: input?.unitId?.id,
    districtId: input?.districtId?.id,
    pastDeadline: input?.pastDeadline,
  };
}
