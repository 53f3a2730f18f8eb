import { campaigns, proposals, publicComments, publicCommentStatus } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, desc, eq, exists, isNull, sql, type SQL } from 'drizzle-orm';
import { teamRoles, type Viewer } from '../accounts/permissions.ts';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { childCount } from '../counts.ts';
import type { Context } from '../context.ts';
import { dayInChina } from '../dates.ts';
import { enumValuesOf } from '../enums.ts';
import { InvalidTransitionError, NotFoundError, RateLimitedError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { ProposalAction, Proposal, ProposalViewerCan } from '../proposals/proposals.ts';
import { moderatePublicComments, publicCommentLimits, submitPublicCommentOnce } from './commands.ts';
import { challengeLifetimeMs, issueChallenge, publicCommentKey } from './proof.ts';
import { canModeratePublicComments, publicCommentModerators, publicConsultationWindow, putToPublic, scheduleColumns } from './rules.ts';
import { canReadPublicComment, unanswered, visiblePublicComments } from './visibility.ts';

export const PublicCommentStatus = builder.enumType('PublicCommentStatus', {
  description: '待处理 received, 已采纳 accepted (shown publicly with the reply), 不予采纳 dismissed.',
  values: enumValuesOf(publicCommentStatus.enumValues),
});

export const PublicComment = builder.drizzleNode('publicComments', {
  name: 'PublicComment',
  description:
    '社会公众意见: a comment from the public on a proposal put to the public or on a campaign. The public reads accepted comments with their replies; the team reads all, with the contact.',
  id: { column: (comment) => comment.id },
  select: { columns: { status: true } },
  authScopes: (comment, ctx) => canReadPublicComment(ctx.viewer, comment),
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Plain text as written: never HTML.' }),
    authorName: t.exposeString('authorName', { nullable: true }),
    contact: t.exposeString('contact', {
      nullable: true,
      description: 'How to reach the author, if given: the team only, never the public.',
      authScopes: { anyRole: teamRoles },
    }),
    status: t.expose('status', { type: PublicCommentStatus }),
    reply: t.exposeString('reply', { nullable: true, description: "The team's public reply." }),
    receivedAt: t.expose('createdAt', { type: 'DateTime' }),
    moderatedAt: t.expose('moderatedAt', { type: 'DateTime', nullable: true }),
    moderatedBy: t.relation('moderatedBy', { nullable: true, authScopes: { anyRole: teamRoles } }),
  }),
});

/** A thread's order, which its cursors follow: oldest first, as a dialogue reads. */
const oldestFirst = { id: 'asc' } as const;

/** Who may read what of a page of comments, plus an optional status. */
const commentsWhere = (
  viewer: Viewer | null,
  status: (typeof publicCommentStatus.enumValues)[number] | null | undefined,
  more?: (table: typeof publicComments) => SQL | undefined,
) => rawWhere((table: typeof publicComments) => and(visiblePublicComments(table, viewer), status ? eq(table.status, status) : undefined, more?.(table)));

builder.drizzleObjectFields(Proposal, (t) => ({
  publicComments: t.relatedConnection('publicComments', {
    description: 'Comments from the public on this proposal, oldest first: the team reads all, others the accepted ones.',
    args: { status: t.arg({ type: PublicCommentStatus }) },
    query: (args, ctx) => {
      checkPageArgs(args, publicComments, oldestFirst, { nested: true });
      return { where: commentsWhere(ctx.viewer, args.status), orderBy: oldestFirst };
    },
  }),
  unansweredPublicCommentCount: t.int({
    description: 'Public comments received and not yet accepted or dismissed (that the viewer may read: the team).',
    select: (_args, ctx) => ({
      extras: {
        unansweredPublicCommentCount: childCount(publicComments, publicComments.proposalId, unanswered(publicComments, ctx.viewer)),
      },
    }),
    resolve: (proposal) => proposal.unansweredPublicCommentCount,
  }),
}));

