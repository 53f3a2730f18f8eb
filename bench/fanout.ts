/**
 * Live-update fan-out: N signed-in reviewers subscribed to one proposal's changes (half over SSE,
 * half over WebSocket), one change, and how long until every subscriber has it: the time until all
 * received it and per-delivery p50/p95/p99 from the mutation's start, with the server's memory.
 * Runs against real `devolve serve` processes on a fresh PostgreSQL database (DATABASE_URL): one
 * process, then two with the subscribers split across both. The servers run the production bundle
 * (server/dist, built first so it is never older than the sources); --source runs the sources
 * through tsx instead, as `pnpm devolve` does.
 *
 *   pnpm --filter @devolve/bench fanout [--subscribers 1000] [--processes 1,2] [--rounds 5] [--warmup 2]
 *                                       [--transport mixed|sse|ws] [--select-proposal] [--node-args "<flags>"] [--source]
 */
import { request, Agent } from 'node:http';
import { seedDemoData } from '@devolve/server/seed';
import { buildServer } from '@devolve/server/build';
import { createTestDatabase } from '@devolve/test/support/database';
import { startServerProcess, type ServerProcess } from '@devolve/test/support/processes';
import { signIn, type SignedInClient } from '@devolve/test/support/server';
import { Command } from 'commander';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { percentile } from './stats.ts';

const options = new Command()
  .option('--subscribers <n>', 'subscribers in all', (v) => Number.parseInt(v, 10), 1000)
  .option('--processes <list>', 'server process counts to measure', (v) => v.split(',').map(Number), [1, 2])
  .option('--rounds <n>', 'measured changes', (v) => Number.parseInt(v, 10), 5)
  .option('--warmup <n>', 'changes before those, not measured (the JIT compiles the delivery path)', (v) => Number.parseInt(v, 10), 2)
  .option('--transport <kind>', 'mixed (half SSE, half WebSocket), sse or ws', 'mixed')
  .option('--select-proposal', 'each delivery also loads the proposal (id stage version): one query per subscriber')
  .option('--node-args <flags>', 'flags for the server processes\' node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles"', (v) => v.split(' ').filter(Boolean), [])
  .option('--source', 'run the TypeScript sources through tsx instead of the bundle')
  .parse()
  .opts<{
    subscribers: number;
    processes: number[];
    rounds: number;
    warmup: number;
    transport: 'mixed' | 'sse' | 'ws';
    selectProposal?: boolean;
    nodeArgs: string[];
    source?: boolean;
  }>();

if (!process.env.DATABASE_URL) throw new Error('The fan-out benchmark runs on PostgreSQL: set DATABASE_URL.');

const subscription = `subscription($id: ID!) { proposalChanged(proposalId: $id) { sequence action${options.selectProposal ? ' proposal { id stage version }' : ''} } }`;
const subscribersPerSession = 10;
/** Sockets for thousands of subscribers: no pooling limit, no keep-alive reuse. */
const agent = new Agent({ maxSockets: Infinity });

type Transport = 'sse' | 'ws';
/** Opens a subscription (resolving once it is open, with a way to close it); calls back with each event's arrival time. */
type Open = (server: ServerProcess, cookie: string, variables: Record<string, unknown>, onEvent: (arrived: number) => void) => Promise<() => void>;

/** GraphQL over SSE as a browser's EventSource-like client runs it: POST, then read the stream. */
const openSse: Open = (server, cookie, variables, onEvent) =>
  new Promise((resolve, reject) => {
    const req = request(`${server.url}/graphql`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', cookie },
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE subscription refused: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const arrived = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data && (JSON.parse(data) as { data?: { proposalChanged?: unknown } }).data?.proposalChanged) onEvent(arrived);
        }
      });
      res.on('error', () => {});
      resolve(() => req.destroy());
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query: subscription, variables }));
  });

