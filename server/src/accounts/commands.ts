import { apiTokens, hashPassword, sessions, users } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { type Command, mutate, type Mutation, type MutationDeps, runCommand, updateVersioned } from '../activity/mutate.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { hashSecret, newSecret, sessionLifetimeMs } from './credentials.ts';
import { checkPasswordAttempt } from './password-attempts.ts';
import type { Viewer } from './permissions.ts';

/**
 * The accounts' commands: signing in and out, the password, API tokens. Credentials are security,
 * not the domain's story: their own timestamps (session expiry, a token's creation and revocation,
 * like its last use and the login limits) are the real time, never the domain clock. Only their
 * activity rows carry `m.now`, as every activity row does.
 *
 * Login and changePassword check a password, which cannot happen inside a command's transaction:
 * the attempt's claim commits first so the login limits count it whatever happens next
 * (password-attempts.ts), and the slow hash must not hold PGlite's only connection. Each is an
 * exported function that checks the password, then runs its transaction's command; the command is
 * not exported, so nothing writes a session or a password without the check.
 */

/** Where a password attempt comes from: the login limits count per account and per address. */
export interface PasswordAttemptDeps extends MutationDeps {
  clientAddress: string;
}

/** A read-only token may only read; every account command writes. */
function refuseReadOnly(viewer: Viewer | null): void {
  if (viewer?.readOnly) throw new ForbiddenError();
}

export const passwordLength = { min: 10, max: 256 };

/**
 * The password policy: long enough to resist guessing under the login rate limits, and not the
 * obvious choices (the username, the password being replaced). Length counts characters, so a
 * Chinese passphrase counts as many as a Latin one.
 */
function checkNewPassword(newPassword: string, context: { username: string; currentPassword: string }): void {
  const field = 'input.newPassword';
  const length = [...newPassword].length;
  if (length < passwordLength.min || length > passwordLength.max) {
    throw new ValidationError(
      field,
      `新密码应为 ${passwordLength.min} 至 ${passwordLength.max} 个字符`,
      `The new password must be ${passwordLength.min} to ${passwordLength.max} characters`,
    );
  }
  if (newPassword.trim().toLowerCase() === context.username.toLowerCase()) {
    throw new ValidationError(field, '新密码不能与用户名相同', 'The new password must not be your username');
  }
  if (newPassword === context.currentPassword) {
    throw new ValidationError(field, '新密码不能与当前密码相同', 'The new password must differ from the current one');
  }
}

export interface LoginInput {
  username: string;
  password: string;
  /** The client's User-Agent, kept with the session so its owner can recognise it. */
  userAgent?: string | null;
}

export interface SignedIn {
  userId: number;
  /** The session cookie's value: shown to the client once, stored only as its hash. */
  secret: string;
  expiresAt: Date;
}

/**
 * Signs `username` in with a password under the login limits and opens a session. Acts for no one
 * yet: `deps.viewer` is whoever the request already is, and only a read-only token is refused.
 */
export async function login(deps: PasswordAttemptDeps, input: LoginInput): Promise<SignedIn> {
  // A read-only token may never write, and a session is a write.
  if (deps.viewer?.readOnly) throw new ForbiddenError('只读令牌不能登录', 'A read-only token cannot sign in');
  const username = input.username.trim();
  if (!username || username.length > 64) {
    throw new ValidationError('input.username', '请输入用户名', 'Enter a username');
  }
  if (!input.password || input.password.length > passwordLength.max) {
    throw new ValidationError('input.password', '请输入密码', 'Enter a password');
  }
  const [user] = await deps.db.select().from(users).where(eq(users.username, username));
  const valid = await checkPasswordAttempt(deps, username, input.password, user?.active ? user.passwordHash : null);
  if (!user || !valid) throw new UnauthenticatedError('用户名或密码错误', 'Wrong username or password');

  const secret = newSecret('');
  const expiresAt = new Date(Date.now() + sessionLifetimeMs); // real time: expiry is security
  await mutate({ ...deps, viewer: null }, (m) =>
    startSession(
      { ...m, viewer: null },
      { userId: user.id, tokenHash: hashSecret(secret), expiresAt, ipAddress: deps.clientAddress, userAgent: input.userAgent ?? null },
    ),
  );
  return { userId: user.id, secret, expiresAt };
}

interface NewSession {
  userId: number;
  tokenHash: string;
  expiresAt: Date;
  ipAddress: string;
  userAgent: string | null;
}

/** Opens a session for a user whose password login() just checked; the activity names them as its actor. */
async function startSession(m: Mutation<null>, input: NewSession): Promise<{ sessionId: number }> {
  const [session] = await m.tx
    .insert(sessions)
    .values({
      tokenHash: input.tokenHash,
      userId: input.userId,
      expiresAt: input.expiresAt.toISOString(),
      ipAddress: input.ipAddress,
      userAgent: input.userAgent?.slice(0, 256) ?? null,
    })
    .returning({ id: sessions.id });
  m.record({ action: 'session.created', entityId: session!.id, actorId: input.userId });
  return { sessionId: session!.id };
}

/**
 * Ends the viewer's own browser session: deleted, not marked, so its cookie stops working at once
 * whatever its expiry says. API tokens are revoked instead (revokeApiToken).
 */
