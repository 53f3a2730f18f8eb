import { apiTokens, loginAttempts, sessions, users } from '@devolve/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { createInProcessBus } from '../events/in-process.ts';
import { changePassword, createApiToken, login, logout, revokeApiToken } from './commands.ts';
import { hashSecret, sessionViewer } from './credentials.ts';
import type { Viewer } from './permissions.ts';

/** Every demo account's password (the seed's demo data). */
const demoPassword = 'devolve-demo';
/** A domain clock far from the real time: credentials' own timestamps must not follow it. */
const storyTime = new Date('2019-12-27T02:00:00.000Z');

let t: CommandTestDatabase;
beforeAll(async () => {
  t = await commandTestDatabase();
});
afterAll(() => t.dispose());

/** What login and changePassword need: each test signs in from its own address, so the per-address limit is its own. */
function deps(viewer: Viewer | null, clientAddress: string) {
  return { db: t.db, viewer, events: createInProcessBus(), clock: () => storyTime, clientAddress };
}

/** Signs `username` in and returns the viewer of the new session, as the next request would be. */
async function signedIn(username: string, clientAddress: string): Promise<{ viewer: Viewer; secret: string }> {
  const { secret } = await login(deps(null, clientAddress), { username, password: demoPassword });
  const viewer = await sessionViewer(t.db, secret);
  if (!viewer) throw new Error(`no session for ${username}`);
  return { viewer, secret };
}

const sessionsOf = (userId: number) => t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).orderBy(sessions.id);

describe('login', () => {
  it('opens a session that expires by the real clock, recorded in the story time with the user as actor', async () => {
    const before = await t.lastActivityId();
    const signed = await login(deps(null, '198.51.100.1'), { username: ' reviewer1 ', password: demoPassword, userAgent: 'x'.repeat(300) });

    const [session] = await t.db.select().from(sessions).where(eq(sessions.tokenHash, hashSecret(signed.secret)));
    expect(session).toMatchObject({ userId: signed.userId, ipAddress: '198.51.100.1', userAgent: 'x'.repeat(256) });
    expect(new Date(session!.expiresAt).toISOString()).toBe(signed.expiresAt.toISOString());
    // Twelve hours after the real now, not after the domain clock's 2019.
    expect(signed.expiresAt.getTime()).toBeGreaterThan(storyTime.getTime() + 365 * 24 * 3600 * 1000);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId])).toEqual([['session.created', 'session', session!.id, signed.userId]]);
    expect(new Date(logged[0]!.createdAt).toISOString()).toBe(storyTime.toISOString());
  });

  it('refuses a wrong password, a blank username and a read-only token, and opens no session', async () => {
    const before = await t.lastActivityId();
    const [reviewer2] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'reviewer2'));
    const sessionsBefore = await sessionsOf(reviewer2!.id);
    await expect(login(deps(null, '198.51.100.2'), { username: 'reviewer2', password: 'not-the-password' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(login(deps(null, '198.51.100.2'), { username: 'nobody-at-all', password: demoPassword })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(login(deps(null, '198.51.100.2'), { username: '  ', password: demoPassword })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.username' });
    const readOnly = { ...(await t.viewer('reviewer2')), readOnly: true };
    await expect(login(deps(readOnly, '198.51.100.2'), { username: 'reviewer2', password: demoPassword })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await sessionsOf(reviewer2!.id)).toEqual(sessionsBefore);
    expect(await t.activitySince(before)).toEqual([]);
    // The two wrong attempts count towards the login limits; the refused forms never reached them.
    expect(await t.db.$count(loginAttempts, and(eq(loginAttempts.ipAddress, '198.51.100.2'), eq(loginAttempts.succeeded, false)))).toBe(2);
  });

  it('refuses an account over its limit with RATE_LIMITED, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(login(deps(null, `198.51.100.${10 + i}`), { username: 'reviewer4', password: `wrong-${i}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const before = await t.lastActivityId();
    await expect(login(deps(null, '198.51.100.20'), { username: 'reviewer4', password: demoPassword })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await t.activitySince(before)).toEqual([]);
  });
});

