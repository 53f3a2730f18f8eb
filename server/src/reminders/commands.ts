import {
  consultations,
  evaluations,
  handovers,
  powerItemClaims,
  powerItems,
  proposals,
  reminderChannel,
  reminders,
  reminderSubject,
  units,
  users,
  campaigns,
} from '@devolve/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Command, Tx } from '../activity/mutate.ts';
import { canWriteAs } from '../accounts/permissions.ts';
import { parseDateInput } from '../dates.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { inIds } from '../id-lists.ts';
import { jsonRows } from '../json-rows.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { canReadReminder } from './visibility.ts';

/**
 * 催办: the lead office chases units, districts and people about overdue work. A reminder reaches
 * the recipient's to-do; the log records who was chased, when, about what and how.
 */

export type ReminderSubject = (typeof reminderSubject.enumValues)[number];
export type ReminderChannel = (typeof reminderChannel.enumValues)[number];

/** How many reminders one call may send (one per recipient and subject). */
export const maxRemindersPerCall = 1_000;

export interface ReminderTarget {
  /** A department or district; or else one person. */
  recipientUnitId?: number | null;
  recipientUserId?: number | null;
  subject: ReminderSubject;
  /** The row chased; absent when the subject is the campaign's work as a whole. */
  subjectId?: number | null;
}

export interface SendRemindersInput {
  campaignId: number;
  channel: ReminderChannel;
  /** Raw: trimmed and limited here. */
  message?: string | null;
  /** The deadline chased, YYYY-MM-DD. */
  dueOn?: string | null;
  reminders: readonly ReminderTarget[];
}

/**
 * The campaign each chased row belongs to, by subject: a reminder about a row of another campaign
 * is refused. Claims and power items belong to no campaign (an item is claimed once, whatever the year).
 */
const subjectRows: Record<Exclude<ReminderSubject, 'campaign'>, (tx: Tx, ids: readonly number[]) => Promise<Map<number, number | null>>> = {
  proposal: async (tx, ids) =>
    pairs(await tx.select({ id: proposals.id, campaignId: proposals.campaignId }).from(proposals).where(inIds(proposals.id, ids))),
  consultation: async (tx, ids) =>
    pairs(
      await tx
        .select({ id: consultations.id, campaignId: proposals.campaignId })
        .from(consultations)
        .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
        .where(inIds(consultations.id, ids)),
    ),
  handover: async (tx, ids) =>
    pairs(
      await tx
        .select({ id: handovers.id, campaignId: proposals.campaignId })
        .from(handovers)
        .innerJoin(proposals, eq(proposals.id, handovers.proposalId))
        .where(inIds(handovers.id, ids)),
    ),
  evaluation: async (tx, ids) =>
    pairs(await tx.select({ id: evaluations.id, campaignId: evaluations.campaignId }).from(evaluations).where(inIds(evaluations.id, ids))),
  power_item: async (tx, ids) =>
    pairs((await tx.select({ id: powerItems.id }).from(powerItems).where(inIds(powerItems.id, ids))).map((row) => ({ ...row, campaignId: null }))),
  claim: async (tx, ids) =>
    pairs((await tx.select({ id: powerItemClaims.id }).from(powerItemClaims).where(inIds(powerItemClaims.id, ids))).map((row) => ({ ...row, campaignId: null }))),
};

const pairs = (rows: readonly { id: number; campaignId: number | null }[]) => new Map(rows.map((row) => [row.id, row.campaignId]));

const subjectWhat: Record<ReminderSubject, { zh: string; en: string }> = {
  campaign: { zh: '工作年度', en: 'campaign' },
  proposal: { zh: '精简意见', en: 'proposal' },
  consultation: { zh: '征求意见', en: 'consultation' },
  claim: { zh: '认领申请', en: 'claim' },
  handover: { zh: '承接记录', en: 'handover' },
  evaluation: { zh: '评估', en: 'evaluation' },
  power_item: { zh: '权力事项', en: 'power item' },
};