builder.drizzleObjectFields(Campaign, (t) => ({
  unansweredPublicCommentCount: t.int({
    description: 'Public comments on the campaign and its proposals received and not yet answered (that the viewer may read: the team).',
    select: (_args, ctx) => ({
      extras: {
        unansweredPublicCommentCount: childCount(publicComments, publicComments.campaignId, unanswered(publicComments, ctx.viewer)),
      },
    }),
    resolve: (campaign) => campaign.unansweredPublicCommentCount,
  }),
}));

builder.queryField('publicComments', (t) =>
  t.drizzleConnection({
    type: 'publicComments',
    description:
      'The comments on a campaign as a whole (no proposalId), or on one of its proposals, oldest first: the public reads the accepted ones with their replies, the team all.',
    args: {
      campaignId: t.arg.globalID({ for: Campaign, required: true }),
      proposalId: t.arg.globalID({ for: Proposal }),
      status: t.arg({ type: PublicCommentStatus }),
    },
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, publicComments, oldestFirst);
      const campaignId = args.campaignId.id;
      const proposalId = args.proposalId?.id ?? null;
      const on = (table: typeof publicComments) =>
        and(eq(table.campaignId, campaignId), proposalId === null ? isNull(table.proposalId) : eq(table.proposalId, proposalId));
      return ctx.db.query.publicComments.findMany(query({ where: commentsWhere(ctx.viewer, args.status, on), orderBy: oldestFirst }));
    },
  }),
);

// --- the public consultation page ------------------------------------------------------------

interface ConsultationRow {
  id: number;
  year: number;
  title: string;
  opensOn: string | null;
  deadline: string | null;
  open: boolean;
}

const PublicProposal = builder.drizzleObject('proposals', {
  variant: 'PublicProposal',
  description: "A proposal as the public consultation shows it: what is proposed and why, and the accepted comments with the team's replies.",
  select: { columns: { id: true } },
  fields: (t) => ({
    proposalId: t.id({ description: 'The Proposal id a comment on it names.', resolve: (p) => encodeGlobalID('Proposal', p.id) }),
    itemCode: t.string({
      nullable: true,
      description: 'The power item’s basic code (基本编码); null for a proposed new item.',
      select: { with: { powerItem: { columns: { basicCode: true } } } },
      resolve: (p) => p.powerItem?.basicCode ?? null,
    }),
    itemName: t.string({
      select: { columns: { proposedItemName: true }, with: { powerItem: { columns: { name: true } } } },
      resolve: (p) => p.powerItem?.name ?? p.proposedItemName ?? '',
    }),
    subItemName: t.string({
      nullable: true,
      select: { with: { powerItem: { columns: { subItemName: true } } } },
      resolve: (p) => p.powerItem?.subItemName ?? null,
    }),
    action: t.expose('action', { type: ProposalAction }),
    targetDistricts: t.stringList({
      description: 'The districts a delegation or entrustment would hand the power to (short names).',
      select: { with: { targetDistricts: { columns: { shortName: true }, orderBy: { sortOrder: 'asc' } } } },
      resolve: (p) => p.targetDistricts.map((d) => d.shortName),
    }),
    rationale: t.exposeString('rationale'),
    basis: t.exposeString('changeLegalBasis', { nullable: true, description: 'The legal basis for the change.' }),
    comments: t.relatedConnection('publicComments', {
      description: 'The accepted comments on it with their replies, oldest first.',
      query: (args) => {
        checkPageArgs(args, publicComments, oldestFirst, { nested: true });
        return { where: commentsWhere(null, 'accepted'), orderBy: oldestFirst };
      },
    }),
  }),
});

