/**
 * Live-update fan-out: N signed-in reviewers subscribed to one proposal's changes (half over SSE,
 * half over WebSocket), one change, and how long until every subscriber has it: the time until all
 * received it and per-delivery p50/p95/p99 from the mutation's start, with the server's memory.
 * With --web the subscribers open what the web app opens instead, with the app's own documents
 * (as urql sends them, `__typename` added): half the review queue's `queueChanged` for the
 * campaign, half the workspace's `proposalChanged` with the whole proposal, all over WebSocket;
 * --follow-ups also sends the queries the app sends after each event (the workspace's
 * deliberation, public comments and timeline at once, the queue's count 250 ms later).
 * --interval makes a change every so many ms instead of waiting for each to reach everyone.
 * Runs against real `devolve serve` processes on a fresh PostgreSQL database (DATABASE_URL): one
 * process, then two with the subscribers split across both. The servers run the production bundle
 * (server/dist, built first so it is never older than the sources); --source runs the sources
 * through tsx instead, as `pnpm devolve` does. Each change's row says how long garbage collection
 * paused the benchmark's own clients and, with --trace-gc, the servers, and how many of those
 * pauses were full collections: a slow change shows which side stalled. The benchmark's own node
 * runs with a 64 MB young generation (bench/package.json): its 2,000 clients parse a burst of
 * messages per change, and with the default 16 MB more of that survived into the old generation.
 *
 *   pnpm --filter @devolve/bench fanout [--subscribers 1000] [--processes 1,2] [--rounds 5] [--warmup 2]
 *                                       [--transport mixed|sse|ws] [--select-proposal] [--node-args "<flags>"] [--source]
 *                                       [--web [--follow-ups]] [--interval 1000] [--redis] [--trace-gc]
 */
import { request, Agent } from 'node:http';
import { constants as performanceConstants, PerformanceObserver } from 'node:perf_hooks';
import { seedDemoData } from '@devolve/server/seed';
import { buildServer } from '@devolve/server/build';
import { createTestDatabase } from '@devolve/test/support/database';
import { startServerProcess, type ServerProcess } from '@devolve/test/support/processes';
import { signIn, type SignedInClient } from '@devolve/test/support/server';
import { Command } from 'commander';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { QueueChangedSubscription, QueueCountQuery } from '../web/src/review/queue-query.ts';
import { sentText } from '../web/src/sent-text.ts';
import {
  ActivityQuery,
  DeliberationQuery,
  ProposalChangedSubscription,
  PublicCommentsQuery,
} from '../web/src/workspace/workspace-query.ts';
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
  .option('--web', "the web app's subscriptions: half the queue's queueChanged, half the workspace's proposalChanged, WebSocket")
  .option('--follow-ups', 'with --web, also send the queries the web app sends after each event')
  .option('--interval <ms>', 'a change every so many ms (0: each change once the previous reached everyone)', (v) => Number.parseInt(v, 10), 0)
  .option('--redis', 'servers share events over Redis (REDIS_URL, default redis://127.0.0.1:6379) instead of LISTEN/NOTIFY')
  .option('--trace-gc', "the servers' garbage collections per change (their node's --trace-gc, read from what they print)")
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
    web?: boolean;
    followUps?: boolean;
    interval: number;
    redis?: boolean;
    traceGc?: boolean;
  }>();

if (!process.env.DATABASE_URL) throw new Error('The fan-out benchmark runs on PostgreSQL: set DATABASE_URL.');

const idOnlySubscription = `subscription($id: ID!) { proposalChanged(proposalId: $id) { sequence action${options.selectProposal ? ' proposal { id stage version }' : ''} } }`;
const web = {
  queue: sentText(QueueChangedSubscription),
  queueCount: sentText(QueueCountQuery),
  workspace: sentText(ProposalChangedSubscription),
  workspaceFollowUps: [DeliberationQuery, PublicCommentsQuery, ActivityQuery].map(sentText),
};
/** The queue's count is refetched this long after the last event (web/src/review/queue-loader.ts, countDelayMs). */
const queueCountDelayMs = 250;
const subscribersPerSession = 10;
/** Sockets for thousands of subscribers: no pooling limit, no keep-alive reuse. */
const agent = new Agent({ maxSockets: Infinity });

