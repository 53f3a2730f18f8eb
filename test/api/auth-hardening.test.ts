import { apiTokens, loginAttempts, sessions, users } from '@devolve/db';
import { demoPassword } from '@devolve/server/seed';
import { readTrustedProxies } from '@devolve/server/config';
import { and, desc, eq } from 'drizzle-orm';
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { postGraphQL, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Sessions under attack (issue 10): the login limit under parallel requests, one origin policy for
 * HTTP and WebSocket, hostile cookies, the login result itself, and clients behind a reverse proxy.
 */
let server: TestServer;
const listedOrigin = 'https://review.example.gov.cn';

beforeAll(async () => {
  server = await startTestServer({ seed: true, config: { allowedOrigins: [listedOrigin] } });
});
afterAll(() => server?.close());

const db = () => server.database.opened.db;

interface LoginResult {
  login: { __typename: string; code?: string; username?: string; user?: { id: string; username: string } };
}
const loginMutation = `mutation($input: LoginInput!) {
  login(input: $input) { __typename ... on Error { code } ... on Me { username user { id username } } }
}`;

function login(target: TestServer, username: string, password: string, headers: Record<string, string> = {}) {
  return postGraphQL<LoginResult>(target.url, loginMutation, { input: { username, password } }, headers);
}

/** How many of `typenames` are each name. */
function tally(typenames: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of typenames) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

async function failedAttemptsOf(username: string): Promise<number> {
  const rows = await db()
    .select({ id: loginAttempts.id })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.succeeded, false)));
  return rows.length;
}

