import { classificationOptions, classificationVotes, proposals } from '@devolve/db';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { hasRole, isTeam, teamRoles, type Viewer } from '../accounts/permissions.ts';
import { mutate, updateVersioned, type Tx } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { readableIdOf } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { Proposal, ProposalViewerCan } from '../proposals/proposals.ts';
import { consensusOf, hasDisagreement, isOpenForClassification } from './consensus.ts';

const proposalWhat = { zh: '精简意见', en: 'proposal' };
const voteWhat = { zh: '分类表决', en: 'classification vote' };

/** The vocabulary label of `table.code` in its proposal's campaign; the code itself if the term was removed since. */
const vocabularyLabel = (column: 'labelZh' | 'labelEn') => (table: typeof classificationVotes) =>
  sql<string>`coalesce((select ${classificationOptions[column]} from ${classificationOptions} join ${proposals} on ${proposals.campaignId} = ${classificationOptions.campaignId} where ${proposals.id} = ${table.proposalId} and ${classificationOptions.code} = ${table.code}), ${table.code})`;

export const ClassificationVote = builder.drizzleNode('classificationVotes', {
  name: 'ClassificationVote',
  description: "One reviewer's classification of a proposal: the review team's internal deliberation, read by the team only.",
  id: { column: (vote) => vote.id },
  authScopes: { anyRole: teamRoles },
  fields: (t) => ({
    proposal: t.relation('proposal'),
    reviewer: t.relation('reviewer'),
    code: t.exposeString('code', { description: "A code of the campaign's classificationOptions." }),
    labelZh: t.string({ select: { extras: { labelZh: vocabularyLabel('labelZh') } }, resolve: (vote) => vote.labelZh }),
    labelEn: t.string({ select: { extras: { labelEn: vocabularyLabel('labelEn') } }, resolve: (vote) => vote.labelEn }),
    note: t.exposeString('note', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

/**
 * The codes of the votes the viewer may see, folded into the proposal's own statement. Votes are
 * the team's internal deliberation: for anyone else there are none, so no consensus and no
 * disagreement either (the same answer `classificationVotes` gives them: an empty list).
 */
function voteCodes(viewer: Viewer | null) {
  return {
    extras: {
      classificationVoteCodes: (table: typeof proposals): SQL<string[]> =>
        isTeam(viewer)
          ? sql<string[]>`array(select ${classificationVotes.code} from ${classificationVotes} where ${classificationVotes.proposalId} = ${table.id} order by ${classificationVotes.id})`
          : sql<string[]>`'{}'::text[]`,
    },
  };
}

builder.objectFields(ProposalViewerCan, (t) => ({
  readVotes: t.boolean({
    description: 'Reads the classification votes (the team\'s internal deliberation), as classificationVotes does.',
    resolve: (_p, _args, ctx) => isTeam(ctx.viewer),
  }),
}));

builder.drizzleObjectFields(Proposal, (t) => ({
  classificationVotes: t.relation('classificationVotes', {
    description: "Each reviewer's classification. The team's internal deliberation: an empty list for departments, districts and the public.",
    query: (_args, ctx) => ({
      where: rawWhere(() => (isTeam(ctx.viewer) ? undefined : sql`false`)),
      orderBy: { id: 'asc' },
    }),
  }),
  classificationConsensus: t.string({
    nullable: true,
    description: 'The code a strict majority of the votes agree on; null without one (and for viewers outside the team).',
    select: (_args, ctx) => voteCodes(ctx.viewer),
    resolve: (proposal) => consensusOf(proposal.classificationVoteCodes),
  }),
  classificationDisagreement: t.boolean({
    description: 'Votes exist and do not all agree (always false for viewers outside the team).',
    select: (_args, ctx) => voteCodes(ctx.viewer),
    resolve: (proposal) => hasDisagreement(proposal.classificationVoteCodes),
  }),
}));

/** Trims a classification code and checks it is a term of the campaign's vocabulary. */
async function vocabularyCode(tx: Tx, campaignId: number, value: string): Promise<string> {
  const code = value.trim();
  if (!code || code.length > 64) {
    throw new ValidationError('input.code', '请选择分类', 'Choose a classification');
  }
  const [option] = await tx
    .select({ id: classificationOptions.id })
    .from(classificationOptions)
    .where(and(eq(classificationOptions.campaignId, campaignId), eq(classificationOptions.code, code)));
  if (!option) {
    throw new ValidationError(
      'input.code',
      `分类“${code}”不在本次工作的分类目录中`,
      `“${code}” is not a term of this campaign's classification vocabulary`,
    );
  }
  return code;
}

/**
 * The proposal to classify, checked to be at a stage where classifying is open. Its row stays
 * locked to commit, so a transition that ends the stage waits for this change or is seen by it:
 * `share` for votes (they do not change the proposal), `no key update` when it is written.
 */
async function proposalToClassify(tx: Tx, viewer: Viewer | null, globalId: string, lock: 'share' | 'no key update') {
  const id = await readableIdOf(tx, viewer, globalId, 'Proposal', 'input.proposalId');
  const [proposal] = await tx
    .select({
      id: proposals.id,
      campaignId: proposals.campaignId,
      stage: proposals.stage,
      status: proposals.status,
      leadReviewerId: proposals.leadReviewerId,
      classificationCode: proposals.classificationCode,
    })
    .from(proposals)
    .where(eq(proposals.id, id))
    .for(lock);
  if (!proposal) throw new NotFoundError(proposalWhat, globalId);
  if (!isOpenForClassification(proposal)) {
    throw new InvalidTransitionError(
      '只能在初审或复核阶段、且意见处于办理中时进行分类',
      'Proposals are classified only at the initial review or the re-check, while active',
    );
  }
  return proposal;
}

/** The reviewer already voted (perhaps in another tab): changing a vote needs its current version. */
async function voteConflict(tx: Tx, proposalId: number, reviewerId: number): Promise<ConflictError> {
  const [current] = await tx
    .select({ id: classificationVotes.id, version: classificationVotes.version })
    .from(classificationVotes)
    .where(and(eq(classificationVotes.proposalId, proposalId), eq(classificationVotes.reviewerId, reviewerId)));
  if (!current) throw new Error(`vote of reviewer ${reviewerId} on proposal ${proposalId} neither inserted nor found`);
  return new ConflictError({ typename: 'ClassificationVote', id: current.id }, current.version);
}

const VoteClassificationInput = builder.inputType('VoteClassificationInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    code: t.string({ required: true, description: "A code of the proposal's campaign vocabulary." }),
    note: t.string({ description: 'Why, in plain text (at most 2,000 characters).' }),
    expectedVersion: t.int({ description: 'The version of your vote when changing it; omit when casting a new vote.' }),
  }),
});

builder.mutationField('voteClassification', (t) =>
  t.drizzleField({
    type: ClassificationVote,
    errors: {},
    description: 'A reviewer casts or changes their own classification of a proposal at the initial review or re-check.',
    authScopes: { canWrite: ['reviewer'] },
    args: { input: t.arg({ type: VoteClassificationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const reviewerId = m.viewer!.userId;
        const note = optionalText(input.note, 'input.note', textLimits.reason);
        const proposal = await proposalToClassify(m.tx, m.viewer, String(input.proposalId), 'share');
        const code = await vocabularyCode(m.tx, proposal.campaignId, input.code);
        const [existing] = await m.tx
          .select({ id: classificationVotes.id, code: classificationVotes.code, version: classificationVotes.version })
          .from(classificationVotes)
          .where(and(eq(classificationVotes.proposalId, proposal.id), eq(classificationVotes.reviewerId, reviewerId)));

        let vote: typeof classificationVotes.$inferSelect;
        if (input.expectedVersion == null) {
          // A new vote. Inserted only if none exists, so two tabs casting at once cannot both win.
          const [inserted] = existing
            ? []
            : await m.tx.insert(classificationVotes).values({ proposalId: proposal.id, reviewerId, code, note }).onConflictDoNothing().returning();
          if (!inserted) throw await voteConflict(m.tx, proposal.id, reviewerId);
          vote = inserted;
        } else {
          if (!existing) {
            throw new ValidationError(
              'input.expectedVersion',
              '您尚未对该意见表决，新表决无需提供版本号',
              'You have not voted on this proposal yet; cast a new vote without expectedVersion',
            );
          }
          vote = await updateVersioned(
            m.tx,
            classificationVotes,
            { id: existing.id, expectedVersion: input.expectedVersion, typename: 'ClassificationVote', what: voteWhat },
            { code, note, updatedAt: new Date().toISOString() },
          );
        }
        m.record({
          action: 'classification.voted',
          entityId: vote.id,
          campaignId: proposal.campaignId,
          proposalId: proposal.id,
          internal: true,
          before: existing ? { code: existing.code, version: existing.version } : null,
          after: { code, version: vote.version },
        });
        return (await m.tx.query.classificationVotes.findFirst(query({ where: { id: vote.id } })))!;
      }),
  }),
);

const SetFinalClassificationInput = builder.inputType('SetFinalClassificationInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    code: t.string({ required: true, description: "A code of the proposal's campaign vocabulary." }),
    expectedVersion: t.int({ required: true, description: "The proposal's version." }),
  }),
});

