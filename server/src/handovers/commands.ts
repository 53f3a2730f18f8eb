import { handovers, proposals } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { type Command, updateVersioned } from '../activity/mutate.ts';
import { canWriteAs } from '../accounts/permissions.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { notFound, requireReadable } from '../readable.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';
import { canUpdateHandover, handoverProblem, type HandoverStatus } from './rules.ts';

/** The handover (承接) commands (architecture: one place per rule). */

const handoverWhat = { zh: '承接记录', en: 'handover' };

/** Only the fields given change; an empty notes string clears the notes. */
export interface UpdateHandoverInput {
  handoverId: number;
  status?: HandoverStatus | null;
  staffingReady?: boolean | null;
  systemsReady?: boolean | null;
  trainingDone?: boolean | null;
  /** Raw: trimmed and limited here. */
  notes?: string | null;
  /** A calendar date, YYYY-MM-DD. */
  plannedOn?: string | null;
  expectedVersion: number;
}

/** Reports a handover's readiness: the district's liaison for their own district, or the coordinator. */
export const updateHandover: Command<UpdateHandoverInput, { handoverId: number }> = async (m, input) => {
  const { handoverId } = input;
  if (m.viewer.readOnly) throw new ForbiddenError();
  await requireReadable(m, 'Handover', handoverId);
  const [current] = await m.tx
    .select({
      districtId: handovers.districtId,
      proposalId: handovers.proposalId,
      campaignId: proposals.campaignId,
      status: handovers.status,
      staffingReady: handovers.staffingReady,
      systemsReady: handovers.systemsReady,
      trainingDone: handovers.trainingDone,
      notes: handovers.notes,
      plannedOn: handovers.plannedOn,
    })
    .from(handovers)
    .innerJoin(proposals, eq(proposals.id, handovers.proposalId))
    .where(eq(handovers.id, handoverId));
  if (!current) throw notFound('Handover', encodeGlobalID('Handover', handoverId));
  if (!canUpdateHandover(m.viewer, current.districtId)) {
    throw new ForbiddenError('只能更新本区的承接情况', "You can only report on your own district's handovers");
  }
  const next = {
    status: input.status ?? current.status,
    staffingReady: input.staffingReady ?? current.staffingReady,
    systemsReady: input.systemsReady ?? current.systemsReady,
    trainingDone: input.trainingDone ?? current.trainingDone,
    notes: input.notes == null ? current.notes : optionalText(input.notes, 'input.notes', textLimits.freeText),
    plannedOn: input.plannedOn ?? current.plannedOn,
  };
  const changedKeys = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== current[key]);
  if (changedKeys.length === 0) {
    throw new ValidationError('input', '没有需要更新的内容', 'Nothing to change');
  }
  const problem = handoverProblem(next);
  if (problem === 'not_ready') {
    throw new ValidationError(
      'input.status',
      '人员、系统、培训均已到位方可确认承接：放得下、接得住、管得好',
      'A district takes a power over only once staffing, systems and training are all ready (放得下、接得住、管得好: handed down cleanly, taken over, well managed)',
    );
  }
  if (problem === 'blocked_without_notes') {
    throw new ValidationError('input.notes', '标记为受阻时请在备注中说明原因', 'Say in the notes why the handover is blocked');
  }
  const now = m.now.toISOString();
  const changes = Object.fromEntries(changedKeys.map((key) => [key, next[key]]));
  await updateVersioned(
    m.tx,
    handovers,
    { id: handoverId, expectedVersion: input.expectedVersion, typename: 'Handover', what: handoverWhat },
    {
      ...changes,
      // The moment of taking over is recorded when the status first reaches it.
      ...(next.status !== current.status ? { takenOverAt: next.status === 'taken_over' ? now : null } : {}),
      updatedById: m.viewer.userId,
      updatedAt: now,
    },
  );
  m.record({
    action: 'handover.updated',
    entityId: handoverId,
    campaignId: current.campaignId,
    proposalId: current.proposalId,
    districtId: current.districtId,
    before: Object.fromEntries(changedKeys.map((key) => [key, current[key]])),
    after: changes,
  });
  return { handoverId };
};

export interface CommentOnHandoverInput {
  handoverId: number;
  /** The note to the district: raw, trimmed and limited here. */
  note: string;
  expectedVersion: number;
}

/**
 * The lead office's note to the district on one handover (what is missing, by when). It replaces
 * the previous note on the row, where the district reads it; every note stays in the activity log,
 * which the district's liaisons read too.
 */
export const commentOnHandover: Command<CommentOnHandoverInput, { handoverId: number }> = async (m, input) => {
  if (!canWriteAs(m.viewer, 'coordinator')) {
    throw new ForbiddenError('只有牵头单位可以对承接情况提出意见', 'Only the lead office (coordinator) comments on handovers');
  }
  const { handoverId } = input;
  await requireReadable(m, 'Handover', handoverId);
  const note = requiredText(input.note, 'input.note', textLimits.reason);
  const [current] = await m.tx
    .select({ districtId: handovers.districtId, proposalId: handovers.proposalId, campaignId: proposals.campaignId, note: handovers.coordinatorNote })
    .from(handovers)
    .innerJoin(proposals, eq(proposals.id, handovers.proposalId))
    .where(eq(handovers.id, handoverId));
  if (!current) throw notFound('Handover', encodeGlobalID('Handover', handoverId));
  const now = m.now.toISOString();
  await updateVersioned(
    m.tx,
    handovers,
    { id: handoverId, expectedVersion: input.expectedVersion, typename: 'Handover', what: handoverWhat },
    { coordinatorNote: note, coordinatorNoteAt: now, coordinatorNoteById: m.viewer.userId, updatedAt: now },
  );
  m.record({
    action: 'handover.commented',
    entityId: handoverId,
    campaignId: current.campaignId,
    proposalId: current.proposalId,
    // The district's liaisons read the entry (activity/visibility.ts).
    districtId: current.districtId,
    before: { note: current.note },
    after: { note },
  });
  return { handoverId };
};
