import { consultations, proposals, reviewRecords, reviewVerdict } from '@devolve/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { type ActivityEntry, mutate, runCommand, type Tx, updateVersioned } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { bulkResultType, eachOnItsOwn } from '../bulk.ts';
import { enumValuesOf } from '../enums.ts';
import {
  ConflictError,
  DevolveError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { checkPageArgs, pageSizes } from '../pagination.ts';
import { readableIdOf } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { recordLegalityOpinion } from './commands.ts';
import { applyApproval } from './decisions.ts';
import { databaseIdOf } from '../ids.ts';
import { type LoadedProposal, loadProposalFacts } from './facts.ts';
import { availableTransitions, planTransition, type Refusal, type Transition, transitionNames } from './lifecycle.ts';
import { Proposal } from './proposals.ts';

export const ProposalTransition = builder.enumType('ProposalTransition', {
  description: 'A move along the proposal lifecycle (see the README for the diagram and who may make each).',
  values: enumValuesOf(transitionNames),
});

const proposalWhat = { zh: '精简意见', en: 'proposal' };
function refusalError(refusal: Refusal): DevolveError {
  if (refusal.code === 'FORBIDDEN') return new ForbiddenError(refusal.zh, refusal.en);
  if (refusal.code === 'VALIDATION') return new ValidationError(refusal.field ?? 'input.reason', refusal.zh, refusal.en);
  return new InvalidTransitionError(refusal.zh, refusal.en);
}

/**
 * The proposal's facts, read under a lock on its row: a transition decides from them, and a
 * concurrent transition, assignment, classification or consultation of the same proposal waits
 * until it commits. NO KEY UPDATE, as an UPDATE takes: the foreign-key checks of other mutations'
 * activity rows (KEY SHARE) do not wait for it, so they cannot deadlock on the log's lock.
 */
async function lockedProposalFacts(tx: Tx, id: number, givenId: string): Promise<LoadedProposal> {
  const [locked] = await tx.select({ id: proposals.id }).from(proposals).where(eq(proposals.id, id)).for('no key update');
  const p = locked && (await loadProposalFacts(tx, [id])).get(id);
  if (!p) throw new NotFoundError(proposalWhat, givenId);
  return p;
}

/**
 * Applies one transition to one proposal: version check, stage and status, the review record
 * of a decision, and what approval does to the power list. Returns its activity entries.
 */
async function applyTransition(
  tx: Tx,
  viewer: Viewer,
  p: LoadedProposal,
  transition: Transition,
  expectedVersion: number,
  reason: string | null,
): Promise<ActivityEntry[]> {
  // The version first: a client that saw an older proposal gets a conflict with the current
  // version, not a refusal planned from a state it never saw.
  if (p.version !== expectedVersion) throw new ConflictError({ typename: 'Proposal', id: p.id }, p.version);
  const plan = planTransition(p, transition, viewer, reason);
  if (!plan.ok) throw refusalError(plan.refusal);
  const { stage, status, verdict } = plan.outcome;
  const now = new Date().toISOString();
  const updated = await updateVersioned(
    tx,
    proposals,
    { id: p.id, expectedVersion, typename: 'Proposal', what: proposalWhat },
    {
      stage,
      status,
      updatedAt: now,
      ...(transition === 'submit' ? { submittedAt: now } : {}),
      ...(stage === 'decided' ? { decidedAt: now } : {}),
    },
  );
  if (verdict) {
    await tx.insert(reviewRecords).values({ proposalId: p.id, stage: p.stage, reviewerId: viewer.userId, verdict, reason });
  }
  const entries: ActivityEntry[] = [
    {
      action: 'proposal.transitioned',
      entityId: p.id,
      campaignId: p.campaignId,
      proposalId: p.id,
      before: { stage: p.stage, status: p.status, version: p.version },
      after: { transition, stage, status, version: updated.version, ...(reason ? { reason } : {}) },
    },
  ];
  if (transition === 'close_consultation') entries.push(...(await closeOpenConsultations(tx, p, now)));
  if (status === 'approved') entries.push(...(await applyApproval(tx, p, viewer.userId)));
  return entries;
}

/** Moving past the consultation closes it: districts can no longer answer, and a later round can open. */
async function closeOpenConsultations(tx: Tx, p: LoadedProposal, now: string): Promise<ActivityEntry[]> {
  const closed = await tx
    .update(consultations)
    .set({ status: 'closed', closedAt: now, version: sql`${consultations.version} + 1` })
    .where(and(eq(consultations.proposalId, p.id), eq(consultations.status, 'open')))
    .returning({ id: consultations.id });
  return closed.map(({ id }) => ({
    action: 'consultation.closed',
    entityId: id,
    campaignId: p.campaignId,
    proposalId: p.id,
    after: { status: 'closed' },
  }));
}

const TransitionInput = builder.inputType('TransitionProposalInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    transition: t.field({ type: ProposalTransition, required: true }),
    expectedVersion: t.int({ required: true, description: 'The version the user saw.' }),
    reason: t.string({ description: 'Required to return, reject or contest.' }),
  }),
});

builder.mutationField('transitionProposal', (t) =>
  t.drizzleField({
    type: Proposal,
    errors: {},
    description: 'Moves a proposal along its lifecycle; decisions are recorded as review records.',
    authScopes: { canWrite: ['coordinator', 'reviewer', 'legal_reviewer', 'approver', 'submitter'] },
    args: { input: t.arg({ type: TransitionInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const id = await readableIdOf(m.tx, m.viewer, String(input.proposalId), 'Proposal', 'input.proposalId');
        const reason = optionalText(input.reason, 'input.reason', textLimits.reason);
        const p = await lockedProposalFacts(m.tx, id, String(input.proposalId));
        for (const entry of await applyTransition(m.tx, m.viewer!, p, input.transition, input.expectedVersion, reason)) {
          m.record(entry);
        }
        return (await m.tx.query.proposals.findFirst(query({ where: { id } })))!;
      }),
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
  t.field({
    type: BulkTransitionResult,
    errors: {},
    description:
      'The same transition for many proposals, each checked and applied in its own transaction: one that fails changes nothing and does not stop the others.',
    authScopes: { canWrite: ['coordinator', 'reviewer', 'legal_reviewer', 'approver'] },
    args: { input: t.arg({ type: BulkInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (input.items.length === 0 || input.items.length > maxBulkItems) {
        throw new ValidationError('input.items', `一次可处理 1 至 ${maxBulkItems} 条`, `Give 1 to ${maxBulkItems} proposals`);
      }
      const reason = optionalText(input.reason, 'input.reason', textLimits.reason);
      // One transaction per proposal (as bulk assignment does): an item that fails leaves no rows
      // and no activity of its own, and does not stop the others.
      return eachOnItsOwn(
        input.items,
        (item) => String(item.proposalId),
        (item, i) =>
          mutate(ctx, async (m) => {
            const id = await readableIdOf(m.tx, m.viewer, String(item.proposalId), 'Proposal', `input.items[${i}].proposalId`);
            const p = await lockedProposalFacts(m.tx, id, String(item.proposalId));
            for (const entry of await applyTransition(m.tx, m.viewer!, p, input.transition, item.expectedVersion, reason)) {
              m.record(entry);
            }
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
    proposalId: t.id({ required: true }),
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
      const { proposalId } = await runCommand(ctx, ctx.viewer, recordLegalityOpinion, {
        ...input,
        proposalId: databaseIdOf(String(input.proposalId), 'Proposal', 'input.proposalId'),
      });
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
