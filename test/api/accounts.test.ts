import { activity, apiTokens, loginAttempts, sessions, users } from '@devolve/db';
import { demoPassword } from '@devolve/server/seed';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId } from '../support/ids.ts';
import { postGraphQL, startTestServer, type GraphQLResponse, type TestServer } from '../support/server.ts';

/** Accounts over HTTP: the session cookie, login limits, logout, password changes, API tokens and CSRF. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(() => server?.close());

const db = () => server.database.opened.db;

interface ErrorFields {
  code?: string;
  messageEn?: string;
  messageZh?: string;
  field?: string;
}
type Result<T> = { __typename: string } & ErrorFields & Partial<T>;

interface TokenFields {
  id: string;
  name: string;
  readOnly: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const errorFields = '... on Error { code messageEn messageZh } ... on ValidationError { field }';
const loginMutation = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Me { username } ${errorFields} } }`;
const meQuery = '{ me { username readOnly user { id roles } } }';
const logoutMutation = `mutation { logout { __typename ... on EndedSession { endedAt } ${errorFields} } }`;
const changePasswordMutation = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { __typename ... on Me { username } ${errorFields} }
}`;
const tokenFields = 'id name readOnly createdAt lastUsedAt revokedAt';
const createTokenMutation = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { __typename ... on CreatedApiToken { secret token { ${tokenFields} } } ${errorFields} }
}`;
const revokeTokenMutation = `mutation($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { __typename ... on ApiToken { ${tokenFields} } ${errorFields} }
}`;

interface Me {
  username: string;
  readOnly: boolean;
  user: { id: string; roles: string[] };
}

/** A client holding one credential, as a browser (cookie) or a script (bearer token) would. */
function clientWith(headers: Record<string, string>) {
  return <T>(query: string, variables?: Record<string, unknown>) => postGraphQL<T>(server.url, query, variables, headers);
}

function login(username: string, password: string, headers: Record<string, string> = {}) {
  return postGraphQL<{ login: Result<{ username: string }> }>(server.url, loginMutation, { input: { username, password } }, headers);
}

/** Signs in and returns the session cookie as `name=value` and the full Set-Cookie header. */
async function sessionFor(username: string, password = demoPassword) {
  const response = await login(username, password);
  expect(response.data?.login.__typename).toBe('Me');
  const setCookie = response.headers.get('set-cookie')!;
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

async function me(headers: Record<string, string>): Promise<Me | null> {
  const response = await clientWith(headers)<{ me: Me | null }>(meQuery);
  expect(response.errors).toBeUndefined();
  return response.data!.me;
}

/** Refused by the field's authScopes: a typed result of the mutation's union, nothing else. */
function expectRefused(response: GraphQLResponse<unknown>, field: string, code: 'FORBIDDEN' | 'UNAUTHENTICATED') {
  expect(response.errors).toBeUndefined();
  expect((response.data as Record<string, ErrorFields> | null)?.[field]?.code).toBe(code);
}

async function activityOf(action: string, entityIds: number[]) {
  return db()
    .select()
    .from(activity)
    .where(and(eq(activity.action, action), inArray(activity.entityId, entityIds)));
}

async function userId(username: string): Promise<number> {
  const [user] = await db().select({ id: users.id }).from(users).where(eq(users.username, username));
  return user!.id;
}

async function sessionIdsOf(username: string): Promise<number[]> {
  const rows = await db()
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, await userId(username)))
    .orderBy(sessions.id);
  return rows.map((row) => row.id);
}

