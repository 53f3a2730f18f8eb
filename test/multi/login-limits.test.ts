import { loginAttempts } from '@devolve/db';
import { demoPassword } from '@devolve/server/seed';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { postGraphQL } from '../support/server.ts';

/**
 * The login limits hold for requests spread over several `devolve serve` processes on one
 * PostgreSQL database: no process can check a password another has already used up.
 */
let database: TestDatabase;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ engine: 'postgres', seed: true });
  servers = await Promise.all([1, 2, 3].map(() => startServerProcess({ DATABASE_URL: database.url! }, { bundle: true })));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await database?.dispose();
});

// Every request comes from 127.0.0.1: each test starts with the address's allowance unused.
beforeEach(async () => {
  await database.opened.db.delete(loginAttempts);
});

/** Sends each attempt to the processes in turn, all at once, and returns each result's code ('Me' for a sign-in). */
async function loginEverywhere(attempts: { username: string; password: string }[]): Promise<Record<string, number>> {
  const responses = await Promise.all(
    attempts.map((input, i) =>
      postGraphQL<{ login: { __typename: string; code?: string } }>(
        servers[i % servers.length]!.url,
        'mutation($input: LoginInput!) { login(input: $input) { __typename ... on Error { code } } }',
        { input },
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const outcome = response.data!.login.code ?? response.data!.login.__typename;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

async function failedAttempts(username?: string): Promise<number> {
  const rows = await database.opened.db
    .select({ id: loginAttempts.id })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.succeeded, false), username ? eq(loginAttempts.username, username) : undefined));
  return rows.length;
}

describe('login limits across three server processes', () => {
  it('checks 5 of 100 wrong passwords for one account, and then refuses the right one', async () => {
    const outcomes = await loginEverywhere(Array.from({ length: 100 }, (_, i) => ({ username: 'reviewer1', password: `wrong-${i}` })));
    expect(outcomes).toEqual({ UNAUTHENTICATED: 5, RATE_LIMITED: 95 });
    expect(await failedAttempts('reviewer1')).toBe(5);
    expect(await loginEverywhere(servers.map(() => ({ username: 'reviewer1', password: demoPassword })))).toEqual({ RATE_LIMITED: servers.length });
  });

  it('checks 30 of 60 wrong guesses from one address over many accounts, and then refuses everyone there', async () => {
    const outcomes = await loginEverywhere(Array.from({ length: 60 }, (_, i) => ({ username: `nobody-${i}`, password: 'guess' })));
    expect(outcomes).toEqual({ UNAUTHENTICATED: 30, RATE_LIMITED: 30 });
    expect(await failedAttempts()).toBe(30);
    expect(await loginEverywhere([{ username: 'approver', password: demoPassword }])).toEqual({ RATE_LIMITED: 1 });
  });
});
