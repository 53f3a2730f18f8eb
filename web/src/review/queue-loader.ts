import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { useClient, type CombinedError } from '@urql/solid';
import type { ResultOf } from '../graphql.ts';
import { followLive } from '../live.ts';
import {
  QueueChangedSubscription,
  QueueCountQuery,
  QueueCursorsQuery,
  QueuePageQuery,
  type QueueRow,
} from './queue-query.ts';
import {
  acceptTotal,
  applyEvent,
  clearFlash,
  emptyCache,
  type EventChange,
  type FetchedPage,
  type FetchPlan,
  mergeExtend,
  mergeFill,
  planFetch,
  type QueueCache,
  type QueueEvent,
} from './row-cache.ts';
import type { Order, QueueFilter } from './queue-url.ts';

/** The API's largest page. */
const pageSize = 100;
/** Rows read beyond the visible ones, so that scrolling on finds them ready. */
const readBehind = 20;
const readAhead = 60;
/** How long a changed row stays highlighted (the CSS animation's length). */
const flashMs = 2500;
/** Live events come in bursts (a bulk move sends one per proposal): one count for the burst. */
const countDelayMs = 250;

export interface QueueLoader {
  cache: Accessor<QueueCache<QueueRow>>;
  /** A failed read; reading stops until `retry`. */
  error: Accessor<CombinedError | undefined>;
  retry(): void;
}

/**
 * Keeps one queue's rows: reads the pages the visible window needs (one request at a time, always
 * for the window as it is when the previous one returns, so fast scrolling never queues up stale
 * reads), follows `queueChanged` and applies each event, refetches the count after events, and
 * starts afresh after the live connection comes back. Made once per filter: a new filter is a
 * new loader (the caller remounts), so nothing of the old one can leak into the new list.
 */
export function createQueueLoader(options: {
  campaignId: string;
  filter: QueueFilter;
  order: Order;
  /** The positions shown now, end excluded. */
  window: Accessor<{ start: number; end: number }>;
  /** Called for every event that changed the rows held. */
  onChange?: (change: EventChange, id: string) => void;
}): QueueLoader {
  const client = useClient();
  const [cache, setCache] = createSignal(emptyCache<QueueRow>(options.order));
  const [error, setError] = createSignal<CombinedError>();
  /** The log position of the first page read: the subscription resumes from there. */
  const [position, setPosition] = createSignal<number>();
  const variables = { filter: options.filter, orderBy: options.order };

  /** The loader's clock: ticks when a request starts and when an event changes the count (see acceptTotal). */
  let clock = 0;
  /** Bumped by a fresh start: answers to older requests are dropped. */
  let generation = 0;
  let reading = false;
  /** Events received while a page is on its way (null when none is). */
  let during: QueueEvent<QueueRow>[] | null = null;
  let countTimer: ReturnType<typeof setTimeout> | undefined;
  const flashTimers = new Set<ReturnType<typeof setTimeout>>();
  let disposed = false;

  async function fetchPage(plan: FetchPlan): Promise<FetchedPage<QueueRow> | CombinedError> {
    const args = { ...variables, after: plan.after };
    if (plan.kind === 'extend' && !plan.rows) {
      const result = await client.query(QueueCursorsQuery, args, { requestPolicy: 'network-only' }).toPromise();
      if (!result.data) return result.error!;
      const { proposals } = result.data;
      return {
        ...pageInfo(proposals),
        edges: proposals.edges.map((edge) => ({ cursor: edge.cursor, id: edge.node.id, row: null })),
      };
    }
    const result = await client.query(QueuePageQuery, args, { requestPolicy: 'network-only' }).toPromise();
    if (!result.data) return result.error!;
    // The first page read says where the live queue starts (asked before the rows in the same request).
    if (position() === undefined) setPosition(result.data.logPosition);
    const { proposals } = result.data;
    // Relay lists `edges` and `nodes` in the same order.
    return {
      ...pageInfo(proposals),
      edges: proposals.nodes.map((node, i) => ({ cursor: proposals.edges[i]!.cursor, id: node.id, row: node })),
    };
  }

  /** Reads until the window is held, one request at a time. */
  async function read(): Promise<void> {
    if (reading || disposed) return;
    reading = true;
    try {
      for (;;) {
        const { start, end } = options.window();
        const plan = planFetch(cache(), { start: Math.max(0, start - readBehind), end: end + readAhead }, pageSize);
        if (!plan || error() || disposed) return;
        const started = generation;
        const stamp = ++clock;
        during = [];
        const page = await fetchPage(plan);
        const events = during;
        during = null;
        if (started !== generation || disposed) continue;
        if (!('edges' in page)) {
          setError(page);
          return;
        }
        setCache((current) =>
          plan.kind === 'extend' ? mergeExtend(current, page, stamp, events) : mergeFill(current, page, plan.id, stamp, events),
        );
      }
    } finally {
      reading = false;
    }
  }

  function refreshCount(): void {
    clearTimeout(countTimer);
    // urql reports failures in the result, so the count's promise never rejects.
    countTimer = setTimeout(() => void readCount(), countDelayMs);
  }

  async function readCount(): Promise<void> {
    const started = generation;
    const stamp = ++clock;
    const result = await client.query(QueueCountQuery, { filter: options.filter }, { requestPolicy: 'network-only' }).toPromise();
    if (result.data && started === generation && !disposed) {
      setCache((current) => acceptTotal(current, result.data!.proposals.totalCount, stamp));
    }
  }

  /** Drops every row and reads the window again (when the server cannot replay what the queue missed). */
  function restart(): void {
    generation += 1;
    setError(undefined);
    setCache(emptyCache<QueueRow>(options.order));
    void read();
  }

  function receive(data: ResultOf<typeof QueueChangedSubscription>): void {
    const { inQueue, event } = data.queueChanged;
    if (!event.proposal) return;
    // Typed as a page's row: a field the subscription does not select fails type-checking here.
    const row: QueueRow = event.proposal;
    const received: QueueEvent<QueueRow> = { sequence: event.sequence, inQueue, row };
    const { cache: next, change } = applyEvent(cache(), received, ++clock);
    setCache(next);
    during?.push(received);
    if (change !== 'none') options.onChange?.(change, received.row.id);
    if (change !== 'none' && change !== 'left') {
      const timer = setTimeout(() => {
        flashTimers.delete(timer);
        setCache((current) => clearFlash(current, received.row.id, received.sequence));
      }, flashMs);
      flashTimers.add(timer);
    }
    refreshCount();
    // A row that entered may have grown the list into the window.
    void read();
  }

  followLive({ query: QueueChangedSubscription, variables: { campaignId: options.campaignId, filter: options.filter }, since: position }, (data) =>
    data ? receive(data) : restart(),
  );
  createEffect(on(options.window, () => void read()));
  onCleanup(() => {
    disposed = true;
    clearTimeout(countTimer);
    for (const timer of flashTimers) clearTimeout(timer);
  });

  return {
    cache,
    error,
    retry() {
      setError(undefined);
      void read();
    },
  };
}

function pageInfo(proposals: {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}): Omit<FetchedPage<QueueRow>, 'edges'> {
  return { totalCount: proposals.totalCount, endCursor: proposals.pageInfo.endCursor, hasNextPage: proposals.pageInfo.hasNextPage };
}
