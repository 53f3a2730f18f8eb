/**
 * The fan-out benchmark's subscribers (bench/fanout.ts), in worker threads: each worker opens its
 * share of the subscriptions and reports every event's arrival, the follow-up queries it sends and
 * its own garbage collections. A worker has its own heap, so the clients' garbage and full
 * collections are split between them and kept away from the thread that times the changes.
 * Arrival times are epoch milliseconds (`performance.timeOrigin + performance.now()`), comparable
 * across threads.
 */
import { Agent, request } from 'node:http';
import { constants as performanceConstants, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { postGraphQL } from '@devolve/test/support/server';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export type Transport = 'sse' | 'ws';
/** A subscription to open, or a follow-up query to send: the document and its variables. */
export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}
/** One subscriber: where, as whom, what, and what it sends after each event it receives. */
export interface ClientSpec {
  url: string;
  cookie: string;
  transport: Transport;
  subscribe: Operation;
  /** The web app's follow-up queries for each event, sent at once (to `followUpUrl`)… */
  followUps?: Operation[];
  /** …or this long after the latest event only (the queue's count is debounced). */
  followUpDelayMs?: number;
  followUpUrl: string;
}
/** What a worker reports: times are epoch ms; `arrivals` and `followUps` are [sequence, time] pairs, flattened. */
export type Report =
  | { kind: 'opened' }
  | { kind: 'closed' }
  | { kind: 'batch'; arrivals: number[]; followUps: number[]; followUpFailures: number; gcMs: number; gcFull: number };
/** What a worker is told. */
type Command = { kind: 'measure'; on: boolean } | { kind: 'close' };

/** An event's `data`: one field, `{ sequence, … }` (id-only and workspace documents) or `{ event: { sequence, … } }` (the queue's). */
type EventData = Record<string, { sequence?: number; event?: { sequence?: number } } | null>;
/** Opens a subscription (resolving once it is open, with a way to close it); calls back with each event's data. */
type Open = (url: string, cookie: string, subscribe: Operation, onEvent: (data: EventData) => void) => Promise<() => void>;

/** Sockets for thousands of subscribers: no pooling limit, no keep-alive reuse. */
const agent = new Agent({ maxSockets: Infinity });

/** GraphQL over SSE as a browser's EventSource-like client runs it: POST, then read the stream. */
const openSse: Open = (url, cookie, subscribe, onEvent) =>
  new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', cookie },
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE subscription refused: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          const payload = data ? (JSON.parse(data) as { data?: EventData }).data : undefined;
          if (payload) onEvent(payload);
        }
      });
      res.on('error', () => {});
      resolve(() => req.destroy());
    });
    req.on('error', reject);
    req.end(JSON.stringify(subscribe));
  });

/** GraphQL over WebSocket (graphql-ws) with the session cookie, one connection per subscriber. */
const openWs: Open = (url, cookie, subscribe, onEvent) =>
  new Promise((resolve, reject) => {
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      retryAttempts: 0,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie, origin: url } });
        }
      },
      on: {
        connected: () => resolve(() => void client.dispose()),
        closed: (event) => reject(new Error(`WebSocket closed: ${(event as CloseEvent).code} ${(event as CloseEvent).reason}`)),
      },
    });
    client.subscribe<EventData>(subscribe, {
      next: (message) => {
        if (message.data) onEvent(message.data);
      },
      error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => {},
    });
  });

/** WebSocket on /graphql may not be there (yet): one trial connection says. */
export async function webSocketAvailable(url: string, cookie: string, subscribe: Operation): Promise<boolean> {
  try {
    const close = await openWs(url, cookie, subscribe, () => {});
    close();
    return true;
  } catch {
    return false;
  }
}

/** The activity log position of an event's data: `{ field: { sequence } }` or `{ field: { event: { sequence } } }`. */
function sequenceOf(data: EventData): number | undefined {
  const [field] = Object.values(data);
  return field?.sequence ?? field?.event?.sequence;
}

const now = () => performance.timeOrigin + performance.now();

