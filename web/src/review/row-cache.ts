import type { Order } from './queue-url.ts';

/**
 * The review queue's rows, indexed by position, as pure functions over an immutable value.
 *
 * The API pages with keyset cursors (`after`), so the client can only read the rows that follow a
 * cursor it holds. The cache therefore knows a prefix of the queue: `entries[0 … n)` in the
 * server's order, each with its cursor, and `frontier`, the cursor after the last one. An entry
 * may be known by id and cursor only (fetched to skip ahead when the reader jumps deep into the
 * list: such pages select no row fields and cost a fraction of a full one), and gets its row when
 * it comes into view: the page after the previous entry's cursor is fetched and matched by id.
 * Positions past the prefix are placeholders until the prefix reaches them.
 *
 * Live events (`applyEvent`) keep the prefix right without refetching it:
 * - a row we hold that still matches is updated in place (under "recently updated" it moves to
 *   the top, as the server now orders it);
 * - a row we hold that no longer matches leaves, and the positions after it close up;
 * - a matching row we do not hold is placed at the top, marked `surfaced`: it newly matches, or
 *   it changed somewhere past what we have read; either way the reader sees it at once. When the
 *   page holding its place in the order is read later, the duplicate is dropped there;
 * - the total count is the server's (refetched after events, see `acceptTotal`), so that rows we
 *   never read are counted right too.
 */

export interface RowBase {
  id: string;
  updatedAt: string;
}

export interface Entry<Row> {
  readonly id: string;
  /** This row's place in the server's order; null for rows placed by live events. */
  readonly cursor: string | null;
  /** Null until a page with row fields has been read for it. */
  readonly row: Row | null;
  /** Placed at the top by a live event, out of the sort order, until the queue is reloaded. */
  readonly surfaced: boolean;
  /** The sequence of the live event that last changed the row (0: none): its highlight. */
  readonly flash: number;
}

export interface QueueCache<Row> {
  readonly order: Order;
  readonly entries: readonly Entry<Row>[];
  /** The cursor after the last entry (null: the start of the queue). */
  readonly frontier: string | null;
  /** The server has nothing after `frontier`: the prefix is the whole queue. */
  readonly complete: boolean;
  /** The server's count of rows matching the filter. */
  readonly total: number;
  /** When `total` was known (see acceptTotal). */
  readonly totalStamp: number;
  /**
   * Where to go on looking for an entry a page did not reach: more rows than a page now stand
   * between it and the cursor before it (many entered the queue there at once).
   */
  readonly fillFrom: { readonly id: string; readonly after: string } | null;
}

export interface PageEdge<Row> {
  cursor: string;
  id: string;
  /** Null for pages read for their cursors only. */
  row: Row | null;
}

