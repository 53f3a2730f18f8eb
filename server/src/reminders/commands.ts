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
import type { Command, Mutation, Tx } from '../activity/mutate.ts';
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
  if (input.channel === 'automatic') {
    throw new ValidationError('input.channel', '自动催办由系统按截止时间发送', 'Automatic reminders are sent by the system for deadlines');
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

  const reminderIds = await insertReminders(
    m,
    targets.map((target) => ({
      ...target,
      campaign_id: input.campaignId,
      message,
      due_on: dueOn,
      district: target.recipient_unit_id !== null && unitKinds.get(target.recipient_unit_id) === 'district',
    })),
    input.channel,
  );
  return { reminderIds };
};

/** A reminder's row as insertReminders writes it. */
interface ReminderRow {
  campaign_id: number;
  recipient_unit_id: number | null;
  recipient_user_id: number | null;
  subject: ReminderSubject;
  subject_id: number | null;
  message: string | null;
  due_on: string | null;
  /** Sent to a district: its liaisons read the activity entry (activity/visibility.ts). */
  district: boolean;
}

/**
 * Writes reminders in one statement, stamped `m.now` and sent by the viewer (by nobody for the
 * job's AUTOMATIC ones), with one `reminder.sent` entry each; returns the new ids in the order
 * given. AUTOMATIC reminders skip those the unique indexes already hold (the same recipient,
 * work and deadline), so they are never sent twice, whichever run or process sends them.
 */
async function insertReminders(m: Mutation, rows: readonly ReminderRow[], channel: ReminderChannel): Promise<number[]> {
  const given = jsonRows(
    'given',
    {
      n: 'integer',
      campaign_id: 'integer',
      recipient_unit_id: 'integer',
      recipient_user_id: 'integer',
      subject: 'text',
      subject_id: 'integer',
      message: 'text',
      due_on: 'date',
    },
    rows.map(({ district: _district, ...row }, n) => ({ n, ...row })),
  );
  const insert = m.tx.insert(reminders).select(
    m.tx
      .select({
        campaignId: sql`given.campaign_id`.as('campaign_id'),
        recipientUnitId: sql`given.recipient_unit_id`.as('recipient_unit_id'),
        recipientUserId: sql`given.recipient_user_id`.as('recipient_user_id'),
        subject: sql`given.subject::reminder_subject`.as('subject'),
        subjectId: sql`given.subject_id`.as('subject_id'),
        channel: sql`${channel}::reminder_channel`.as('channel'),
        message: sql`given.message`.as('message'),
        dueOn: sql`given.due_on`.as('due_on'),
        sentById: sql`${m.viewer?.userId ?? null}::integer`.as('sent_by_id'),
        sentAt: sql`${m.now.toISOString()}::timestamptz`.as('sent_at'),
        acknowledgedAt: sql`null::timestamptz`.as('acknowledged_at'),
        acknowledgedById: sql`null::integer`.as('acknowledged_by_id'),
      })
      .from(given)
      .orderBy(sql`given.n`),
  );
  const returning = { id: reminders.id, campaignId: reminders.campaignId, recipientUnitId: reminders.recipientUnitId, recipientUserId: reminders.recipientUserId, subject: reminders.subject, subjectId: reminders.subjectId, dueOn: reminders.dueOn };
  const inserted = channel === 'automatic' ? await insert.onConflictDoNothing().returning(returning) : await insert.returning(returning);
  // Identity values follow the insert's row order, which is the order given.
  inserted.sort((a, b) => a.id - b.id);
  const key = (r: { campaignId: number; recipientUnitId: number | null; recipientUserId: number | null; subject: string; subjectId: number | null; dueOn: string | null }) =>
    `${r.campaignId}/${r.recipientUnitId}/${r.recipientUserId}/${r.subject}/${r.subjectId}/${r.dueOn}`;
  const rowOf = new Map(
    rows.map((row) => [
      key({ campaignId: row.campaign_id, recipientUnitId: row.recipient_unit_id, recipientUserId: row.recipient_user_id, subject: row.subject, subjectId: row.subject_id, dueOn: row.due_on }),
      row,
    ]),
  );
  // People's reminders are all inserted, in order; the job's skipped ones leave gaps, so each new row finds its own by its key.
  inserted.forEach((reminder, i) => {
    const row = channel === 'automatic' ? rowOf.get(key(reminder))! : rows[i]!;
    m.record({
      action: 'reminder.sent',
      entityId: reminder.id,
      campaignId: row.campaign_id,
      proposalId: row.subject === 'proposal' ? row.subject_id : null,
      districtId: row.district ? row.recipient_unit_id : null,
      after: {
        recipientUnitId: row.recipient_unit_id,
        recipientUserId: row.recipient_user_id,
        subject: row.subject,
        subjectId: row.subject_id,
        channel,
        dueOn: row.due_on,
        message: row.message,
      },
    });
  });
  return inserted.map((reminder) => reminder.id);
}

/** A reminder the scheduled job sends for work due soon or overdue. */
export interface AutomaticReminder {
  campaignId: number;
  recipientUnitId: number | null;
  recipientUserId: number | null;
  recipientIsDistrict: boolean;
  subject: ReminderSubject;
  subjectId: number | null;
  /** The deadline chased, YYYY-MM-DD. */
  dueOn: string;
  message: string;
}

/**
 * The scheduled job's reminders (channel AUTOMATIC, sent by nobody): the system only. Those already
 * sent for the same recipient, work and deadline are skipped by the unique indexes, so a repeated
 * or concurrent run sends nothing twice. Returns the ids of the new ones.
 */
export async function sendAutomaticReminders(m: Mutation<null>, given: readonly AutomaticReminder[]): Promise<number[]> {
  if (given.length === 0) return [];
  return insertReminders(
    m,
    given.map((r) => ({
      campaign_id: r.campaignId,
      recipient_unit_id: r.recipientUnitId,
      recipient_user_id: r.recipientUserId,
      subject: r.subject,
      subject_id: r.subjectId,
      message: r.message,
      due_on: r.dueOn,
      district: r.recipientIsDistrict,
    })),
    'automatic',
  );
}

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