export const logout: Command<void, { endedAt: string }> = async (m) => {
  refuseReadOnly(m.viewer);
  const credential = m.viewer.credential;
  if (credential.kind === 'token') {
    throw new ValidationError(
      'authorization',
      'API 令牌无法登出：不再需要时请撤销该令牌',
      'An API token cannot log out: revoke the token when it is no longer needed',
    );
  }
  if (credential.kind !== 'session') {
    throw new ValidationError('authorization', '没有要结束的会话', 'There is no session to end');
  }
  await m.tx.delete(sessions).where(eq(sessions.id, credential.id));
  m.record({ action: 'session.ended', entityId: credential.id });
  // When the log says it ended.
  return { endedAt: m.now.toISOString() };
};

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the viewer's password after checking the current one under the login limits, and ends
 * their other sessions. A wrong current password is a ValidationError on input.currentPassword
 * (not UnauthenticatedError: the request is signed in, and clients treat UNAUTHENTICATED as "your
 * session is gone"), and counts as a failed login attempt.
 */
export async function changePassword(deps: PasswordAttemptDeps, viewer: Viewer, input: ChangePasswordInput): Promise<void> {
  refuseReadOnly(viewer);
  if (!input.currentPassword || input.currentPassword.length > passwordLength.max) {
    throw new ValidationError('input.currentPassword', '请输入当前密码', 'Enter your current password');
  }
  const [account] = await deps.db
    .select({ username: users.username, passwordHash: users.passwordHash, version: users.version })
    .from(users)
    .where(and(eq(users.id, viewer.userId), eq(users.active, true)));
  // The viewer was found active when the request began; deactivated since, it acts for nobody.
  if (!account) throw new UnauthenticatedError();
  checkNewPassword(input.newPassword, { username: account.username, currentPassword: input.currentPassword });
  if (!(await checkPasswordAttempt(deps, account.username, input.currentPassword, account.passwordHash))) {
    throw new ValidationError('input.currentPassword', '当前密码不正确', 'The current password is wrong');
  }
  // Hashed before the transaction: scrypt is slow and PGlite's only connection would wait for it.
  const passwordHash = await hashPassword(input.newPassword);
  // The expected version is the one read with the hash just checked: a concurrent change of the
  // account (another password change) makes this one a ConflictError.
  await runCommand(deps, viewer, replacePassword, { passwordHash, expectedVersion: account.version });
}

const replacePassword: Command<{ passwordHash: string; expectedVersion: number }, void> = async (m, input) => {
  const viewer = m.viewer;
  await updateVersioned(
    m.tx,
    users,
    { id: viewer.userId, expectedVersion: input.expectedVersion, typename: 'User', what: { zh: '用户', en: 'user' } },
    { passwordHash: input.passwordHash },
  );
  // Whoever knew the old password is signed out everywhere except here.
  const current = viewer.credential.kind === 'session' ? ne(sessions.id, viewer.credential.id) : undefined;
  const ended = await m.tx
    .delete(sessions)
    .where(and(eq(sessions.userId, viewer.userId), current))
    .returning({ id: sessions.id });
  // No before/after: neither the password nor its hash belongs in the activity log.
  m.record({ action: 'password.changed', entityId: viewer.userId });
  for (const session of ended) m.record({ action: 'session.ended', entityId: session.id });
};

/** Clients recognise (and secret scanners can find) Devolve tokens by this prefix. */
const apiTokenPrefix = 'dvt_';
export const maxTokenNameLength = 100;
const apiTokenWhat = { zh: 'API 令牌', en: 'API token' };

export interface CreateApiTokenInput {
  /** What the token is for, unique among the viewer's active tokens. */
  name: string;
  readOnly: boolean;
}

/**
 * Creates an API token for the viewer. Its secret is in the result and nowhere else: only its hash
 * is stored. A token may mint tokens only if it could write anyway; a read-only one cannot widen itself.
 */
export const createApiToken: Command<CreateApiTokenInput, { tokenId: number; secret: string }> = async (m, input) => {
  refuseReadOnly(m.viewer);
  const name = input.name.trim();
  if (!name || name.length > maxTokenNameLength) {
    throw new ValidationError(
      'input.name',
      `令牌名称应为 1 至 ${maxTokenNameLength} 个字符`,
      `The token name must be 1 to ${maxTokenNameLength} characters`,
    );
  }
  // Active token names are distinct per person: api_tokens_active_name_key decides
  // (activity/unique-rules.ts), also between concurrent requests.
  const secret = newSecret(apiTokenPrefix);
  const [token] = await m.tx
    .insert(apiTokens)
    .values({ userId: m.viewer.userId, name, readOnly: input.readOnly, tokenHash: hashSecret(secret) })
    .returning({ id: apiTokens.id });
  m.record({ action: 'api_token.created', entityId: token!.id, after: { name, readOnly: input.readOnly } });
  return { tokenId: token!.id, secret };
};

/** Revokes one of the viewer's own API tokens: requests carrying it are anonymous from then on. */
export const revokeApiToken: Command<{ tokenId: number }, { tokenId: number }> = async (m, input) => {
  refuseReadOnly(m.viewer);
  const { tokenId } = input;
  // One statement when it succeeds; the reason is looked up only when it does not.
  const [revoked] = await m.tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, m.viewer.userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, revokedAt: apiTokens.revokedAt });
  if (!revoked) {
    const [token] = await m.tx.select({ userId: apiTokens.userId }).from(apiTokens).where(eq(apiTokens.id, tokenId));
    if (!token) throw new NotFoundError(apiTokenWhat, encodeGlobalID('ApiToken', tokenId));
    if (token.userId !== m.viewer.userId) {
      throw new ForbiddenError('只能撤销您自己的 API 令牌', 'You can only revoke your own API tokens');
    }
    throw new ValidationError('input.tokenId', '该令牌已被撤销', 'This token is already revoked');
  }
  m.record({ action: 'api_token.revoked', entityId: revoked.id, before: { revokedAt: null }, after: { revokedAt: revoked.revokedAt } });
  return { tokenId: revoked.id };
};