/** GraphQL over WebSocket (graphql-ws) with the session cookie, one connection per subscriber. */
const openWs: Open = (server, cookie, variables, onEvent) =>
  new Promise((resolve, reject) => {
    const url = `${server.url.replace(/^http/, 'ws')}/graphql`;
    const client = createClient({
      url,
      retryAttempts: 0,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie, origin: server.url } });
        }
      },
      on: {
        connected: () => resolve(() => void client.dispose()),
        closed: (event) => reject(new Error(`WebSocket closed: ${(event as CloseEvent).code} ${(event as CloseEvent).reason}`)),
      },
    });
    client.subscribe<{ proposalChanged: { sequence: number } }>(
      { query: subscription, variables },
      {
        next: (message) => {
          const arrived = performance.now();
          if (message.data?.proposalChanged) onEvent(arrived);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => {},
      },
    );
  });

/** WebSocket on /graphql may not be there (yet): one trial connection says. */
async function webSocketAvailable(server: ServerProcess, cookie: string, variables: Record<string, unknown>): Promise<boolean> {
  try {
    const close = await openWs(server, cookie, variables, () => {});
    close();
    return true;
  } catch {
    return false;
  }
}

const ms = (n: number) => n.toFixed(0).padStart(5);
const mb = (n: number) => n.toFixed(0).padStart(4);

