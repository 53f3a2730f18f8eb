import { request as httpRequest } from 'node:http';
import { readConfig } from '@devolve/server/config';
import { createDevolveServer } from '@devolve/server/http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';
import { type GraphQLClient, type GraphQLResponse, postGraphQL } from '../support/server.ts';

/**
 * Requests too costly to run or too large to read (issue 10, item 17) are refused with a coded
 * error before any work: refusal is what is tested, not speed. No data is needed for that. The
 * server logs to a list here, to show that client mistakes are logged at most at info (item 15).
 */
let server: GraphQLClient & { url: string };
let close: () => Promise<void>;
const logged: { level: number; msg?: string; err?: unknown }[] = [];

beforeAll(async () => {
  const database = await createTestDatabase();
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) });
  const devolve = await createDevolveServer(database.opened, { ...readConfig({}), port: 0, graphiql: false }, logger);
  const url = `http://127.0.0.1:${await devolve.listen()}`;
  server = { url, graphql: (query, variables) => postGraphQL(url, query, variables) };
  close = async () => {
    await devolve.close();
    await database.dispose();
  };
});
afterAll(() => close?.());

describe('operation cost and request size (item 17)', () => {
  /** 15 aliases of a page of proposals whose size comes in a variable, with lists nested in each row. */
  const aliased = `query($n: Int) { ${Array.from(
    { length: 15 },
    (_, i) => `p${i}: proposals(first: $n) { nodes { id commentThreads { nodes { id comments { nodes { id body } } } } assignees { id } } }`,
  ).join(' ')} }`;

  it('counts a page size given in a variable, even for a document it has validated before', async () => {
    // Small pages: the same document is fine, and Yoga caches that it validated.
    const small = await server.graphql(aliased, { n: 1 });
    expect(small.errors).toBeUndefined();
    const large = await server.graphql(aliased, { n: 100 });
    expect(large.status).toBe(400);
    expect(large.data).toBeUndefined();
    expect(large.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 20_000 });
    expect(large.errors?.[0]?.message).toMatch(/cost limit of 20000 exceeded/i);
  });

  it('counts nested lists without a page size', async () => {
    const nested = await server.graphql(
      '{ proposals(first: 100) { nodes { commentThreads { nodes { comments { nodes { revisions { nodes { body } } mentions { id } } } } } } } }',
    );
    expect(nested.status).toBe(400);
    expect(nested.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a body over 1 MiB with 413 and a coded error, and stays up', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { padding: '长'.repeat(400_000) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_ENTITY_TOO_LARGE', messageZh: expect.any(String) });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('refuses a chunked body without a length once it passes 1 MiB', async () => {
    // node:http on its own connection: fetch would pool the connection the server gives up on.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        `${server.url}/graphql`,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' } },
        (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      // The server may stop reading before the client stops writing: the answer is what counts.
      request.on('error', (error) => (request.headersSent ? undefined : reject(error)));
      request.write('{"query": "{ me { id } }", "padding": "');
      const chunk = ' '.repeat(64 * 1024);
      const writeMore = (sent: number): void => {
        if (sent > 2 * 1024 * 1024 || request.destroyed) {
          request.end('"}');
          return;
        }
        if (request.write(chunk)) writeMore(sent + chunk.length);
        else request.once('drain', () => writeMore(sent + chunk.length));
      };
      writeMore(0);
    });
    expect(answer.status).toBe(413);
    expect((JSON.parse(answer.body) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('logging (item 15)', () => {
  it('logs client mistakes at most at info', async () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const from = logged.length;
    const mistakes: [string, Record<string, unknown>][] = [
      ['query($id: ID!) { node(id: $id) { id } }', { id: base64('Proposal:abc') }],
      ['query($id: ID!) { node(id: $id) { id } }', { id: base64('__proto__:1') }],
      ['query($id: ID!) { nodes(ids: [$id]) { id } }', { id: base64('Proposal:2147483648') }],
      ['query($c: String) { proposals(after: $c) { nodes { id } } }', { c: base64('DC:N:abc') }],
      ['query($s: String) { proposals(filter: { search: $s }) { totalCount } }', { s: 'a\u0000' }],
      ['query($n: Int) { proposals(first: $n) { totalCount } }', { n: 'many' }],
      ['query($n: Int) { proposals(first: $n) { nodes { id } } }', { n: -1 }],
      ['mutation($input: LoginInput!) { login(input: $input) { __typename } }', { input: { username: 'x\u0000', password: 'y' } }],
      ['mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename } }', {
        input: { campaignId: base64('Campaign:1'), expectedVersion: 1, submissionDeadline: '2019-02-31' },
      }],
    ];
    for (const [query, variables] of mistakes) {
      const response = await server.graphql<Record<string, { __typename?: string } | null>>(query, variables);
      expect(response.status).toBeLessThan(500);
      const codes = response.errors?.map((e) => e.extensions?.code) ?? [];
      expect(codes).not.toContain('INTERNAL');
      // A coded error, or (a mutation) an error member of its result union.
      const typename = Object.values(response.data ?? {})[0]?.__typename ?? '';
      expect(codes.length > 0 ? codes.every((code) => typeof code === 'string') : typename.endsWith('Error'), `${query} ${JSON.stringify(response)}`).toBe(true);
    }
    // A body over its limit is the client's mistake too.
    const oversize = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_100_000) } }),
    });
    expect(oversize.status).toBe(413);
    // Pino levels: 30 info, 40 warn, 50 error.
    expect(logged.slice(from).filter((line) => line.level > 30)).toEqual([]);
  });
});