export interface FetchedPage<Row> {
  edges: readonly PageEdge<Row>[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/** One `queueChanged` event: the proposal as it is now, and whether it matches the filter. */
export interface QueueEvent<Row> {
  sequence: number;
  inQueue: boolean;
  row: Row;
}

/** What the loader should read next for a window of positions. */
export type FetchPlan =
  /** The page after `frontier`; with `rows: false` its cursors only (to skip ahead). */
  | { kind: 'extend'; after: string | null; rows: boolean }
  /** The page after `after` (a held cursor, null: the start), to give entry `id` and those after it their rows. */
  | { kind: 'fill'; after: string | null; id: string };

/** What an event did to the rows we hold. */
export type EventChange = 'updated' | 'moved' | 'surfaced' | 'left' | 'none';

export function emptyCache<Row>(order: Order): QueueCache<Row> {
  return { order, entries: [], frontier: null, complete: false, total: 0, totalStamp: 0, fillFrom: null };
}

/** How many positions the list has: the server's count, or the rows held if more are held. */
export function queueSize(cache: QueueCache<unknown>): number {
  return cache.complete ? cache.entries.length : Math.max(cache.total, cache.entries.length);
}

/**
 * Takes the server's count when it was asked for after the count we have was known: `stamp` is
 * when the request started, on the loader's clock, which also ticks for every local change. A
 * count that left the server before an event we applied is older than that event, and is ignored.
 */
export function acceptTotal<Row>(cache: QueueCache<Row>, total: number, stamp: number): QueueCache<Row> {
  return stamp > cache.totalStamp ? { ...cache, total, totalStamp: stamp } : cache;
}

/**
 * The next read for the positions `start … end` (end excluded), or null when they are all held:
 * rows missing among the entries held first, then more of the queue; pages that would end before
 * the window are read for their cursors only.
 */
export function planFetch(cache: QueueCache<unknown>, window: { start: number; end: number }, pageSize: number): FetchPlan | null {
  const { entries } = cache;
  const end = Math.min(window.end, queueSize(cache));
  for (let i = Math.max(0, window.start); i < Math.min(end, entries.length); i += 1) {
    const { id, row } = entries[i]!;
    if (row !== null) continue;
    const after = cache.fillFrom?.id === id ? cache.fillFrom.after : cursorBefore(entries, i);
    return { kind: 'fill', after, id };
  }
  if (!cache.complete && (entries.length < end || entries.length === 0)) {
    return { kind: 'extend', after: cache.frontier, rows: entries.length + pageSize > window.start };
  }
  return null;
}

/** The cursor of the nearest entry before `index` that has a place in the server's order. */
function cursorBefore(entries: readonly Entry<unknown>[], index: number): string | null {
  for (let i = index - 1; i >= 0; i -= 1) {
    const cursor = entries[i]!.cursor;
    if (cursor !== null) return cursor;
  }
  return null;
}

/**
 * Events that arrived while a page was on its way are newer than the page: rows that left are
 * dropped from it, rows that changed take the event's fields.
 */
function correctPage<Row extends RowBase>(edges: readonly PageEdge<Row>[], during: readonly QueueEvent<Row>[]): PageEdge<Row>[] {
  const latest = new Map<string, QueueEvent<Row>>();
  for (const event of during) {
    const seen = latest.get(event.row.id);
    if (!seen || seen.sequence < event.sequence) latest.set(event.row.id, event);
  }
  return edges.flatMap((edge) => {
    const event = latest.get(edge.id);
    if (!event) return [edge];
    if (!event.inQueue) return [];
    return [{ ...edge, row: edge.row === null ? null : event.row }];
  });
}

/** Appends the page after `frontier`; rows already held (placed by live events) are not repeated. */
export function mergeExtend<Row extends RowBase>(
  cache: QueueCache<Row>,
  page: FetchedPage<Row>,
  stamp: number,
  during: readonly QueueEvent<Row>[],
): QueueCache<Row> {
  const held = new Set(cache.entries.map((entry) => entry.id));
  const added = correctPage(page.edges, during)
    .filter((edge) => !held.has(edge.id))
    .map((edge): Entry<Row> => ({ id: edge.id, cursor: edge.cursor, row: edge.row, surfaced: false, flash: 0 }));
  const merged: QueueCache<Row> = {
    ...cache,
    entries: [...cache.entries, ...added],
    frontier: page.endCursor ?? cache.frontier,
    complete: !page.hasNextPage,
  };
  return acceptTotal(merged, page.totalCount, stamp);
}

/**
 * Gives held entries their rows from a page read after a held cursor, matched by id. The entry
 * the page was read for (`id`) is normally among its rows. If it is not, and the page went past
 * it (it holds an entry listed after it), it has left the queue (its event may still be on the
 * way) and is dropped, so that reading moves on; if the page ended before reaching it (more rows
 * than a page entered the queue just before it), the next read goes on from the page's end.
 */
export function mergeFill<Row extends RowBase>(
  cache: QueueCache<Row>,
  page: FetchedPage<Row>,
  id: string,
  stamp: number,
  during: readonly QueueEvent<Row>[],
): QueueCache<Row> {
  const fetched = new Map(correctPage(page.edges, during).map((edge) => [edge.id, edge]));
  const target = cache.entries.findIndex((entry) => entry.id === id);
  const found = fetched.has(id) || target < 0;
  const passed = cache.entries.slice(target + 1).some((entry) => entry.cursor !== null && fetched.has(entry.id));
  const goOn = !found && !passed && page.hasNextPage && page.endCursor !== null;
  const entries = cache.entries.flatMap((entry): Entry<Row>[] => {
    const edge = fetched.get(entry.id);
    if (edge?.row) return [{ ...entry, row: edge.row, cursor: entry.cursor === null ? null : edge.cursor }];
    if (entry.id === id && !found && !goOn && entry.row === null) return [];
    return [entry];
  });
  const fillFrom = goOn ? { id, after: page.endCursor! } : null;
  return acceptTotal({ ...cache, entries, fillFrom }, page.totalCount, stamp);
}

/** Applies one live event (see the module comment); `stamp` is the loader's clock now. */
export function applyEvent<Row extends RowBase>(
  cache: QueueCache<Row>,
  event: QueueEvent<Row>,
  stamp: number,
): { cache: QueueCache<Row>; change: EventChange } {
  const index = cache.entries.findIndex((entry) => entry.id === event.row.id);
  const entries = [...cache.entries];
  if (!event.inQueue) {
    if (index < 0) return { cache, change: 'none' };
    entries.splice(index, 1);
    return { cache: { ...cache, entries, total: Math.max(0, cache.total - 1), totalStamp: stamp }, change: 'left' };
  }
  if (index >= 0) {
    const held = entries[index]!;
    const changed: Entry<Row> = { ...held, row: event.row, flash: event.sequence };
    const reordered = cache.order === 'RECENTLY_UPDATED' && held.row?.updatedAt !== event.row.updatedAt && index > 0;
    if (!reordered) {
      entries[index] = changed;
      return { cache: { ...cache, entries }, change: 'updated' };
    }
    // Its place in the server's order is now the top: the cursor it had no longer marks it.
    entries.splice(index, 1);
    entries.unshift({ ...changed, cursor: null });
    return { cache: { ...cache, entries }, change: 'moved' };
  }
  entries.unshift({ id: event.row.id, cursor: null, row: event.row, surfaced: cache.order !== 'RECENTLY_UPDATED', flash: event.sequence });
  return { cache: { ...cache, entries }, change: 'surfaced' };
}

/** Ends a row's highlight, unless a newer event has started another. */
export function clearFlash<Row>(cache: QueueCache<Row>, id: string, flash: number): QueueCache<Row> {
  const index = cache.entries.findIndex((entry) => entry.id === id && entry.flash === flash);
  if (index < 0) return cache;
  const entries = [...cache.entries];
  entries[index] = { ...entries[index]!, flash: 0 };
  return { ...cache, entries };
}

/** The rows held with their fields, in list order. */
export function loadedRows<Row>(cache: QueueCache<Row>): Row[] {
  return cache.entries.flatMap((entry) => (entry.row ? [entry.row] : []));
}