async function run(processCount: number, databaseUrl: string) {
  const servers = await Promise.all(
    Array.from({ length: processCount }, () =>
      startServerProcess({ DATABASE_URL: databaseUrl }, { nodeArgs: options.nodeArgs, bundle: !options.source }),
    ),
  );
  try {
    // The five demo reviewers, each signed in several times: a session may hold at most
    // DEVOLVE_MAX_CONNECTIONS_PER_SESSION (10) WebSocket connections, as a browser with many tabs
    // would. Sessions live in the database, so each is valid on every process.
    const sessionCount = Math.max(5, Math.ceil(options.subscribers / subscribersPerSession));
    const sessions: SignedInClient[] = [];
    for (let n = 0; n < sessionCount; n += 10) {
      const batch = Array.from({ length: Math.min(10, sessionCount - n) }, (_, i) => signIn(servers[0]!.url, `reviewer${((n + i) % 5) + 1}`));
      sessions.push(...(await Promise.all(batch)));
    }
    const coordinator = await signIn(servers[0]!.url, 'coordinator');
    const reviewerIds = await Promise.all(
      sessions.slice(0, 5).map(async (r) => (await r.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }')).data!.me.user.id),
    );
    const listed = await coordinator.graphql<{ proposals: { nodes: { id: string }[] } }>(
      '{ proposals(first: 1, filter: { stages: [INITIAL_REVIEW], statuses: [ACTIVE] }) { nodes { id } } }',
    );
    const variables = { id: listed.data!.proposals.nodes[0]!.id };

    let transports: Transport[] = options.transport === 'mixed' ? ['sse', 'ws'] : [options.transport];
    if (transports.includes('ws') && !(await webSocketAvailable(servers[0]!, coordinator.cookie, variables))) {
      console.log('  (no WebSocket at /graphql on this server: SSE only)');
      transports = ['sse'];
    }
    const before = servers.map((s) => s.usage());

    // Which round each subscriber has seen, and when.
    let round = -1;
    let roundStart = 0;
    const latencies: number[][] = [];
    let onRoundComplete: (() => void) | null = null;
    const opened: (() => void)[] = [];
    const received = new Int32Array(options.subscribers).fill(-1);
    const deliver = (index: number) => (arrived: number) => {
      if (round < 0 || received[index] === round) return;
      received[index] = round;
      latencies[round]!.push(arrived - roundStart);
      if (latencies[round]!.length === options.subscribers) onRoundComplete?.();
    };
    const openStarted = performance.now();
    for (let first = 0; first < options.subscribers; first += 100) {
      const batch = [];
      for (let i = first; i < Math.min(first + 100, options.subscribers); i += 1) {
        const transport = transports[i % transports.length]!;
        const server = servers[Math.floor(i / transports.length) % servers.length]!;
        const open = transport === 'sse' ? openSse : openWs;
        batch.push(open(server, sessions[Math.floor(i / subscribersPerSession)]!.cookie, variables, deliver(i)));
      }
      opened.push(...(await Promise.all(batch)));
    }
    const openMs = performance.now() - openStarted;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = servers.map((s) => s.usage());

    const results: { allMs: number; sorted: number[]; mutationMs: number; serverCpuMs: number; clientCpuMs: number; rssMb: number[] }[] = [];
    const serverCpuMs = () => servers.reduce((sum, s) => sum + s.usage().cpuMs, 0);
    for (round = 0; round < options.warmup + options.rounds; round += 1) {
      const current = (latencies[round] = []);
      const complete = new Promise<void>((resolve, reject) => {
        onRoundComplete = resolve;
        setTimeout(() => reject(new Error(`${current.length} of ${options.subscribers} received the change within 60 s`)), 60_000).unref();
      });
      const serverCpuBefore = serverCpuMs();
      const clientCpuBefore = process.cpuUsage();
      roundStart = performance.now();
      const response = await coordinator.graphql<{ assignReviewers: { __typename: string } }>(
        'mutation($input: AssignReviewersInput!) { assignReviewers(input: $input) { __typename } }',
        { input: { proposalIds: [variables.id], reviewerIds: [reviewerIds[round % reviewerIds.length]], replace: true } },
      );
      const mutationMs = performance.now() - roundStart;
      if (response.data?.assignReviewers.__typename !== 'BulkAssignResult') throw new Error(JSON.stringify(response));
      await complete;
      const { user, system } = process.cpuUsage(clientCpuBefore);
      const sorted = [...current].sort((a, b) => a - b);
      if (round >= options.warmup) {
        results.push({
          allMs: sorted.at(-1)!,
          sorted,
          mutationMs,
          serverCpuMs: serverCpuMs() - serverCpuBefore,
          clientCpuMs: (user + system) / 1000,
          rssMb: servers.map((s) => s.usage().rssMb),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const split = transports.map((t) => `${options.subscribers / transports.length} ${t.toUpperCase()}`).join(' + ');
    console.log(`\n${options.subscribers} subscribers (${split}), ${processCount} process${processCount > 1 ? 'es' : ''}, opened in ${(openMs / 1000).toFixed(1)} s`);
    console.log('  ms from the mutation\'s start; CPU in ms per change; RSS in MB per server after the change');
    console.log('  change  mutation  all received    p50    p95    p99  server CPU  bench CPU  server RSS');
    results.forEach((r, i) =>
      console.log(
        `  ${String(i + 1).padStart(6)}  ${ms(r.mutationMs).padStart(8)}  ${ms(r.allMs).padStart(12)}  ${ms(percentile(r.sorted, 50))}  ${ms(percentile(r.sorted, 95))}  ${ms(percentile(r.sorted, 99))}  ${ms(r.serverCpuMs).padStart(10)}  ${ms(r.clientCpuMs).padStart(9)}  ${r.rssMb.map(mb).join(' /')}`,
      ),
    );
    // V8 collects the old generation lazily; left alone, a server gives memory back.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const rested = servers.map((s) => s.usage());
    const pooled = results.flatMap((r) => r.sorted).sort((a, b) => a - b);
    const allTimes = results.map((r) => r.allMs).sort((a, b) => a - b);
    console.log(
      `  all ${results.length} changes: all received (median) ${ms(percentile(allTimes, 50))}, deliveries p50 ${ms(percentile(pooled, 50))} p95 ${ms(percentile(pooled, 95))} p99 ${ms(percentile(pooled, 99))}`,
    );
    servers.forEach((_s, i) =>
      console.log(
        `  server ${i + 1} RSS MB: before subscribers ${mb(before[i]!.rssMb)}, with them ${mb(idle[i]!.rssMb)}, highest after a change ${mb(Math.max(...results.map((r) => r.rssMb[i]!)))}, 10 s after the last ${mb(rested[i]!.rssMb)}`,
      ),
    );
    opened.forEach((close) => close());
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

if (!options.source) await buildServer();
console.log(`Servers run ${options.source ? 'the sources through tsx' : 'the bundle, server/dist'}.`);
const database = await createTestDatabase({ engine: 'postgres' });
try {
  await seedDemoData(database.opened.db);
  for (const processCount of options.processes) await run(processCount, database.url!);
} finally {
  agent.destroy();
  await database.dispose();
}
