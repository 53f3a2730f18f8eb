import { proposals, reviewRecords } from '@devolve/db';
import { eq } from 'drizzle-orm';
import type { Command } from '../activity/mutate.ts';
import { updateVersioned } from '../activity/mutate.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { hasRole } from '../accounts/permissions.ts';
import { requireReadable } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';

/**
 * The proposal lifecycle's commands (architecture: one place per rule). Each takes database ids
 * and raw text, checks everything itself (readability, permission, state, version, text), writes
 * through the mutation it is given and records its activity. GraphQL, jobs, imports and the seed
 * all call these.
 */

export const proposalWhat = { zh: '精简意见', en: 'proposal' };

export type LegalityOpinion = 'lawful' | 'lawful_with_conditions' | 'unlawful';

export interface RecordLegalityOpinionInput {
  proposalId: number;
  opinion: LegalityOpinion;
  /** Required unless the proposal is simply lawful. */
  reason?: string | null;
  expectedVersion: number;
}

/** 合法性审查: the justice bureau's legality opinion on a proposal at the legality review. */
export const recordLegalityOpinion: Command<RecordLegalityOpinionInput, { proposalId: number }> = async (m, input) => {
  if (!hasRole(m.viewer, 'legal_reviewer') || m.viewer.readOnly) {
    throw new ForbiddenError('只有司法局审查人员可以出具合法性审查意见', 'Only the justice bureau records legality opinions');
  }
  await requireReadable(m, 'Proposal', input.proposalId);
  const reason = optionalText(input.reason, 'input.reason', textLimits.reason);
  if (input.opinion !== 'lawful' && !reason) {
    throw new ValidationError('input.reason', '附条件合法或不合法须说明理由', 'Explain a conditional or unlawful opinion');
  }
  const id = input.proposalId;
  const [p] = await m.tx.select().from(proposals).where(eq(proposals.id, id)).for('no key update');
  if (!p) throw new NotFoundError(proposalWhat, String(id));
  if (p.version !== input.expectedVersion) throw new ConflictError({ typename: 'Proposal', id }, p.version);
  if (p.stage !== 'legality_review' || p.status !== 'active') {
    throw new InvalidTransitionError('只能在合法性审查阶段出具意见', 'An opinion can only be recorded at the legality review');
  }
  const updated = await updateVersioned(
    m.tx,
    proposals,
    { id, expectedVersion: input.expectedVersion, typename: 'Proposal', what: proposalWhat },
    { updatedAt: m.now.toISOString() },
  );
  const [record] = await m.tx
    .insert(reviewRecords)
    .values({ proposalId: id, stage: 'legality_review', reviewerId: m.viewer.userId, verdict: input.opinion, reason, createdAt: m.now.toISOString() })
    .returning({ id: reviewRecords.id });
  m.record({
    action: 'review.recorded',
    entityId: record!.id,
    campaignId: p.campaignId,
    proposalId: id,
    after: { verdict: input.opinion, version: updated.version },
  });
  return { proposalId: id };
};
