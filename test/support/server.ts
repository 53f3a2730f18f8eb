import { demoPassword } from '@devolve/server/seed';
import { type Config, readConfig } from '@devolve/server/config';
import { createDevolveServer } from '@devolve/server/http';
import { statementCountingLogger } from '@devolve/server/query-stats';
import { pino, type Logger } from 'pino';
import { createTestDatabase, existingDatabase, type TestDatabase, type TestEngine } from './database.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
  extensions?: { queryStats?: { statements: number; serverMs: number } };
}

export interface GraphQLClient {
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

/** A signed-in client: it keeps its session cookie like a browser would. */
export interface SignedInClient extends GraphQLClient {
  username: string;
  cookie: string;
}

export interface TestServer extends GraphQLClient {
  url: string;
  database: TestDatabase;
  /** Signs in through the login mutation (demo password by default). */
  signIn(username: string, password?: string): Promise<SignedInClient>;
  close(): Promise<void>;
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { headers: Headers }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** Signs in through the login mutation of the server at `url`, as a browser would. */
export async function signIn(url: string, username: string, password = demoPassword): Promise<SignedInClient> {
  const response = await postGraphQL<{ login: { __typename: string } }>(
    url,
    'mutation($input: LoginInput!) { login(input: $input) { __typename ... on Error { code messageEn } } }',
    { input: { username, password } },
  );
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.data?.login.__typename !== 'Me' || !cookie) {
    throw new Error(`Sign-in as ${username} failed: ${JSON.stringify(response.data ?? response.errors)}`);
  }
  return {
    username,
    cookie,
    graphql: (query, variables) => postGraphQL(url, query, variables, { cookie }),
  };
}

/**
 * The public comment form's proof of work and limits as vitest.config.ts sets them for tests (a
 * cheap proof; an allowance per address the authorization matrix's many calls from 127.0.0.1 fit).
 */
const publicCommentEnv = {
  DEVOLVE_PUBLIC_COMMENT_PROOF_BITS: process.env.DEVOLVE_PUBLIC_COMMENT_PROOF_BITS,
  DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS: process.env.DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS,
};

/** Presence timings: tests shorten the heartbeat and expiry to keep waits short. */
type PresenceTimings = NonNullable<Parameters<typeof createDevolveServer>[3]>['presence'];

/**
 * Starts the real Devolve HTTP server on a free port over a fresh database (optionally with the
 * demo data). Tests talk to it over HTTP only, as any client would.
 */
export async function startTestServer(
  options: {
    seed?: boolean;
    engine?: TestEngine;
    presence?: PresenceTimings;
    /** How often live streams' credentials are checked again (60 s by default). */
    credentialRecheckMs?: number;
    /** Runs the event bus on Redis instead of the engine's own. */
    redisUrl?: string;
    /** Other settings to override (WebSocket origins and caps). */
    config?: Partial<Config>;
    /** Environment variables as `devolve serve` reads them, over the tests' own (e.g. `DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS`). */
    env?: Record<string, string>;
    /** Where the server logs (silent by default), for tests of what it logs. */
    logger?: Logger;
    /** Sees the text of every SQL statement the server runs, for tests of what it reads. */
    onStatement?: (sql: string) => void;
    /**
     * Serves this PostgreSQL database as it is (left in place on close) instead of a fresh copy:
     * benchmarks that build a large data set first.
     */
    databaseUrl?: string;
  } = {},
): Promise<TestServer> {
  const { onStatement } = options;
  const sqlLogger = onStatement
    ? { logQuery: (query: string, params: unknown[]) => (statementCountingLogger.logQuery(query, params), onStatement(query)) }
    : statementCountingLogger;
  const database = options.databaseUrl
    ? await existingDatabase(options.databaseUrl, sqlLogger)
    : await createTestDatabase({ logger: sqlLogger, engine: options.engine, seed: options.seed });
  // No scheduled jobs unless a test asks: they would close the demo data's expired consultations under it.
  const config = { ...readConfig({ DEVOLVE_WEB_DIST: process.env.DEVOLVE_WEB_DIST, ...publicCommentEnv, ...options.env }), port: 0, queryStats: true, graphiql: false, redisUrl: options.redisUrl, jobs: false, ...options.config };
  const devolve = await createDevolveServer(database.opened, config, options.logger ?? pino({ level: 'silent' }), {
    presence: options.presence,
    credentialRecheckMs: options.credentialRecheckMs,
  });
  const port = await devolve.listen();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    database,
    graphql: (query, variables) => postGraphQL(url, query, variables),
    signIn: (username, password) => signIn(url, username, password),
    async close() {
      await devolve.close();
      await database.dispose();
    },
  };
}
