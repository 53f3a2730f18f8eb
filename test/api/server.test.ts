import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { testEngine } from '../support/database.ts';

/** The HTTP surface: health, global ids, and client mistakes that must never become a 500. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('http surface', () => {
  it('reports health with the engine in use', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', engine: testEngine });
  });

  it('answers malformed GraphQL with 4xx and a message, never 500', async () => {
    const broken = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ proposals(first: ',
    });
    expect(broken.status).toBe(400);
    const syntax = await server.graphql('{ proposals(first: 5 { totalCount } }');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.message).toMatch(/Syntax Error/);
    const unknownField = await server.graphql('{ proposals { nope } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.message).toMatch(/nope/);
    const wrongType = await server.graphql('query($n: Int) { proposals(first: $n) { totalCount } }', { n: 'many' });
    expect(wrongType.status).toBe(400);
  });

  it('resolves unknown or foreign global ids to null', async () => {
    const response = await server.graphql<{ node: unknown; nodes: unknown[] }>(
      'query($id: ID!, $ids: [ID!]!) { node(id: $id) { id } nodes(ids: $ids) { id } }',
      { id: Buffer.from('Proposal:999999').toString('base64'), ids: [Buffer.from('Unit:424242').toString('base64')] },
    );
    expect(response.status).toBe(200);
    expect(response.data?.node).toBeNull();
    expect(response.data?.nodes).toEqual([null]);
  });

  it('does not expose password hashes or usernames in the schema', async () => {
    const response = await server.graphql<{ __type: { fields: { name: string }[] } }>('{ __type(name: "User") { fields { name } } }');
    const names = response.data!.__type.fields.map((f) => f.name);
    expect(names).not.toContain('passwordHash');
    expect(names).toEqual(expect.arrayContaining(['displayName', 'unit', 'roles']));
  });
});
