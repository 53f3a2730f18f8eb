/**
 * What the web app's review-queue page costs the server per request: SQL statements, latency and
 * Node CPU. The page is the web's own QueuePageQuery (web/src/review/queue-query.ts: 100 rows of
 * the 2019 campaign, oldest submission first), signed in as reviewer1, over HTTP against the real
 * server running in this process. The load comes from a child process, so `process.cpuUsage()`
 * here counts the server alone (and PGlite, which runs inside it; PostgreSQL runs beside it).
 *
 *   pnpm --filter @devolve/bench queue-cpu [--requests 400] [--concurrency 1,10] [--engine pglite,postgres]
 *                                         [--cpu-prof <dir>]   (writes a .cpuprofile of each measured phase)
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { startTestServer } from '@devolve/test/support/server';
import type { TestEngine } from '@devolve/test/support/database';
import { Command } from 'commander';
import { QueuePageQuery } from '../web/src/review/queue-query.ts';
import { sentText } from '../web/src/sent-text.ts';
import { loadAverage, percentile } from './stats.ts';

/** What the parent asks its load child to send, and what the child answers. */
interface LoadOrder {
  url: string;
  cookie: string;
  body: string;
  requests: number;
  concurrency: number;
}
type LoadReport = { latenciesMs: number[] } | { error: string };

/** The child: sends `requests` POSTs, `concurrency` at a time, and reports each one's latency. */
async function runLoad(order: LoadOrder): Promise<LoadReport> {
  const latenciesMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < order.requests) {
      next += 1;
      const started = performance.now();
      const response = await fetch(`${order.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', cookie: order.cookie },
        body: order.body,
      });
      const text = await response.text();
      latenciesMs.push(performance.now() - started);
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${response.status} ${text.slice(0, 500)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: order.concurrency }, worker));
    return { latenciesMs };
  } catch (error) {
    return { error: String(error) };
  }
}

if (process.argv[2] === '--load-child') {
  process.on('message', (order: LoadOrder) => void runLoad(order).then((report) => process.send!(report)));
} else {
  await main();
}

async function main() {
  const options = new Command()
    .option('--requests <n>', 'measured requests per concurrency level', (v) => Number.parseInt(v, 10), 400)
    .option('--concurrency <list>', 'requests in flight at once, comma-separated', (v) => v.split(',').map(Number), [1, 10])
    .option('--engine <list>', 'pglite and/or postgres (postgres needs DATABASE_URL)', (v) => v.split(','), undefined)
    .option('--cpu-prof <dir>', 'write a CPU profile of each measured phase into this directory')
    .parse()
    .opts<{ requests: number; concurrency: number[]; engine?: string[]; cpuProf?: string }>();
  const engines = (options.engine ?? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as TestEngine[];

  // The load child inherits this process's node flags (tsx's loader among them).
  const child = fork(import.meta.filename, ['--load-child'], { stdio: 'inherit' });
  const load = (order: LoadOrder) =>
    new Promise<number[]>((resolve, reject) => {
      child.once('message', (report: LoadReport) => ('error' in report ? reject(new Error(report.error)) : resolve(report.latenciesMs)));
      child.send(order);
    });
  const profiler = options.cpuProf ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await mkdir(options.cpuProf!, { recursive: true });
    await profiler.post('Profiler.enable');
  }

  console.log(`Web review-queue page (QueuePageQuery, 100 rows) as reviewer1, ${options.requests} requests per level, ${cpus().length} cores`);
  for (const engine of engines) {
    let statements = 0;
    // Query statistics off, as in production: their AsyncLocalStorage costs every promise.
    const server = await startTestServer({ seed: true, engine, onStatement: () => (statements += 1), config: { queryStats: false } });
    const reviewer = await server.signIn('reviewer1');
    const campaign = await reviewer.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
    const body = JSON.stringify({
      query: sentText(QueuePageQuery),
      variables: { filter: { campaignId: campaign.data!.campaign.id }, orderBy: 'OLDEST' },
    });
    const order = { url: server.url, cookie: reviewer.cookie, body };
    statements = 0;
    await load({ ...order, requests: 1, concurrency: 1 });
    const statementsPerPage = statements;
    await load({ ...order, requests: 50, concurrency: 5 }); // warm up

    for (const concurrency of options.concurrency) {
      if (profiler) await profiler.post('Profiler.start');
      const cpuBefore = process.cpuUsage();
      const latencies = await load({ ...order, requests: options.requests, concurrency });
      const cpu = process.cpuUsage(cpuBefore);
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        const file = join(options.cpuProf!, `queue-${engine}-c${concurrency}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        console.log(`  profile: ${file}`);
      }
      latencies.sort((a, b) => a - b);
      const cpuMs = (cpu.user + cpu.system) / 1000 / options.requests;
      const f = (n: number) => n.toFixed(2).padStart(6);
      console.log(
        `  ${engine.padEnd(8)} concurrency ${String(concurrency).padStart(2)}  statements ${statementsPerPage}  latency p50 ${f(percentile(latencies, 50))} p95 ${f(percentile(latencies, 95))} ms  Node CPU ${f(cpuMs)} ms/request`,
      );
    }
    await server.close();
  }
  console.log(`  load average ${loadAverage()}`);
  child.disconnect();
}
