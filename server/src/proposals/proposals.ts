import { campaigns, classificationVotes, commentThreads, powerItems, proposalAction, proposalDistricts, proposals, proposalStage, proposalStatus } from '@devolve/db';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { isTeam, type Viewer } from '../accounts/permissions.ts';
import { visibleThreads } from '../comments/visibility.ts';
import { builder } from '../builder.ts';
import { User } from '../accounts/users.ts';
import { Unit } from '../units/units.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { childCount, countInPage } from '../counts.ts';
import { enumValuesOf } from '../enums.ts';
import { UnauthenticatedError, ValidationError } from '../errors.ts';
import { rawWhere, searchText } from '../filters.ts';
import { checkPageArgs, pageIdsFirst, type OrderBy, type PageArgs } from '../pagination.ts';
import { plannedExtra, type PlannedRoot } from '../planned/plan.ts';
import { PowerType } from '../power-items/power-types.ts';
import { districtCount } from '../units/units.ts';
import { proposalConditions, type ProposalFilterValues, withSearchPlan } from './filter.ts';
import { forCounting } from './search.ts';
import { deleteDraftRefusal, editRefusal, legalityOpinionRefusal, type Stage, type Status } from './lifecycle.ts';
import { canReadProposal, consultedUnitIdsOf, visibleProposals } from './visibility.ts';
import { countsBesidePage, totalWithoutRows } from './totals.ts';

export const ProposalAction = builder.enumType('ProposalAction', {
  description: '取消 cancel, 下放 delegate, 委托 entrust, 合并 merge, 调整 adjust, 保留 retain, 新增 add.',
  values: enumValuesOf(proposalAction.enumValues),
});

export const ProposalStage = builder.enumType('ProposalStage', {
  description: 'draft → submitted → initial review 初审 → legality review 合法性审查 → re-check 复核 → consultation 征求意见 → unit confirmation 单位确认 → approval 审定 → decided.',
  values: enumValuesOf(proposalStage.enumValues),
});

export const ProposalStatus = builder.enumType('ProposalStatus', {
  values: enumValuesOf(proposalStatus.enumValues),
});

const Attachment = builder.objectRef<{ title: string; ref: string }>('Attachment').implement({
  description: 'A document attached by reference.',
  fields: (t) => ({ title: t.exposeString('title'), ref: t.exposeString('ref') }),
});

/**
 * What the viewer may do with a proposal, so clients offer only what the server accepts instead
 * of copying its rules. The domain modules add their capabilities (comments, classification).
 */
export const ProposalViewerCan = builder
  .objectRef<{ submittingUnitId: number; stage: Stage; status: Status; isDraft: boolean; leadReviewerId: number | null }>('ProposalViewerCan')
  .implement({
    description: 'What the signed-in viewer may do with the proposal (as the server decides it).',
    fields: (t) => ({
      edit: t.boolean({
        description: "Edits the proposal's content (updateProposal): its own department's submitter, while it is a draft or returned.",
        resolve: (p, _args, ctx) => editRefusal(ctx.viewer, p) === null,
      }),
      deleteDraft: t.boolean({
        description: "Deletes the proposal (deleteDraftProposal, 删除草稿): its own department's submitter, while it is a draft never submitted.",
        resolve: (p, _args, ctx) => deleteDraftRefusal(ctx.viewer, p) === null,
      }),
      recordOpinion: t.boolean({
        description: 'Records a legality opinion (recordLegalityOpinion): the justice bureau, while the proposal is active at the legality review.',
        resolve: (p, _args, ctx) => legalityOpinionRefusal(ctx.viewer, p) === null,
      }),
    }),
  });