describe('logout', () => {
  it("ends the viewer's own session only, stamped by the domain clock", async () => {
    const first = await signedIn('reviewer5', '198.51.100.30');
    const second = await signedIn('reviewer5', '198.51.100.30');
    const before = await t.lastActivityId();
    const ended = await t.run(first.viewer, logout, undefined, () => storyTime);

    expect(ended).toEqual({ endedAt: storyTime.toISOString() });
    expect(await sessionViewer(t.db, first.secret)).toBeNull();
    expect(await sessionViewer(t.db, second.secret)).not.toBeNull();
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.actorId])).toEqual([['session.ended', first.viewer.credential.id, first.viewer.userId]]);
  });

  it('refuses a token, a job acting with no session and a read-only token, ending nothing', async () => {
    const system = await t.viewer('reviewer5');
    const before = await t.lastActivityId();
    await expect(t.run(system, logout, undefined)).rejects.toMatchObject({ code: 'VALIDATION', field: 'authorization' });
    await expect(t.run({ ...system, credential: { kind: 'token', id: 1 } }, logout, undefined)).rejects.toMatchObject({ code: 'VALIDATION', field: 'authorization' });
    await expect(t.run({ ...system, readOnly: true, credential: { kind: 'token', id: 1 } }, logout, undefined)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.activitySince(before)).toEqual([]);
  });
});

