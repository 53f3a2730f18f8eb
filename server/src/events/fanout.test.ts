import { describe, expect, it, vi } from 'vitest';
import { commentEvent } from './testing.ts';
import { Fanout } from './fanout.ts';

const event = commentEvent;

const turnOfTheEventLoop = () => new Promise((resolve) => setImmediate(resolve));

describe('Fanout', () => {
  it('gives every listener every event once, in order, a batch of listeners at a time', async () => {
    const fanout = new Fanout({ batchSize: 3 });
    const received = Array.from({ length: 7 }, () => [] as number[]);
    received.forEach((ids) => fanout.subscribe((e) => ids.push(e.id)));
    for (const id of [1, 2, 1, 3]) fanout.deliver(event(id));
    // The first batch has the first event at once; the rest follow on later turns.
    expect(received.map((ids) => ids.length)).toEqual([1, 1, 1, 0, 0, 0, 0]);
    while (received.some((ids) => ids.length < 3)) await turnOfTheEventLoop();
    expect(received).toEqual(Array(7).fill([1, 2, 3]));
    expect(fanout.highestId).toBe(3);
  });

  it('does not call a listener that left while its batch waited', async () => {
    const fanout = new Fanout({ batchSize: 1 });
    const calls: string[] = [];
    fanout.subscribe(() => calls.push('first'));
    const leave = fanout.subscribe(() => calls.push('second'));
    fanout.deliver(event(1));
    leave();
    await turnOfTheEventLoop();
    await turnOfTheEventLoop();
    expect(calls).toEqual(['first']);
  });

  describe('with the activity log to fill gaps from', () => {
    /** The log as the database holds it; `reads` records each gap the fanout asked about. */
    function fanoutOver(logged: number[]) {
      const reads: [number, number][] = [];
      const fanout = new Fanout({
        readLogBetween: async (afterId, beforeId) => {
          reads.push([afterId, beforeId]);
          return logged.filter((id) => id > afterId && id < beforeId).map(event);
        },
      });
      const received: number[] = [];
      fanout.subscribe((e) => received.push(e.id));
      return { fanout, reads, received };
    }

    it('delivers an event that arrives ahead of a lower one only after that one, read from the log', async () => {
      const { fanout, reads, received } = fanoutOver([11, 12, 13]);
      fanout.startAt(10);
      fanout.deliver(event(13));
      expect(received).toEqual([]);
      // The lower ones arrive while the log is read: each still goes out once.
      fanout.deliver(event(12));
      await vi.waitFor(() => expect(received).toEqual([11, 12, 13]));
      fanout.deliver(event(11));
      fanout.deliver(event(14));
      await vi.waitFor(() => expect(received).toEqual([11, 12, 13, 14]));
      expect(reads).toEqual([[10, 13]]);
    });

    it('reads a gap once and moves on when the log has nothing there (a rolled-back transaction)', async () => {
      const { fanout, reads, received } = fanoutOver([1, 2, 5]);
      fanout.deliver(event(1));
      fanout.deliver(event(2));
      fanout.deliver(event(5));
      fanout.deliver(event(6));
      await vi.waitFor(() => expect(received).toEqual([1, 2, 5, 6]));
      expect(reads).toEqual([[2, 5]]);
    });

    it('reads a gap again after a failed read, and never skips it', async () => {
      const reads: [number, number][] = [];
      const fanout = new Fanout({
        retryMs: 1,
        readLogBetween: async (afterId, beforeId) => {
          reads.push([afterId, beforeId]);
          if (reads.length < 3) throw new Error('connection terminated');
          return [11, 12].filter((id) => id > afterId && id < beforeId).map(event);
        },
      });
      const received: number[] = [];
      fanout.subscribe((e) => received.push(e.id));
      fanout.startAt(10);
      fanout.deliver(event(13));
      fanout.deliver(event(14));
      await vi.waitFor(() => expect(received).toEqual([11, 12, 13, 14]));
      expect(reads).toEqual([[10, 13], [10, 13], [10, 13]]);
    });

    it('starts after the position it joined the log at, without reading history', async () => {
      const { fanout, reads, received } = fanoutOver([1, 2, 3]);
      fanout.startAt(3);
      fanout.deliver(event(4));
      expect(received).toEqual([4]);
      expect(reads).toEqual([]);
      expect(fanout.highestId).toBe(4);
    });
  });
});
