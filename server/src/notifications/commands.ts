import { notificationDigest, notificationKinds, notifications, notificationSettings, users } from '@devolve/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Command } from '../activity/mutate.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { inIds } from '../id-lists.ts';
import type { NotificationKind } from './rules.ts';
import { visibleNotifications } from './visibility.ts';

export type DigestFrequency = (typeof notificationDigest.enumValues)[number];

/** At most this many ids per call; "all" has no limit. */
export const maxNotificationsPerCall = 500;

/**
 * Marks the viewer's notifications read: the ids given (each must be one of theirs they may read)
 * or all of them. Recorded as the owner's own activity (`notifications.read`, about their account,
 * which no one else reads), so their other tabs and devices see the unread count fall live.
 */
export const markNotificationsRead: Command<{ ids: number[] } | { all: true }, { ids: number[] }> = async (m, input) => {
  const mine = visibleNotifications(notifications, m.viewer);
  let target = mine;
  if ('ids' in input) {
    const ids = [...new Set(input.ids)];
    if (ids.length === 0 || input.ids.length > maxNotificationsPerCall) {
      throw new ValidationError('input.ids', `每次标记 1 至 ${maxNotificationsPerCall} 条`, `Give 1 to ${maxNotificationsPerCall} notifications at a time`);
    }
    const found = new Set((await m.tx.select({ id: notifications.id }).from(notifications).where(and(mine, inIds(notifications.id, ids)))).map((row) => row.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError({ zh: '通知', en: 'notification' }, String(missing));
    target = and(mine, inIds(notifications.id, ids))!;
  }
  const marked = await m.tx
    .update(notifications)
    .set({ readAt: m.now.toISOString() })
    .where(and(target, isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  const ids = marked.map((row) => row.id).sort((a, b) => a - b);
  m.record({ action: 'notifications.read', entityId: m.viewer.userId, after: 'all' in input ? { all: true, count: ids.length } : { ids } });
  return { ids };
};

export interface NotificationSettingsInput {
  mutedKinds: NotificationKind[];
  digest: DigestFrequency;
  /** Where the digest goes; the account's e-mail when not given. */
  email: string | null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** RFC 5321's longest address: the digest's e-mail, and Query.textLimits.email for the settings form. */
export const maxEmailLength = 254;

/** The viewer's own choices: which kinds they do not want, and the e-mail digest. */
export const updateNotificationSettings: Command<NotificationSettingsInput, { userId: number }> = async (m, input) => {
  const email = input.email?.trim() || null;
  if (email !== null && (email.length > maxEmailLength || !emailPattern.test(email))) {
    throw new ValidationError('input.email', '请填写有效的电子邮件地址', 'Enter a valid e-mail address');
  }
  if (input.digest !== 'off' && email === null) {
    const [user] = await m.tx.select({ email: users.email }).from(users).where(eq(users.id, m.viewer.userId));
    if (!user?.email) throw new ValidationError('input.email', '开启邮件摘要需要填写电子邮件地址', 'An e-mail digest needs an e-mail address');
  }
  // Counted as given: each kind at most once.
  if (input.mutedKinds.length > notificationKinds.length) {
    throw new ValidationError('input.mutedKinds', `最多 ${notificationKinds.length} 类通知`, `At most ${notificationKinds.length} kinds`);
  }
  const mutedKinds = [...new Set(input.mutedKinds)].sort();
  const values = { mutedKinds, digest: input.digest, email };
  await m.tx
    .insert(notificationSettings)
    .values({ userId: m.viewer.userId, ...values })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...values, version: sql`${notificationSettings.version} + 1` } });
  m.record({ action: 'notification_settings.updated', entityId: m.viewer.userId, after: values });
  return { userId: m.viewer.userId };
};

/** The settings a person has, or the defaults (every kind, no digest). */
export async function settingsOf(db: Pick<Parameters<Command<unknown, unknown>>[0]['tx'], 'select'>, userId: number) {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return row ?? { userId, mutedKinds: [] as NotificationKind[], digest: 'off' as DigestFrequency, email: null, lastDigestAt: null, version: 0 };
}