/** Sends reminders (coordinator): all of them or, when one is refused, none. */
export const sendReminders: Command<SendRemindersInput, { reminderIds: number[] }> = async (m, input) => {
  if (!canWriteAs(m.viewer, 'coordinator')) {
    throw new ForbiddenError('只有牵头单位可以催办', 'Only the lead office (coordinator) sends reminders');
  }
  if (input.reminders.length === 0 || input.reminders.length > maxRemindersPerCall) {
    throw new ValidationError('input.reminders', `每次催办 1 至 ${maxRemindersPerCall} 条`, `Send 1 to ${maxRemindersPerCall} reminders at a time`);
  }
  const message = optionalText(input.message, 'input.message', textLimits.reason);
  const dueOn = input.dueOn ? parseDateInput(input.dueOn, 'input.dueOn') : null;
  const [campaign] = await m.tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, input.campaignId));
  if (!campaign) throw new NotFoundError(subjectWhat.campaign, String(input.campaignId));

  const targets = input.reminders.map((target, i) => {
    const field = `input.reminders.${i}`;
    const unitId = target.recipientUnitId ?? null;
    const userId = target.recipientUserId ?? null;
    if ((unitId === null) === (userId === null)) {
      throw new ValidationError(field, '每条催办须指定一个单位或一个人', 'Each reminder names one unit or one person');
    }
    const subjectId = target.subject === 'campaign' ? null : (target.subjectId ?? null);
    if (target.subject !== 'campaign' && subjectId === null) {
      throw new ValidationError(`${field}.subjectId`, '请指明催办的事项', 'Name the row the reminder is about');
    }
    return { recipient_unit_id: unitId, recipient_user_id: userId, subject: target.subject, subject_id: subjectId };
  });

  const unitIds = [...new Set(targets.flatMap((t) => (t.recipient_unit_id === null ? [] : [t.recipient_unit_id])))];
  const userIds = [...new Set(targets.flatMap((t) => (t.recipient_user_id === null ? [] : [t.recipient_user_id])))];
  const [foundUnits, foundUsers] = await Promise.all([
    unitIds.length ? m.tx.select({ id: units.id, kind: units.kind }).from(units).where(inIds(units.id, unitIds)) : [],
    userIds.length ? m.tx.select({ id: users.id }).from(users).where(and(inIds(users.id, userIds), eq(users.active, true))) : [],
  ]);
  const unitKinds = new Map(foundUnits.map((unit) => [unit.id, unit.kind]));
  const knownUsers = new Set(foundUsers.map((user) => user.id));
  const subjectCampaigns = new Map<ReminderSubject, Map<number, number | null>>();
  for (const subject of new Set(targets.map((t) => t.subject))) {
    if (subject === 'campaign') continue;
    const ids = [...new Set(targets.flatMap((t) => (t.subject === subject && t.subject_id !== null ? [t.subject_id] : [])))];
    subjectCampaigns.set(subject, await subjectRows[subject](m.tx, ids));
  }
  targets.forEach((target, i) => {
    const field = `input.reminders.${i}`;
    if (target.recipient_unit_id !== null && !unitKinds.has(target.recipient_unit_id)) {
      throw new NotFoundError({ zh: '单位', en: 'unit' }, String(target.recipient_unit_id));
    }
    if (target.recipient_user_id !== null && !knownUsers.has(target.recipient_user_id)) {
      throw new NotFoundError({ zh: '用户', en: 'user' }, String(target.recipient_user_id));
    }
    if (target.subject_id === null) return;
    const rows = subjectCampaigns.get(target.subject)!;
    if (!rows.has(target.subject_id)) throw new NotFoundError(subjectWhat[target.subject], String(target.subject_id));
    const campaignId = rows.get(target.subject_id);
    if (campaignId != null && campaignId !== input.campaignId) {
      throw new ValidationError(`${field}.subjectId`, '催办的事项不属于该工作年度', 'The row chased belongs to another campaign');
    }
  });

  const sentAt = m.now.toISOString();
  const given = jsonRows(
    'given',
    { n: 'integer', recipient_unit_id: 'integer', recipient_user_id: 'integer', subject: 'text', subject_id: 'integer' },
    targets.map((target, n) => ({ n, ...target })),
  );
  const inserted = await m.tx
    .insert(reminders)
    .select(
      m.tx
        .select({
          campaignId: sql`${input.campaignId}::integer`.as('campaign_id'),
          recipientUnitId: sql`given.recipient_unit_id`.as('recipient_unit_id'),
          recipientUserId: sql`given.recipient_user_id`.as('recipient_user_id'),
          subject: sql`given.subject::reminder_subject`.as('subject'),
          subjectId: sql`given.subject_id`.as('subject_id'),
          channel: sql`${input.channel}::reminder_channel`.as('channel'),
          message: sql`${message}::text`.as('message'),
          dueOn: sql`${dueOn}::date`.as('due_on'),
          sentById: sql`${m.viewer.userId}::integer`.as('sent_by_id'),
          sentAt: sql`${sentAt}::timestamptz`.as('sent_at'),
          acknowledgedAt: sql`null::timestamptz`.as('acknowledged_at'),
          acknowledgedById: sql`null::integer`.as('acknowledged_by_id'),
        })
        .from(given)
        .orderBy(sql`given.n`),
    )
    .returning({ id: reminders.id });
  // Identity values follow the insert's row order, which is the order given.
  const reminderIds = inserted.map((row) => row.id).sort((a, b) => a - b);
  targets.forEach((target, i) => {
    m.record({
      action: 'reminder.sent',
      entityId: reminderIds[i]!,
      campaignId: input.campaignId,
      proposalId: target.subject === 'proposal' ? target.subject_id : null,
      // A district's liaisons read what was sent to their district (activity/visibility.ts).
      districtId: target.recipient_unit_id !== null && unitKinds.get(target.recipient_unit_id) === 'district' ? target.recipient_unit_id : null,
      after: {
        recipientUnitId: target.recipient_unit_id,
        recipientUserId: target.recipient_user_id,
        subject: target.subject,
        subjectId: target.subject_id,
        channel: input.channel,
        dueOn,
        message,
      },
    });
  });
  return { reminderIds };
};

