import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from './change-event.ts';
import { Fanout } from './fanout.ts';

const event = (id: number): ChangeEvent => ({
  id,
  action: 'comment.created',
  entityType: 'comment',
  entityId: id,
  campaignId: 1,
  proposalId: 1,
  districtId: null,
  internal: false,
  actorId: null,
});

const turnOfTheEventLoop = () => new Promise((resolve) => setImmediate(resolve));

describe('Fanout', () => {
  it('gives every listener every event once, in order, a batch of listeners at a time', async () => {
    const fanout = new Fanout(100, 3);
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
    const fanout = new Fanout(100, 1);
    const calls: string[] = [];
    fanout.subscribe(() => calls.push('first'));
    const leave = fanout.subscribe(() => calls.push('second'));
    fanout.deliver(event(1));
    leave();
    await turnOfTheEventLoop();
    await turnOfTheEventLoop();
    expect(calls).toEqual(['first']);
  });
});
