import { handovers, proposals } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { type Command, updateVersioned } from '../activity/mutate.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { notFound, requireReadable } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';
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
