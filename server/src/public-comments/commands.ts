import { campaigns, proposals, publicComments } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, count, eq, gt, min, sql } from 'drizzle-orm';
import { type Command, type Mutation, type MutationDeps, mutate } from '../activity/mutate.ts';
import type { PublicCommentSettings } from '../config.ts';
import { dayInChina } from '../dates.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, RateLimitedError, ValidationError } from '../errors.ts';
import { inIds } from '../id-lists.ts';
import { requireAllReadable } from '../readable.ts';
import { hasControlCharacters, optionalText } from '../text-input.ts';
import { addressHash, publicCommentKey, verifyProof } from './proof.ts';
import { canModeratePublicComments, publicConsultationWindow, putToPublic, scheduleColumns } from './rules.ts';

/** The comment form's limits (characters, after trimming). */
export const publicCommentLimits = { body: 2_000, authorName: 50, contact: 100, reply: 1_000, perModeration: 100 } as const;

/** The first keys of the two-key advisory locks the rate limits are counted under (see password-attempts.ts). */
const lockSpace = { all: 1003, address: 1004 };

export interface SubmitPublicCommentInput {
  campaignId: number;
  /** Null: a comment on the campaign as a whole. */
  proposalId: number | null;
  body: string;
  authorName?: string | null;
  contact?: string | null;
  challenge: string;
  nonce: string;
  idempotencyKey: string;
  /** The client's address (through trusted proxies): only its keyed hash is stored. */
  clientAddress: string;
  settings: PublicCommentSettings;
}

export interface SubmittedPublicComment {
  commentId: number;
  /** The idempotency key named a comment submitted before: nothing new was stored. */
  duplicate: boolean;
}

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,100}$/;

/** A text input checked as every string over HTTP is (http/input-guard.ts), for callers without HTTP. */
function plain(value: string | null | undefined, field: string, max: number): string | null {
  if (value != null && hasControlCharacters(value)) {
    throw new ValidationError(field, '含有不允许的控制字符（如 NUL）', 'Contains a control character (such as NUL), which text may not');
  }
  return optionalText(value, field, max);
}

/** Thrown inside the transaction when a parallel retry of the same submission stored it first. */
class AlreadySubmitted extends Error {
  constructor(readonly commentId: number) {
    super('already submitted');
  }
}

async function commentWithKey(db: MutationDeps['db'] | Mutation['tx'], key: string): Promise<number | null> {
  const [row] = await db.select({ id: publicComments.id }).from(publicComments).where(eq(publicComments.idempotencyKey, key));
  return row?.id ?? null;
}

/**
 * 社会公众意见: anyone (anonymous or signed in) comments on a proposal put to the public, or on
 * the campaign, while its public consultation is open. Checked in this order: the text, the proof
 * of work, the window, the rate limits (per address and overall, counted under advisory locks so
 * parallel requests cannot pass them), then stored once per challenge and per idempotency key.
 * The activity entry has no actor: the public is nobody the log names.
 */
export const submitPublicComment = async (m: Mutation, input: SubmitPublicCommentInput): Promise<SubmittedPublicComment> => {
  // A read-only token never writes, even where anyone may.
  if (m.viewer?.readOnly) throw new ForbiddenError();
  const body = plain(input.body, 'input.body', publicCommentLimits.body);
  if (body === null) throw new ValidationError('input.body', '请填写意见内容', 'Write your comment');
  const authorName = plain(input.authorName, 'input.authorName', publicCommentLimits.authorName);
  const contact = plain(input.contact, 'input.contact', publicCommentLimits.contact);
  if (!idempotencyKeyPattern.test(input.idempotencyKey)) {
    throw new ValidationError('input.idempotencyKey', '提交标识无效', 'The idempotency key must be 8 to 100 letters, digits, - or _');
  }
  const key = await publicCommentKey(m.tx);
  verifyProof(key, input.settings.proofBits, input.challenge, input.nonce);

  const [campaign] = await m.tx
    .select({ id: campaigns.id, ...scheduleColumns })
    .from(campaigns)
    .where(eq(campaigns.id, input.campaignId));
  if (!campaign) throw new NotFoundError({ zh: '年度工作', en: 'campaign' }, encodeGlobalID('Campaign', input.campaignId));
  if (!publicConsultationWindow(campaign, dayInChina(m.now)).open) throw new InvalidTransitionError('本年度公开征求意见未开放或已结束', 'The public consultation of this campaign is not open');
  if (input.proposalId !== null) {
    const [proposal] = await m.tx
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.id, input.proposalId), eq(proposals.campaignId, campaign.id), putToPublic(proposals)));
    // A proposal not put to the public is, to the public, no proposal at all.
    if (!proposal) throw new NotFoundError({ zh: '公开征求意见的事项', en: 'proposal put to the public' }, encodeGlobalID('Proposal', input.proposalId));
  }

  const address = addressHash(key, input.clientAddress);
  // Overall first, then the address: one order, so two submissions cannot deadlock.
  await m.tx.execute(sql`select pg_advisory_xact_lock(${lockSpace.all}::int, 0)`);
  await m.tx.execute(sql`select pg_advisory_xact_lock(${lockSpace.address}::int, hashtext(${address}))`);
  const previous = await commentWithKey(m.tx, input.idempotencyKey);
  if (previous !== null) throw new AlreadySubmitted(previous);
  const { settings } = input;
  await checkRate(m, settings.global, settings.globalWindowMs, undefined);
  await checkRate(m, settings.perAddress, settings.perAddressWindowMs, address);

  const [stored] = await m.tx
    .insert(publicComments)
    .values({
      campaignId: campaign.id,
      proposalId: input.proposalId,
      authorName,
      contact,
      body,
      addressHash: address,
      idempotencyKey: input.idempotencyKey,
      challenge: input.challenge,
      createdAt: m.now.toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: publicComments.id });
  if (!stored) throw new ValidationError('input.challenge', '该验证已使用，请重新提交', 'This proof was used already; submit again');
  m.record({
    action: 'public_comment.received',
    entityId: stored.id,
    campaignId: campaign.id,
    proposalId: input.proposalId,
    actorId: null,
    after: { status: 'received' },
  });
  return { commentId: stored.id, duplicate: false };
};

