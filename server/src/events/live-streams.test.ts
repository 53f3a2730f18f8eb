import type { Database } from '@devolve/db';
import { Repeater } from '@repeaterjs/repeater';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { viewerFor, type Viewer } from '../accounts/permissions.ts';
import { Fanout } from './fanout.ts';
import { LiveStreams, StreamEnd } from './live-streams.ts';

/** A database whose credential checks find exactly these session ids still valid. */
function databaseWithSessions(valid: number[]): Database {
  const chain = { from: () => chain, innerJoin: () => chain, where: () => Promise.resolve(valid.map((id) => ({ id }))) };
  return { select: () => chain } as unknown as Database; // only the credential check's chain is used
}

const inSession = (id: number, expiresInMs = 60 * 60 * 1000): Viewer => ({
  ...viewerFor(['reviewer'], 1),
  credential: { kind: 'session', id, expiresAt: new Date(Date.now() + expiresInMs).toISOString() },
});

/** A source that never ends by itself. */
const forever = () => new Repeater<string>(async (push, stop) => {
  await push('first');
  await stop;
});

const codeOf = (value: unknown) => (value instanceof StreamEnd ? value.error.extensions.code : value);

describe('LiveStreams', () => {
  it("ends the streams of a credential the periodic check no longer finds valid, and only those", async () => {
    const streams = new LiveStreams(databaseWithSessions([1]), new Fanout(), pino({ level: 'silent' }), { maxPerCredential: 5, recheckMs: 5 });
    const kept = streams.follow(inSession(1), forever())[Symbol.asyncIterator]();
    const ended = streams.follow(inSession(2), forever())[Symbol.asyncIterator]();
    expect((await kept.next()).value).toBe('first');
    expect((await ended.next()).value).toBe('first');
    expect(codeOf((await ended.next()).value)).toBe('UNAUTHENTICATED');
    expect((await ended.next()).done).toBe(true);
    expect(streams.countOf(inSession(2).credential)).toBe(0);
    expect(streams.countOf(inSession(1).credential)).toBe(1);
    await kept.return?.();
    expect(streams.countOf(inSession(1).credential)).toBe(0);
    streams.close();
  });

  it('ends a stream when its session expires', async () => {
    const streams = new LiveStreams(databaseWithSessions([1]), new Fanout(), pino({ level: 'silent' }), { maxPerCredential: 5 });
    const expiring = streams.follow(inSession(1, 50), forever())[Symbol.asyncIterator]();
    expect((await expiring.next()).value).toBe('first');
    expect(codeOf((await expiring.next()).value)).toBe('UNAUTHENTICATED');
    streams.close();
  });

  it('refuses one over the cap, and frees a place when a stream is returned before it started', async () => {
    const streams = new LiveStreams(databaseWithSessions([1]), new Fanout(), pino({ level: 'silent' }), { maxPerCredential: 1 });
    const first = streams.follow(inSession(1), forever())[Symbol.asyncIterator]();
    expect(() => streams.follow(inSession(1), forever())).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }));
    await first.return?.();
    expect(() => streams.follow(inSession(1), forever())).not.toThrow();
    streams.close();
  });

  it('ends a stream whose source fails with the masked error, then the end, and returns its waiting `next` when returned', async () => {
    const streams = new LiveStreams(databaseWithSessions([1]), new Fanout(), pino({ level: 'silent' }), { maxPerCredential: 5 });
    const failing = streams.follow(
      inSession(1),
      new Repeater<string>(async (push, stop) => {
        await push('first');
        stop(new Error('connection terminated'));
      }),
    )[Symbol.asyncIterator]();
    expect((await failing.next()).value).toBe('first');
    expect(codeOf((await failing.next()).value)).toBe('INTERNAL');
    expect((await failing.next()).done).toBe(true);

    let sourceReturned = false;
    const waiting = streams.follow(
      inSession(1),
      new Repeater<string>(async (_push, stop) => {
        await stop;
        sourceReturned = true;
      }),
    )[Symbol.asyncIterator]();
    const pending = waiting.next();
    expect(streams.countOf(inSession(1).credential)).toBe(1);
    await waiting.return?.();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(sourceReturned).toBe(true);
    expect(streams.countOf(inSession(1).credential)).toBe(0);
    streams.close();
  });
});
