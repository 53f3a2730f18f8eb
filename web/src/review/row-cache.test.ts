import { describe, expect, it } from 'vitest';
import {
  acceptTotal,
  applyEvent,
  clearFlash,
  emptyCache,
  type FetchedPage,
  type FetchPlan,
  loadedRows,
  mergeExtend,
  mergeFill,
  planFetch,
  type QueueCache,
  type QueueEvent,
  queueSize,
} from './row-cache.ts';
import type { Order } from './queue-url.ts';

interface Row {
  id: string;
  updatedAt: string;
  label: string;
}

const pageSize = 3;

/**
 * A queue server in miniature: rows ordered by a numeric key, keyset cursors ("c:<key>"), pages
 * of `pageSize`, with or without row fields, like the API's `proposals(first, after)`.
 */
class FakeServer {
  rows: Row[];
  /** Rows 1 … count, or spaced out (10, 20, …) to leave room for rows entering between them. */
  constructor(count: number, spacing = 1) {
    this.rows = Array.from({ length: count }, (_, i) => row((i + 1) * spacing));
  }
  page(after: string | null, withRows: boolean): FetchedPage<Row> {
    const from = after === null ? 0 : this.rows.findIndex((r) => key(r) > Number(after.slice(2)));
    const slice = from < 0 ? [] : this.rows.slice(from, from + pageSize);
    return {
      edges: slice.map((r) => ({ cursor: `c:${key(r)}`, id: r.id, row: withRows ? r : null })),
      endCursor: slice.length > 0 ? `c:${key(slice.at(-1)!)}` : after,
      hasNextPage: from >= 0 && from + pageSize < this.rows.length,
      totalCount: this.rows.length,
    };
  }
  read(plan: FetchPlan): FetchedPage<Row> {
    return this.page(plan.after, plan.kind === 'fill' || plan.rows);
  }
  /** Adds or replaces a row, keeping the order. */
  put(next: Row): void {
    this.rows = [...this.rows.filter((r) => r.id !== next.id), next].sort((a, b) => key(a) - key(b));
  }
  remove(id: string): void {
    this.rows = this.rows.filter((r) => r.id !== id);
  }
}

const key = (r: Row) => Number(r.id.slice(1));
const row = (n: number, label = `row ${n}`, updatedAt = '2019-01-01'): Row => ({ id: `p${n}`, updatedAt, label });

/** Reads with `merge` until the window is held, like the loader's loop (no events in between). */
function readAll(server: FakeServer, cache: QueueCache<Row>, window: { start: number; end: number }): QueueCache<Row> {
  let current = cache;
  for (let stamp = 1; stamp < 1000; stamp += 1) {
    const plan = planFetch(current, window, pageSize);
    if (!plan) return current;
    const page = server.read(plan);
    current = plan.kind === 'extend' ? mergeExtend(current, page, stamp, []) : mergeFill(current, page, plan.id, stamp, []);
  }
  throw new Error('reading did not finish');
}

const ids = (cache: QueueCache<Row>) => cache.entries.map((entry) => entry.id);
const event = (r: Row, inQueue: boolean, sequence: number): QueueEvent<Row> => ({ row: r, inQueue, sequence });

