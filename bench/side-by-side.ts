/**
 * Devolve side by side with PostGraphile 5 and a raw-SQL floor (issue 16), over one fresh
 * PostgreSQL database with the demo data: the web's review-queue page (the first 50 rows of the
 * 2019 campaign as reviewer1 sees them) on each of
 *   - Devolve: the production bundle as a `devolve serve` process, signed in as reviewer1;
 *   - Devolve planned: a second such process with the page's document persisted and planned
 *     (DEVOLVE_PLANNED_OPERATIONS, server/src/planned/: one statement builds the answer);
 *   - PostGraphile 5 (bench/peers/postgraphile: npm's postgraphile under npm's Node 22, installed
 *     there on first run), running each request as a reviewer's role under row security;
 *   - the raw floor (bench/peers/raw-floor.ts): node:http and one hand-written statement.
 * Before timing, it checks that the floor and Devolve planned return exactly Devolve's JSON and PostGraphile the same
 * 50 proposals in the same order with the same total. Then, in interleaved rounds: requests per
 * second at 50 concurrent (autocannon), the server's CPU and PostgreSQL's (the backends serving
 * this database) per request, and the single-client p50. Then writes: new internal comment
 * threads at 1, 8 and 32 writers, the same rows under the same commit-order lock on all three
 * (Devolve's startCommentThread; the peers call bench/peers/start-thread.sql; Devolve planned writes
 * as Devolve does, so it is left out). Prints markdown tables.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @devolve/bench side-by-side
 *     [--rounds 3] [--duration 10] [--connections 50] [--sequential 200] [--writes 300] [--writers 1,8,32]
 *     [--only pages|writes] [--node-args "<flags>"]
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { migrateDatabase, openDatabase } from '@devolve/db';
import { buildServer } from '@devolve/server/build';
import { seedDemoData } from '@devolve/server/seed';
import { processUsage, startServerProcess } from '@devolve/test/support/processes';
import { signIn } from '@devolve/test/support/server';
import autocannon from 'autocannon';
import { Command, Option } from 'commander';
import postgres from 'postgres';
import { QueuePageQuery } from '../web/src/review/queue-query.ts';
import { sentText } from '../web/src/sent-text.ts';
import { percentile } from './stats.ts';

const options = new Command()
  .option('--rounds <n>', 'interleaved rounds', (v) => Number.parseInt(v, 10), 3)
  .option('--duration <s>', 'seconds of load per server and round', (v) => Number.parseInt(v, 10), 10)
  .option('--connections <n>', 'concurrent connections of the load', (v) => Number.parseInt(v, 10), 50)
  .option('--sequential <n>', 'single-client requests for the p50', (v) => Number.parseInt(v, 10), 200)
  .option('--writes <n>', 'comment threads started per server and writer count (0: no write figures)', (v) => Number.parseInt(v, 10), 300)
  .option('--writers <list>', 'writers in flight at once', (v) => v.split(',').map(Number), [1, 8, 32])
  .addOption(new Option('--only <part>', 'measure only the queue page or only the writes (default: both)').choices(['pages', 'writes']))
  .option('--node-args <flags>', 'flags for the Devolve server\'s node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles"', (v) => v.split(' ').filter(Boolean), [])
  .parse()
  .opts<{ rounds: number; duration: number; connections: number; sequential: number; writes: number; writers: number[]; only?: 'pages' | 'writes'; nodeArgs: string[] }>();
const measurePages = options.only !== 'writes';
const measureWriteRounds = options.only !== 'pages' && options.writes > 0;

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('The side-by-side benchmark runs on PostgreSQL: set DATABASE_URL.');

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const postgraphileDir = path.join(benchDir, 'peers', 'postgraphile');
const pageSize = 50;

/** The web's queue page query, as the web sends it (web/src/review/queue-query.ts), for a page of 50. */
function webQueueQuery(): string {
  const query = sentText(QueuePageQuery);
  if (!query.includes('proposals(first: 100,')) throw new Error('web/src/review/queue-query.ts: QueuePageQuery no longer asks for a page of 100 as expected.');
  return query.replace('proposals(first: 100,', `proposals(first: ${pageSize},`);
}

/**
 * The same page in PostGraphile's schema: its reflection of the same tables (amber preset's
 * names). District ids follow their codes in the demo data, so ordering by id orders as Devolve's
 * by code; the open-thread count is a filtered relation's totalCount. Every object asks its
 * `__typename`, as the web's client (graphcache) adds it to every query it sends.
 */
