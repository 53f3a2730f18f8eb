import { proposals } from '@devolve/db';
import { and, eq } from 'drizzle-orm';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { proposalConditions } from '../proposals/filter.ts';
import { Proposal, ProposalFilter, readProposalFilter } from '../proposals/proposals.ts';
import { canReadProposal, consultedUnitIdsOf, visibleProposals } from '../proposals/visibility.ts';
import type { ChangeEvent } from './change-event.ts';
import { liveValue } from './live-streams.ts';
import { PerEvent } from './per-event.ts';
import { eventStream, maxResumeEvents } from './stream.ts';

builder.subscriptionType({
  description: 'Live changes over SSE (Accept: text/event-stream) or WebSocket (graphql-ws) at /graphql.',
});

/** A change as it happens: ids only. Select the changed objects you need; they load authorized. */
export const ActivityEvent = builder.objectRef<ChangeEvent>('ActivityEvent').implement({
  fields: (t) => ({
    sequence: t.int({ description: 'The activity log position; resume with `since`.', resolve: (e) => e.id }),
    action: t.exposeString('action'),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeInt('entityId'),
    proposal: t.drizzleField({
      type: 'proposals',
      nullable: true,
      description: 'The proposal the change belongs to, as it is now.',
      // Once per event for all who share the execution (events/shared-execution.ts).
      resolve: (query, event, _args, ctx) =>
        event.proposalId === null ? null : ctx.db.query.proposals.findFirst(query({ where: { id: event.proposalId } })),
    }),
  }),
});

builder.queryField('logPosition', (t) =>
  t.int({
    description:
      'The activity log position this server has seen up to. Ask for it first in the query that loads a live page, then ' +
      'subscribe with it as `since`: every change that commits after it reaches the subscription, none is missed ' +
      '(one already in the page may come again, which is harmless). A `since` more than ' +
      `${maxResumeEvents} positions behind is refused with REFETCH_REQUIRED: load the page again.`,
    authScopes: { signedIn: true },
    // Every change up to here has committed (the log commits in id order), so the page data read
    // after it in the same request contains them. No SQL: it resolves before any other field reads.
    resolve: (_root, _args, ctx) => ctx.events.fanout.highestId,
  }),
);

const commentEntities = new Set(['comment', 'comment_thread']);

/**
 * The proposal a subscriber names must be one they may read; checked once, when subscribing.
 * Gives its id and department (for per-viewer filtering such as presence's).
 */
export async function readableProposal(ctx: Context, id: number): Promise<{ id: number; submittingUnitId: number }> {
  const p = await ctx.db.query.proposals.findFirst({
    where: { id },
    columns: { submittingUnitId: true, stage: true, status: true },
    with: { campaign: { columns: { status: true } }, targetDistricts: { columns: { id: true } } },
    extras: { consultedUnitIds: (table) => consultedUnitIdsOf(table.id) },
  });
  if (!p) throw new NotFoundError({ zh: '精简意见', en: 'proposal' }, encodeGlobalID('Proposal', id));
  const audience = { ...p, campaignStatus: p.campaign.status, targetDistrictIds: p.targetDistricts.map((d) => d.id) };
  if (!canReadProposal(ctx.viewer, audience)) throw new ForbiddenError();
  return { id, submittingUnitId: p.submittingUnitId };
}

