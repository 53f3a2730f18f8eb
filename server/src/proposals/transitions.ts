import { reviewRecords, reviewVerdict } from '@devolve/db';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { bulkResultType, eachOnItsOwn } from '../bulk.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { checkPageArgs, pageSizes } from '../pagination.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { recordLegalityOpinion, transitionProposals } from './commands.ts';
import { availableTransitions, bulkActors, transitionNames } from './lifecycle.ts';
import { Proposal } from './proposals.ts';
import { isTeam } from '../accounts/permissions.ts';
import { ChangeDistrictRef, type ChangeDistrict } from '../power-items/power-items.ts';
import { districtCount, Unit } from '../units/units.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { proposalDistricts, units } from '@devolve/db';
import { sql } from 'drizzle-orm';
import { approvableDistrictIdsSql } from './decisions.ts';

export const ProposalTransition = builder.enumType('ProposalTransition', {
  description: 'A move along the proposal lifecycle (see the README for the diagram and who may make each).',
  values: enumValuesOf(transitionNames),
});

const TransitionInput = builder.inputType('TransitionProposalInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    transition: t.field({ type: ProposalTransition, required: true }),
    expectedVersion: t.int({ required: true, description: 'The version the user saw.' }),
    reason: t.string({ description: 'Required to return, reject or contest.' }),
    districtIds: t.globalIDList({
      for: Unit,
      required: false,
      description:
        'With `approve` of a delegation or entrustment: the target districts approved, each one of `approvableDistrictIds` (agreed in the consultation). Omitted, the proposal is approved for all its target districts.',
    }),
  }),
});

builder.mutationField('transitionProposal', (t) =>
  t.withAuth({ canWrite: ['coordinator', 'reviewer', 'legal_reviewer', 'approver', 'submitter'] }).drizzleField({
    type: Proposal,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError, ValidationError] },
    description: 'Moves a proposal along its lifecycle; decisions are recorded as review records.',
    args: { input: t.arg({ type: TransitionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const proposalId = input.proposalId.id;
      await runCommand(ctx, ctx.viewer, transitionProposals, {
        transition: input.transition,
        items: [{ proposalId, expectedVersion: input.expectedVersion, reason: input.reason, districtIds: input.districtIds?.map(({ id }) => id) }],
      });
      return (await ctx.db.query.proposals.findFirst(query({ where: { id: proposalId } })))!;
    },
  }),
);

const BulkTransitionResult = bulkResultType('BulkTransitionResult');

