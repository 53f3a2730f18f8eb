import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server.ts';

/**
 * Requests too costly to run or too large to read (issue 10, item 17) are refused with a coded
 * error before any work: refusal is what is tested, not speed. No data is needed for that.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('operation cost and request size (item 17)', () => {
  /** 15 aliases of a page of proposals whose size comes in a variable, with lists nested in each row. */
  const aliased = `query($n: Int) { ${Array.from(
    { length: 15 },
    (_, i) => `p${i}: proposals(first: $n) { nodes { id commentThreads { id comments { id body } } assignees { id } } }`,
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
      '{ proposals(first: 100) { nodes { commentThreads { comments { revisions { body } mentions { id } } } } } }',
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
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    // A stream body goes out chunked, with no Content-Length to refuse up front.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query": "{ me { id } }", "padding": "'));
        controller.enqueue(chunk);
        sent += chunk.byteLength;
        if (sent > 2 * 1024 * 1024) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
      },
    });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    const answer = (await response.json()) as GraphQLResponse;
    expect(answer.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });
});
