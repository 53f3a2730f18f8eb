/**
 * The review queue on the demo data, measured over HTTP against the real server: SQL statements
 * per request and server/client time for the queue screens reviewers load all day.
 *
 *   pnpm --filter @devolve/bench review-queue [--requests 200]   (PostgreSQL too when DATABASE_URL is set)
 */
import { startTestServer, type TestServer } from '@devolve/test/support/server';
import type { TestEngine } from '@devolve/test/support/database';
import { Command } from 'commander';
import { percentile } from './stats.ts';

const { requests } = new Command()
  .option('--requests <n>', 'timed requests per query', (v) => Number.parseInt(v, 10), 200)
  .parse()
  .opts<{ requests: number }>();

const queueQuery = /* GraphQL */ `
  query Queue($filter: ProposalFilter, $after: String) {
    proposals(first: 50, filter: $filter, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        id stage status action powerType updatedAt classificationCode
        powerItem { basicCode name typeNameZh implementingUnit { shortName } }
        submittingUnit { shortName }
        targetDistricts { shortName }
        assignees { displayName }
        threadCount openThreadCount voteCount
      }
    }
  }
`;


async function measure(server: TestServer, label: string, variables: Record<string, unknown>) {
  for (let i = 0; i < 10; i += 1) await server.graphql(queueQuery, variables); // warm up
  const serverMs: number[] = [];
  const clientMs: number[] = [];
  let statements = 0;
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await server.graphql(queueQuery, variables);
    clientMs.push(performance.now() - started);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    serverMs.push(response.extensions!.queryStats!.serverMs);
    statements = response.extensions!.queryStats!.statements;
  }
  serverMs.sort((a, b) => a - b);
  clientMs.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `  ${label.padEnd(34)} statements ${statements}   server p50 ${f(percentile(serverMs, 50))} p95 ${f(percentile(serverMs, 95))} ms   client p50 ${f(percentile(clientMs, 50))} p95 ${f(percentile(clientMs, 95))} ms`,
  );
}

const engines: TestEngine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
for (const engine of engines) {
  const server = await startTestServer({ seed: true, engine });
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  const campaignId = campaign.data!.campaign.id;
  console.log(`Review queue, page of 50, ${requests} sequential requests each, ${engine}:`);
  await measure(server, 'whole campaign', { filter: { campaignId } });
  await measure(server, 'stage = initial review', { filter: { campaignId, stages: ['INITIAL_REVIEW'] } });
  await measure(server, 'delegations in consultation', { filter: { campaignId, stages: ['CONSULTATION'], actions: ['DELEGATE'] } });
  await measure(server, 'search "许可"', { filter: { campaignId, search: '许可' } });
  await measure(server, 'search "食品经营"', { filter: { campaignId, search: '食品经营' } });
  const far = await server.graphql<{ proposals: { pageInfo: { endCursor: string } } }>(
    '{ proposals(first: 100, filter: {}) { pageInfo { endCursor } } }',
  );
  await measure(server, 'second page (after a cursor)', { filter: { campaignId }, after: far.data!.proposals.pageInfo.endCursor });
  await server.close();
}