describe('login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site, not Secure over plain http', async () => {
    const { cookie, setCookie } = await sessionFor('coordinator');
    expect(cookie).toMatch(/^devolve_session=.{40,}$/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    // Only the hash of the cookie value is stored.
    const value = decodeURIComponent(cookie.slice('devolve_session='.length));
    const stored = await db().select({ tokenHash: sessions.tokenHash }).from(sessions);
    expect(stored.some((row) => row.tokenHash === value)).toBe(false);
  });

  it('refuses a wrong password with UNAUTHENTICATED and sets no cookie', async () => {
    const response = await login('reviewer1', 'not-the-password');
    expect(response.data!.login).toMatchObject({ __typename: 'UnauthenticatedError', code: 'UNAUTHENTICATED' });
    expect(response.data!.login.messageZh).toBeTruthy();
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses the 6th attempt on an account after 5 failures, even with the right password; other accounts still sign in', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await login('gz-zjj', `wrong-${attempt}`);
      expect(response.data!.login.code).toBe('UNAUTHENTICATED');
    }
    const limited = await login('gz-zjj', demoPassword);
    expect(limited.data!.login).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(limited.headers.get('set-cookie')).toBeNull();
    const other = await login('gz-jtj', demoPassword);
    expect(other.data!.login).toMatchObject({ __typename: 'Me', username: 'gz-jtj' });
  });

  it('records session.created for each sign-in', async () => {
    const before = await sessionIdsOf('reviewer2');
    await sessionFor('reviewer2');
    const created = (await sessionIdsOf('reviewer2')).filter((id) => !before.includes(id));
    expect(created).toHaveLength(1);
    const entries = await activityOf('session.created', created);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entityType: 'session', actorId: await userId('reviewer2') });
  });
});

describe('me', () => {
  it('gives the signed-in username and roles, and null to anonymous clients', async () => {
    const { cookie } = await sessionFor('reviewer2');
    expect(await me({ cookie })).toMatchObject({ username: 'reviewer2', readOnly: false, user: { roles: ['REVIEWER'] } });
    expect(await me({})).toBeNull();
    expect(await me({ cookie: 'devolve_session=forged' })).toBeNull();
  });
});

describe('logout', () => {
  it('ends the session at once, clears the cookie and records session.ended', async () => {
    const { cookie } = await sessionFor('reviewer3');
    const [sessionId] = (await sessionIdsOf('reviewer3')).slice(-1);
    const response = await clientWith({ cookie })<{ logout: Result<{ endedAt: string }> }>(logoutMutation);
    expect(response.data!.logout.__typename).toBe('EndedSession');
    const cleared = response.headers.get('set-cookie')!;
    expect(cleared).toMatch(/^devolve_session=;/);
    expect(cleared).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(cleared).toContain('Path=/');
    // The old cookie, replayed, is anonymous: the session row is gone.
    expect(await me({ cookie })).toBeNull();
    expect(await sessionIdsOf('reviewer3')).not.toContain(sessionId);
    const entries = await activityOf('session.ended', [sessionId!]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entityType: 'session', actorId: await userId('reviewer3') });
    expectRefused(await clientWith({ cookie })(logoutMutation), 'logout', 'UNAUTHENTICATED');
  });

  it('does not end other sessions of the same user', async () => {
    const first = await sessionFor('reviewer3');
    const second = await sessionFor('reviewer3');
    await clientWith({ cookie: first.cookie })(logoutMutation);
    expect(await me({ cookie: first.cookie })).toBeNull();
    expect((await me({ cookie: second.cookie }))?.username).toBe('reviewer3');
  });
});

