import { consultations, districtFeedback, proposalDistricts, proposals, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Command, Mutation, Tx } from '../activity/mutate.ts';
import { canWriteAs } from '../accounts/permissions.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from '../errors.ts';
import { notFound, requireAllReadable } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';
import {
  answersFor,
  consultationOpener,
  consultationRefusal,
  departmentsToConsult,
  districtsToConsult,
  maxConsultedDepartments,
  type Stance,
  stanceNeedsReason,
} from './rules.ts';

/**
 * The consultation commands (architecture: one place per rule). Both take lists, so the seed opens
 * and answers its hundreds of consultations in a few statements; the GraphQL mutations pass one item.
 * All or none: one refused item refuses the list.
 */

export interface NewConsultation {
  proposalId: number;
  /** An instant (ISO 8601) after the domain clock's now. */
  deadline: string;
  /** A subset of the proposal's target districts (unit ids); all of them when omitted. */
  districtIds?: readonly number[] | null;
  /** Other municipal departments the item touches (unit ids), asked as well; none when omitted. */
  departmentIds?: readonly number[] | null;
}

const departmentProblems = {
  too_many: { zh: `每项征求意见至多另征求 ${maxConsultedDepartments} 个部门`, en: `Consult at most ${maxConsultedDepartments} other departments` },
  not_a_department: { zh: '所选单位须为市直部门', en: 'Only municipal departments may be consulted besides the districts' },
  own_department: { zh: '不能就本部门的意见征求本部门意见', en: 'The proposing department is not consulted on its own proposal' },
} as const;

/**
 * Puts delegate or entrust proposals at the consultation stage to their target districts, and to
 * other departments where chosen (coordinator): one open consultation per proposal, with an
 * unanswered feedback row per unit asked. Returns the consultation ids, in the order given.
 */
export const openConsultations: Command<{ items: readonly NewConsultation[] }, number[]> = async (m, { items }) => {
  if (!canWriteAs(m.viewer, consultationOpener.role)) throw new ForbiddenError();
  const proposalIds = items.map((item) => item.proposalId);
  await requireAllReadable(m, 'Proposal', proposalIds);
  if (items.some((item) => Date.parse(item.deadline) <= m.now.getTime())) {
    throw new ValidationError('input.deadline', '截止时间应晚于当前时间', 'The deadline must be in the future');
  }
  // Locking the proposals (in id order, as every list does) serialises concurrent attempts;
  // consultations_open_per_proposal_key keeps at most one open per proposal (its violation
  // becomes the rule's error in activity/unique-rules.ts), a proposal given twice included.
  const locked = await m.tx
    .select({
      id: proposals.id,
      campaignId: proposals.campaignId,
      submittingUnitId: proposals.submittingUnitId,
      action: proposals.action,
      stage: proposals.stage,
      status: proposals.status,
    })
    .from(proposals)
    .where(inArray(proposals.id, [...new Set(proposalIds)]))
    .orderBy(asc(proposals.id))
    .for('no key update');
  const proposalById = new Map(locked.map((p) => [p.id, p]));
  const targets = await m.tx
    .select({ proposalId: proposalDistricts.proposalId, districtId: proposalDistricts.districtId })
    .from(proposalDistricts)
    .innerJoin(units, eq(units.id, proposalDistricts.districtId))
    .where(inArray(proposalDistricts.proposalId, [...proposalById.keys()]))
    .orderBy(asc(units.sortOrder), asc(units.id));
  const requestedDepartments = [...new Set(items.flatMap((item) => item.departmentIds ?? []))];
  const unitKinds = new Map(
    requestedDepartments.length === 0
      ? []
      : (await m.tx.select({ id: units.id, kind: units.kind }).from(units).where(inArray(units.id, requestedDepartments))).map((u) => [u.id, u.kind]),
  );
  const planned = items.map((item) => {
    const proposal = proposalById.get(item.proposalId);
    if (!proposal) throw notFound('Proposal', encodeGlobalID('Proposal', item.proposalId));
    const refusal = consultationRefusal(proposal);
    if (refusal) throw new InvalidTransitionError(refusal.zh, refusal.en);
    const choice = districtsToConsult(
      targets.filter((target) => target.proposalId === item.proposalId).map((target) => target.districtId),
      item.districtIds ?? undefined,
    );
    if ('problem' in choice) {
      if (choice.problem === 'no_targets') {
        throw new InvalidTransitionError('该意见未指定承接的区，无法征求意见', 'The proposal names no target districts to consult');
      }
      throw new ValidationError(
        'input.districtIds',
        '征求意见的区须为该意见拟下放的区，且至少一个',
        "Consult at least one district, and only the proposal's target districts",
      );
    }
    const departments = departmentsToConsult(proposal.submittingUnitId, item.departmentIds ?? undefined, (id) => unitKinds.get(id));
    if ('problem' in departments) {
      const message = departmentProblems[departments.problem];
      throw new ValidationError('input.departmentIds', message.zh, message.en);
    }
    return { item, campaignId: proposal.campaignId, districtIds: choice.districtIds, departmentIds: departments.departmentIds };
  });

  const createdAt = m.now.toISOString();
  const opened = await m.tx
    .insert(consultations)
    .values(planned.map(({ item }) => ({ proposalId: item.proposalId, openedById: m.viewer.userId, deadline: item.deadline, createdAt })))
    .returning({ id: consultations.id });
  await m.tx
    .insert(districtFeedback)
    .values(
      planned.flatMap(({ districtIds, departmentIds }, index) =>
        [...districtIds, ...departmentIds].map((unitId) => ({ consultationId: opened[index]!.id, districtId: unitId })),
      ),
    );
  // An open consultation changes what may be done with the proposal (close_consultation).
  const bumped = await m.tx
    .update(proposals)
    .set({ version: sql`${proposals.version} + 1` })
    .where(inArray(proposals.id, [...proposalById.keys()]))
    .returning({ id: proposals.id, version: proposals.version });
  const versionOf = new Map(bumped.map((p) => [p.id, p.version]));
  return planned.map(({ item, campaignId, districtIds, departmentIds }, index) => {
    const id = opened[index]!.id;
    m.record({
      action: 'consultation.opened',
      entityId: id,
      campaignId,
      proposalId: item.proposalId,
      after: { deadline: item.deadline, districtIds, departmentIds, proposalVersion: versionOf.get(item.proposalId) },
    });
    return id;
  });
};