describe('the queue row cache', () => {
  it('reads the first page, then the pages the window reaches, and stops when it holds them', () => {
    const server = new FakeServer(10);
    const first = planFetch(emptyCache(order), { start: 0, end: 4 }, pageSize);
    expect(first).toEqual({ kind: 'extend', after: null, rows: true });
    const cache = readAll(server, emptyCache(order), { start: 0, end: 4 });
    expect(ids(cache)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(cache.total).toBe(10);
    expect(queueSize(cache)).toBe(10);
    expect(cache.complete).toBe(false);
    expect(planFetch(cache, { start: 0, end: 4 }, pageSize)).toBeNull();
  });

  it('skips ahead on cursors alone when the reader jumps deep, and fills skipped rows by id on the way back', () => {
    const server = new FakeServer(20);
    const seen: FetchPlan[] = [];
    let cache = emptyCache<Row>(order);
    let stamp = 0;
    const readWindow = (window: { start: number; end: number }) => {
      for (let plan = planFetch(cache, window, pageSize); plan; plan = planFetch(cache, window, pageSize)) {
        seen.push(plan);
        const page = server.read(plan);
        stamp += 1;
        cache = plan.kind === 'extend' ? mergeExtend(cache, page, stamp, []) : mergeFill(cache, page, plan.id, stamp, []);
      }
    };
    readWindow({ start: 13, end: 15 });
    // Pages ending before the window carry cursors only; the one reaching it brings rows.
    const kinds = () => seen.map((plan) => (plan.kind === 'extend' ? (plan.rows ? 'rows' : 'cursors') : 'fill'));
    expect(kinds()).toEqual(['cursors', 'cursors', 'cursors', 'cursors', 'rows']);
    expect(cache.entries.slice(12, 15).map((entry) => entry.row?.label)).toEqual(['row 13', 'row 14', 'row 15']);
    expect(cache.entries[5]).toMatchObject({ id: 'p6', cursor: 'c:6', row: null });
    // Back up to positions 5–6: the page after p5's cursor gives p6 and p7 their rows.
    readWindow({ start: 5, end: 7 });
    expect(seen.at(-1)).toEqual({ kind: 'fill', after: 'c:5', id: 'p6' });
    expect(cache.entries.slice(5, 8).map((entry) => entry.row?.label)).toEqual(['row 6', 'row 7', 'row 8']);
    expect(cache.entries[4]!.row).toBeNull();
  });

  it('updates a row it holds in place, and highlights it until cleared', () => {
    const server = new FakeServer(6);
    const cache = readAll(server, emptyCache(order), { start: 0, end: 6 });
    const { cache: next, change } = applyEvent(cache, event(row(4, 'changed'), true, 77), 50);
    expect(change).toBe('updated');
    expect(ids(next)).toEqual(ids(cache));
    expect(next.entries[3]).toMatchObject({ row: { label: 'changed' }, flash: 77, cursor: 'c:4', surfaced: false });
    expect(next.total).toBe(6);
    expect(clearFlash(next, 'p4', 76).entries[3]!.flash).toBe(77); // a newer event keeps its highlight
    expect(clearFlash(next, 'p4', 77).entries[3]!.flash).toBe(0);
  });

  it('takes out a row that left, closing up the positions and the count', () => {
    const server = new FakeServer(6);
    const cache = readAll(server, emptyCache(order), { start: 0, end: 6 });
    const { cache: next, change } = applyEvent(cache, event(row(2), false, 80), 50);
    expect(change).toBe('left');
    expect(ids(next)).toEqual(['p1', 'p3', 'p4', 'p5', 'p6']);
    expect(next.total).toBe(5);
    // A row we never held leaving changes nothing here; the count is asked again.
    expect(applyEvent(next, event(row(99), false, 81), 51)).toEqual({ cache: next, change: 'none' });
  });

  it('puts a newly matching row at the top, and does not list it twice when its own page is read', () => {
    const server = new FakeServer(9);
    let cache = readAll(server, emptyCache(order), { start: 0, end: 2 });
    expect(ids(cache)).toEqual(['p1', 'p2', 'p3']);
    // p7 (not read yet) changes and matches: it is shown at once, on top.
    server.put(row(7, 'seven, changed'));
    const applied = applyEvent(cache, event(row(7, 'seven, changed'), true, 90), 20);
    expect(applied.change).toBe('surfaced');
    cache = applied.cache;
    expect(cache.entries[0]).toMatchObject({ id: 'p7', cursor: null, surfaced: true, flash: 90 });
    // Reading on: p7's page comes, and p7 is not repeated; the list is exactly the server's rows.
    cache = readAll(server, cache, { start: 0, end: 20 });
    expect(ids(cache)).toEqual(['p7', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p8', 'p9']);
    expect(queueSize(cache)).toBe(9);
    expect(cache.complete).toBe(true);
  });

  it('moves a changed row to the top when the queue is sorted by last change', () => {
    const server = new FakeServer(5);
    const cache = readAll(server, emptyCache<Row>('RECENTLY_UPDATED'), { start: 0, end: 5 });
    const moved = applyEvent(cache, event(row(3, 'three', '2019-12-31'), true, 5), 9);
    expect(moved.change).toBe('moved');
    expect(ids(moved.cache)).toEqual(['p3', 'p1', 'p2', 'p4', 'p5']);
    expect(moved.cache.entries[0]).toMatchObject({ cursor: null, surfaced: false });
    // A change that leaves the time alone (a comment, say) leaves the row where it is.
    const still = applyEvent(cache, event(row(3, 'three'), true, 6), 10);
    expect(still.change).toBe('updated');
    expect(ids(still.cache)).toEqual(ids(cache));
  });

  it('trusts events over a page that was on its way when they arrived', () => {
    const server = new FakeServer(6);
    let cache = readAll(server, emptyCache(order), { start: 0, end: 2 });
    const plan = planFetch(cache, { start: 0, end: 5 }, pageSize)!;
    const page = server.read(plan); // p4…p6, as they were
    // Meanwhile p4 leaves and p5 changes.
    const during = [event(row(4), false, 10), event(row(5, 'five, changed'), true, 11)];
    for (const e of during) cache = applyEvent(cache, e, 5).cache;
    cache = mergeExtend(cache, page, 2, during);
    expect(ids(cache)).toEqual(['p5', 'p1', 'p2', 'p3', 'p6']);
    expect(cache.entries[0]!.row!.label).toBe('five, changed');
  });

  it('gives skipped-over entries their rows from events, and drops one the server no longer has', () => {
    const server = new FakeServer(12);
    let cache = readAll(server, emptyCache(order), { start: 9, end: 11 });
    expect(cache.entries[4]!.row).toBeNull();
    // p5 changed (its event brings its row), p6 left while nobody was looking at it (no event yet).
    server.put(row(5, 'five'));
    cache = applyEvent(cache, event(row(5, 'five'), true, 3), 30).cache;
    expect(cache.entries[4]!.row!.label).toBe('five');
    server.remove('p6');
    cache = readAll(server, cache, { start: 0, end: 12 });
    expect(ids(cache)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p7', 'p8', 'p9', 'p10', 'p11', 'p12']);
    expect(cache.entries.every((entry) => entry.row !== null)).toBe(true);
  });

  it('looks further when more rows than a page entered just before an entry it skipped over', () => {
    const server = new FakeServer(6, 10);
    let cache = readAll(server, emptyCache(order), { start: 4, end: 6 });
    expect(ids(cache)).toEqual(['p10', 'p20', 'p30', 'p40', 'p50', 'p60']);
    expect(cache.entries[0]!.row).toBeNull();
    // Four rows enter between p10 and p20 at once (a bulk move into the filtered stage).
    for (const n of [11, 12, 13, 14]) {
      server.put(row(n));
      cache = applyEvent(cache, event(row(n), true, n), n).cache;
    }
    cache = readAll(server, cache, { start: 0, end: 12 });
    expect(ids(cache)).toEqual(['p14', 'p13', 'p12', 'p11', 'p10', 'p20', 'p30', 'p40', 'p50', 'p60']);
    expect(cache.entries.every((entry) => entry.row !== null)).toBe(true);
  });

  it('keeps the newest count: one asked before a local change is ignored', () => {
    let cache = { ...emptyCache<Row>(order), total: 10, totalStamp: 5 };
    cache = acceptTotal(cache, 11, 4);
    expect(cache.total).toBe(10);
    cache = acceptTotal(cache, 12, 6);
    expect(cache).toMatchObject({ total: 12, totalStamp: 6 });
  });

  it('stays exactly the server\'s list through a day of random changes (a simulation)', () => {
    const random = seeded(20190708);
    const server = new FakeServer(40, 10);
    let cache = emptyCache<Row>(order);
    let sequence = 0;
    let stamp = 0;
    let next = 410;
    for (let step = 0; step < 400; step += 1) {
      const start = Math.floor(random() * 45);
      const plan = planFetch(cache, { start, end: start + 4 }, pageSize);
      // A page is read while one or two changes happen on the server (and their events arrive).
      const page = plan ? server.read(plan) : null;
      const readAt = ++stamp;
      const during: QueueEvent<Row>[] = [];
      for (let changes = Math.floor(random() * 3); changes > 0; changes -= 1) {
        const pick = server.rows[Math.floor(random() * server.rows.length)];
        const roll = random();
        let e: QueueEvent<Row>;
        if (roll < 0.3 && pick) {
          server.remove(pick.id);
          e = event(pick, false, ++sequence);
        } else if (roll < 0.45 || !pick) {
          const added = row(next++, 'new');
          server.put(added);
          e = event(added, true, ++sequence);
        } else if (roll < 0.6) {
          // An existing proposal enters the filter: its place is anywhere in the order.
          const entering = row(Math.floor(random() * 400) + 1, `entered ${sequence}`);
          server.put(entering);
          e = event(entering, true, ++sequence);
        } else {
          const changed = { ...pick, label: `changed ${sequence}` };
          server.put(changed);
          e = event(changed, true, ++sequence);
        }
        cache = applyEvent(cache, e, ++stamp).cache;
        during.push(e);
      }
      if (plan && page) {
        cache = plan.kind === 'extend' ? mergeExtend(cache, page, readAt, during) : mergeFill(cache, page, plan.id, readAt, during);
      }
      cache = acceptTotal(cache, server.rows.length, ++stamp);
    }
    cache = readAll(server, cache, { start: 0, end: 1000 });
    expect(new Set(ids(cache)).size).toBe(cache.entries.length);
    expect([...ids(cache)].sort()).toEqual(server.rows.map((r) => r.id).sort());
    expect(queueSize(cache)).toBe(server.rows.length);
    const current = new Map(server.rows.map((r) => [r.id, r.label]));
    expect(loadedRows(cache).every((r) => current.get(r.id) === r.label)).toBe(true);
  });
});

const order: Order = 'OLDEST';

/** A small deterministic random number generator (mulberry32), so the simulation is the same every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
