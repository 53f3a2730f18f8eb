import { seedDemoData } from '@devolve/db/seed';
import { readConfig } from '@devolve/server/config';
import { createDevolveServer } from '@devolve/server/http';
import { statementCountingLogger } from '@devolve/server/query-stats';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase, type TestEngine } from './database.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
  extensions?: { queryStats?: { statements: number; serverMs: number } };
}

export interface TestServer {
  url: string;
  database: TestDatabase;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * Starts the real Devolve HTTP server on a free port over a fresh database (optionally with the
 * demo data). Tests talk to it over HTTP only, as any client would.
 */
export async function startTestServer(options: { seed?: boolean; engine?: TestEngine } = {}): Promise<TestServer> {
  const database = await createTestDatabase({ logger: statementCountingLogger, engine: options.engine });
  if (options.seed) await seedDemoData(database.opened.db);
  const config = { ...readConfig({}), port: 0, queryStats: true, graphiql: false };
  const devolve = createDevolveServer(database.opened, config, pino({ level: 'silent' }));
  const port = await devolve.listen();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    database,
    async graphql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    async close() {
      await devolve.close();
      await database.dispose();
    },
  };
}
