import { notifications, notificationSettings, powerItems, proposals, units, users } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, exists, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { mutate } from '../activity/mutate.ts';
import type { Job, JobDeps } from '../jobs/runner.ts';
import type { NotificationKind } from './rules.ts';
import { visibleNotifications } from './visibility.ts';

/** Where digests go from and what their links point at (Config: SMTP_URL, SMTP_FROM, DEVOLVE_PUBLIC_URL). */
export interface DigestMail {
  smtpUrl: string;
  from: string;
  publicUrl: string;
}

const periodMs = { hourly: 3_600_000, daily: 86_400_000 } as const;

/** The kinds in the digest's language (the recipients': Chinese). */
export const kindLabels: Record<NotificationKind, string> = {
  mention: '有人提到了您',
  reply: '您参与的讨论有新回复',
  assignment: '分配给您的精简意见',
  proposal_returned: '精简意见被退回',
  proposal_decided: '精简意见已有审核结论',
  proposal_contested: '部门对审核结果有异议',
  consultation: '征求意见',
  reminder: '催办',
  deadline: '即将到期或已逾期',
  department_comment: '本部门精简意见有新评论',
};

/** The web app's address of where a notification leads: the proposal (and its thread), or the inbox. */
export function notificationPath(n: { proposalId: number | null; threadId: number | null }): string {
  if (n.proposalId === null) return '/inbox';
  const thread = n.threadId === null ? '' : `#thread-${encodeGlobalID('CommentThread', n.threadId)}`;
  return `/proposals/${encodeGlobalID('Proposal', n.proposalId)}${thread}`;
}

export interface Digest {
  to: string;
  subject: string;
  text: string;
}

/**
 * Builds, as the system, the digests due at the domain clock's now: each person whose digest is
 * on, whose period has passed since the last, with unread notifications no digest carried yet.
 * Claiming them (`digested_at`, set only where still null) in the digest's own transaction is what
 * makes a notification go out at most once, whichever run or process gets there first.
 */
export async function dueDigests(deps: JobDeps, publicUrl: string): Promise<Digest[]> {
  const now = deps.clock();
  const due = await deps.db
    .select({ userId: users.id, unitId: users.unitId, unitKind: units.kind, roles: users.roles, email: sql<string>`coalesce(${notificationSettings.email}, ${users.email})` })
    .from(notificationSettings)
    .innerJoin(users, eq(users.id, notificationSettings.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(
      and(
        ne(notificationSettings.digest, 'off'),
        eq(users.active, true),
        sql`coalesce(${notificationSettings.email}, ${users.email}) is not null`,
        or(
          isNull(notificationSettings.lastDigestAt),
          and(eq(notificationSettings.digest, 'hourly'), lte(notificationSettings.lastDigestAt, new Date(now.getTime() - periodMs.hourly).toISOString())),
          lte(notificationSettings.lastDigestAt, new Date(now.getTime() - periodMs.daily).toISOString()),
        ),
        exists(
          deps.db
            .select({ one: sql`1` })
            .from(notifications)
            .where(and(eq(notifications.userId, users.id), isNull(notifications.readAt), isNull(notifications.digestedAt))),
        ),
      ),
    );
  const digests: Digest[] = [];
  for (const person of due) {
    const viewer = { ...person, readOnly: false, credential: { kind: 'system', id: 0 } } as const;
    const digest = await mutate({ ...deps, viewer: null }, async (m) => {
      const claimed = await m.tx
        .update(notifications)
        .set({ digestedAt: m.now.toISOString() })
        .where(and(visibleNotifications(notifications, viewer), isNull(notifications.readAt), isNull(notifications.digestedAt)))
        .returning({ id: notifications.id });
      await m.tx.update(notificationSettings).set({ lastDigestAt: m.now.toISOString() }).where(eq(notificationSettings.userId, person.userId));
      m.record({ action: 'notification_digest.sent', entityId: person.userId, actorId: null, after: { count: claimed.length } });
      if (claimed.length === 0) return null;
      const rows = await m.tx
        .select({ kind: notifications.kind, proposalId: notifications.proposalId, threadId: notifications.threadId, name: sql<string | null>`coalesce(${powerItems.name}, ${proposals.proposedItemName})` })
        .from(notifications)
        .leftJoin(proposals, eq(proposals.id, notifications.proposalId))
        .leftJoin(powerItems, eq(powerItems.id, proposals.powerItemId))
        .where(inArray(notifications.id, claimed.map((c) => c.id)))
        .orderBy(asc(notifications.id));
      const lines = rows.map((n) => `· ${kindLabels[n.kind]}${n.name ? `：${n.name}` : ''}\n  ${publicUrl}${notificationPath(n)}`);
      return {
        to: person.email,
        subject: `Devolve 通知摘要：${rows.length} 条未读通知`,
        text: `您有 ${rows.length} 条未读通知：\n\n${lines.join('\n\n')}\n\n全部通知：${publicUrl}/inbox\n`,
      };
    });
    if (digest) digests.push(digest);
  }
  return digests;
}

/** The digest job: builds what is due, then sends each over SMTP after it has committed. */
export function notificationDigestJob(mail: DigestMail, everyMs: number): Job {
  const transport = nodemailer.createTransport(mail.smtpUrl);
  return {
    name: 'notification-digest',
    everyMs,
    async run(deps) {
      for (const digest of await dueDigests(deps, mail.publicUrl)) {
        await transport.sendMail({ from: mail.from, to: digest.to, subject: digest.subject, text: digest.text });
      }
    },
  };
}
