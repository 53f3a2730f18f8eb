/**
 * Concurrent writers: what the activity log's commit-order lock costs. Every mutation holds one
 * transaction-scoped advisory lock from its activity insert to its commit (so that events become
 * visible in id order); this drives many writers at once and reports throughput, latency and how
 * often a backend was found waiting on that lock.
 *
 * Real `devolve serve` processes (the bundle) on a fresh PostgreSQL database (DATABASE_URL) with
 * the demo data. Each write starts an internal comment thread on a different proposal (no version
 * conflicts, two activity rows each), signed in as the five demo reviewers in turn.
 *
 *   pnpm --filter @devolve/bench write-contention [--writes 600] [--concurrency 1,8,32] [--processes 1,2]
 */
import { seedDemoData } from '@devolve/server/seed';
import { buildServer } from '@devolve/server/build';
import { createTestDatabase } from '@devolve/test/support/database';
import { startServerProcess } from '@devolve/test/support/processes';
import { signIn, type SignedInClient } from '@devolve/test/support/server';
import { Command } from 'commander';
import postgres from 'postgres';
import { percentile } from './stats.ts';

const options = new Command()
  .option('--writes <n>', 'writes per concurrency level', (v) => Number.parseInt(v, 10), 600)
  .option('--concurrency <list>', 'writers in flight at once', (v) => v.split(',').map(Number), [1, 8, 32])
  .option('--processes <list>', 'server process counts to measure', (v) => v.split(',').map(Number), [1, 2])
  .parse()
  .opts<{ writes: number; concurrency: number[]; processes: number[] }>();

if (!process.env.DATABASE_URL) throw new Error('The write-contention benchmark runs on PostgreSQL: set DATABASE_URL.');

const startThread = /* GraphQL */ `
  mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }
`;

/** Samples pg_stat_activity every 5 ms: how many backends wait on an advisory lock. */
function watchLockWaits(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const counts: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const [row] = await sql<{ waiting: number }[]>`
        select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`;
      counts.push(row!.waiting);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      await sql.end();
      const withWaiters = counts.filter((n) => n > 0).length;
      return { samples: counts.length, share: counts.length ? withWaiters / counts.length : 0, most: Math.max(0, ...counts) };
    },
  };
}

async function measure(writers: SignedInClient[], proposalIds: string[], concurrency: number, databaseUrl: string) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const lockWaits = watchLockWaits(databaseUrl);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let n = next++; n < options.writes; n = next++) {
        const begun = performance.now();
        const response = await writers[n % writers.length]!.graphql<{ startCommentThread: { __typename: string } }>(startThread, {
          input: { proposalId: proposalIds[n % proposalIds.length], visibility: 'INTERNAL', body: `写入压力测试第 ${n + 1} 条` },
        });
        if (response.data?.startCommentThread.__typename !== 'CommentThread') failures += 1;
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const waits = await lockWaits.stop();
  latencies.sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `  ${String(concurrency).padStart(11)}  ${(options.writes / seconds).toFixed(0).padStart(8)}/s  ${ms(percentile(latencies, 50))}  ${ms(percentile(latencies, 95))}  ${ms(percentile(latencies, 99))}` +
      `  ${(waits.share * 100).toFixed(0).padStart(13)} %  ${String(waits.most).padStart(12)}  ${failures}`,
  );
}

async function run(processCount: number, databaseUrl: string) {
  const servers = await Promise.all(Array.from({ length: processCount }, () => startServerProcess({ DATABASE_URL: databaseUrl }, { bundle: true })));
  try {
    // Writers take turns across the processes, as behind a load balancer.
    const writers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signIn(servers[i % processCount]!.url, `reviewer${(i % 5) + 1}`)),
    );
    const listed = await writers[0]!.graphql<{ proposals: { nodes: { id: string }[] } }>(
      '{ proposals(first: 100, filter: { stages: [INITIAL_REVIEW] }) { nodes { id } } }',
    );
    const proposalIds = listed.data!.proposals.nodes.map((node) => node.id);
    console.log(`\n${options.writes} writes per level, ${processCount} process${processCount > 1 ? 'es' : ''}`);
    console.log('  concurrency  throughput   p50 ms  p95 ms  p99 ms  lock waited on  most waiting  failed');
    // One unmeasured round so the JIT and the connection pools are warm.
    await measure(writers, proposalIds, 8, databaseUrl).catch(() => {});
    console.log('  (the row above warmed up; measured:)');
    for (const concurrency of options.concurrency) await measure(writers, proposalIds, concurrency, databaseUrl);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await buildServer();
const database = await createTestDatabase({ engine: 'postgres' });
try {
  await seedDemoData(database.opened.db);
  for (const processCount of options.processes) await run(processCount, database.url!);
} finally {
  await database.dispose();
}