type Transport = 'sse' | 'ws';
/** A subscription to open: the document and its variables. */
interface Subscribe {
  query: string;
  variables: Record<string, unknown>;
}
/** Opens a subscription (resolving once it is open, with a way to close it); calls back with each event's arrival time and data. */
type Open = (server: ServerProcess, cookie: string, subscribe: Subscribe, onEvent: (arrived: number, data: EventData) => void) => Promise<() => void>;
/** An event's `data`: one field, `{ sequence, … }` (id-only and workspace documents) or `{ event: { sequence, … } }` (the queue's). */
type EventData = Record<string, { sequence?: number; event?: { sequence?: number } } | null>;

/** GraphQL over SSE as a browser's EventSource-like client runs it: POST, then read the stream. */
const openSse: Open = (server, cookie, subscribe, onEvent) =>
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
          const payload = data ? (JSON.parse(data) as { data?: EventData }).data : undefined;
          if (payload) onEvent(arrived, payload);
        }
      });
      res.on('error', () => {});
      resolve(() => req.destroy());
    });
    req.on('error', reject);
    req.end(JSON.stringify(subscribe));
  });

/** GraphQL over WebSocket (graphql-ws) with the session cookie, one connection per subscriber. */
const openWs: Open = (server, cookie, subscribe, onEvent) =>
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
    client.subscribe<EventData>(subscribe, {
        next: (message) => {
          const arrived = performance.now();
          if (message.data) onEvent(arrived, message.data);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => {},
      });
  });

/** WebSocket on /graphql may not be there (yet): one trial connection says. */
async function webSocketAvailable(server: ServerProcess, cookie: string, subscribe: Subscribe): Promise<boolean> {
  try {
    const close = await openWs(server, cookie, subscribe, () => {});
    close();
    return true;
  } catch {
    return false;
  }
}

const ms = (n: number) => n.toFixed(0).padStart(5);
const mb = (n: number) => n.toFixed(0).padStart(4);

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Garbage-collection pauses since the last `take`: milliseconds in all, and how many were full collections. */
class GcTally {
  private ms = 0;
  private full = 0;
  add(ms: number, full: boolean): void {
    this.ms += ms;
    if (full) this.full += 1;
  }
  take(): { ms: number; full: number } {
    const taken = { ms: this.ms, full: this.full };
    this.ms = this.full = 0;
    return taken;
  }
}
const gcColumn = ({ ms, full }: { ms: number; full: number }) => `${ms.toFixed(0)}${full > 0 ? ` (${full} full)` : ''}`;

/**
 * With --interval, once a change has reached everyone the benchmark collects its own garbage in
 * the idle time before the next (node's --expose-gc, bench/package.json), at least this many ms
 * before it. Its full collection otherwise fell inside a change's deliveries about once a phase:
 * it took 200–300 ms of CPU from the two cores the servers run on, and that change's p99 rose from
 * about 170 to 256–271 ms on two processes, a cost of the benchmark's clients, not of the servers.
 * The row's `bench GC` still shows any collection inside a change.
 */
const idleCollectionMs = 200;
const collectIdleGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** The benchmark's own collections (its 2,000 clients). */
const benchGc = new GcTally();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    // A 'gc' entry's detail says which kind of collection it was (@types/node types it only on the subclass).
    const { kind } = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail ?? {};
    benchGc.add(entry.duration, kind === performanceConstants.NODE_PERFORMANCE_GC_MAJOR);
  }
}).observe({ entryTypes: ['gc'] });

/**
 * A `--trace-gc` line's pause: `Scavenge … MB, 1.24 / 0.00 ms` or `Mark-Compact … MB, 45.6 / 0.00 ms
 * (+ 96.4 ms in 190 steps since start of marking, …)`, where the steps are incremental marking on the
 * main thread too.
 */
const traceGcLine = /: (Scavenge|Mark-Compact|Minor Mark-Sweep)\b[^,]*MB, ([\d.]+) \/ [\d.]+ ms(?:\s+\(\+ ([\d.]+) ms in)?/;

/** Feeds a server's output, as it comes, to `tally`: one entry per collection. */
function tallyTraceGc(tally: GcTally): (text: string) => void {
  let partial = '';
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const match = traceGcLine.exec(line);
      if (match) tally.add(Number(match[2]) + Number(match[3] ?? 0), match[1] === 'Mark-Compact');
    }
  };
}

/** One subscriber: what it opens and what it sends after each event it receives. */
interface Subscriber {
  subscribe: Subscribe;
  /** Sends the web app's follow-up queries for one event; resolves when their answers are in. */
  followUp?: (client: SignedInClient) => Promise<void>;
  /** Sent this long after the latest event only (the queue's count is debounced). */
  followUpDelayMs?: number;
}

