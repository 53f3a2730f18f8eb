import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Government offices run on isolated networks: GraphiQL must load nothing from another host. */
describe('GraphiQL from the server itself', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: false, config: { graphiql: true } });
  });
  afterAll(() => server?.close());

  it('refers only to same-origin scripts, styles, icons and editor workers, and serves each of them', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    const urls = [
      ...[...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!),
      // The editor's workers, named in the page's script.
      ...[...html.matchAll(/"(\/graphiql\/[^"]+\.js)"/g)].map((m) => m[1]!),
    ];
    expect(urls.length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\.|https?:\/\/(?!www\.w3\.org)/);
    for (const url of urls) {
      expect(url, url).toMatch(/^\/(?!\/)/);
      // The icon is the web app's (/favicon.svg, in its build); the rest is GraphiQL's bundle.
      if (url === '/favicon.svg') continue;
      const asset = await fetch(new URL(url, server.url));
      expect(asset.status, url).toBe(200);
      await asset.arrayBuffer();
    }
  });

  it('answers an unknown asset with 404 and stays off when GraphiQL is off', async () => {
    expect((await fetch(`${server.url}/graphiql/nothing.js`)).status).toBe(404);
    const off = await startTestServer({ seed: false });
    try {
      // Outside GraphiQL the path is the web app's (its index.html, when built), never the bundle's stylesheet.
      const response = await fetch(`${off.url}/graphiql/graphiql.css`);
      expect(response.headers.get('content-type') ?? '').not.toContain('text/css');
      await response.arrayBuffer();
    } finally {
      await off.close();
    }
  });
});
