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

/** A digest built and claimed, with what it takes to log it as sent or to release it for another run. */
export interface ClaimedDigest extends Digest {
  userId: number;
  /** The notifications it carries, claimed at `claimedAt`. */
  notificationIds: number[];
  claimedAt: string;
  /** The person's `last_digest_at` before this claim: restored if the send fails. */
  previousDigestAt: string | null;
}

/**
 * Builds, as the system, the digests due at the domain clock's now: each person whose digest is
 * on, whose period has passed since the last, with unread notifications no digest carried yet.
 * Claiming them (`digested_at`, set only where still null) in the digest's own transaction is what
 * makes a notification go out at most once, whichever run or process gets there first. The claim is
 * the job's bookkeeping, not yet an event: the log records the outcome (`digestSent` /
 * `releaseDigest`).
 */
export async function dueDigests(deps: JobDeps, publicUrl: string): Promise<ClaimedDigest[]> {
  const now = deps.clock();
  const due = await deps.db
    .select({
      userId: users.id,
      unitId: users.unitId,
      unitKind: units.kind,
      roles: users.roles,
      email: sql<string>`coalesce(${notificationSettings.email}, ${users.email})`,
      previousDigestAt: notificationSettings.lastDigestAt,
    })
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
  const digests: ClaimedDigest[] = [];
  for (const person of due) {
    const viewer = { ...person, readOnly: false, credential: { kind: 'system', id: 0 } } as const;
    const claimedAt = now.toISOString();
    const digest = await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .update(notifications)
        .set({ digestedAt: claimedAt })
        .where(and(visibleNotifications(notifications, viewer), isNull(notifications.readAt), isNull(notifications.digestedAt)))
        .returning({ id: notifications.id });
      await tx.update(notificationSettings).set({ lastDigestAt: claimedAt }).where(eq(notificationSettings.userId, person.userId));
      if (claimed.length === 0) return null;
      const rows = await tx
        .select({ kind: notifications.kind, proposalId: notifications.proposalId, threadId: notifications.threadId, name: sql<string | null>`coalesce(${powerItems.name}, ${proposals.proposedItemName})` })
        .from(notifications)
        .leftJoin(proposals, eq(proposals.id, notifications.proposalId))
        .leftJoin(powerItems, eq(powerItems.id, proposals.powerItemId))
        .where(inArray(notifications.id, claimed.map((c) => c.id)))
        .orderBy(asc(notifications.id));
      const lines = rows.map((n) => `· ${kindLabels[n.kind]}${n.name ? `：${n.name}` : ''}\n  ${publicUrl}${notificationPath(n)}`);
      return {
        userId: person.userId,
        notificationIds: claimed.map((c) => c.id),
        claimedAt,
        previousDigestAt: person.previousDigestAt,
        to: person.email,
        subject: `Devolve 通知摘要：${rows.length} 条未读通知`,
        text: `您有 ${rows.length} 条未读通知：\n\n${lines.join('\n\n')}\n\n全部通知：${publicUrl}/inbox\n`,
      };
    });
    if (digest) digests.push(digest);
  }
  return digests;
}

/** Logs a digest the SMTP server accepted: its notifications stay claimed, never mailed again. */
async function digestSent(deps: JobDeps, digest: ClaimedDigest): Promise<void> {
  await mutate({ ...deps, viewer: null }, async (m) => {
    m.record({ action: 'notification_digest.sent', entityId: digest.userId, actorId: null, after: { count: digest.notificationIds.length } });
  });
}

/**
 * Gives back what a failed send had claimed: its notifications are un-mailed again and the person
 * is due again, so the job's next run mails them. Only this claim's marks are undone (a read
 * since, or a newer claim, stays as it is).
 */
async function releaseDigest(deps: JobDeps, digest: ClaimedDigest): Promise<void> {
  await mutate({ ...deps, viewer: null }, async (m) => {
    await m.tx
      .update(notifications)
      .set({ digestedAt: null })
      .where(and(inArray(notifications.id, digest.notificationIds), eq(notifications.digestedAt, digest.claimedAt)));
    await m.tx
      .update(notificationSettings)
      .set({ lastDigestAt: digest.previousDigestAt })
      .where(and(eq(notificationSettings.userId, digest.userId), eq(notificationSettings.lastDigestAt, digest.claimedAt)));
    m.record({ action: 'notification_digest.failed', entityId: digest.userId, actorId: null, after: { count: digest.notificationIds.length } });
  });
}

/**
 * The digest job: builds what is due, then sends each over SMTP after its claim has committed. A
 * send the SMTP server refuses (or that cannot reach it) releases its claim and fails the run, so
 * the job runner tries again with its bounded backoff (a doubling wait, at most
 * `maxBackoffMs`) until the digest goes through: retried until sent, and sent once. Only a
 * process dying between the send and the log could lose a digest, never send one twice.
 */
export function notificationDigestJob(mail: DigestMail, everyMs: number): Job {
  const transport = nodemailer.createTransport(mail.smtpUrl);
  return {
    name: 'notification-digest',
    everyMs,
    async run(deps) {
      const failures: unknown[] = [];
      for (const digest of await dueDigests(deps, mail.publicUrl)) {
        try {
          await transport.sendMail({ from: mail.from, to: digest.to, subject: digest.subject, text: digest.text });
        } catch (error) {
          failures.push(error);
          await releaseDigest(deps, digest);
          continue;
        }
        await digestSent(deps, digest);
      }
      if (failures.length > 0) throw new AggregateError(failures, `${failures.length} e-mail digest(s) could not be sent; their notifications wait for the next run`);
    },
  };
}
