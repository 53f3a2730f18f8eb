import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import { id, timestamptz } from './common.ts';
import { units } from './units.ts';

/** What a reminder chases: one row of this kind (subject_id), or the campaign's work as a whole. */
export const reminderSubject = pgEnum('reminder_subject', [
  'campaign',
  'proposal',
  'consultation',
  'claim',
  'handover',
  'evaluation',
  // An unclaimed power item: the lead office chases a unit to claim it (认领).
  'power_item',
]);

/**
 * How the lead office chased: 文件督办 (a notice in Devolve), 电话沟通 (a phone call) or 会议协调 (a
 * meeting) recorded after the fact, or sent by the scheduled job for a deadline due soon or passed.
 */
export const reminderChannel = pgEnum('reminder_channel', ['notice', 'phone', 'meeting', 'automatic']);

/** 催办: the lead office chasing a unit (a department or district) or one person about overdue work. */
export const reminders = pgTable(
  'reminders',
  {
    id: id(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    recipientUnitId: integer('recipient_unit_id').references(() => units.id),
    recipientUserId: integer('recipient_user_id').references(() => users.id),
    subject: reminderSubject('subject').notNull(),
    /** The row chased (a proposal, consultation, …); null when the subject is the campaign. */
    subjectId: integer('subject_id'),
    channel: reminderChannel('channel').notNull(),
    message: text('message'),
    /** The deadline the work was or is due by. */
    dueOn: date('due_on', { mode: 'string' }),
    /** Who sent it; null for those the scheduled job sends (channel `automatic`). */
    sentById: integer('sent_by_id').references(() => users.id),
    sentAt: timestamptz('sent_at').notNull(),
    /** When the recipient marked it seen (已阅); the to-do shows it until then. */
    acknowledgedAt: timestamptz('acknowledged_at'),
    acknowledgedById: integer('acknowledged_by_id').references(() => users.id),
  },
  (t) => [
    index('reminders_recipient_unit_idx').on(t.recipientUnitId, t.id),
    index('reminders_recipient_user_idx').on(t.recipientUserId, t.id),
    index('reminders_campaign_idx').on(t.campaignId, t.id),
    index('reminders_subject_idx').on(t.subject, t.subjectId),
    check('reminders_one_recipient', sql`num_nonnulls(${t.recipientUnitId}, ${t.recipientUserId}) = 1`),
    check('reminders_subject_row', sql`(${t.subject} = 'campaign') = (${t.subjectId} is null)`),
    // People send notices, calls and meetings; only the scheduled job sends automatic ones, always for a deadline.
    check('reminders_automatic_by_system', sql`(${t.channel} = 'automatic') = (${t.sentById} is null)`),
    check('reminders_automatic_due', sql`${t.channel} <> 'automatic' or ${t.dueOn} is not null`),
    // The job never chases the same recipient about the same work and deadline twice, whichever
    // process or run sends it (reminders/automatic.ts inserts with ON CONFLICT DO NOTHING).
    uniqueIndex('reminders_automatic_unit_key')
      .on(t.recipientUnitId, t.campaignId, t.subject, sql`coalesce(${t.subjectId}, 0)`, t.dueOn)
      .where(sql`${t.channel} = 'automatic' and ${t.recipientUnitId} is not null`),
    uniqueIndex('reminders_automatic_user_key')
      .on(t.recipientUserId, t.campaignId, t.subject, sql`coalesce(${t.subjectId}, 0)`, t.dueOn)
      .where(sql`${t.channel} = 'automatic' and ${t.recipientUserId} is not null`),
  ],
);