export const Proposal = builder.drizzleNode('proposals', {
  name: 'Proposal',
  description: "精简意见: a unit's proposal about one of its power items in a campaign.",
  id: { column: (proposal) => proposal.id },
  // Every path to a proposal (node(id), nested relations) passes this check; lists filter in SQL.
  // Extras rather than relations, so they never collide with a client's own selection of them.
  select: {
    columns: { submittingUnitId: true, stage: true, status: true },
    extras: {
      audienceCampaignStatus: (table) =>
        sql<string>`(select ${campaigns.status} from ${campaigns} where ${campaigns.id} = ${table.campaignId})`,
      audienceDistrictIds: (table) =>
        sql<number[]>`array(select ${proposalDistricts.districtId} from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${table.id})`,
      audienceConsultedUnitIds: (table) => consultedUnitIdsOf(table.id),
    },
  },
  authScopes: (proposal, ctx) =>
    canReadProposal(ctx.viewer, {
      submittingUnitId: proposal.submittingUnitId,
      stage: proposal.stage,
      status: proposal.status,
      campaignStatus: proposal.audienceCampaignStatus,
      targetDistrictIds: proposal.audienceDistrictIds,
      consultedUnitIds: proposal.audienceConsultedUnitIds,
    }),
  fields: (t) => ({
    campaign: t.relation('campaign'),
    powerItem: t.relation('powerItem', { nullable: true, description: 'Null for `add`, which proposes a missing item.' }),
    powerType: t.expose('powerTypeCode', { type: PowerType }),
    submittingUnit: t.relation('submittingUnit'),
    action: t.expose('action', { type: ProposalAction }),
    targetDistricts: t.relation('targetDistricts', {
      description: 'For delegate and entrust: the districts that would take the power over.',
      // One row per district (a unique index): bounded by the districts.
      extensions: { maxItems: districtCount },
      query: { orderBy: { code: 'asc' } },
    }),
    mergeIntoItem: t.relation('mergeIntoItem', { nullable: true }),
    proposedItemName: t.exposeString('proposedItemName', { nullable: true }),
    rationale: t.exposeString('rationale'),
    changeLegalBasis: t.exposeString('changeLegalBasis', { nullable: true }),
    attachments: t.field({ type: [Attachment], select: { columns: { attachments: true } }, resolve: (p) => p.attachments }),
    stage: t.expose('stage', { type: ProposalStage }),
    status: t.expose('status', { type: ProposalStatus }),
    classificationCode: t.exposeString('classificationCode', {
      nullable: true,
      description: "The final classification, a code of the campaign's classificationOptions.",
    }),
    leadReviewer: t.relation('leadReviewer', { nullable: true }),
    assignees: t.relation('assignees', { query: { orderBy: { id: 'asc' } } }),
    // Counted over the threads the viewer may read: a department's counts leave out internal threads.
    threadCount: t.int({
      select: (_args, ctx) => ({
        extras: { threadCount: childCount(commentThreads, commentThreads.proposalId, visibleThreads(commentThreads, ctx.viewer)) },
      }),
      resolve: (proposal) => proposal.threadCount,
    }),
    openThreadCount: t.int({
      extensions: plannedExtra,
      select: (_args, ctx) => ({
        extras: {
          openThreadCount: childCount(
            commentThreads,
            commentThreads.proposalId,
            and(eq(commentThreads.resolved, false), visibleThreads(commentThreads, ctx.viewer)),
          ),
        },
      }),
      resolve: (proposal) => proposal.openThreadCount,
    }),
    voteCount: t.int({
      nullable: true,
      description: "How many reviewers voted; null for those outside the team (votes are the team's internal work).",
      select: { extras: { voteCount: childCount(classificationVotes, classificationVotes.proposalId) } },
      resolve: (proposal, _args, ctx) => (isTeam(ctx.viewer) ? proposal.voteCount : null),
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
    viewerCan: t.field({
      type: ProposalViewerCan,
      select: { columns: { leadReviewerId: true } },
      resolve: (proposal) => ({
        submittingUnitId: proposal.submittingUnitId,
        stage: proposal.stage,
        status: proposal.status,
        isDraft: proposal.stage === 'draft',
        leadReviewerId: proposal.leadReviewerId,
      }),
    }),
  }),
});

export const ProposalFilter = builder.inputType('ProposalFilter', {
  description: 'Every list filter combines with AND; values inside one list combine with OR.',
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign }),
    stages: t.field({ type: [ProposalStage] }),
    statuses: t.field({ type: [ProposalStatus] }),
    unitId: t.globalID({ for: Unit, description: 'The submitting unit.' }),
    actions: t.field({ type: [ProposalAction] }),
    powerTypes: t.field({ type: [PowerType] }),
    classification: t.string({ description: 'A classification code; the empty string means "not classified yet".' }),
    assigneeId: t.globalID({ for: User, description: 'A reviewer assigned to the proposal.' }),
    assignedToMe: t.boolean({ description: 'true: my queue, the proposals assigned to the signed-in reviewer.' }),
    targetDistrictId: t.globalID({ for: Unit, description: 'A district the proposal would delegate or entrust powers to (a district portal\'s list).' }),
    search: t.string({ description: 'Substring of the rationale, the proposed item name or the power item\'s name or sub-item name, or a basic-code prefix.' }),
    hasUnansweredPublicComments: t.boolean({
      description: 'true: only proposals with public comments received and not yet accepted or dismissed (有待处理的公众意见); false: only those without.',
    }),
  }),
});

