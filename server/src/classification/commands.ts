import { classificationOptions, classificationVotes, proposals } from '@devolve/db';
import { and, eq, sql } from 'drizzle-orm';
import { inIds } from '../id-lists.ts';
import type { Command, Mutation, Tx } from '../activity/mutate.ts';
import type { ProposalVersions } from '../assignments/commands.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { readableRows } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { refusalError } from '../proposals/commands.ts';
import type { Refusal } from '../proposals/lifecycle.ts';
import { finalClassificationRefusal, leadAfterClassifying, voteRefusal } from './consensus.ts';

/**
 * The classification commands (architecture: one place per rule): a reviewer's votes and the final
 * classification. GraphQL calls them with one item, the seed with hundreds; each list is all or
 * nothing and costs the same few statements whatever its length.
 */

/** Most proposals one call classifies: a bound on one statement's parameters, far above one round of the seed. */
export const classifyLimit = 1_000;

/** A command's proposals: 1 to the limit, each once (a reviewer has one vote per proposal). */
function checkList(ids: readonly number[]): void {
  if (ids.length < 1 || ids.length > classifyLimit) {
    throw new ValidationError('input.items', `一次可分类 1 至 ${classifyLimit} 条意见`, `Classify 1 to ${classifyLimit} proposals at a time`);
  }
  if (new Set(ids).size !== ids.length) {
    throw new ValidationError('input.items', '意见列表中有重复', 'A proposal is listed twice');
  }
}

/**
 * The proposals to classify, each readable and one `refusalOf` (the command's rule) lets the viewer classify, by id. Their
 * rows stay locked to commit (one statement, in id order), so a transition that ends the stage
 * waits for this change or is seen by it: `share` for votes (they do not change the proposal),
 * `no key update` when it is written.
 */
async function proposalsToClassify(
  m: Mutation,
  ids: readonly number[],
  lock: 'share' | 'no key update',
  refusalOf: (proposal: { stage: string; status: string; leadReviewerId: number | null }) => Refusal | null,
) {
  const byId = await readableRows(
    m,
    'Proposal',
    ids,
    {
      id: proposals.id,
      campaignId: proposals.campaignId,
      stage: proposals.stage,
      status: proposals.status,
      version: proposals.version,
      leadReviewerId: proposals.leadReviewerId,
      classificationCode: proposals.classificationCode,
      // Its campaign's vocabulary, read with it rather than in a statement of its own (vocabularyCodes).
      vocabulary: sql<string[]>`array(select ${classificationOptions.code} from ${classificationOptions} where ${classificationOptions.campaignId} = ${proposals.campaignId})`,
    },
    lock,
  );
  return ids.map((id) => {
    const proposal = byId.get(id)!;
    const refusal = refusalOf(proposal);
    if (refusal) throw refusalError(refusal, 'input.proposalId');
    return proposal;
  });
}