async function post(client: SignedInClient, query: string, variables: Record<string, unknown>): Promise<void> {
  const response = await client.graphql(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
}

/** What subscriber `index` opens: the id-only document, or in --web mode the queue's (even) or the workspace's (odd). */
function subscriberFor(index: number, proposalId: string, campaignId: string): Subscriber {
  if (!options.web) return { subscribe: { query: idOnlySubscription, variables: { id: proposalId } } };
  if (index % 2 === 0) {
    const filter = { campaignId };
    return {
      subscribe: { query: web.queue, variables: { campaignId, filter } },
      followUp: (client) => post(client, web.queueCount, { filter }),
      followUpDelayMs: queueCountDelayMs,
    };
  }
  return {
    subscribe: { query: web.workspace, variables: { id: proposalId } },
    followUp: async (client) => {
      await Promise.all(web.workspaceFollowUps.map((query) => post(client, query, { id: proposalId })));
    },
  };
}

/** The activity log position of an event's data: `{ field: { sequence } }` or `{ field: { event: { sequence } } }`. */
function sequenceOf(data: EventData): number | undefined {
  const [field] = Object.values(data);
  return field?.sequence ?? field?.event?.sequence;
}

async function run(processCount: number, databaseUrl: string) {
  const environment: Record<string, string> = { DATABASE_URL: databaseUrl };
  if (options.redis) environment['REDIS_URL'] = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const serverGc = new GcTally();
  const servers = await Promise.all(
    Array.from({ length: processCount }, () =>
      startServerProcess(environment, {
        nodeArgs: options.traceGc ? [...options.nodeArgs, '--trace-gc'] : options.nodeArgs,
        bundle: !options.source,
        onOutput: options.traceGc ? tallyTraceGc(serverGc) : undefined,
      }),
    ),
  );
  let stopSampling = () => {};
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
    const listed = await coordinator.graphql<{ proposals: { nodes: { id: string; campaign: { id: string } }[] } }>(
      '{ proposals(first: 1, filter: { stages: [INITIAL_REVIEW], statuses: [ACTIVE] }) { nodes { id campaign { id } } } }',
    );
    const proposal = listed.data!.proposals.nodes[0]!;
    const subscribers = Array.from({ length: options.subscribers }, (_, i) => subscriberFor(i, proposal.id, proposal.campaign.id));

    let transports: Transport[] = options.web ? ['ws'] : options.transport === 'mixed' ? ['sse', 'ws'] : [options.transport];
    if (transports.includes('ws') && !(await webSocketAvailable(servers[0]!, coordinator.cookie, subscribers[0]!.subscribe))) {
      if (options.web) throw new Error('The web app subscribes over WebSocket, and /graphql has none.');
      console.log('  (no WebSocket at /graphql on this server: SSE only)');
      transports = ['sse'];
    }
    const before = servers.map((s) => s.usage());

    // Every arrival by the event's log position; each change's position is read after it commits.
    const arrivals = new Map<number, number[]>();
    const followUpsDone = new Map<number, number[]>();
    let followUpFailures = 0;
    let measuring = false;
    let onArrival: (() => void) | null = null;
    const opened: (() => void)[] = [];
    const deliver = (subscriber: Subscriber, client: SignedInClient) => {
      let followUpTimer: ReturnType<typeof setTimeout> | undefined;
      return (arrived: number, data: EventData) => {
        const sequence = sequenceOf(data);
        if (!measuring || sequence === undefined) return;
        const list = arrivals.get(sequence) ?? [];
        arrivals.set(sequence, list);
        list.push(arrived);
        onArrival?.();
        const { followUp } = subscriber;
        if (!options.followUps || !followUp) return;
        const send = () =>
          followUp(client).then(
            () => {
              const done = followUpsDone.get(sequence) ?? [];
              followUpsDone.set(sequence, done);
              done.push(performance.now());
            },
            () => (followUpFailures += 1),
          );
        if (subscriber.followUpDelayMs === undefined) void send();
        else {
          clearTimeout(followUpTimer);
          followUpTimer = setTimeout(() => void send(), subscriber.followUpDelayMs);
        }
      };
    };
    const openStarted = performance.now();
    for (let first = 0; first < options.subscribers; first += 100) {
      const batch = [];
      for (let i = first; i < Math.min(first + 100, options.subscribers); i += 1) {
        const transport = transports[i % transports.length]!;
        const server = servers[Math.floor(i / transports.length) % servers.length]!;
        const open = transport === 'sse' ? openSse : openWs;
        const session = sessions[Math.floor(i / subscribersPerSession)]!;
        batch.push(open(server, session.cookie, subscribers[i]!.subscribe, deliver(subscribers[i]!, session)));
      }
      opened.push(...(await Promise.all(batch)));
    }
    const openMs = performance.now() - openStarted;
    await sleep(1000);
    const idle = servers.map((s) => s.usage());

    /** The newest activity of the proposal: the position of the change just made. */
    const newestSequence = async () => {
      const newest = await coordinator.graphql<{ node: { activity: { nodes: { sequence: number }[] } } }>(
        'query($id: ID!) { node(id: $id) { ... on Proposal { activity(first: 1) { nodes { sequence } } } } }',
        { id: proposal.id },
      );
      return newest.data!.node.activity.nodes[0]!.sequence;
    };
    const received = (sequence: number) => arrivals.get(sequence)?.length ?? 0;
    /** Resolves once every subscriber has received each of `sequences`, or rejects after a minute. */
    const allReceived = (sequences: number[]) =>
      new Promise<void>((resolve, reject) => {
        const check = () => sequences.every((s) => received(s) >= options.subscribers) && (resolve(), true);
        if (check()) return;
        onArrival = () => void check();
        setTimeout(
          () => reject(new Error(`changes not received by everyone within 120 s: ${sequences.map(received).join(', ')} of ${options.subscribers}`)),
          120_000,
        ).unref();
      });

    const changes: {
      start: number;
      sequence: number;
      mutationMs: number;
      serverCpuMs: number;
      clientCpuMs: number;
      serverGc: { ms: number; full: number };
      benchGc: { ms: number; full: number };
      rssMb: number[];
    }[] = [];
    const serverCpuMs = () => servers.reduce((sum, s) => sum + s.usage().cpuMs, 0);
    // RSS sampled from /proc every 100 ms while changes flow: the highest per server.
    const highestRss = servers.map(() => 0);
    const rssSampler = setInterval(() => servers.forEach((s, i) => (highestRss[i] = Math.max(highestRss[i]!, s.usage().rssMb))), 100);
    stopSampling = () => clearInterval(rssSampler);
    measuring = true;
    const measuredStart = { serverCpuMs: serverCpuMs(), clientCpu: process.cpuUsage(), at: 0 };
    for (let round = 0; round < options.warmup + options.rounds; round += 1) {
      if (round === options.warmup) {
        Object.assign(measuredStart, { serverCpuMs: serverCpuMs(), clientCpu: process.cpuUsage(), at: performance.now() });
        highestRss.fill(0);
      }
      const serverCpuBefore = serverCpuMs();
      const clientCpuBefore = process.cpuUsage();
      serverGc.take();
      benchGc.take();
      const start = performance.now();
      const response = await coordinator.graphql<{ assignReviewers: { __typename: string } }>(
        'mutation($input: AssignReviewersInput!) { assignReviewers(input: $input) { __typename } }',
        { input: { proposalIds: [proposal.id], reviewerIds: [reviewerIds[round % reviewerIds.length]], replace: true } },
      );
      const mutationMs = performance.now() - start;
      if (response.data?.assignReviewers.__typename !== 'BulkAssignResult') throw new Error(JSON.stringify(response));
      const sequence = await newestSequence();
      if (options.interval > 0) {
        // Until everyone has the change, or shortly before the next one (see collectIdleGarbage).
        const idleFrom = start + options.interval - idleCollectionMs;
        while (received(sequence) < options.subscribers && performance.now() < idleFrom) await sleep(5);
      } else await allReceived([sequence]);
      // The benchmark's own CPU and collections while the change was delivered, before the idle ones.
      const { user, system } = process.cpuUsage(clientCpuBefore);
      const benchGcOfChange = benchGc.take();
      if (options.interval > 0) {
        if (received(sequence) >= options.subscribers) collectIdleGarbage();
        await sleep(start + options.interval - performance.now());
      }
      if (round >= options.warmup) {
        changes.push({
          start,
          sequence,
          mutationMs,
          serverCpuMs: serverCpuMs() - serverCpuBefore,
          clientCpuMs: (user + system) / 1000,
          serverGc: serverGc.take(),
          benchGc: benchGcOfChange,
          rssMb: servers.map((s) => s.usage().rssMb),
        });
      }
      if (options.interval === 0) await sleep(500);
    }
    await allReceived(changes.map((c) => c.sequence));
    const measuredMs = performance.now() - measuredStart.at;
    const measuredServerCpuMs = serverCpuMs() - measuredStart.serverCpuMs;
    const measuredClientCpu = process.cpuUsage(measuredStart.clientCpu);
    // The last follow-ups (the queue's count comes 250 ms late) before the figures are read.
    if (options.followUps) await sleep(3000);
    measuring = false;
    stopSampling();

    const results = changes.map((change) => {
      const sorted = arrivals.get(change.sequence)!.map((arrived) => arrived - change.start).sort((x, y) => x - y);
      const followUps = (followUpsDone.get(change.sequence) ?? []).map((done) => done - change.start).sort((x, y) => x - y);
      return { ...change, sorted, allMs: sorted.at(-1)!, followUps };
    });
    const split = transports.map((t) => `${options.subscribers / transports.length} ${t.toUpperCase()}`).join(' + ');
    const kinds = options.web ? `the web app's: ${options.subscribers / 2} queue, ${options.subscribers / 2} workspace${options.followUps ? ', with follow-up queries' : ''}; ` : '';
    const bus = processCount > 1 ? (options.redis ? ', Redis between them' : ', LISTEN/NOTIFY between them') : '';
    console.log(`\n${options.subscribers} subscribers (${kinds}${split}), ${processCount} process${processCount > 1 ? 'es' : ''}${bus}, opened in ${(openMs / 1000).toFixed(1)} s`);
    console.log(`  ms from the mutation's start; ${options.interval > 0 ? `a change every ${options.interval} ms; the servers' CPU in ms over each interval, the benchmark's until everyone had the change` : 'CPU in ms per change'}; RSS in MB per server after the change`);
    console.log(
      `  change  mutation  all received    p50    p95    p99  server CPU  bench CPU ${options.traceGc ? '   server GC ' : ''}    bench GC  server RSS${options.followUps ? '  follow-ups p50 / p99 (answered)' : ''}`,
    );
    results.forEach((r, i) =>
      console.log(
        `  ${String(i + 1).padStart(6)}  ${ms(r.mutationMs).padStart(8)}  ${ms(r.allMs).padStart(12)}  ${ms(percentile(r.sorted, 50))}  ${ms(percentile(r.sorted, 95))}  ${ms(percentile(r.sorted, 99))}  ${ms(r.serverCpuMs).padStart(10)}  ${ms(r.clientCpuMs).padStart(9)}  ${options.traceGc ? `${gcColumn(r.serverGc).padStart(12)}  ` : ''}${gcColumn(r.benchGc).padStart(10)}  ${r.rssMb.map(mb).join(' /')}` +
          (options.followUps && r.followUps.length > 0 ? `  ${ms(percentile(r.followUps, 50))} / ${ms(percentile(r.followUps, 99))} (${r.followUps.length})` : ''),
      ),
    );
    // V8 collects the old generation lazily; left alone, a server gives memory back.
    await sleep(10_000);
    const rested = servers.map((s) => s.usage());
    const pooled = results.flatMap((r) => r.sorted).sort((a, b) => a - b);
    const allTimes = results.map((r) => r.allMs).sort((a, b) => a - b);
    console.log(
      `  all ${results.length} changes: all received (median) ${ms(percentile(allTimes, 50))}, deliveries p50 ${ms(percentile(pooled, 50))} p95 ${ms(percentile(pooled, 95))} p99 ${ms(percentile(pooled, 99))}`,
    );
    if (options.followUps) {
      const followUps = results.flatMap((r) => r.followUps).sort((a, b) => a - b);
      console.log(
        `  follow-ups answered (from the mutation's start): p50 ${ms(percentile(followUps, 50))} p95 ${ms(percentile(followUps, 95))} p99 ${ms(percentile(followUps, 99))}; ${followUps.length} answered, ${followUpFailures} failed`,
      );
    }
    console.log(
      `  over the ${(measuredMs / 1000).toFixed(1)} s measured: server CPU ${(measuredServerCpuMs / measuredMs).toFixed(2)} cores (all processes), bench ${((measuredClientCpu.user + measuredClientCpu.system) / 1000 / measuredMs).toFixed(2)} cores`,
    );
    servers.forEach((_s, i) =>
      console.log(
        `  server ${i + 1} RSS MB: before subscribers ${mb(before[i]!.rssMb)}, with them ${mb(idle[i]!.rssMb)}, highest while changes flowed (sampled every 100 ms) ${mb(highestRss[i]!)}, 10 s after the last ${mb(rested[i]!.rssMb)}`,
      ),
    );
    opened.forEach((close) => close());
  } finally {
    stopSampling();
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