builder.mutationField('setFinalClassification', (t) =>
  t.drizzleField({
    type: Proposal,
    errors: {},
    description:
      "Sets the proposal's final classification: by its lead reviewer, by any reviewer while it has none (who then becomes the lead reviewer), or by the coordinator.",
    authScopes: { canWrite: ['reviewer', 'coordinator'] },
    args: { input: t.arg({ type: SetFinalClassificationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const viewer = m.viewer!;
        const proposal = await proposalToClassify(m.tx, m.viewer, String(input.proposalId), 'no key update');
        const isCoordinator = hasRole(viewer, 'coordinator');
        if (!isCoordinator && proposal.leadReviewerId !== null && proposal.leadReviewerId !== viewer.userId) {
          throw new ForbiddenError(
            '只有该意见的主审人员或统筹人员可以确定最终分类',
            "Only the proposal's lead reviewer or the coordinator may set its final classification",
          );
        }
        const code = await vocabularyCode(m.tx, proposal.campaignId, input.code);
        const leadReviewerId = proposal.leadReviewerId ?? (hasRole(viewer, 'reviewer') ? viewer.userId : null);
        const updated = await updateVersioned(
          m.tx,
          proposals,
          { id: proposal.id, expectedVersion: input.expectedVersion, typename: 'Proposal', what: proposalWhat },
          { classificationCode: code, leadReviewerId, updatedAt: new Date().toISOString() },
        );
        m.record({
          action: 'proposal.classified',
          entityId: proposal.id,
          campaignId: proposal.campaignId,
          proposalId: proposal.id,
          before: { classificationCode: proposal.classificationCode, leadReviewerId: proposal.leadReviewerId },
          after: { classificationCode: code, leadReviewerId, version: updated.version },
        });
        return (await m.tx.query.proposals.findFirst(query({ where: { id: proposal.id } })))!;
      }),
  }),
);