/** The recipient marks reminders seen (已阅): all of those given, or none. Already seen ones stay as they were. */
export const acknowledgeReminders: Command<{ reminderIds: readonly number[] }, { reminderIds: number[] }> = async (m, input) => {
  if (m.viewer.readOnly) throw new ForbiddenError();
  const ids = [...new Set(input.reminderIds)];
  // Counted as given: a list of thousands is refused even when it repeats one id.
  if (ids.length === 0 || input.reminderIds.length > maxRemindersPerCall) {
    throw new ValidationError('input.reminderIds', `每次处理 1 至 ${maxRemindersPerCall} 条`, `Give 1 to ${maxRemindersPerCall} reminders at a time`);
  }
  const rows = await m.tx
    .select({
      id: reminders.id,
      campaignId: reminders.campaignId,
      recipientUnitId: reminders.recipientUnitId,
      recipientUserId: reminders.recipientUserId,
      acknowledgedAt: reminders.acknowledgedAt,
    })
    .from(reminders)
    .where(inIds(reminders.id, ids))
    .for('update');
  const found = new Map(rows.map((row) => [row.id, row]));
  for (const id of ids) {
    const row = found.get(id);
    if (!row || !canReadReminder(m.viewer, row)) throw new NotFoundError({ zh: '催办', en: 'reminder' }, String(id));
    if (row.recipientUnitId !== m.viewer.unitId && row.recipientUserId !== m.viewer.userId) {
      throw new ForbiddenError('只有被催办的单位或个人可以标记已阅', 'Only the unit or person chased marks a reminder seen');
    }
  }
  const unseen = rows.filter((row) => row.acknowledgedAt === null).map((row) => row.id);
  if (unseen.length === 0) throw new ValidationError('input.reminderIds', '这些催办均已标记已阅', 'These reminders are already marked seen');
  const at = m.now.toISOString();
  await m.tx
    .update(reminders)
    .set({ acknowledgedAt: at, acknowledgedById: m.viewer.userId })
    .where(and(inIds(reminders.id, unseen), isNull(reminders.acknowledgedAt)));
  for (const row of rows) {
    if (row.acknowledgedAt !== null) continue;
    m.record({ action: 'reminder.acknowledged', entityId: row.id, campaignId: row.campaignId, after: { acknowledgedAt: at } });
  }
  return { reminderIds: unseen };
};