describe('login limit under parallel requests', () => {
  // Every request here comes from 127.0.0.1: start each test with the address's allowance unused.
  beforeEach(async () => {
    await db().delete(loginAttempts);
  });

  it('checks at most 5 wrong passwords of 100 sent at once, and the right one in the burst does not get past the limit', async () => {
    const passwords = Array.from({ length: 100 }, (_, i) => (i === 60 ? demoPassword : `wrong-${i}`));
    const responses = await Promise.all(passwords.map((password) => login(server, 'reviewer3', password)));
    const outcomes = tally(responses.map((response) => response.data!.login.__typename));
    const signedIn = outcomes.Me ?? 0;
    // Exactly the limit's worth of wrong passwords were checked and refused; all others were refused unchecked.
    expect(await failedAttemptsOf('reviewer3')).toBe(5);
    expect(outcomes).toEqual({ UnauthenticatedError: 5, RateLimitedError: 95 - signedIn, ...(signedIn ? { Me: 1 } : {}) });
    for (const response of responses) {
      if (response.data!.login.__typename !== 'Me') expect(response.headers.get('set-cookie')).toBeNull();
    }
    const after = await login(server, 'reviewer3', demoPassword);
    expect(after.data!.login).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(after.headers.get('set-cookie')).toBeNull();
  });

  it('counts changePassword through the same claim: 5 of 20 parallel wrong current passwords are checked', async () => {
    const { cookie } = await server.signIn('reviewer4');
    const mutation = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename ... on Error { code } } }`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postGraphQL<{ changePassword: { code: string } }>(
          server.url,
          mutation,
          { input: { currentPassword: `wrong-${i}`, newPassword: 'a-new-long-passphrase' } },
          { cookie },
        ),
      ),
    );
    expect(tally(responses.map((response) => response.data!.changePassword.code))).toEqual({ VALIDATION: 5, RATE_LIMITED: 15 });
    expect(await failedAttemptsOf('reviewer4')).toBe(5);
  });
});

describe('origin policy (HTTP)', () => {
  const own = () => new URL(server.url).origin;
  /** The same host on another port: another origin, although the browser sends it the same cookies. */
  const otherPort = () => {
    const url = new URL(server.url);
    url.port = String(Number(url.port) === 65535 ? 1 : Number(url.port) + 1);
    return url.origin;
  };

  function preflight(origin: string) {
    return fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  }

  it('answers a preflight from a foreign origin, or another port of the same host, with no CORS headers', async () => {
    for (const origin of ['https://evil.example', otherPort(), 'null']) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('allows a listed origin with credentials, and only that origin', async () => {
    const response = await preflight(listedOrigin);
    expect(response.headers.get('access-control-allow-origin')).toBe(listedOrigin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const query = await postGraphQL<{ me: null }>(server.url, '{ me { username } }', {}, { origin: listedOrigin });
    expect(query.status).toBe(200);
    expect(query.headers.get('access-control-allow-origin')).toBe(listedOrigin);
    expect(query.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses a foreign page’s mutation carrying the cookie with 403 FORBIDDEN, and it changes nothing', async () => {
    const { cookie } = await server.signIn('coordinator');
    const mutation = 'mutation($name: String!) { createApiToken(input: { name: $name, readOnly: false }) { __typename } }';
    for (const origin of ['https://evil.example', otherPort()]) {
      const response = await postGraphQL(server.url, mutation, { name: 'cross-site' }, { cookie, origin });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', messageZh: expect.any(String) });
      expect(response.data).toBeUndefined();
    }
    expect(await db().select().from(apiTokens).where(eq(apiTokens.name, 'cross-site'))).toHaveLength(0);
    // The very same request from the server's own page goes through.
    const sameSite = await postGraphQL<{ createApiToken: { __typename: string } }>(server.url, mutation, { name: 'same-site' }, { cookie, origin: own() });
    expect(sameSite.data!.createApiToken.__typename).toBe('CreatedApiToken');
  });

  it('serves the server’s own pages and programs that send no Origin', async () => {
    const { cookie } = await server.signIn('coordinator');
    for (const headers of [{ cookie, origin: own() }, { cookie }] as Record<string, string>[]) {
      const response = await postGraphQL<{ me: { username: string } }>(server.url, '{ me { username } }', {}, headers);
      expect(response.status).toBe(200);
      expect(response.data!.me.username).toBe('coordinator');
    }
  });
});

describe('a malformed session cookie', () => {
  const malformed = 'devolve_session=%E0%A4%A';

  it('makes an HTTP request anonymous, not INTERNAL, and does not stop a sign-in', async () => {
    const anonymous = await postGraphQL<{ me: null }>(server.url, '{ me { username } }', {}, { cookie: malformed });
    expect(anonymous.status).toBe(200);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.me).toBeNull();
    const mutation = await postGraphQL<{ createApiToken: { code: string } }>(
      server.url,
      'mutation { createApiToken(input: { name: "x", readOnly: false }) { __typename ... on Error { code } } }',
      {},
      { cookie: malformed },
    );
    expect(mutation.data!.createApiToken.code).toBe('UNAUTHENTICATED');
    const signIn = await login(server, 'approver', demoPassword, { cookie: `${malformed}; other=%` });
    expect(signIn.data!.login.__typename).toBe('Me');
    expect(signIn.headers.get('set-cookie')).toMatch(/^devolve_session=/);
  });

  it('makes a WebSocket connection anonymous instead of closing it with 4500', async () => {
    let closeCode: number | undefined;
    const client = createClient({
      url: `${server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie: malformed } });
        }
      },
      retryAttempts: 0,
      on: { closed: (event) => (closeCode = (event as { code: number }).code) },
    });
    try {
      const result = await new Promise<FormattedExecutionResult<{ me: null }, unknown>>((resolve, reject) => {
        client.subscribe<{ me: null }>({ query: '{ me { username } }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!.me).toBeNull();
      expect(closeCode).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });
});

describe('the login result', () => {
  it('resolves Me.user in the login response itself, for the account just signed in', async () => {
    const response = await login(server, 'gz-jtj', demoPassword);
    expect(response.errors).toBeUndefined();
    expect(response.data!.login).toMatchObject({ __typename: 'Me', username: 'gz-jtj', user: { username: 'gz-jtj' } });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const me = await postGraphQL<{ me: { user: { id: string } } }>(server.url, '{ me { user { id } } }', {}, { cookie });
    expect(me.data!.me.user.id).toBe(response.data!.login.user!.id);
  });
});

describe('clients behind a reverse proxy', () => {
  /** The address recorded for the newest session of approver, whom `response` signed in. */
  async function sessionAddressOf(response: { headers: Headers }, target: TestServer): Promise<string | null> {
    expect(response.headers.get('set-cookie')).toMatch(/^devolve_session=/);
    const [row] = await target.database.opened.db
      .select({ ipAddress: sessions.ipAddress })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(users.username, 'approver'))
      .orderBy(desc(sessions.id))
      .limit(1);
    return row?.ipAddress ?? null;
  }

  it('by default believes neither X-Forwarded-For nor X-Forwarded-Proto', async () => {
    const response = await login(server, 'approver', demoPassword, {
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    });
    expect(response.data!.login.__typename).toBe('Me');
    expect(response.headers.get('set-cookie')).not.toMatch(/; Secure(;|$)/);
    expect(await sessionAddressOf(response, server)).toBe('127.0.0.1');
  });

  describe('with DEVOLVE_TRUSTED_PROXIES naming the proxy', () => {
    let proxied: TestServer;
    beforeAll(async () => {
      proxied = await startTestServer({ seed: true, config: { trustedProxies: readTrustedProxies('127.0.0.1') } });
    });
    afterAll(() => proxied?.close());

    it('records the forwarded client address and marks the cookie Secure when the proxy says https', async () => {
      // The client wrote 198.51.100.1 itself; the trusted proxy appended the address it saw.
      const response = await login(proxied, 'approver', demoPassword, {
        'x-forwarded-for': '198.51.100.1, 203.0.113.7',
        'x-forwarded-proto': 'https',
      });
      expect(response.data!.login.__typename).toBe('Me');
      expect(response.headers.get('set-cookie')).toMatch(/; Secure(;|$)/);
      expect(await sessionAddressOf(response, proxied)).toBe('203.0.113.7');
    });

    it('limits each forwarded client on its own: one client over the limit does not lock out the others', async () => {
      const guesser = { 'x-forwarded-for': '203.0.113.50' };
      const guesses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(proxied, `nobody-${i}`, 'guess', guesser)),
      );
      expect(tally(guesses.map((response) => response.data!.login.code!))).toEqual({ UNAUTHENTICATED: 30, RATE_LIMITED: 10 });
      expect((await login(proxied, 'approver', demoPassword, guesser)).data!.login.code).toBe('RATE_LIMITED');
      const other = await login(proxied, 'approver', demoPassword, { 'x-forwarded-for': '203.0.113.51' });
      expect(other.data!.login.__typename).toBe('Me');
    });
  });
});