describe('changePassword', () => {
  it('replaces the password, ends the other sessions but this one and records it without the hash', async () => {
    const here = await signedIn('gz-scjgj', '198.51.100.40');
    const elsewhere = await signedIn('gz-scjgj', '198.51.100.40');
    const [account] = await t.db.select({ version: users.version, passwordHash: users.passwordHash }).from(users).where(eq(users.id, here.viewer.userId));
    const before = await t.lastActivityId();
    await changePassword(deps(here.viewer, '198.51.100.40'), here.viewer, { currentPassword: demoPassword, newPassword: '新的口令-足够长了吧' });

    const [changed] = await t.db.select({ version: users.version, passwordHash: users.passwordHash }).from(users).where(eq(users.id, here.viewer.userId));
    expect(changed!.version).toBe(account!.version + 1);
    expect(changed!.passwordHash).not.toBe(account!.passwordHash);
    // A person's own password gets the full work factor, whatever the printed demo one had.
    expect([account!.passwordHash.split('$')[1], changed!.passwordHash.split('$')[1]]).toEqual(['4096', '32768']);
    expect(await sessionViewer(t.db, here.secret)).not.toBeNull();
    expect(await sessionViewer(t.db, elsewhere.secret)).toBeNull();
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.before, a.after])).toEqual([
      ['password.changed', here.viewer.userId, null, null],
      ['session.ended', elsewhere.viewer.credential.id, null, null],
    ]);
    expect(logged.every((a) => new Date(a.createdAt).toISOString() === storyTime.toISOString())).toBe(true);
    // The new password signs in; the old one no longer does.
    await expect(login(deps(null, '198.51.100.41'), { username: 'gz-scjgj', password: '新的口令-足够长了吧' })).resolves.toMatchObject({ userId: here.viewer.userId });
    await expect(login(deps(null, '198.51.100.41'), { username: 'gz-scjgj', password: demoPassword })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a wrong current password, a weak new one and a read-only token, changing nothing', async () => {
    const viewer = await t.viewer('reviewer3');
    const [account] = await t.db.select({ version: users.version }).from(users).where(eq(users.id, viewer.userId));
    const before = await t.lastActivityId();
    const change = (input: { currentPassword: string; newPassword: string }, as = viewer) => changePassword(deps(as, '198.51.100.50'), as, input);
    await expect(change({ currentPassword: 'wrong-password', newPassword: 'a-long-enough-password' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.currentPassword' });
    await expect(change({ currentPassword: '', newPassword: 'a-long-enough-password' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.currentPassword' });
    for (const weak of ['short', 'Reviewer3', demoPassword]) {
      await expect(change({ currentPassword: demoPassword, newPassword: weak })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.newPassword' });
    }
    await expect(change({ currentPassword: demoPassword, newPassword: 'a-long-enough-password' }, { ...viewer, readOnly: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [after] = await t.db.select({ version: users.version }).from(users).where(eq(users.id, viewer.userId));
    expect(after!.version).toBe(account!.version);
    expect(await t.activitySince(before)).toEqual([]);
  });
});

describe('API tokens', () => {
  it('creates a token whose secret is returned once and stored as its hash, then revokes it', async () => {
    const viewer = await t.viewer('observer');
    const before = await t.lastActivityId();
    const { tokenId, secret } = await t.run(viewer, createApiToken, { name: ' nightly export ', readOnly: true }, () => storyTime);

    expect(secret).toMatch(/^dvt_[A-Za-z0-9_-]{43}$/);
    const [token] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
    expect(token).toMatchObject({ userId: viewer.userId, name: 'nightly export', readOnly: true, tokenHash: hashSecret(secret), revokedAt: null });
    const created = await t.activitySince(before);
    expect(created.map((a) => [a.action, a.entityType, a.entityId, a.actorId, a.after])).toEqual([
      ['api_token.created', 'api_token', tokenId, viewer.userId, { name: 'nightly export', readOnly: true }],
    ]);
    expect(new Date(created[0]!.createdAt).toISOString()).toBe(storyTime.toISOString());

    const revokedFrom = await t.lastActivityId();
    await expect(t.run(viewer, revokeApiToken, { tokenId }, () => storyTime)).resolves.toEqual({ tokenId });
    const [revoked] = await t.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, tokenId));
    expect(revoked!.revokedAt).not.toBeNull();
    const logged = await t.activitySince(revokedFrom);
    expect(logged.map((a) => [a.action, a.entityId, a.before])).toEqual([['api_token.revoked', tokenId, { revokedAt: null }]]);
    // The name of a revoked token is free again.
    await expect(t.run(viewer, createApiToken, { name: 'nightly export', readOnly: false })).resolves.toMatchObject({ tokenId: expect.any(Number) });
  });

  it('refuses a blank or long name, a name in use, a read-only token, and revoking what is not one\'s own, missing or revoked', async () => {
    const viewer = await t.viewer('approver');
    const other = await t.viewer('coordinator');
    const { tokenId } = await t.run(viewer, createApiToken, { name: 'reports', readOnly: false });
    const before = await t.lastActivityId();
    await expect(t.run(viewer, createApiToken, { name: '   ', readOnly: false })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.name' });
    await expect(t.run(viewer, createApiToken, { name: 'x'.repeat(101), readOnly: false })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.name' });
    await expect(t.run(viewer, createApiToken, { name: 'reports', readOnly: true })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.name' });
    await expect(t.run({ ...viewer, readOnly: true }, createApiToken, { name: 'wider', readOnly: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(other, revokeApiToken, { tokenId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run({ ...viewer, readOnly: true }, revokeApiToken, { tokenId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(viewer, revokeApiToken, { tokenId: 2_000_000_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.activitySince(before)).toEqual([]);
    expect(await t.db.$count(apiTokens, eq(apiTokens.userId, viewer.userId))).toBe(1);

    await t.run(viewer, revokeApiToken, { tokenId });
    const revokedAt = await t.lastActivityId();
    await expect(t.run(viewer, revokeApiToken, { tokenId })).rejects.toMatchObject({ code: 'VALIDATION', field: 'input.tokenId' });
    expect(await t.activitySince(revokedAt)).toEqual([]);
  });
});