const PublicConsultation = builder.objectRef<ConsultationRow>('PublicConsultation').implement({
  description: "A campaign's public consultation (公开征求意见): its window and the proposals put to the public.",
  fields: (t) => ({
    campaignId: t.id({ resolve: (c) => encodeGlobalID('Campaign', c.id) }),
    year: t.exposeInt('year'),
    title: t.exposeString('title'),
    opensOn: t.expose('opensOn', { type: 'Date', nullable: true }),
    deadline: t.expose('deadline', { type: 'Date', nullable: true }),
    open: t.exposeBoolean('open', { description: 'Comments are taken now (by the domain clock).' }),
    proposals: t.drizzleConnection({
      type: PublicProposal,
      description:
        'While open: the proposals put to the public (active, at consultation or unit confirmation). Once closed: those with accepted comments. Oldest first.',
      resolve: (query, consultation, args, ctx) => {
        checkPageArgs(args, proposals, oldestFirst);
        // On the query's alias of proposals (`table`), not the bare table name, which the relational query does not define.
        const accepted = (table: typeof proposals) =>
          exists(sql`(select 1 from ${publicComments} where ${publicComments.proposalId} = ${table.id} and ${visiblePublicComments(publicComments, null)})`);
        const rows = ctx.db.query.proposals.findMany(
          query({
            where: rawWhere((table: typeof proposals) =>
              and(eq(table.campaignId, consultation.id), consultation.open ? putToPublic(table) : accepted(table)),
            ),
            orderBy: oldestFirst,
          }),
        );
        // The plugin's query types lose a variant's selection (a ref, not a table name); the rows are its.
        return rows as unknown as Promise<{ id: number }[]>;
      },
    }),
  }),
});

/**
 * A year's consultation; without a year the one open now, or with `latest` the latest whose window
 * has opened by today (open now or closed: what the page names when none is open).
 */
async function consultationOf(ctx: Pick<Context, 'db' | 'clock'>, year: number | null | undefined, latest = false): Promise<ConsultationRow | null> {
  const today = dayInChina(ctx.clock());
  // One campaign a year: without a year, every campaign's schedule is read (a few dozen rows at most).
  const rows = await ctx.db
    .select({ id: campaigns.id, year: campaigns.year, title: campaigns.title, ...scheduleColumns })
    .from(campaigns)
    .where(year == null ? undefined : eq(campaigns.year, year))
    .orderBy(desc(campaigns.year));
  const consultations = rows.map(({ id, year, title, ...schedule }) => ({ id, year, title, ...publicConsultationWindow(schedule, today) }));
  return (year != null ? consultations[0] : consultations.find((consultation) => (latest ? consultation.opened : consultation.open))) ?? null;
}

builder.queryField('publicConsultation', (t) =>
  t.field({
    type: PublicConsultation,
    nullable: true,
    description: "A year's public consultation, or without a year the one open now; null when there is none.",
    args: { year: t.arg.int() },
    resolve: (_root, args, ctx) => consultationOf(ctx, args.year),
  }),
);

builder.queryField('latestPublicConsultation', (t) =>
  t.field({
    type: PublicConsultation,
    nullable: true,
    description:
      'The latest public consultation whose window has opened by the domain clock’s today, open now or closed (the page names its dates when none is open); null when none has.',
    resolve: (_root, _args, ctx) => consultationOf(ctx, null, true),
  }),
);

const PublicCommentChallenge = builder.objectRef<{ challenge: string; bits: number; expiresAt: Date }>('PublicCommentChallenge').implement({
  description: `Proof of work for one comment: find a nonce such that SHA-256(challenge + nonce) starts with \`bits\` zero bits. Good for ${challengeLifetimeMs / 60_000} minutes and one comment.`,
  fields: (t) => ({
    challenge: t.exposeString('challenge'),
    bits: t.exposeInt('bits'),
    expiresAt: t.field({ type: 'DateTime', resolve: (c) => c.expiresAt.toISOString() }),
  }),
});

builder.queryField('publicCommentChallenge', (t) =>
  t.field({
    type: PublicCommentChallenge,
    description: 'A challenge for submitPublicComment; nothing is stored until a comment spends it.',
    resolve: async (_root, _args, ctx) => issueChallenge(await publicCommentKey(ctx.db), ctx.publicComments.proofBits),
  }),
);