/** A consulted unit's answer; the texts are raw (trimmed and limited here, blank meaning none). */
export interface Answer {
  feedbackId: number;
  stance: Stance;
  staffingNeeds?: string | null;
  systemsNeeds?: string | null;
  trainingNeeds?: string | null;
  fundingNeeds?: string | null;
  capacityNotes?: string | null;
  /** Required (or capacityNotes) when agreeing with conditions or disagreeing. */
  comments?: string | null;
  expectedVersion: number;
}

const answerTexts = ['staffingNeeds', 'systemsNeeds', 'trainingNeeds', 'fundingNeeds', 'capacityNotes', 'comments'] as const;

/**
 * A district liaison answers for their own district, a department's submitter for their own
 * department when it was consulted, while the consultation is open; answering again replaces the
 * answer. Returns the feedback ids, in the order given.
 */
export const answerConsultations: Command<{ items: readonly Answer[] }, number[]> = async (m, { items }) => {
  if (!canWriteAs(m.viewer, 'district_liaison', 'submitter')) throw new ForbiddenError();
  const feedbackIds = items.map((item) => item.feedbackId);
  await requireAllReadable(m, 'DistrictFeedback', feedbackIds);
  if (new Set(feedbackIds).size !== feedbackIds.length) {
    throw new ValidationError('input.feedbackId', '同一区级意见只能答复一次', 'Answer each district feedback once');
  }
  const current = await m.tx
    .select({
      id: districtFeedback.id,
      districtId: districtFeedback.districtId,
      stance: districtFeedback.stance,
      version: districtFeedback.version,
      consultationStatus: consultations.status,
      proposalId: consultations.proposalId,
      campaignId: proposals.campaignId,
    })
    .from(districtFeedback)
    .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
    .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
    .where(inArray(districtFeedback.id, feedbackIds))
    // Each answer is decided on its consultation being open: closing it (an UPDATE) waits for
    // these answers to commit, or this read waits for the close and sees it.
    .for('share', { of: consultations });
  const currentById = new Map(current.map((row) => [row.id, row]));
  const planned = items.map((item) => {
    const row = currentById.get(item.feedbackId);
    if (!row) throw notFound('DistrictFeedback', encodeGlobalID('DistrictFeedback', item.feedbackId));
    if (!answersFor(m.viewer, row.districtId)) {
      throw new ForbiddenError('只能答复本单位的征求意见', "You can only answer your own unit's consultation");
    }
    const texts = Object.fromEntries(
      answerTexts.map((key) => [key, optionalText(item[key], `input.${key}`, textLimits.freeText)]),
    ) as Record<(typeof answerTexts)[number], string | null>;
    if (stanceNeedsReason(item.stance) && texts.comments === null && texts.capacityNotes === null) {
      throw new ValidationError(
        'input.comments',
        '附条件同意或不同意时，请在意见或承接能力说明中写明条件或理由',
        'Agreeing with conditions or disagreeing needs the conditions or reasons in comments or capacity notes',
      );
    }
    if (row.consultationStatus !== 'open') {
      throw new InvalidTransitionError('征求意见已结束，不能再答复', 'The consultation is closed; it takes no more answers');
    }
    if (row.version !== item.expectedVersion) throw new ConflictError({ typename: 'DistrictFeedback', id: row.id }, row.version);
    return { item, row, texts };
  });

  // One UPDATE for every answer, each row's values joined from a VALUES list.
  const answers = sql.join(
    planned.map(
      ({ item, texts }) =>
        sql`(${item.feedbackId}::integer, ${item.expectedVersion}::integer, ${item.stance}::district_stance, ${texts.staffingNeeds}::text, ${texts.systemsNeeds}::text, ${texts.trainingNeeds}::text, ${texts.fundingNeeds}::text, ${texts.capacityNotes}::text, ${texts.comments}::text)`,
    ),
    sql`, `,
  );
  const updated = await m.tx
    .update(districtFeedback)
    .set({
      stance: sql`answer.stance`,
      staffingNeeds: sql`answer.staffing_needs`,
      systemsNeeds: sql`answer.systems_needs`,
      trainingNeeds: sql`answer.training_needs`,
      fundingNeeds: sql`answer.funding_needs`,
      capacityNotes: sql`answer.capacity_notes`,
      comments: sql`answer.comments`,
      respondedById: m.viewer.userId,
      respondedAt: m.now.toISOString(),
      version: sql`${districtFeedback.version} + 1`,
    })
    .from(
      sql`(values ${answers}) as answer(id, expected_version, stance, staffing_needs, systems_needs, training_needs, funding_needs, capacity_notes, comments)`,
    )
    .where(and(sql`${districtFeedback.id} = answer.id`, sql`${districtFeedback.version} = answer.expected_version`))
    .returning({ id: districtFeedback.id });
  // The rows were read unlocked: one answered concurrently since is a conflict, as in updateVersioned.
  if (updated.length !== planned.length) {
    const answered = new Set(updated.map((row) => row.id));
    const raced = planned.find(({ item }) => !answered.has(item.feedbackId))!;
    const [now] = await m.tx.select({ version: districtFeedback.version }).from(districtFeedback).where(eq(districtFeedback.id, raced.item.feedbackId));
    throw new ConflictError({ typename: 'DistrictFeedback', id: raced.item.feedbackId }, now!.version);
  }
  for (const { item, row } of planned) {
    m.record({
      action: 'consultation.answered',
      entityId: item.feedbackId,
      campaignId: row.campaignId,
      proposalId: row.proposalId,
      districtId: row.districtId,
      before: { stance: row.stance },
      after: { stance: item.stance },
    });
  }
  return planned.map(({ item }) => item.feedbackId);
};