const postgraphileQuery = /* GraphQL */ `
  query QueuePage($campaignId: Int!) {
    allProposals(first: ${pageSize}, condition: { campaignId: $campaignId }, orderBy: [SUBMISSION_ORDER_ASC, ROW_ID_ASC]) {
      totalCount
      pageInfo { endCursor hasNextPage __typename }
      edges { cursor __typename }
      nodes {
        id version action stage status powerTypeCode proposedItemName updatedAt submittedAt
        openThreads: commentThreadsByProposalId(condition: { resolved: false }) { totalCount __typename }
        powerItemByPowerItemId { id basicCode name subItemName __typename }
        unitBySubmittingUnitId { id shortName name __typename }
        proposalDistrictsByProposalId(orderBy: DISTRICT_ID_ASC) { nodes { unitByDistrictId { id shortName __typename } __typename } __typename }
        proposalAssigneesByProposalId(orderBy: USER_ID_ASC) { nodes { userByUserId { id displayName __typename } __typename } __typename }
        __typename
      }
      __typename
    }
  }
`;

/** A server under test: its process, the request for the page, and a write. */
interface Target {
  name: string;
  pid: number;
  request: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string };
  /** Starts an internal comment thread on the proposal (row id) as reviewer1; throws unless it did. */
  startThread(proposalId: number): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns a server that prints "listening on <url>" once up; rejects with its output if it exits first. */
function startListening(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        resolve({
          url,
          pid: child.pid!,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code, signal) => reject(new Error(`${command} ${args.join(' ')} exited (${code ?? signal}):\n${output}`)));
  });
}

/** PostGraphile and Node 22 from npm, into bench/peers/postgraphile (its lockfile), once. */
function installPostgraphile(): string {
  const node22 = path.join(postgraphileDir, 'node_modules', '.bin', 'node');
  if (!existsSync(node22)) {
    console.log('Installing PostGraphile 5 and Node 22 from npm into bench/peers/postgraphile …');
    execFileSync('npm', ['ci', '--prefix', postgraphileDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  return node22;
}

/** The CPU time (ms) of every PostgreSQL backend connected to `database`, by pid. */
async function backendCpu(admin: postgres.Sql, database: string): Promise<Map<number, number>> {
  const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, processUsage(pid).cpuMs);
    } catch {
      // The backend ended between the query and the read.
    }
  }
  return cpu;
}

/** CPU used between two backendCpu readings: a backend that started in between counts whole. */
const cpuBetween = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, cpuMs]) => sum + cpuMs - (before.get(pid) ?? 0), 0);

async function send(target: Target, request = target.request): Promise<unknown> {
  const { url, method, headers, body } = request;
  const response = await fetch(url, { method, headers, body });
  if (!response.ok) throw new Error(`${target.name}: HTTP ${response.status}: ${await response.text()}`);
  const json = (await response.json()) as { data?: unknown; errors?: unknown };
  if (json.errors) throw new Error(`${target.name}: ${JSON.stringify(json.errors)}`);
  return json.data;
}

interface Figures {
  requestsPerSecond: number;
  nodeCpuMs: number;
  postgresCpuMs: number;
  p50Ms: number;
}

async function measure(target: Target, admin: postgres.Sql, database: string, durationSeconds: number): Promise<Figures> {
  const { url, method, headers, body } = target.request;
  const serverBefore = processUsage(target.pid).cpuMs;
  const postgresBefore = await backendCpu(admin, database);
  const load = await autocannon({ url, method, headers, body, connections: options.connections, duration: durationSeconds });
  const serverAfter = processUsage(target.pid).cpuMs;
  const postgresAfter = await backendCpu(admin, database);
  if (load.non2xx > 0 || load.errors > 0 || load.timeouts > 0) {
    throw new Error(`${target.name}: ${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts under load`);
  }
  const requests = load.requests.total;
  if (requests === 0) throw new Error(`${target.name}: no request completed in ${durationSeconds} s; give a longer --duration.`);
  const latencies: number[] = [];
  for (let i = 0; i < options.sequential; i += 1) {
    const started = performance.now();
    await send(target);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: requests / durationSeconds,
    nodeCpuMs: (serverAfter - serverBefore) / requests,
    postgresCpuMs: cpuBetween(postgresBefore, postgresAfter) / requests,
    p50Ms: percentile(latencies, 50),
  };
}