describe('changePassword', () => {
  const newPassword = '广州简政放权-2019-new';

  it('refuses a wrong current password, counting it as a failed attempt, and changes nothing', async () => {
    const { cookie } = await sessionFor('gz-scjgj');
    const [hashBefore] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.username, 'gz-scjgj'));
    const failuresBefore = await db()
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.username, 'gz-scjgj'), eq(loginAttempts.succeeded, false)));
    const response = await clientWith({ cookie })<{ changePassword: Result<object> }>(changePasswordMutation, {
      input: { currentPassword: 'wrong-current-password', newPassword },
    });
    expect(response.data!.changePassword).toMatchObject({ code: 'VALIDATION', field: 'input.currentPassword' });
    const failuresAfter = await db()
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.username, 'gz-scjgj'), eq(loginAttempts.succeeded, false)));
    expect(failuresAfter).toHaveLength(failuresBefore.length + 1);
    const [hashAfter] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.username, 'gz-scjgj'));
    expect(hashAfter!.hash).toBe(hashBefore!.hash);
    // Still signed in: a typo in the form is not a lost session.
    expect((await me({ cookie }))?.username).toBe('gz-scjgj');
  });

  it('refuses a weak new password: too short, the username, or the current password', async () => {
    const { cookie } = await sessionFor('gz-scjgj');
    for (const weak of ['short-1', 'GZ-SCJGJ', ' gz-scjgj  ', demoPassword, 'x'.repeat(257)]) {
      const response = await clientWith({ cookie })<{ changePassword: Result<object> }>(changePasswordMutation, {
        input: { currentPassword: demoPassword, newPassword: weak },
      });
      expect(response.data!.changePassword).toMatchObject({ code: 'VALIDATION', field: 'input.newPassword' });
      expect(response.data!.changePassword.messageZh).toMatch(/密码/);
    }
    expect(await activityOf('password.changed', [await userId('gz-scjgj')])).toHaveLength(0);
  });

  it('changes the password, keeps this session, ends the others and records it without the hash', async () => {
    const current = await sessionFor('gz-scjgj');
    const other = await sessionFor('gz-scjgj');
    const [currentSessionId, otherSessionId] = (await sessionIdsOf('gz-scjgj')).slice(-2);
    const response = await clientWith({ cookie: current.cookie })<{ changePassword: Result<{ username: string }> }>(
      changePasswordMutation,
      { input: { currentPassword: demoPassword, newPassword } },
    );
    expect(response.data!.changePassword).toMatchObject({ __typename: 'Me', username: 'gz-scjgj' });

    expect((await me({ cookie: current.cookie }))?.username).toBe('gz-scjgj');
    expect(await me({ cookie: other.cookie })).toBeNull();
    expect(await sessionIdsOf('gz-scjgj')).toEqual([currentSessionId]);

    expect((await login('gz-scjgj', demoPassword)).data!.login.code).toBe('UNAUTHENTICATED');
    expect((await login('gz-scjgj', newPassword)).data!.login.__typename).toBe('Me');

    const id = await userId('gz-scjgj');
    const [changed] = await activityOf('password.changed', [id]);
    expect(changed).toMatchObject({ entityType: 'user', actorId: id, before: null, after: null });
    expect(await activityOf('session.ended', [otherSessionId!])).toHaveLength(1);
    const [stored] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, id));
    expect(stored!.hash).toMatch(/^scrypt\$/);
    const everything = JSON.stringify(await db().select().from(activity).where(eq(activity.actorId, id)));
    expect(everything).not.toContain(stored!.hash);
    expect(everything).not.toContain(newPassword);
  });
});

