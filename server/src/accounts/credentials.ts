import { createHash, randomBytes } from 'node:crypto';
import { apiTokens, type Database, sessions, units, users } from '@devolve/db';
import { and, eq, gt, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import type { Viewer } from './permissions.ts';

export const sessionCookieName = 'devolve_session';
/** Sessions last a working day plus overtime; then the user signs in again. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

/** A fresh random secret: the cookie value or the API token, shown to its owner once. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Only this digest is stored; a stolen database cannot be replayed as cookies or tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * The cookie's value, or undefined when it is absent or not valid percent-encoding: any site that
 * can set a cookie for this host (a sibling subdomain, a page on another port) could plant a
 * malformed one, and it must make the request anonymous, not fail it.
 */
function cookieValue(request: Request, name: string): string | undefined {
  for (const part of request.headers.get('cookie')?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Last use older than this is stale: a token used all day costs one write a minute, not one per request. */
const lastUsedIsStale = sql<boolean>`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`;

/**
 * Records that a token was used, without making the request wait for it. The condition is repeated
 * so concurrent requests write once. Losing an update only leaves lastUsedAt a minute behind.
 */
function touchToken(db: Database, tokenId: number): void {
  db.update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, tokenId), lastUsedIsStale))
    .catch(() => {});
}

const viewerColumns = {
  userId: users.id,
  unitId: users.unitId,
  unitKind: units.kind,
  roles: users.roles,
};

/**
 * When a session or token still stands for its user: not expired or revoked, and the user active.
 * Requests (resolveViewer) and the periodic re-check of open streams (LiveStreams) ask the same.
 * Both need `users` joined. `now` may be a placeholder, for a statement prepared once.
 */
export const sessionStands = (now: SQLWrapper | string = new Date().toISOString()) => and(gt(sessions.expiresAt, now), eq(users.active, true));
export const tokenStands = () => and(isNull(apiTokens.revokedAt), eq(users.active, true));

/**
 * Who the request acts for, from `Authorization: Bearer <token>` or the session cookie, in one
 * statement. Unknown, expired or revoked credentials, and deactivated users, are anonymous.
 */
export async function resolveViewer(db: Database, request: Request): Promise<Viewer | null> {
  const token = bearerToken(request);
  if (token) {
    const [row] = await db
      .select({
        ...viewerColumns,
        credentialId: apiTokens.id,
        readOnly: apiTokens.readOnly,
        lastUsedStale: lastUsedIsStale,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(and(eq(apiTokens.tokenHash, hashSecret(token)), tokenStands()));
    if (!row) return null;
    const { credentialId, lastUsedStale, ...viewer } = row;
    if (lastUsedStale) touchToken(db, credentialId);
    return { ...viewer, credential: { kind: 'token', id: credentialId } };
  }
  const cookie = cookieValue(request, sessionCookieName);
  return cookie ? sessionViewer(db, cookie) : null;
}

const prepareSessionLookup = (db: Database) =>
  db
    .select({ ...viewerColumns, credentialId: sessions.id, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), sessionStands(sql.placeholder('now'))))
    .prepare();
/** Built once per database: every signed-in request runs it, and building it cost Node more than running it. */
const sessionLookups = new WeakMap<Database, ReturnType<typeof prepareSessionLookup>>();

/** Who the session with this cookie value acts for; null once it has expired or its user is deactivated. */
export async function sessionViewer(db: Database, secret: string): Promise<Viewer | null> {
  let lookup = sessionLookups.get(db);
  if (!lookup) sessionLookups.set(db, (lookup = prepareSessionLookup(db)));
  const [row] = await lookup.execute({ tokenHash: hashSecret(secret), now: new Date().toISOString() });
  if (!row) return null;
  const { credentialId, expiresAt, ...viewer } = row;
  return { ...viewer, readOnly: false, credential: { kind: 'session', id: credentialId, expiresAt } };
}

/**
 * The viewer a job, an import on the command line or the seed acts as: the active user with this
 * username, with no session behind it. Null when there is no such active user.
 */
export async function systemViewer(db: Database | Tx, username: string): Promise<Viewer | null> {
  const [row] = await db
    .select(viewerColumns)
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.username, username), eq(users.active, true)));
  return row ? { ...row, readOnly: false, credential: { kind: 'system', id: 0 } } : null;
}