/**
 * `count` comment threads started by `writers` writers in a closed loop, each on another proposal
 * (from `proposalIds[offset]` on): writes per second, and the server's and PostgreSQL's CPU per write.
 */
async function measureWrites(target: Target, admin: postgres.Sql, database: string, writers: number, count: number, proposalIds: number[], offset: number) {
  const serverBefore = processUsage(target.pid).cpuMs;
  const postgresBefore = await backendCpu(admin, database);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let n = next++; n < count; n = next++) await target.startThread(proposalIds[(offset + n) % proposalIds.length]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const postgresAfter = await backendCpu(admin, database);
  return {
    perSecond: count / seconds,
    nodeCpuMs: (processUsage(target.pid).cpuMs - serverBefore) / count,
    postgresCpuMs: cpuBetween(postgresBefore, postgresAfter) / count,
  };
}

/** Checks before timing: the floor answers exactly Devolve's JSON; PostGraphile the same rows in the same order. */
async function checkSamePage(devolve: Target, planned: Target, postgraphile: Target, floor: Target) {
  type Page = { proposals: { totalCount: number; nodes: { id: string }[] } };
  const devolvePage = (await send(devolve)) as Page & { logPosition: number };
  const { logPosition: _devolvePosition, ...devolveRest } = devolvePage;
  for (const other of [floor, planned]) {
    const { logPosition: _position, ...rest } = (await send(other)) as Page & { logPosition: number };
    if (!isDeepStrictEqual(devolveRest, rest)) throw new Error(`${other.name} does not return the page Devolve returns.`);
  }
  const devolveIds = devolvePage.proposals.nodes.map((node) => Number(Buffer.from(node.id, 'base64').toString('utf8').split(':')[1]));
  type PostgraphilePage = { allProposals: { totalCount: number; nodes: { id: string }[] } };
  const { allProposals } = (await send(postgraphile)) as PostgraphilePage;
  // PostGraphile's node ids are base64 of ["proposals", <row id>].
  const postgraphileIds = allProposals.nodes.map((node) => (JSON.parse(Buffer.from(node.id, 'base64').toString('utf8')) as [string, number])[1]);
  if (devolveIds.length !== pageSize || !isDeepStrictEqual(devolveIds, postgraphileIds) || allProposals.totalCount !== devolvePage.proposals.totalCount) {
    throw new Error(`PostGraphile's page differs: ${JSON.stringify({ devolveIds, postgraphileIds, totals: [devolvePage.proposals.totalCount, allProposals.totalCount] })}`);
  }
  console.log(`Checked: ${pageSize} rows, the same ids in the same order on all four (total ${allProposals.totalCount}); the floor's and Devolve planned's JSON equal Devolve's.`);
}

/** A second Devolve server with the page's document persisted: the page is answered by planned execution. */
async function startPlanned(env: Record<string, string>, devolveRequest: Target['request']): Promise<Target> {
  const persisted = path.join(persistedDir, 'persisted.json');
  writeFileSync(persisted, JSON.stringify([webQueueQuery()]));
  const plannedProcess = await startServerProcess({ ...env, DEVOLVE_PLANNED_OPERATIONS: persisted }, { bundle: true });
  const plannedReviewer = await signIn(plannedProcess.url, 'reviewer1');
  return {
    name: 'Devolve planned',
    pid: plannedProcess.pid,
    request: { ...devolveRequest, url: `${plannedProcess.url}/graphql`, headers: { ...devolveRequest.headers, cookie: plannedReviewer.cookie } },
    startThread: () => Promise.reject(new Error('Devolve planned writes as Devolve does: not measured')),
    stop: () => plannedProcess.stop(),
  };
}

type WriteFigures = Awaited<ReturnType<typeof measureWrites>>;

const fixed = (n: number, digits: number) => n.toFixed(digits);
const load1 = () => fixed(loadavg()[0]!, 1);

await buildServer();
const node22 = installPostgraphile();