// `since` only says where each stream starts: no resolver reads it, so subscribers who differ in it
// alone share each event's execution (events/shared-execution.ts).
builder.subscriptionFields((t) => ({
  activityStream: t.field({
    type: ActivityEvent,
    description: 'Every change the viewer may see, optionally of one campaign. Reconnect with the last `sequence` as `since` to miss nothing.',
    authScopes: { signedIn: true },
    args: { campaignId: t.arg.globalID({ for: Campaign }), since: t.arg.int() },
    subscribe: (_root, args, ctx) => {
      const campaignId = args.campaignId?.id ?? null;
      return eventStream(ctx, { since: args.since, where: (e) => campaignId === null || e.campaignId === campaignId });
    },
    resolve: (event) => liveValue(event),
  }),
  proposalChanged: t.field({
    type: ActivityEvent,
    description: "A proposal's changes: fields, stage, classification votes, decisions, assignments, consultations.",
    authScopes: { signedIn: true },
    args: { proposalId: t.arg.globalID({ for: Proposal, required: true }), since: t.arg.int() },
    subscribe: async (_root, args, ctx) => {
      const { id } = await readableProposal(ctx, args.proposalId.id);
      return eventStream(ctx, { since: args.since, where: (e) => e.proposalId === id && !commentEntities.has(e.entityType) });
    },
    resolve: (event) => liveValue(event),
  }),
  proposalCommentsChanged: t.field({
    type: ActivityEvent,
    description: "A proposal's comment threads: new comments, edits, resolve and reopen (internal ones only for the team).",
    authScopes: { signedIn: true },
    args: { proposalId: t.arg.globalID({ for: Proposal, required: true }), since: t.arg.int() },
    subscribe: async (_root, args, ctx) => {
      const { id } = await readableProposal(ctx, args.proposalId.id);
      return eventStream(ctx, { since: args.since, where: (e) => e.proposalId === id && commentEntities.has(e.entityType) });
    },
    resolve: (event) => liveValue(event),
  }),
  districtChanged: t.withAuth({ anyRole: ['district_liaison'] }).field({
    type: ActivityEvent,
    description: "The signed-in liaison's district: consultations that ask it opening and closing, its answers, its handovers.",
    args: { since: t.arg.int() },
    // Its own feedback and handovers carry the district; consultations opening and closing are
    // checked against the districts they ask.
    subscribe: (_root, args, ctx) =>
      eventStream(ctx, { since: args.since, where: (e) => e.districtId === ctx.viewer.unitId || e.entityType === 'consultation' }),
    resolve: (event) => liveValue(event),
  }),
}));

interface QueueChangeShape {
  event: ChangeEvent;
  inQueue: boolean;
}

const QueueChange = builder.objectRef<QueueChangeShape>('QueueChange').implement({
  description: 'A proposal of the campaign changed: `inQueue` says whether it matches the filter now (entered/changed) or not (left).',
  fields: (t) => ({
    event: t.field({ type: ActivityEvent, resolve: (c) => c.event }),
    inQueue: t.exposeBoolean('inQueue'),
  }),
});

/** Whether an event's proposal matches a queue, by viewer and filter. */
const queueMatches = new PerEvent();

builder.subscriptionField('queueChanged', (t) =>
  t.field({
    type: QueueChange,
    description: "Keeps a live review queue right under its filter: every change to a campaign's proposals, and whether each still matches.",
    authScopes: { signedIn: true },
    args: { campaignId: t.arg.globalID({ for: Campaign, required: true }), filter: t.arg({ type: ProposalFilter }), since: t.arg.int() },
    subscribe: (_root, args, ctx) => {
      const campaignId = args.campaignId.id;
      return eventStream(ctx, { since: args.since, where: (e) => e.campaignId === campaignId && e.proposalId !== null });
    },
    resolve: async (item, args, ctx) => {
      const event = liveValue(item);
      // One proposal is checked: a search probes its texts rather than reading every match.
      const filter = { ...readProposalFilter(args.filter, ctx.viewer), campaignId: event.campaignId!, searchPlan: 'probed' as const };
      // The answer depends on who asks (their visibility) and the filter only: a person's open
      // queues with the same filter ask the database once per event, not once each.
      const { userId, unitId, roles } = ctx.viewer!;
      const inQueue = await queueMatches.get(event, JSON.stringify([userId, unitId, roles, filter]), async () => {
        const matching = await ctx.db.$count(
          proposals,
          and(eq(proposals.id, event.proposalId!), visibleProposals(proposals, ctx.viewer), proposalConditions(proposals, filter)),
        );
        return matching > 0;
      });
      return { event, inQueue };
    },
  }),
);