const ProposalOrder = builder.enumType('ProposalOrder', {
  values: {
    NEWEST: { description: 'Latest submitted first (最新报送), ties by id; a department\'s drafts by when they were created.' },
    OLDEST: { description: 'Earliest submitted first (最早报送), ties by id; a department\'s drafts by when they were created.' },
    RECENTLY_UPDATED: { description: 'Most recently changed first.' },
  } as const,
});

/** Each order ends with id, so rows tie-break stably and a cursor names one position. */
const orderings = {
  NEWEST: { submissionOrder: 'desc', id: 'desc' },
  OLDEST: { submissionOrder: 'asc', id: 'asc' },
  RECENTLY_UPDATED: { updatedAt: 'desc', id: 'desc' },
} as const;

export function readProposalFilter(input: typeof ProposalFilter.$inferInput | null | undefined, viewer: Viewer | null): ProposalFilterValues {
  if (!input) return {};
  // assignedToMe: the signed-in reviewer's own queue.
  let me: number | undefined;
  if (input.assignedToMe) {
    if (!viewer) throw new UnauthenticatedError();
    me = viewer.userId;
  }
  if (input.assignedToMe && input.assigneeId) {
    throw new ValidationError('filter.assignedToMe', '不能同时指定 assigneeId 和 assignedToMe', 'Give either assigneeId or assignedToMe, not both');
  }
  if (input.classification && input.classification.length > 64) {
    throw new ValidationError('filter.classification', '分类代码过长', 'The classification code is too long');
  }
  return {
    campaignId: input.campaignId?.id,
    stages: input.stages ?? undefined,
    statuses: input.statuses ?? undefined,
    unitId: input.unitId?.id,
    actions: input.actions ?? undefined,
    typeCodes: input.powerTypes ?? undefined,
    classificationCode: input.classification === '' ? null : (input.classification ?? undefined),
    assigneeId: me ?? (input.assigneeId?.id),
    targetDistrictId: input.targetDistrictId?.id,
    search: searchText(input.search, 'filter.search'),
    unansweredPublicComments: input.hasUnansweredPublicComments == null ? undefined : { value: input.hasUnansweredPublicComments, reader: viewer },
  };
}

/** The queue's rows: those the viewer may read that match the filter. */
const queueWhere = (table: typeof proposals, viewer: Viewer | null, filter: ProposalFilterValues) =>
  and(visibleProposals(table, viewer), proposalConditions(table, filter));

/** How many rows the queue has: without reading them where the viewer's rule and the filter allow (totals.ts), else counted. */
const queueTotal = (viewer: Viewer | null, filter: ProposalFilterValues): SQL<number> =>
  totalWithoutRows(viewer, filter) ??
  sql<number>`(select count(*) from ${proposals} where ${queueWhere(proposals, viewer, { ...filter, searchPlan: forCounting(filter) })})`.mapWith(Number);

/** The queue's totalCount, counted in the page's statement or beside it (`countsBesidePage`). */
const queueCount = countInPage();

/**
 * The queue page's condition over `table`. A search walked through its hashed matches finds the
 * page's ids first, walking the order's index alone (pageIdsFirst); the page then needs only the
 * rest of the filter.
 */
function queuePageWhere(viewer: Viewer | null, filter: ProposalFilterValues, ordering: OrderBy<typeof proposals>, args: PageArgs) {
  const pageIds = filter.searchPlan === 'hashed' ? pageIdsFirst(proposals, (table) => queueWhere(table, viewer, filter), ordering, args) : undefined;
  return (table: typeof proposals) => (pageIds ? and(queueWhere(table, viewer, { ...filter, search: undefined }), pageIds(table)) : queueWhere(table, viewer, filter));
}