/** Open consultations whose deadline passed before `now`: what closes by itself. */
const expiredAt = (now: Date) => and(eq(consultations.status, 'open'), lt(consultations.deadline, now.toISOString()));

/**
 * Whether `closeExpiredConsultations` has anything to close at `now`: the job asks first, as a
 * mutation must record activity and a sweep usually finds nothing.
 */
export async function anyConsultationExpired(db: Pick<Tx, 'select'>, now: Date): Promise<boolean> {
  const [row] = await db.select({ id: consultations.id }).from(consultations).where(expiredAt(now)).limit(1);
  return row !== undefined;
}

/**
 * Closes every open consultation whose deadline passed before the domain clock's now, as the
 * system (the scheduled job; `m.viewer` is null, so the activity's actor is null), in one
 * statement: districts can no longer answer. The proposal stays where it is; whoever moves it on
 * (close_consultation) finds the deadline passed. Returns the closed consultations' ids.
 * Idempotent: a concurrent run, or a close_consultation in between, leaves nothing for it to close.
 */
export async function closeExpiredConsultations(m: Mutation<null>): Promise<number[]> {
  const closed = await m.tx
    .update(consultations)
    .set({ status: 'closed', closedAt: m.now.toISOString(), version: sql`${consultations.version} + 1` })
    .from(proposals)
    .where(and(eq(proposals.id, consultations.proposalId), expiredAt(m.now)))
    .returning({ id: consultations.id, proposalId: consultations.proposalId, campaignId: proposals.campaignId });
  closed.sort((a, b) => a.id - b.id);
  for (const { id, proposalId, campaignId } of closed) {
    // The same shape as a close_consultation's entry (proposals/transitions.ts), with why.
    m.record({ action: 'consultation.closed', entityId: id, campaignId, proposalId, after: { status: 'closed', reason: 'deadline' } });
  }
  return closed.map(({ id }) => id);
}