describe('API tokens', () => {
  /** Every response body in this block, to prove no token hash ever leaves the server. */
  const bodies: string[] = [];
  let owner: ReturnType<typeof clientWith>;
  let writable: { secret: string; token: TokenFields };
  let readOnly: { secret: string; token: TokenFields };

  async function call<T>(client: ReturnType<typeof clientWith>, query: string, variables?: Record<string, unknown>) {
    const response: GraphQLResponse<T> = await client<T>(query, variables);
    bodies.push(JSON.stringify(response));
    return response;
  }

  async function create(client: ReturnType<typeof clientWith>, name: string, readOnlyToken: boolean) {
    const response = await call<{ createApiToken: Result<{ secret: string; token: TokenFields }> }>(client, createTokenMutation, {
      input: { name, readOnly: readOnlyToken },
    });
    return response.data!.createApiToken;
  }

  beforeAll(async () => {
    owner = clientWith({ cookie: (await sessionFor('legal1')).cookie });
  });

  it('creates a token whose dvt_ secret is shown once and stored only as a hash', async () => {
    const created = await create(owner, '  nightly export  ', false);
    expect(created.__typename).toBe('CreatedApiToken');
    expect(created.secret).toMatch(/^dvt_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({ name: 'nightly export', readOnly: false, lastUsedAt: null, revokedAt: null });
    writable = created as typeof writable;
    readOnly = (await create(owner, 'dashboard', true)) as typeof readOnly;
    expect(readOnly.token.readOnly).toBe(true);

    const stored = await db().select().from(apiTokens).where(eq(apiTokens.userId, await userId('legal1')));
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.tokenHash).not.toContain(writable.secret);
      expect(row.tokenHash).not.toContain(readOnly.secret);
    }
    const entries = await activityOf('api_token.created', stored.map((row) => row.id));
    expect(entries).toHaveLength(2);
    expect(entries.map((entry) => entry.after)).toContainEqual({ name: 'nightly export', readOnly: false });
    expect(JSON.stringify(entries)).not.toContain('dvt_');

    const listed = await call<{ me: { apiTokens: TokenFields[] } }>(owner, `{ me { apiTokens { ${tokenFields} } } }`);
    expect(listed.data!.me.apiTokens.map((t) => t.name)).toEqual(['dashboard', 'nightly export']);
    expect(JSON.stringify(listed)).not.toContain('dvt_');
  });

  it('checks token names: 1 to 100 characters, unique among active tokens', async () => {
    for (const name of ['   ', 'n'.repeat(101), 'nightly export']) {
      const refused = await create(owner, name, false);
      expect(refused).toMatchObject({ __typename: 'ValidationError', field: 'input.name' });
    }
    // Another user may use the same name.
    const other = clientWith({ cookie: (await sessionFor('approver')).cookie });
    expect((await create(other, 'nightly export', true)).__typename).toBe('CreatedApiToken');
  });

  it('creates exactly one of eight simultaneous tokens with the same name', async () => {
    const racer = clientWith({ cookie: (await sessionFor('reviewer3')).cookie });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => create(racer, 'same moment', true)));
    expect(outcomes.filter((o) => o.__typename === 'CreatedApiToken')).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.__typename !== 'CreatedApiToken')) {
      expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field: 'input.name' });
    }
    expect(await db().$count(apiTokens, eq(apiTokens.name, 'same moment'))).toBe(1);
  });

  it('signs requests in with Authorization: Bearer and notes the last use at most once a minute', async () => {
    const bearer = clientWith({ authorization: `Bearer ${writable.secret}` });
    const first = await call<{ me: Me }>(bearer, meQuery);
    expect(first.data!.me).toMatchObject({ username: 'legal1', readOnly: false, user: { roles: ['LEGAL_REVIEWER'] } });
    const lastUsedOf = async () =>
      (await db().select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, idOf(writable))))[0]!
        .lastUsedAt;
    // The update does not hold up the request, so it may land just after the response.
    let lastUsedAt = await lastUsedOf();
    for (let wait = 0; wait < 50 && !lastUsedAt; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      lastUsedAt = await lastUsedOf();
    }
    expect(lastUsedAt).not.toBeNull();

    // Used again within the minute: no write, the same statements as with a session cookie.
    const again = await call<{ me: { username: string } }>(bearer, '{ me { username } }');
    const withCookie = await call<{ me: { username: string } }>(owner, '{ me { username } }');
    expect(again.extensions!.queryStats!.statements).toBe(withCookie.extensions!.queryStats!.statements);
    expect(await lastUsedOf()).toBe(lastUsedAt);
  });

  it('lets a read-only token read but refuses it every mutation with FORBIDDEN', async () => {
    const reader = clientWith({ authorization: `Bearer ${readOnly.secret}` });
    expect((await call<{ me: Me }>(reader, meQuery)).data!.me).toMatchObject({ username: 'legal1', readOnly: true });
    const listed = await call<{ me: { apiTokens: TokenFields[] } }>(reader, `{ me { apiTokens { name } } }`);
    expect(listed.data!.me.apiTokens).toHaveLength(2);

    const create = await call(reader, createTokenMutation, { input: { name: 'escalate', readOnly: false } });
    expectRefused(create, 'createApiToken', 'FORBIDDEN');
    const revoke = await call(reader, revokeTokenMutation, { input: { tokenId: writable.token.id } });
    expectRefused(revoke, 'revokeApiToken', 'FORBIDDEN');
    const change = await call(reader, changePasswordMutation, {
      input: { currentPassword: demoPassword, newPassword: 'read-only-cannot-write' },
    });
    expectRefused(change, 'changePassword', 'FORBIDDEN');
    expectRefused(await call(reader, logoutMutation), 'logout', 'FORBIDDEN');
    const names = await db().select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.name, 'escalate'));
    expect(names).toHaveLength(0);
  });

  it('lets a writable token create tokens, but not log out', async () => {
    const bearer = clientWith({ authorization: `Bearer ${writable.secret}` });
    expect((await create(bearer, 'made by a token', true)).__typename).toBe('CreatedApiToken');
    const logout = await call<{ logout: Result<object> }>(bearer, logoutMutation);
    expect(logout.data!.logout).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    expect(logout.data!.logout.messageEn).toMatch(/revoke/i);
    expect((await call<{ me: Me }>(bearer, meQuery)).data!.me.username).toBe('legal1');
  });

  it("shows a token only to its owner and refuses to let another user revoke it", async () => {
    const stranger = clientWith({ cookie: (await sessionFor('reviewer4')).cookie });
    const seen = await call<{ node: unknown }>(stranger, 'query($id: ID!) { node(id: $id) { id } }', { id: writable.token.id });
    expect(seen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await call<{ node: unknown }>(clientWith({}), 'query($id: ID!) { node(id: $id) { id } }', {
      id: writable.token.id,
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const revoke = await call<{ revokeApiToken: Result<object> }>(stranger, revokeTokenMutation, {
      input: { tokenId: writable.token.id },
    });
    expect(revoke.data!.revokeApiToken.code).toBe('FORBIDDEN');
    const [row] = await db().select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, idOf(writable)));
    expect(row!.revokedAt).toBeNull();
  });

  it('revokes a token: it signs nobody in any more, a second revoke is refused, the name is free again', async () => {
    const revoked = await call<{ revokeApiToken: Result<TokenFields> }>(owner, revokeTokenMutation, {
      input: { tokenId: writable.token.id },
    });
    expect(revoked.data!.revokeApiToken).toMatchObject({ __typename: 'ApiToken', name: 'nightly export' });
    expect(revoked.data!.revokeApiToken.revokedAt).toMatch(/Z$/);
    expect(await me({ authorization: `Bearer ${writable.secret}` })).toBeNull();

    const twice = await call<{ revokeApiToken: Result<object> }>(owner, revokeTokenMutation, {
      input: { tokenId: writable.token.id },
    });
    expect(twice.data!.revokeApiToken).toMatchObject({ code: 'VALIDATION', field: 'input.tokenId' });
    const wrongType = await call<{ revokeApiToken: Result<object> }>(owner, revokeTokenMutation, {
      input: { tokenId: Buffer.from('User:1').toString('base64') },
    });
    expect(wrongType.data!.revokeApiToken).toMatchObject({ code: 'VALIDATION', field: 'input.tokenId' });

    const entries = await activityOf('api_token.revoked', [idOf(writable)]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entityType: 'api_token', actorId: await userId('legal1') });
    expect((await create(owner, 'nightly export', false)).__typename).toBe('CreatedApiToken');
    const listed = await call<{ me: { apiTokens: TokenFields[] } }>(owner, `{ me { apiTokens { ${tokenFields} } } }`);
    const revokedOne = listed.data!.me.apiTokens.find((t) => t.id === writable.token.id)!;
    expect(revokedOne.revokedAt).not.toBeNull();
    expect(revokedOne.lastUsedAt).not.toBeNull();
  });

  it('never returns a token hash', async () => {
    const introspection = await call<{ __type: { fields: { name: string }[] } }>(
      clientWith({}),
      '{ __type(name: "ApiToken") { fields { name } } }',
    );
    expect(introspection.data!.__type.fields.map((f) => f.name).sort()).toEqual(
      ['createdAt', 'id', 'lastUsedAt', 'name', 'readOnly', 'revokedAt'],
    );
    const hashes = (await db().select({ hash: apiTokens.tokenHash }).from(apiTokens)).map((row) => row.hash);
    expect(hashes.length).toBeGreaterThan(3);
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) for (const hash of hashes) expect(body).not.toContain(hash);
  });
});

