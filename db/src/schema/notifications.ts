import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { activity } from './activity.ts';
import { createdAt, id, timestamptz, version } from './common.ts';

/**
 * Why someone is told about an activity entry (server/src/notifications/rules.ts decides who gets
 * which). `deadline` is an automatic reminder (自动催办): the job's chase of work due soon or overdue.
 */
export const notificationKinds = [
  'mention',
  'reply',
  'assignment',
  'proposal_returned',
  'proposal_decided',
  'proposal_contested',
  'consultation',
  'reminder',
  'deadline',
  'department_comment',
] as const;
export const notificationKind = pgEnum('notification_kind', notificationKinds);

/** How often a person's unread notifications are e-mailed to them. */
export const notificationDigest = pgEnum('notification_digest', ['off', 'daily', 'hourly']);

/**
 * The inbox (通知): one row per person told about one activity entry, written by mutate() in the
 * entry's own transaction (a fan-out on write), so an inbox page and the unread count read one
 * person's index instead of deriving from the whole log. What the person may read is checked again
 * when the inbox is read (notifications/visibility.ts).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activityId: bigint('activity_id', { mode: 'number' })
      .notNull()
      .references(() => activity.id),
    kind: notificationKind('kind').notNull(),
    /** Where the notification leads: the proposal and, for comments, the thread. */
    proposalId: integer('proposal_id'),
    threadId: integer('thread_id'),
    readAt: timestamptz('read_at'),
    /** When an e-mail digest carried it: a digest never sends a notification twice. */
    digestedAt: timestamptz('digested_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_user_activity_key').on(t.userId, t.activityId),
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId, t.id).where(sql`${t.readAt} is null`),
    index('notifications_activity_idx').on(t.activityId),
  ],
);

/** A person's choices: the kinds they do not want, and the e-mail digest. No row: every kind, no digest. */
export const notificationSettings = pgTable('notification_settings', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  mutedKinds: notificationKind('muted_kinds').array().notNull().default(sql`'{}'::notification_kind[]`),
  digest: notificationDigest('digest').notNull().default('off'),
  email: text('email'),
  lastDigestAt: timestamptz('last_digest_at'),
  version: version(),
});
