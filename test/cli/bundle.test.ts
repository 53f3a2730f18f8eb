import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '@devolve/db/project-root';
import { buildServer } from '@devolve/server/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { postGraphQL, signIn } from '../support/server.ts';

/**
 * The bundle `pnpm start` and production run (server/dist, plain JavaScript): it must find what
 * the sources find beside themselves, i.e. the migrations, PGlite's pg_trgm extension and the web
 * app, and load the demo data into an empty database.
 */
let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  // Built here as well as by `pnpm build`, so this never passes on a bundle older than the sources.
  await buildServer();
  dataDir = mkdtempSync(path.join(tmpdir(), 'devolve-bundle-'));
  server = await startServerProcess({ DEVOLVE_DATA_DIR: dataDir }, { bundle: true, args: ['--seed-if-empty'], timeoutMs: 110_000 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the bundled server on an empty PGlite data directory', () => {
  it('showed the seed\'s progress while loading the demo data, as plain lines (its output is not a terminal)', () => {
    const lines = server.output().split('\n').filter((line) => line.startsWith('Loading the demo data '));
    expect(lines[0]).toBe('Loading the demo data 1/13: planning the power list and proposals…');
    expect(lines.at(-1)).toBe('Loading the demo data 13/13: planner statistics…');
    expect(lines).toHaveLength(13);
    expect(server.output()).not.toContain('\r');
  });

  it('reports healthy', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', engine: 'pglite' });
  });

  it('answers GraphQL over HTTP from the demo data, trigram search included', async () => {
    const response = await postGraphQL<{
      campaign: { noticeNumber: string } | null;
      powerItems: { totalCount: number };
    }>(server.url, '{ campaign(year: 2019) { noticeNumber } powerItems(first: 1, filter: { search: "许可" }) { totalCount } }');
    expect(response.errors).toBeUndefined();
    expect(response.data?.campaign).toEqual({ noticeNumber: '穗府办函〔2019〕106号' });
    expect(response.data?.powerItems.totalCount).toBeGreaterThan(0);
    // The 7,580 submitted proposals are the team's to count, not an anonymous client's.
    const reviewer = await signIn(server.url, 'reviewer1');
    const me = await reviewer.graphql<{ me: { username: string }; campaign: { proposalCount: number } }>(
      '{ me { username } campaign(year: 2019) { proposalCount } }',
    );
    expect(me.data).toEqual({ me: { username: 'reviewer1' }, campaign: { proposalCount: 7580 } });
  });

  // `pnpm test` builds the web app first; a bare `vitest run` before any build has none to serve.
  it.skipIf(!existsSync(path.join(projectRoot, 'web/dist/index.html')))('serves the web app from web/dist', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).not.toContain('og:title');
    // The public site's own entry, its link preview rendered from the database, and its 404.
    const items = await postGraphQL<{ powerItems: { nodes: { basicCode: string; name: string }[] } }>(server.url, '{ powerItems(first: 1) { nodes { basicCode name } } }');
    const item = items.data!.powerItems.nodes[0]!;
    const listed = await fetch(`${server.url}/list/${item.basicCode}`);
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain(`<meta property="og:title" content="${item.name}`);
    expect((await fetch(`${server.url}/list/000000000000`)).status).toBe(404);
  });
});