/** The database id behind a token's global id, for assertions on its row. */
function idOf(created: { token: TokenFields }): number {
  return databaseId(created.token.id);
}

describe('CSRF prevention', () => {
  let cookie: string;
  beforeAll(async () => {
    ({ cookie } = await sessionFor('reviewer5'));
  });

  async function post(contentType: string, body: string) {
    return fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, cookie }, body });
  }

  it('refuses a form post or a text/plain post carrying the session cookie, and changes nothing', async () => {
    const mutation = 'mutation { createApiToken(input: { name: "csrf", readOnly: false }) { __typename } }';
    const form = await post('application/x-www-form-urlencoded', new URLSearchParams({ query: mutation }).toString());
    expect(form.status).toBe(403);
    const text = await post('text/plain', JSON.stringify({ query: mutation }));
    expect(text.status).toBe(403);
    const logout = await post('text/plain;charset=UTF-8', JSON.stringify({ query: 'mutation { logout { __typename } }' }));
    expect(logout.status).toBe(403);
    expect(logout.headers.get('set-cookie')).toBeNull();

    expect(await db().select().from(apiTokens).where(eq(apiTokens.name, 'csrf'))).toHaveLength(0);
    expect((await me({ cookie }))?.username).toBe('reviewer5');
  });

  it('accepts the same mutation as JSON, which a cross-site page cannot send without a preflight', async () => {
    const response = await clientWith({ cookie })<{ createApiToken: Result<object> }>(createTokenMutation, {
      input: { name: 'csrf', readOnly: true },
    });
    expect(response.data!.createApiToken.__typename).toBe('CreatedApiToken');
  });
});