/** Refuses once `limit` comments came in the last `windowMs` (from `address`, or from everyone). */
async function checkRate(m: Mutation, limit: number, windowMs: number, address: string | undefined): Promise<void> {
  const since = new Date(m.now.getTime() - windowMs).toISOString();
  const [row] = await m.tx
    .select({ n: count(), oldest: min(publicComments.createdAt) })
    .from(publicComments)
    .where(
      and(
        address === undefined ? sql`${publicComments.addressHash} is not null` : eq(publicComments.addressHash, address),
        gt(publicComments.createdAt, since),
      ),
    );
  if ((row?.n ?? 0) < limit) return;
  const freesAt = Date.parse(row!.oldest!) + windowMs;
  const seconds = Math.max(1, Math.ceil((freesAt - m.now.getTime()) / 1000));
  throw new RateLimitedError(seconds, {
    zh: `提交过于频繁，请 ${retryText(seconds).zh}后再试`,
    en: `Too many comments just now; try again in ${retryText(seconds).en}`,
  });
}

const retryText = (seconds: number) =>
  seconds < 60 ? { zh: `${seconds} 秒`, en: `${seconds} second(s)` } : { zh: `${Math.ceil(seconds / 60)} 分钟`, en: `${Math.ceil(seconds / 60)} minute(s)` };

/**
 * Runs submitPublicComment once per idempotency key: a retry of a stored submission (in sequence,
 * or in parallel with it) answers with the stored comment and writes nothing.
 */
export async function submitPublicCommentOnce(deps: MutationDeps, input: SubmitPublicCommentInput): Promise<SubmittedPublicComment> {
  if (idempotencyKeyPattern.test(input.idempotencyKey)) {
    const previous = await commentWithKey(deps.db, input.idempotencyKey);
    if (previous !== null) return { commentId: previous, duplicate: true };
  }
  try {
    return await mutate(deps, (m) => submitPublicComment(m, input));
  } catch (error) {
    if (error instanceof AlreadySubmitted) return { commentId: error.commentId, duplicate: true };
    throw error;
  }
}

export interface ModeratePublicCommentsInput {
  commentIds: readonly number[];
  decision: 'accept' | 'dismiss';
  /** The team's public reply, shown with an accepted comment. */
  reply?: string | null;
}

/**
 * The team (reviewers and the coordinator) accepts or dismisses public comments, all of those
 * given or none, accepted ones with an optional public reply. A decision can be taken again (a
 * dismissal reconsidered, a reply corrected); each is logged with what it replaced.
 */
export const moderatePublicComments: Command<ModeratePublicCommentsInput, { commentIds: number[] }> = async (m, input) => {
  if (!canModeratePublicComments(m.viewer)) {
    throw new ForbiddenError('只有专班审核人员或牵头单位可以处理社会公众意见', 'Only the review team or the coordinator moderates public comments');
  }
  const ids = [...new Set(input.commentIds)];
  // Counted as given: a list of thousands is refused even when it repeats one id.
  if (ids.length === 0 || input.commentIds.length > publicCommentLimits.perModeration) {
    throw new ValidationError('input.commentIds', `每次处理 1 至 ${publicCommentLimits.perModeration} 条`, `Give 1 to ${publicCommentLimits.perModeration} comments at a time`);
  }
  const reply = plain(input.reply, 'input.reply', publicCommentLimits.reply);
  if (input.decision === 'dismiss' && reply !== null) {
    throw new ValidationError('input.reply', '不予采纳的意见不公开，无需公开答复', 'A dismissed comment is not shown, so it takes no public reply');
  }
  await requireAllReadable(m, 'PublicComment', ids);
  const rows = await m.tx
    .select({ id: publicComments.id, campaignId: publicComments.campaignId, proposalId: publicComments.proposalId, status: publicComments.status, reply: publicComments.reply })
    .from(publicComments)
    .where(inIds(publicComments.id, ids))
    .orderBy(publicComments.id)
    .for('update');
  const status = input.decision === 'accept' ? 'accepted' : 'dismissed';
  await m.tx
    .update(publicComments)
    .set({ status, reply, moderatedById: m.viewer.userId, moderatedAt: m.now.toISOString() })
    .where(inIds(publicComments.id, ids));
  for (const row of rows) {
    m.record({
      action: status === 'accepted' ? 'public_comment.accepted' : 'public_comment.dismissed',
      entityId: row.id,
      campaignId: row.campaignId,
      proposalId: row.proposalId,
      before: { status: row.status, reply: row.reply },
      after: { status, reply },
    });
  }
  return { commentIds: rows.map((row) => row.id) };
};