/** Opens `specs` over `workers` threads; resolves once every subscription is open. */
export async function openClients(
  specs: ClientSpec[],
  workers: number,
  onBatch: (report: Extract<Report, { kind: 'batch' }>) => void,
): Promise<{ measure(on: boolean): void; close(): Promise<void> }> {
  // Workers do not inherit tsx's loader (Node 20): each registers it before loading this module.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const threads = Array.from({ length: Math.min(workers, specs.length) }, (_, w) => {
    const share = specs.filter((_spec, i) => i % workers === w);
    return new Worker(boot, { eval: true, workerData: share });
  });
  await Promise.all(
    threads.map(
      (thread) =>
        new Promise<void>((resolve, reject) => {
          thread.on('error', reject);
          thread.on('message', (report: Report) => {
            if (report.kind === 'opened') resolve();
            if (report.kind === 'batch') onBatch(report);
          });
        }),
    ),
  );
  const tell = (command: Command) => threads.forEach((thread) => thread.postMessage(command));
  return {
    measure: (on) => tell({ kind: 'measure', on }),
    // Once each has closed its subscriptions (sent its close frames), the threads are ended.
    close: async () => {
      const closed = threads.map((thread) => new Promise<void>((resolve) => thread.on('message', (report: Report) => report.kind === 'closed' && resolve())));
      tell({ kind: 'close' });
      await Promise.all(closed);
      await Promise.all(threads.map((thread) => thread.terminate()));
      agent.destroy();
    },
  };
}

/** A worker: opens its share, 100 at a time, and reports what happens once per turn of its event loop. */
async function runWorker(specs: ClientSpec[]): Promise<void> {
  const port = parentPort!;
  let measuring = false;
  let batch: Extract<Report, { kind: 'batch' }> | null = null;
  const pending = () => {
    if (!batch) {
      batch = { kind: 'batch', arrivals: [], followUps: [], followUpFailures: 0, gcMs: 0, gcFull: 0 };
      setImmediate(() => {
        port.postMessage(batch);
        batch = null;
      });
    }
    return batch;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // A 'gc' entry's detail says which kind of collection it was (@types/node types it only on the subclass).
      const { kind } = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail ?? {};
      const report = pending();
      report.gcMs += entry.duration;
      if (kind === performanceConstants.NODE_PERFORMANCE_GC_MAJOR) report.gcFull += 1;
    }
  }).observe({ entryTypes: ['gc'] });

  const onEventOf = (spec: ClientSpec) => {
    let followUpTimer: ReturnType<typeof setTimeout> | undefined;
    return (data: EventData) => {
      const arrived = now();
      const sequence = sequenceOf(data);
      if (!measuring || sequence === undefined) return;
      pending().arrivals.push(sequence, arrived);
      const { followUps } = spec;
      if (!followUps) return;
      const send = () =>
        Promise.all(
          followUps.map(async ({ query, variables }) => {
            const response = await postGraphQL(spec.followUpUrl, query, variables, { cookie: spec.cookie });
            if (response.errors) throw new Error(JSON.stringify(response.errors));
          }),
        ).then(
          () => void pending().followUps.push(sequence, now()),
          () => void (pending().followUpFailures += 1),
        );
      if (spec.followUpDelayMs === undefined) void send();
      else {
        clearTimeout(followUpTimer);
        followUpTimer = setTimeout(() => void send(), spec.followUpDelayMs);
      }
    };
  };
  const opened: (() => void)[] = [];
  for (let first = 0; first < specs.length; first += 100) {
    const batchOfSpecs = specs.slice(first, first + 100);
    opened.push(
      ...(await Promise.all(
        batchOfSpecs.map((spec) => (spec.transport === 'sse' ? openSse : openWs)(spec.url, spec.cookie, spec.subscribe, onEventOf(spec))),
      )),
    );
  }
  port.on('message', (command: Command) => {
    if (command.kind === 'measure') measuring = command.on;
    else {
      opened.forEach((close) => close());
      port.postMessage({ kind: 'closed' } satisfies Report);
    }
  });
  port.postMessage({ kind: 'opened' } satisfies Report);
}

if (!isMainThread) await runWorker(workerData as ClientSpec[]);
