import { campaigns, proposals, publicComments } from '@devolve/db';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { createInProcessBus } from '../events/in-process.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { moderatePublicComments, submitPublicCommentOnce, type SubmitPublicCommentInput } from './commands.ts';
import { issueChallenge, proofBitsOf, publicCommentKey } from './proof.ts';

let t: CommandTestDatabase;
let reviewer: Viewer;
let observer: Viewer;
let campaignId: number;
let proposalId: number;
/** Inside the 2019 window (30 Nov – 10 Dec 2019, from the seeded schedule) and after it. */
const during = new Date('2019-12-05T02:00:00.000Z');
const after = new Date('2019-12-27T09:30:00.000Z');
const settings = { proofBits: 6, perAddress: 2, perAddressWindowMs: 600_000, global: 100, globalWindowMs: 60_000 };

async function proven(bits = settings.proofBits) {
  const { challenge } = issueChallenge(await publicCommentKey(t.db), bits);
  for (let n = 0; ; n++) if (proofBitsOf(challenge, String(n)) >= bits) return { challenge, nonce: String(n) };
}

let sequence = 0;
async function submit(input: Partial<SubmitPublicCommentInput>, at = during) {
  return submitPublicCommentOnce(
    { db: t.db, viewer: null, events: createInProcessBus(), clock: () => at },
    { campaignId, proposalId, body: '意见', idempotencyKey: `command-test-${++sequence}`, clientAddress: '10.0.0.1', settings, ...(await proven()), ...input },
  );
}

beforeAll(async () => {
  t = await commandTestDatabase();
  reviewer = await t.viewer('reviewer1');
  observer = await t.viewer('observer');
  const [campaign] = await t.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
  campaignId = campaign!.id;
  const [proposal] = await t.db
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaignId), eq(proposals.status, 'active'), inArray(proposals.stage, ['consultation', 'unit_confirmation'])))
    .limit(1);
  proposalId = proposal!.id;
});
afterAll(() => t.dispose());

describe('submitPublicComment', () => {
  it('takes a comment inside the window, with no actor, and refuses one after it', async () => {
    const before = await t.lastActivityId();
    const { commentId } = await submit({ idempotencyKey: 'window-inside', clientAddress: '10.0.0.2' });
    expect(await t.activitySince(before)).toMatchObject([{ action: 'public_comment.received', entityId: commentId, actorId: null, proposalId }]);
    await expect(submit({ clientAddress: '10.0.0.2' }, after)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('stores one comment per idempotency key and refuses a spent or weak proof', async () => {
    const first = await submit({ idempotencyKey: 'same-key-1', clientAddress: '10.0.0.3' });
    const again = await submit({ idempotencyKey: 'same-key-1', clientAddress: '10.0.0.3' });
    expect(again).toEqual({ commentId: first.commentId, duplicate: true });
    const spent = await proven();
    await submit({ ...spent, clientAddress: '10.0.0.4' });
    await expect(submit({ ...spent, clientAddress: '10.0.0.4' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.challenge' });
    await expect(submit({ ...(await proven(2)), clientAddress: '10.0.0.4' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.nonce' });
  });

  it('refuses a blank nonce even where it would prove the challenge', async () => {
    const key = await publicCommentKey(t.db);
    for (const nonce of ['', ' \n\t ']) {
      // A challenge this nonce happens to prove (1 in 2^bits): refused all the same.
      let challenge: string;
      do challenge = issueChallenge(key, settings.proofBits).challenge;
      while (proofBitsOf(challenge, nonce) < settings.proofBits);
      await expect(submit({ challenge, nonce, clientAddress: '10.0.0.9' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.nonce' });
    }
  });

  it('limits an address, saying when to retry', async () => {
    await submit({ clientAddress: '10.0.0.5' });
    await submit({ clientAddress: '10.0.0.5' });
    await expect(submit({ clientAddress: '10.0.0.5' })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });

  it('refuses a body over 2000 characters and one that is blank', async () => {
    await expect(submit({ body: '长'.repeat(2001) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.body' });
    await expect(submit({ body: ' \n ' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.body' });
  });
});

describe('moderatePublicComments', () => {
  it('lets the review team decide, not the observer, and decides all or none', async () => {
    const { commentId } = await submit({ clientAddress: '10.0.0.6' });
    await expect(t.run(observer, moderatePublicComments, { commentIds: [commentId], decision: 'accept' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const before = await t.lastActivityId();
    await expect(t.run(reviewer, moderatePublicComments, { commentIds: [commentId, 999_999], decision: 'accept' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.activitySince(before)).toEqual([]);
    const [unchanged] = await t.db.select().from(publicComments).where(eq(publicComments.id, commentId));
    expect(unchanged!.status).toBe('received');
    await t.run(reviewer, moderatePublicComments, { commentIds: [commentId], decision: 'accept', reply: '已采纳' });
    const [accepted] = await t.db.select().from(publicComments).where(eq(publicComments.id, commentId));
    expect(accepted).toMatchObject({ status: 'accepted', reply: '已采纳', moderatedById: reviewer.userId });
    expect(await t.activitySince(before)).toMatchObject([{ action: 'public_comment.accepted', entityId: commentId, actorId: reviewer.userId }]);
    await expect(t.run(reviewer, moderatePublicComments, { commentIds: [commentId], decision: 'dismiss', reply: '不' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