/**
 * The queue's rows for planned execution (planned/plan.ts): the same read policy, filter and
 * orders as the resolver below. The filter arrives with its global ids read; a filter the resolver
 * would refuse throws here, and normal execution answers it.
 */
export const plannedProposals: PlannedRoot = {
  table: proposals,
  typename: 'Proposal',
  orderings,
  defaultOrder: 'OLDEST',
  readFilter: (db, viewer, filter) => withSearchPlan(db, readProposalFilter(filter as typeof ProposalFilter.$inferInput | null, viewer)),
  where: (viewer, filter, { ordering, first, after }) => queuePageWhere(viewer, filter as ProposalFilterValues, ordering, { first, after })(proposals),
  total: (viewer, filter) => queueTotal(viewer, filter as ProposalFilterValues),
  countsBeside: (viewer, filter) => countsBesidePage(viewer, filter as ProposalFilterValues),
};

builder.queryField('proposals', (t) =>
  t.drizzleConnection({
    type: 'proposals',
    description: 'The review queue: proposals under a filter, in a stable order, 100 at most per page.',
    args: {
      filter: t.arg({ type: ProposalFilter }),
      orderBy: t.arg({ type: ProposalOrder, defaultValue: 'OLDEST' }),
    },
    totalCount: (_root, args, ctx, info) =>
      queueCount.totalCount(info, ctx.db, async () =>
        queueTotal(ctx.viewer, await withSearchPlan(ctx.db, readProposalFilter(args.filter, ctx.viewer))),
      ),
    resolve: async (query, _root, args, ctx, info) => {
      const ordering = orderings[args.orderBy ?? 'OLDEST'];
      checkPageArgs(args, proposals, ordering);
      const filter = await withSearchPlan(ctx.db, readProposalFilter(args.filter, ctx.viewer));
      const total = () => queueTotal(ctx.viewer, filter);
      const countedBeside = countsBesidePage(ctx.viewer, filter);
      if (countedBeside) queueCount.beside(info, ctx.db, total);
      const rows = await ctx.db.query.proposals.findMany(
        query({
          where: rawWhere(queuePageWhere(ctx.viewer, filter, ordering, args)),
          orderBy: ordering,
          extras: countedBeside ? undefined : queueCount.extras(info, total),
        }),
      );
      return queueCount.remember(info, rows);
    },
  }),
);

builder.queryField('proposalByCode', (t) =>
  t.drizzleField({
    type: 'proposals',
    nullable: true,
    description:
      "A proposal by its power item's basic code (readable addresses such as /2019/440101070002): in the campaign of `year`, or the newest campaign with one; of several (a withdrawn or rejected proposal proposed again) the latest. Null when there is none the viewer may read.",
    args: {
      code: t.arg.string({ required: true, description: 'A basic code such as 440101070002.' }),
      year: t.arg.int({ description: "The campaign's year; the newest campaign when left out." }),
    },
    resolve: (query, _root, args, ctx) => {
      const code = args.code.trim();
      if (code.length === 0 || code.length > 50) {
        throw new ValidationError('code', '请给出事项的基本编码', 'Give the basic code of the item');
      }
      if (args.year != null && (args.year < 2000 || args.year > 2100)) {
        throw new ValidationError('year', '年度须在 2000 至 2100 之间', 'The year must be from 2000 to 2100');
      }
      const year = args.year;
      return ctx.db.query.proposals.findFirst(
        query({
          where: rawWhere((table: typeof proposals) =>
            and(
              visibleProposals(table, ctx.viewer),
              sql`${table.powerItemId} = (select ${powerItems.id} from ${powerItems} where ${powerItems.basicCode} = ${code})`,
              year == null ? undefined : sql`${table.campaignId} = (select ${campaigns.id} from ${campaigns} where ${campaigns.year} = ${year})`,
            ),
          ),
          // Campaigns are created year by year; within one, a proposal made again is the newer row.
          orderBy: { campaignId: 'desc', id: 'desc' },
        }),
      );
    },
  }),
);
