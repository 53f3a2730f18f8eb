import type { Database } from '@devolve/db';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { viewerFor } from '../accounts/permissions.ts';
import type { Context } from '../context.ts';
import type { EventAudience } from './audience.ts';
import type { ChangeEvent } from './change-event.ts';
import { commentEvent } from './testing.ts';
import { Fanout } from './fanout.ts';
import { LiveStreams, StreamEnd } from './live-streams.ts';
import { eventStream } from './stream.ts';

const event = commentEvent;

/**
 * A database whose every select (the log reads of eventsAfter) answers `read()`: drizzle's query
 * builder chain, reduced to what eventsAfter calls.
 */
function databaseReading(read: () => Promise<ChangeEvent[]>): Database {
  const chain = { from: () => chain, where: () => chain, orderBy: () => chain, limit: read };
  return { select: () => chain } as unknown as Database; // only eventsAfter's chain is used
}

function setUp(options: { read?: () => Promise<ChangeEvent[]>; unitOf?: () => Promise<number | undefined>; team?: boolean }) {
  const fanout = new Fanout();
  const db = databaseReading(options.read ?? (() => Promise.resolve([])));
  const streams = new LiveStreams(db, fanout, pino({ level: 'silent' }), { maxPerCredential: 10 });
  const audience = {
    knownUnitOf: () => undefined,
    unitOf: options.unitOf ?? (() => Promise.resolve(1)),
  } as unknown as EventAudience; // canSeeEvent asks a submitter's proposals only
  const viewer = options.team ? viewerFor(['reviewer'], 1) : viewerFor(['submitter'], 1);
  const ctx = { db, viewer, events: { fanout }, audience, streams } as unknown as Context; // what eventStream reads
  /** LiveStreams' own listener is always there. */
  const listeners = () => fanout.subscriberCount - 1;
  return { fanout, ctx, streams, listeners };
}

const codeOf = (item: ChangeEvent | StreamEnd | undefined) => (item instanceof StreamEnd ? item.error.extensions.code : item);

describe('eventStream', () => {
  it('delivers an event that both the catch-up read and the fan-out bring once, in order', async () => {
    let answer!: (rows: ChangeEvent[]) => void;
    const { fanout, ctx } = setUp({ team: true, read: () => new Promise((resolve) => (answer = resolve)) });
    fanout.startAt(1);
    const iterator = eventStream(ctx, { since: 0, where: () => true })[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    // Committed while the log was being read: the read sees 1 and 2, the fan-out brings 2 and 3.
    fanout.deliver(event(2));
    fanout.deliver(event(3));
    answer([event(1), event(2)]);
    const ids = [await first, await iterator.next(), await iterator.next()].map((result) => (result.value as ChangeEvent).id);
    expect(ids).toEqual([1, 2, 3]);
    fanout.deliver(event(4));
    expect(((await iterator.next()).value as ChangeEvent).id).toBe(4);
    await iterator.return?.();
  });

  it('ends only the stream whose audience lookup fails, with INTERNAL, and stops listening', async () => {
    const { fanout, ctx, listeners } = setUp({ unitOf: () => Promise.reject(new Error('connection terminated')) });
    const iterator = eventStream(ctx, { where: () => true })[Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(listeners()).toBe(1);
    fanout.deliver(event(1));
    expect(codeOf((await next).value)).toBe('INTERNAL');
    expect((await iterator.next()).done).toBe(true);
    expect(listeners()).toBe(0);
  });

  it('ends the stream whose catch-up read fails, with INTERNAL, and stops listening', async () => {
    const { fanout, ctx, listeners } = setUp({ team: true, read: () => Promise.reject(new Error('connection terminated')) });
    fanout.startAt(5);
    const iterator = eventStream(ctx, { since: 2, where: () => true })[Symbol.asyncIterator]();
    expect(codeOf((await iterator.next()).value)).toBe('INTERNAL');
    expect((await iterator.next()).done).toBe(true);
    expect(listeners()).toBe(0);
  });

  it('reads the log again instead of buffering without bound when its subscriber falls behind', async () => {
    const logged = Array.from({ length: 1500 }, (_, i) => event(i + 1));
    let reads = 0;
    const { fanout, ctx } = setUp({
      team: true,
      // The log from where the stream last looked; the stream drops what it saw already.
      read: async () => {
        reads += 1;
        return reads === 1 ? logged.slice(0, 1000) : logged.slice(1000);
      },
    });
    const iterator = eventStream(ctx, { where: () => true })[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    for (const e of logged) fanout.deliver(e);
    const ids = [((await first).value as ChangeEvent).id];
    while (ids.length < logged.length) ids.push(((await iterator.next()).value as ChangeEvent).id);
    expect(ids).toEqual(logged.map((e) => e.id));
    expect(reads).toBeGreaterThan(0);
    await iterator.return?.();
  });
});