const SubmitPublicCommentInput = builder.inputType('SubmitPublicCommentInput', {
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign, required: true }),
    proposalId: t.globalID({ for: Proposal, description: 'A proposal put to the public; omitted: a comment on the campaign as a whole.' }),
    body: t.string({ required: true, description: `Plain text, 1 to ${publicCommentLimits.body} characters after trimming.` }),
    authorName: t.string({ description: `Optional, at most ${publicCommentLimits.authorName} characters; shown with the comment if accepted.` }),
    contact: t.string({ description: `Optional, at most ${publicCommentLimits.contact} characters; the team reads it, it is never shown.` }),
    challenge: t.string({ required: true, description: 'From publicCommentChallenge.' }),
    nonce: t.string({ required: true }),
    idempotencyKey: t.string({ required: true, description: 'Made by the client for this submission (8 to 100 of A-Z a-z 0-9 - _): sent again, it stores nothing twice.' }),
  }),
});

const PublicCommentReceipt = builder.objectRef<{ commentId: number; duplicate: boolean }>('PublicCommentReceipt').implement({
  description: 'The comment was received; the team reviews it before it is shown.',
  fields: (t) => ({
    commentId: t.id({ resolve: (r) => encodeGlobalID('PublicComment', r.commentId) }),
    duplicate: t.exposeBoolean('duplicate', { description: 'This submission was received before; nothing new was stored.' }),
  }),
});

builder.mutationField('submitPublicComment', (t) =>
  t.field({
    type: PublicCommentReceipt,
    errors: { types: [NotFoundError, InvalidTransitionError, RateLimitedError] },
    description:
      'Anyone, signed in or not, comments on a proposal put to the public or on a campaign while its public consultation is open, with a proof of work; limited per address and overall.',
    args: { input: t.arg({ type: SubmitPublicCommentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      submitPublicCommentOnce(
        ctx,
        {
          campaignId: input.campaignId.id,
          // An empty id is a mistake (a VALIDATION error), not "the campaign": only an omitted one means the campaign as a whole.
          proposalId: input.proposalId?.id ?? null,
          body: input.body,
          authorName: input.authorName,
          contact: input.contact,
          challenge: input.challenge,
          nonce: input.nonce,
          idempotencyKey: input.idempotencyKey,
          clientAddress: ctx.clientAddress,
          settings: ctx.publicComments,
        },
      ),
  }),
);

const PublicCommentDecision = builder.enumType('PublicCommentDecision', {
  values: { ACCEPT: { value: 'accept', description: '采纳: shown publicly, with the reply.' }, DISMISS: { value: 'dismiss', description: '不予采纳: never shown.' } } as const,
});

const ModeratePublicCommentsInput = builder.inputType('ModeratePublicCommentsInput', {
  fields: (t) => ({
    commentIds: t.globalIDList({ for: PublicComment, required: true, description: `1 to ${publicCommentLimits.perModeration}: all are decided, or none.` }),
    decision: t.field({ type: PublicCommentDecision, required: true }),
    reply: t.string({ description: `The public reply (accepted only), at most ${publicCommentLimits.reply} characters.` }),
  }),
});

const ModeratePublicCommentsPayload = builder.objectRef<{ commentIds: number[] }>('ModeratePublicCommentsPayload').implement({
  fields: (t) => ({
    comments: t.field({
      type: [PublicComment],
      resolve: (payload, _args, ctx) =>
        ctx.db.query.publicComments.findMany({ where: { RAW: (table) => sql`${table.id} = any(${`{${payload.commentIds.join(',')}}`}::integer[])` }, orderBy: oldestFirst }),
    }),
  }),
});

builder.objectField(ProposalViewerCan, 'moderatePublicComments', (t) =>
  t.boolean({
    description: "Accepts or dismisses the public's comments on the proposal (moderatePublicComments): the review team and the coordinator.",
    resolve: (_p, _args, ctx) => canModeratePublicComments(ctx.viewer),
  }),
);

builder.mutationField('moderatePublicComments', (t) =>
  t.withAuth({ canWrite: publicCommentModerators }).field({
    type: ModeratePublicCommentsPayload,
    errors: { types: [NotFoundError] },
    description: 'The review team or the coordinator accepts (with an optional public reply) or dismisses public comments, all or none.',
    args: { input: t.arg({ type: ModeratePublicCommentsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      runCommand(ctx, ctx.viewer, moderatePublicComments, {
        commentIds: input.commentIds.map((id) => id.id),
        decision: input.decision,
        reply: input.reply,
      }),
  }),
);