const BulkItem = builder.inputType('BulkTransitionItem', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

const BulkInput = builder.inputType('BulkTransitionProposalsInput', {
  fields: (t) => ({
    transition: t.field({ type: ProposalTransition, required: true }),
    items: t.field({ type: [BulkItem], required: true, description: '1 to 500 proposals.' }),
    reason: t.string(),
  }),
});

export const maxBulkItems = 500;

builder.mutationField('bulkTransitionProposals', (t) =>
  t.withAuth({ canWrite: bulkActors() }).field({
    type: BulkTransitionResult,
    errors: {},
    description:
      'The same transition for many proposals, each checked and applied in its own transaction: one that fails changes nothing and does not stop the others.',
    args: { input: t.arg({ type: BulkInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (input.items.length === 0 || input.items.length > maxBulkItems) {
        throw new ValidationError('input.items', `一次可处理 1 至 ${maxBulkItems} 条`, `Give 1 to ${maxBulkItems} proposals`);
      }
      // Checked once for all: a reason the command would refuse is refused before any item runs.
      optionalText(input.reason, 'input.reason', textLimits.reason);
      // One transaction per proposal (as bulk assignment does): an item that fails leaves no rows
      // and no activity of its own, and does not stop the others.
      return eachOnItsOwn(
        input.items,
        (item) => String(item.proposalId),
        (item, i) =>
          runCommand(ctx, ctx.viewer, transitionProposals, {
            transition: input.transition,
            items: [
              {
                proposalId: databaseIdOf(String(item.proposalId), 'Proposal', `input.items.${i}.proposalId`),
                expectedVersion: item.expectedVersion,
                reason: input.reason,
              },
            ],
          }),
      );
    },
  }),
);

export const ReviewVerdict = builder.enumType('ReviewVerdict', { values: enumValuesOf(reviewVerdict.enumValues) });

builder.drizzleObject('reviewRecords', {
  name: 'ReviewRecord',
  description: 'A decision or opinion on a proposal at a stage (初审、合法性审查、复核、单位确认、审定).',
  fields: (t) => ({
    stage: t.exposeString('stage'),
    verdict: t.expose('verdict', { type: ReviewVerdict }),
    reason: t.exposeString('reason', { nullable: true }),
    reviewer: t.relation('reviewer'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const LegalityOpinion = builder.enumType('LegalityOpinion', {
  values: { LAWFUL: { value: 'lawful' }, LAWFUL_WITH_CONDITIONS: { value: 'lawful_with_conditions' }, UNLAWFUL: { value: 'unlawful' } } as const,
});

const LegalityInput = builder.inputType('RecordLegalityOpinionInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    opinion: t.field({ type: LegalityOpinion, required: true }),
    reason: t.string({ description: 'Required unless the proposal is simply lawful.' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('recordLegalityOpinion', (t) =>
  t.withAuth({ canWrite: ['legal_reviewer'] }).drizzleField({
    type: Proposal,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: "合法性审查: the justice bureau's legality opinion, recorded at the legality review.",
    args: { input: t.arg({ type: LegalityInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const proposalId = input.proposalId.id;
      await runCommand(ctx, ctx.viewer, recordLegalityOpinion, { items: [{ ...input, proposalId }] });
      return (await ctx.db.query.proposals.findFirst(query({ where: { id: proposalId } })))!;
    },
  }),
);

/** The order of review records, which their cursors follow. */
const oldestFirst = { id: 'asc' } as const;

builder.drizzleObjectFields(Proposal, (t) => ({
  reviewRecords: t.relatedConnection('reviewRecords', {
    description: `Decisions and opinions, oldest first. Visible to whoever may read the proposal. ${pageSizes.default} a page unless asked (\`first\`/\`last\` at most ${pageSizes.max}); \`pageInfo\` says whether there are more.`,
    query: (args) => {
      checkPageArgs(args, reviewRecords, oldestFirst, { nested: true });
      return { orderBy: oldestFirst };
    },
  }),
  availableTransitions: t.field({
    type: [ProposalTransition],
    description: 'The transitions the viewer may make now: what a decision panel offers.',
    select: { columns: { id: true } },
    resolve: async (proposal, _args, ctx) => {
      if (!ctx.viewer || ctx.viewer.readOnly) return [];
      const facts = await ctx.proposalFacts.load(proposal.id);
      return facts ? availableTransitions(facts, ctx.viewer) : [];
    },
  }),
}));

builder.drizzleObjectFields(Proposal, (t) => ({
  approvableDistrictIds: t.idList({
    description:
      'For the approver at 审定 of a delegation or entrustment: the target districts (Unit ids) it may be approved for, those that agreed (with or without conditions) in the latest consultation. Empty for anyone outside the review team.',
    extensions: { maxItems: districtCount },
    select: { extras: { approvableDistrictIds: (table) => approvableDistrictIdsSql(table.id) } },
    resolve: (p, _args, ctx) => (isTeam(ctx.viewer) ? p.approvableDistrictIds.map((id) => encodeGlobalID('Unit', id)) : []),
  }),
  approvedDistricts: t.field({
    type: [ChangeDistrictRef],
    description: 'Once approved, for a delegation or entrustment: the target districts the approval covers (all of them unless the approver chose some). Empty before.',
    extensions: { maxItems: districtCount },
    select: {
      columns: { status: true },
      extras: {
        approvedDistricts: (table) =>
          sql<ChangeDistrict[] | null>`(select json_agg(json_build_object('code', ${units.code}, 'name', ${units.name}, 'nameEn', ${units.nameEn}) order by ${units.code}) from ${proposalDistricts} join ${units} on ${units.id} = ${proposalDistricts.districtId} where ${proposalDistricts.proposalId} = ${table.id} and not ${proposalDistricts.excluded})`,
      },
    },
    resolve: (p) => (p.status === 'approved' ? (p.approvedDistricts ?? []) : []),
  }),
}));