describe('anonymous clients', () => {
  const anonymous = clientWith({});

  it('read campaigns, key task 20 and units', async () => {
    const response = await anonymous<{
      campaigns: { nodes: { year: number }[] };
      keyTask: { title: string } | null;
      units: { code: string }[];
    }>('{ campaigns(first: 5) { nodes { year } } keyTask(year: 2019, number: 20) { title } units { code } }');
    expect(response.errors).toBeUndefined();
    expect(response.data!.campaigns.nodes.map((c) => c.year)).toContain(2019);
    expect(response.data!.keyTask?.title).toBeTruthy();
    expect(response.data!.units.length).toBeGreaterThan(50);
  });

  it('see no proposals of the 2019 campaign under review', async () => {
    const campaign = await anonymous<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
    const query = 'query($f: ProposalFilter) { proposals(first: 10, filter: $f) { totalCount nodes { id } } }';
    const variables = { f: { campaignId: campaign.data!.campaign.id } };
    const response = await anonymous<{ proposals: { totalCount: number; nodes: unknown[] } }>(query, variables);
    expect(response.errors).toBeUndefined();
    expect(response.data!.proposals).toEqual({ totalCount: 0, nodes: [] });
    // The same query signed in as the review team sees them: the filter is the viewer, not the data.
    const team = clientWith({ cookie: (await sessionFor('observer')).cookie });
    const seen = await team<{ proposals: { totalCount: number } }>(query, variables);
    expect(seen.data!.proposals.totalCount).toBeGreaterThan(0);
  });

  it('get UNAUTHENTICATED for protected objects and mutations, and null for me', async () => {
    expect(await me({})).toBeNull();
    const signedIn = await me({ cookie: (await sessionFor('observer')).cookie });
    const user = await anonymous<{ node: unknown }>('query($id: ID!) { node(id: $id) { id ... on User { displayName } } }', {
      id: signedIn!.user.id,
    });
    expect(user.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(user.data?.node ?? null).toBeNull();
    const create = await anonymous(createTokenMutation, { input: { name: 'anonymous', readOnly: true } });
    expectRefused(create, 'createApiToken', 'UNAUTHENTICATED');
    const change = await anonymous(changePasswordMutation, {
      input: { currentPassword: demoPassword, newPassword: 'anonymous-guess' },
    });
    expectRefused(change, 'changePassword', 'UNAUTHENTICATED');
    expectRefused(await anonymous(logoutMutation), 'logout', 'UNAUTHENTICATED');
  });
});

// Last: it fills the address's allowance, which every other test in this file shares.
describe('per-address login limit', () => {
  it('refuses any login from an address after 30 failures within the window, whatever the accounts', async () => {
    // Start from a clean slate so the count does not depend on the tests above.
    await db().delete(loginAttempts);
    try {
      for (let attempt = 1; attempt <= 30; attempt += 1) {
        const response = await login(`nobody-${attempt}`, 'guess');
        expect(response.data!.login.code).toBe('UNAUTHENTICATED');
      }
      const limited = await login('approver', demoPassword);
      expect(limited.data!.login).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
      expect(limited.headers.get('set-cookie')).toBeNull();
    } finally {
      await db().delete(loginAttempts);
    }
  });
});
