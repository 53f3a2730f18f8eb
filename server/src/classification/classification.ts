import { classificationOptions, classificationVotes, proposals } from '@devolve/db';
import { sql, type SQL } from 'drizzle-orm';
import { isTeam, teamRoles, type Viewer } from '../accounts/permissions.ts';
import { runCommand, runCommandAndRead } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { Proposal, ProposalViewerCan } from '../proposals/proposals.ts';
import { setFinalClassification, voteClassification } from './commands.ts';
import {
  consensusOf,
  contradictsAction,
  contradictsVotes,
  finalClassificationRefusal,
  hasDisagreement,
  isOpenForClassification,
  isUnanimous,
  voteRefusal,
} from './consensus.ts';

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

/** How a final classification stands against the votes and the proposal's action, for each code of the vocabulary. */
const ClassificationCheck = builder
  .objectRef<{ action: string; voteCodes: readonly string[]; vocabulary: readonly string[] }>('ClassificationCheck')
  .implement({
    description:
      "How the votes add up and which final classifications would contradict them or the proposal's own action (the rules of server/src/classification/consensus.ts), so a client warns before saving and shows it afterwards without copying them. Votes are the team's: for anyone else there are none.",
    fields: (t) => ({
      unanimous: t.boolean({
        description: 'At least two votes and all name the same code (表决意见一致).',
        resolve: (check) => isUnanimous(check.voteCodes),
      }),
      codesAgainstVotes: t.stringList({
        description: 'Codes of the vocabulary that go against the votes: another code has a strict majority, or without one, no vote names it.',
        resolve: (check) => check.vocabulary.filter((code) => contradictsVotes(check.voteCodes, code)),
      }),
      codesAgainstAction: t.stringList({
        description: "Codes of the vocabulary that agree with another action than the proposal's own (同意下放 for a cancellation).",
        resolve: (check) => check.vocabulary.filter((code) => contradictsAction(check.action, code)),
      }),
    }),
  });

builder.objectFields(ProposalViewerCan, (t) => ({
  readVotes: t.boolean({
    description: 'Reads the classification votes (the team\'s internal deliberation), as classificationVotes does.',
    resolve: (_p, _args, ctx) => isTeam(ctx.viewer),
  }),
  vote: t.boolean({
    description: 'Casts or changes their own classification vote (voteClassification): a reviewer, while classifying is open.',
    resolve: (p, _args, ctx) => voteRefusal(ctx.viewer, p) === null,
  }),
  finalizeClassification: t.boolean({
    description:
      'Sets the final classification (setFinalClassification): while classifying is open, the lead reviewer, any reviewer while there is none, or the coordinator.',
    resolve: (p, _args, ctx) => finalClassificationRefusal(ctx.viewer, p) === null,
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
  classificationCheck: t.field({
    type: ClassificationCheck,
    select: (_args, ctx) => ({
      columns: { action: true },
      extras: {
        ...voteCodes(ctx.viewer).extras,
        classificationVocabulary: (table: typeof proposals): SQL<string[]> =>
          sql<string[]>`array(select ${classificationOptions.code} from ${classificationOptions} where ${classificationOptions.campaignId} = ${table.campaignId} order by ${classificationOptions.sortOrder}, ${classificationOptions.id})`,
      },
    }),
    resolve: (proposal) => ({
      action: proposal.action,
      voteCodes: proposal.classificationVoteCodes,
      vocabulary: proposal.classificationVocabulary,
    }),
  }),
  classificationOpen: t.boolean({
    description: 'Classifying is open: the proposal is active at the initial review or the re-check (whoever may vote or set the final one then).',
    resolve: (proposal) => isOpenForClassification(proposal),
  }),
  classificationDisagreement: t.boolean({
    description: 'Votes exist and do not all agree (always false for viewers outside the team).',
    select: (_args, ctx) => voteCodes(ctx.viewer),
    resolve: (proposal) => hasDisagreement(proposal.classificationVoteCodes),
  }),
}));

const VoteClassificationInput = builder.inputType('VoteClassificationInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    code: t.string({ required: true, description: "A code of the proposal's campaign vocabulary." }),
    note: t.string({ description: 'Why, in plain text (at most 2,000 characters).' }),
    expectedVersion: t.int({ description: 'The version of your vote when changing it; omit when casting a new vote.' }),
  }),
});

builder.mutationField('voteClassification', (t) =>
  t.withAuth({ canWrite: ['reviewer'] }).drizzleField({
    type: ClassificationVote,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: 'A reviewer casts or changes their own classification of a proposal at the initial review or re-check.',
    args: { input: t.arg({ type: VoteClassificationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runCommandAndRead(
        ctx,
        ctx.viewer,
        voteClassification,
        { items: [{ ...input, proposalId: input.proposalId.id }] },
        async (tx, { votes }) => (await tx.query.classificationVotes.findFirst(query({ where: { id: votes[0]!.id } })))!,
      ),
  }),
);

const SetFinalClassificationInput = builder.inputType('SetFinalClassificationInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    code: t.string({ required: true, description: "A code of the proposal's campaign vocabulary." }),
    expectedVersion: t.int({ required: true, description: "The proposal's version." }),
  }),
});

builder.mutationField('setFinalClassification', (t) =>
  t.withAuth({ canWrite: ['reviewer', 'coordinator'] }).drizzleField({
    type: Proposal,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description:
      "Sets the proposal's final classification: by its lead reviewer, by any reviewer while it has none (who then becomes the lead reviewer), or by the coordinator.",
    args: { input: t.arg({ type: SetFinalClassificationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const proposalId = input.proposalId.id;
      await runCommand(ctx, ctx.viewer, setFinalClassification, { items: [{ ...input, proposalId }] });
      return (await ctx.db.query.proposals.findFirst(query({ where: { id: proposalId } })))!;
    },
  }),
);