const database = `peers_side_by_side_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 2, onnotice: () => {} });
await admin.unsafe(`create database ${database}`);
const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${database}`;
const targets: Target[] = [];
const persistedDir = mkdtempSync(path.join(tmpdir(), 'devolve-persisted-'));
try {
  const opened = await openDatabase({ url: databaseUrl.toString() });
  try {
    await migrateDatabase(opened);
    const seeding = performance.now();
    await seedDemoData(opened.db);
    console.log(`Seeded the demo data into ${database} in ${fixed((performance.now() - seeding) / 1000, 1)} s.`);
  } finally {
    await opened.close();
  }
  const inDatabase = postgres(databaseUrl.toString(), { max: 1, onnotice: () => {} });
  const [campaign] = await inDatabase<{ id: number }[]>`select id from campaigns where year = 2019`;
  const [author] = await inDatabase<{ id: number }[]>`select id from users where username = 'reviewer1'`;
  const submitted = await inDatabase<{ id: number }[]>`select id from proposals where campaign_id = ${campaign!.id} and stage <> 'draft' order by id`;
  const proposalIds = submitted.map((row) => row.id);
  await inDatabase.file(path.join(postgraphileDir, 'reviewer-policy.sql'));
  await inDatabase.file(path.join(benchDir, 'peers', 'start-thread.sql'));
  await inDatabase.end();
  const threadBody = '请补充该事项的法律依据。';

  const env = { DATABASE_URL: databaseUrl.toString() };
  const devolveProcess = await startServerProcess(env, { bundle: true, nodeArgs: options.nodeArgs });
  const reviewer = await signIn(devolveProcess.url, 'reviewer1');
  const campaignGlobalId = Buffer.from(`Campaign:${campaign!.id}`).toString('base64');
  const devolve: Target = {
    name: 'Devolve',
    pid: devolveProcess.pid,
    request: {
      url: `${devolveProcess.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', cookie: reviewer.cookie },
      body: JSON.stringify({ query: webQueueQuery(), variables: { filter: { campaignId: campaignGlobalId }, orderBy: 'OLDEST' } }),
    },
    async startThread(proposalId) {
      const response = await reviewer.graphql<{ startCommentThread: { __typename: string } }>(
        'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
        { input: { proposalId: Buffer.from(`Proposal:${proposalId}`).toString('base64'), visibility: 'INTERNAL', body: threadBody } },
      );
      if (response.data?.startCommentThread.__typename !== 'CommentThread') throw new Error(`Devolve: ${JSON.stringify(response)}`);
    },
    stop: () => devolveProcess.stop(),
  };
  targets.push(devolve);
  // The same server with the page's document persisted: answered by planned execution (pages only).
  const planned = measurePages ? await startPlanned(env, devolve.request) : undefined;
  if (planned) targets.push(planned);
  const postgraphileProcess = await startListening(node22, ['server.js'], postgraphileDir, { ...env, NODE_ENV: 'production' });
  const postgraphile: Target = {
    name: 'PostGraphile 5',
    pid: postgraphileProcess.pid,
    request: {
      url: `${postgraphileProcess.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: postgraphileQuery, variables: { campaignId: campaign!.id } }),
    },
    async startThread(proposalId) {
      const body = JSON.stringify({
        query: 'mutation($input: PeerStartCommentThreadInput!) { peerStartCommentThread(input: $input) { result } }',
        variables: { input: { proposalId, authorId: author!.id, body: threadBody } },
      });
      const data = (await send(this, { ...this.request, body })) as { peerStartCommentThread: { result: number | null } };
      if (!data.peerStartCommentThread.result) throw new Error(`PostGraphile: ${JSON.stringify(data)}`);
    },
    stop: () => postgraphileProcess.stop(),
  };
  targets.push(postgraphile);
  const floorProcess = await startListening(process.execPath, ['--import', 'tsx', path.join('peers', 'raw-floor.ts')], benchDir, env);
  const floor: Target = {
    name: 'raw SQL floor',
    pid: floorProcess.pid,
    request: { url: `${floorProcess.url}/queue?campaign=${campaign!.id}`, method: 'GET', headers: {} },
    async startThread(proposalId) {
      const response = await fetch(`${floorProcess.url}/thread`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ proposalId, authorId: author!.id, body: threadBody }),
      });
      if (!response.ok || !Number(await response.text())) throw new Error(`raw SQL floor: HTTP ${response.status}`);
    },
    stop: () => floorProcess.stop(),
  };
  targets.push(floor);
  const versions = execFileSync(node22, ['-p', `process.version + ' / postgraphile ' + require('${postgraphileDir}/node_modules/postgraphile/package.json').version`]).toString().trim();
  console.log(`Devolve under Node ${process.version}; PostGraphile under Node ${versions}.`);
  if (planned) {
    await checkSamePage(devolve, planned, postgraphile, floor);

    // Warm-up: each server's JIT compiles its path, PostgreSQL caches the tables.
    for (const target of targets) await measure(target, admin, database, 3);

    const results: Figures[][] = [];
    const loads: string[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      loads.push(load1());
      // Interleaved, each round starting with another server.
      const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
      const figures = new Map<Target, Figures>();
      for (const target of order) {
        const measured = await measure(target, admin, database, options.duration);
        figures.set(target, measured);
        console.log(
          `round ${round + 1} ${target.name.padEnd(15)} ${fixed(measured.requestsPerSecond, 0).padStart(5)} req/s   Node ${fixed(measured.nodeCpuMs, 2)} ms/req   PostgreSQL ${fixed(measured.postgresCpuMs, 2)} ms/req   p50 ${fixed(measured.p50Ms, 1)} ms   (load ${load1()})`,
        );
      }
      results.push(targets.map((target) => figures.get(target)!));
    }

    const rows: { figure: string; value: (f: Figures) => number; digits: number }[] = [
      { figure: `queue page req/s at ${options.connections} concurrent`, value: (f) => f.requestsPerSecond, digits: 0 },
      { figure: 'Node CPU per queue request, ms', value: (f) => f.nodeCpuMs, digits: 2 },
      { figure: 'PostgreSQL CPU per queue request, ms', value: (f) => f.postgresCpuMs, digits: 2 },
      { figure: 'queue p50 single client, ms', value: (f) => f.p50Ms, digits: 1 },
    ];
    console.log(
      `\n| figure | round (load) | Devolve | Devolve planned | PostGraphile 5 | raw SQL floor | Devolve / PostGraphile | planned / PostGraphile | planned / floor |`,
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) {
      results.forEach((round, i) => {
        const [ours, plannedFigure, theirs, floorFigure] = round.map(row.value) as [number, number, number, number];
        const cells = [ours, plannedFigure, theirs, floorFigure].map((figure) => fixed(figure, row.digits));
        const ratios = [ours / theirs, plannedFigure / theirs, plannedFigure / floorFigure].map((ratio) => fixed(ratio, 2));
        console.log(`| ${row.figure} | ${i + 1} (${loads[i]}) | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
      });
    }
  }

  const writeTargets = [devolve, postgraphile, floor];
  if (measureWriteRounds) {
    // One round, interleaved per writer count; every write on a proposal no other write touched.
    console.log(`\nNew internal comment thread (thread, comment, two activity rows under the commit-order lock, NOTIFY), ${options.writes} per cell:`);
    console.log('\n| writers at once (load) | figure | Devolve | PostGraphile 5 | raw SQL floor | Devolve / PostGraphile | Devolve / floor |');
    console.log('|---|---|---|---|---|---|---|');
    let offset = 0;
    // Warm-up: the write path compiled, the tables' pages cached.
    for (const target of writeTargets) {
      await measureWrites(target, admin, database, 1, 20, proposalIds, offset);
      offset += 20;
    }
    for (const [level, writers] of options.writers.entries()) {
      const load = load1();
      const figures = new Map<Target, WriteFigures>();
      for (const target of writeTargets.map((_, i) => writeTargets[(i + level) % writeTargets.length]!)) {
        figures.set(target, await measureWrites(target, admin, database, writers, options.writes, proposalIds, offset));
        offset += options.writes;
      }
      const [ours, theirs, floorFigure] = writeTargets.map((target) => figures.get(target)!) as [WriteFigures, WriteFigures, WriteFigures];
      const cells = (value: (f: WriteFigures) => number, digits: number) =>
        `${fixed(value(ours), digits)} | ${fixed(value(theirs), digits)} | ${fixed(value(floorFigure), digits)} | ${fixed(value(ours) / value(theirs), 2)} | ${fixed(value(ours) / value(floorFigure), 2)}`;
      console.log(`| ${writers} (${load}) | writes/s | ${cells((f) => f.perSecond, 0)} |`);
      console.log(`| ${writers} (${load}) | Node CPU per write, ms | ${cells((f) => f.nodeCpuMs, 2)} |`);
      console.log(`| ${writers} (${load}) | PostgreSQL CPU per write, ms | ${cells((f) => f.postgresCpuMs, 2)} |`);
    }
  }
} finally {
  for (const target of targets) await target.stop();
  rmSync(persistedDir, { recursive: true, force: true });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  // The reviewer role is cluster-wide (reviewer-policy.sql); another run's database may still hold grants to it.
  await admin.unsafe('drop role if exists devolve_peer_reviewer').catch(() => {});
  await admin.end();
}