/** Trims each classification code and checks it is a term of its proposal's campaign vocabulary (read by proposalsToClassify). */
function vocabularyCodes(wanted: readonly { vocabulary: readonly string[]; code: string }[]): string[] {
  const codes = wanted.map(({ code }) => {
    const trimmed = code.trim();
    if (!trimmed || trimmed.length > 64) throw new ValidationError('input.code', '请选择分类', 'Choose a classification');
    return trimmed;
  });
  codes.forEach((code, i) => {
    if (!wanted[i]!.vocabulary.includes(code)) {
      throw new ValidationError('input.code', `分类“${code}”不在本次工作的分类目录中`, `“${code}” is not a term of this campaign's classification vocabulary`);
    }
  });
  return codes;
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

export interface VoteClassificationInput {
  /** The viewer's vote on each proposal: a new one without `expectedVersion`, a change with the vote's version. */
  items: readonly { proposalId: number; code: string; note?: string | null; expectedVersion?: number | null }[];
}

/** Each vote after the command, in the order given. */
export interface CastVotes {
  votes: { id: number; proposalId: number; version: number }[];
}

/**
 * A reviewer casts or changes their own classification of proposals at the initial review or
 * re-check. Votes are the team's internal deliberation: their activity is internal.
 */
export const voteClassification: Command<VoteClassificationInput, CastVotes> = async (m, input) => {
  // Who may, before anything is read; each proposal's state when it is locked.
  const forbidden = voteRefusal(m.viewer);
  if (forbidden) throw refusalError(forbidden, 'input');
  const reviewerId = m.viewer.userId;
  const ids = input.items.map((item) => item.proposalId);
  checkList(ids);
  const notes = input.items.map((item) => optionalText(item.note, 'input.note', textLimits.reason));
  const open = await proposalsToClassify(m, ids, 'share', (proposal) => voteRefusal(m.viewer, proposal));
  const codes = vocabularyCodes(input.items.map((item, i) => ({ vocabulary: open[i]!.vocabulary, code: item.code })));
  // Locked, so a version checked here is the one changed below (two tabs changing one vote queue).
  const existing = new Map(
    (
      await m.tx
        .select({ id: classificationVotes.id, proposalId: classificationVotes.proposalId, code: classificationVotes.code, version: classificationVotes.version })
        .from(classificationVotes)
        .where(and(eq(classificationVotes.reviewerId, reviewerId), inIds(classificationVotes.proposalId, ids)))
        .orderBy(classificationVotes.id)
        .for('update')
    ).map((vote) => [vote.proposalId, vote]),
  );
  const items = input.items.map((item, i) => ({ proposal: open[i]!, code: codes[i]!, note: notes[i]!, vote: existing.get(item.proposalId) }));
  for (const [i, { vote }] of items.entries()) {
    const expectedVersion = input.items[i]!.expectedVersion;
    if (expectedVersion == null) {
      if (vote) throw new ConflictError({ typename: 'ClassificationVote', id: vote.id }, vote.version);
    } else if (!vote) {
      throw new ValidationError(
        'input.expectedVersion',
        '您尚未对该意见表决，新表决无需提供版本号',
        'You have not voted on this proposal yet; cast a new vote without expectedVersion',
      );
    } else if (vote.version !== expectedVersion) {
      throw new ConflictError({ typename: 'ClassificationVote', id: vote.id }, vote.version);
    }
  }

  const now = m.now.toISOString();
  const fresh = items.filter((item) => !item.vote);
  const changed = items.filter((item) => item.vote);
  const written = new Map<number, { id: number; version: number }>();
  if (fresh.length > 0) {
    // Inserted only where none exists, so two tabs casting at once cannot both win.
    const inserted = await m.tx
      .insert(classificationVotes)
      .values(fresh.map(({ proposal, code, note }) => ({ proposalId: proposal.id, reviewerId, code, note, createdAt: now, updatedAt: now })))
      .onConflictDoNothing()
      .returning({ id: classificationVotes.id, proposalId: classificationVotes.proposalId, version: classificationVotes.version });
    for (const vote of inserted) written.set(vote.proposalId, vote);
    const lost = fresh.find(({ proposal }) => !written.has(proposal.id));
    if (lost) throw await voteConflict(m.tx, lost.proposal.id, reviewerId);
  }
  if (changed.length > 0) {
    const chosen = sql`(values ${sql.join(
      changed.map(({ vote, code, note }) => sql`(${vote!.id}::integer, ${code}::text, ${note}::text)`),
      sql`, `,
    )}) as chosen(id, code, note)`;
    const updated = await m.tx
      .update(classificationVotes)
      .set({ code: sql`chosen.code`, note: sql`chosen.note`, updatedAt: now, version: sql`${classificationVotes.version} + 1` })
      .from(chosen)
      .where(eq(classificationVotes.id, sql`chosen.id`))
      .returning({ id: classificationVotes.id, proposalId: classificationVotes.proposalId, version: classificationVotes.version });
    for (const vote of updated) written.set(vote.proposalId, vote);
  }

  return {
    votes: items.map(({ proposal, code, vote: before }) => {
      const vote = written.get(proposal.id)!;
      m.record({
        action: 'classification.voted',
        entityId: vote.id,
        campaignId: proposal.campaignId,
        proposalId: proposal.id,
        internal: true,
        before: before ? { code: before.code, version: before.version } : null,
        after: { code, version: vote.version },
      });
      return { id: vote.id, proposalId: proposal.id, version: vote.version };
    }),
  };
};

export interface SetFinalClassificationInput {
  items: readonly { proposalId: number; code: string; expectedVersion: number }[];
}

/**
 * Sets proposals' final classification: by the lead reviewer, by any reviewer while a proposal has
 * none (who then becomes its lead reviewer), or by the coordinator. Each proposal gets a new version.
 */
export const setFinalClassification: Command<SetFinalClassificationInput, ProposalVersions> = async (m, input) => {
  // Who may, before anything is read; each proposal's state and lead when it is locked.
  const forbidden = finalClassificationRefusal(m.viewer);
  if (forbidden) throw refusalError(forbidden, 'input');
  const ids = input.items.map((item) => item.proposalId);
  checkList(ids);
  const open = await proposalsToClassify(m, ids, 'no key update', (proposal) => finalClassificationRefusal(m.viewer, proposal));
  const codes = vocabularyCodes(input.items.map((item, i) => ({ vocabulary: open[i]!.vocabulary, code: item.code })));
  for (const [i, proposal] of open.entries()) {
    if (proposal.version !== input.items[i]!.expectedVersion) throw new ConflictError({ typename: 'Proposal', id: proposal.id }, proposal.version);
  }

  const items = open.map((proposal, i) => ({ proposal, code: codes[i]!, lead: leadAfterClassifying(m.viewer, proposal) }));
  const chosen = sql`(values ${sql.join(
    items.map(({ proposal, code, lead }) => sql`(${proposal.id}::integer, ${code}::text, ${lead}::integer)`),
    sql`, `,
  )}) as chosen(id, code, lead)`;
  const updated = await m.tx
    .update(proposals)
    .set({ classificationCode: sql`chosen.code`, leadReviewerId: sql`chosen.lead`, updatedAt: m.now.toISOString(), version: sql`${proposals.version} + 1` })
    .from(chosen)
    .where(eq(proposals.id, sql`chosen.id`))
    .returning({ id: proposals.id, version: proposals.version });
  const versions = new Map(updated.map((row) => [row.id, row.version]));

  return {
    proposals: items.map(({ proposal, code, lead }) => {
      const version = versions.get(proposal.id)!;
      m.record({
        action: 'proposal.classified',
        entityId: proposal.id,
        campaignId: proposal.campaignId,
        proposalId: proposal.id,
        before: { classificationCode: proposal.classificationCode, leadReviewerId: proposal.leadReviewerId },
        after: { classificationCode: code, leadReviewerId: lead, version },
      });
      return { id: proposal.id, version };
    }),
  };
};
