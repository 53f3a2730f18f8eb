import { activity } from '@devolve/db';
import { and, eq, gt } from 'drizzle-orm';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { ValidationError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { Proposal } from '../proposals/proposals.ts';
import { visibleActivity } from './visibility.ts';

/** One entry of the append-only activity log (architecture decision 2). */
export const Activity = builder.drizzleObject('activity', {
  name: 'Activity',
  description: 'Who did what to which entity, when; with small before/after snapshots.',
  fields: (t) => ({
    sequence: t.int({
      description: 'The log position: increasing, gap-tolerant; resume a stream with `since`.',
      resolve: (row) => row.id,
    }),
    action: t.exposeString('action', { description: 'e.g. proposal.transitioned, comment.created.' }),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeInt('entityId'),
    actor: t.relation('actor', { nullable: true }),
    before: t.expose('before', { type: 'JSON', nullable: true }),
    after: t.expose('after', { type: 'JSON', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

function checkSince(since: number | null | undefined): void {
  if (since != null && since < 0) {
    throw new ValidationError('since', 'since 应为非负整数', 'since must be a non-negative integer');
  }
}

/** The connection's order, which its cursors follow. */
const oldestFirst = { id: 'asc' } as const;

builder.queryField('activity', (t) =>
  t.drizzleConnection({
    type: 'activity',
    description:
      'The activity stream in log order, filtered to what the viewer may see. `since` resumes after a sequence number the client already has.',
    args: {
      campaignId: t.arg.globalID({ for: Campaign }),
      since: t.arg.int({ description: 'Only entries with a greater sequence number.' }),
    },
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, activity, oldestFirst);
      checkSince(args.since);
      const campaignId = args.campaignId?.id;
      return ctx.db.query.activity.findMany(
        query({
          where: rawWhere((table: typeof activity) =>
            and(
              visibleActivity(table, ctx.viewer),
              campaignId !== undefined ? eq(table.campaignId, campaignId) : undefined,
              args.since != null ? gt(table.id, args.since) : undefined,
            ),
          ),
          orderBy: oldestFirst,
        }),
      );
    },
  }),
);

/** The timeline's order, which its cursors follow. */
const newestFirst = { id: 'desc' } as const;

builder.drizzleObjectFields(Proposal, (t) => ({
  activity: t.relatedConnection('activity', {
    description: "The proposal's timeline, newest first, as far as the viewer may see it.",
    query: (args, ctx) => {
      checkPageArgs(args, activity, newestFirst);
      return {
        where: rawWhere((table: typeof activity) => visibleActivity(table, ctx.viewer)),
        orderBy: newestFirst,
      };
    },
  }),
}));
