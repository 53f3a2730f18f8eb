import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EphemeralMessage, EventBus } from '../events/bus.ts';
import { createInProcessBus } from '../events/in-process.ts';
import { type PresenceOptions, PresenceService } from './service.ts';

/**
 * Two presence services on one bus are two server processes: what one's viewers do reaches the
 * other, and a process that stops announcing (it died) disappears after the TTL.
 */
const options: PresenceOptions = { ttlMs: 15_000, heartbeatMs: 5_000, typingTtlMs: 8_000 };
const proposal = 7;
const thread = { threadId: 3, internal: false };

/** A process's link to the shared bus; cutting it is the process dying without a word. */
function linkTo(bus: EventBus): { cut: boolean; bus: EventBus } {
  const link = {
    cut: false,
    bus: {
      ...bus,
      publishEphemeral: (message: EphemeralMessage) => {
        if (!link.cut) bus.publishEphemeral(message);
      },
    },
  };
  return link;
}

let services: PresenceService[] = [];

function processOn(bus: EventBus): PresenceService {
  const service = new PresenceService(bus, options);
  services.push(service);
  return service;
}

/** Opens a presence watch (a subscription) and returns how to leave. */
async function look(service: PresenceService, userId: number) {
  const iterator = service.watch({ userId, displayName: `用户${userId}` }, proposal, (people) => people);
  await iterator.next();
  return { next: () => iterator.next(), leave: () => iterator.return(undefined) };
}

const lookers = (service: PresenceService) => service.view(proposal).map((person) => person.userId);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  services.forEach((service) => service.close());
  services = [];
  vi.useRealTimers();
});

describe('presence across processes', () => {
  it("shows each process's viewers to the other, and a leaving one at once", async () => {
    const bus = createInProcessBus();
    const [a, b] = [processOn(bus), processOn(bus)];
    const first = await look(a, 1);
    const second = await look(b, 2);
    expect(lookers(a)).toEqual([1, 2]);
    expect(lookers(b)).toEqual([1, 2]);
    expect((await first.next()).value).toMatchObject([{ userId: 1 }, { userId: 2 }]);
    await second.leave();
    expect(lookers(a)).toEqual([1]);
    expect((await first.next()).value).toMatchObject([{ userId: 1 }]);
  });

  it('applies typing on the process that holds the connection, wherever setTyping arrived, and expires it', async () => {
    const bus = createInProcessBus();
    const [a, b] = [processOn(bus), processOn(bus)];
    await look(a, 1);
    b.setTyping(1, proposal, thread, true);
    expect(b.view(proposal)).toEqual([{ userId: 1, displayName: '用户1', typing: thread }]);
    // Renewed after 5 s: still there 5 s later; then it goes out by itself.
    vi.advanceTimersByTime(5_000);
    b.setTyping(1, proposal, thread, true);
    vi.advanceTimersByTime(7_000);
    expect(a.view(proposal)[0]!.typing).toEqual(thread);
    vi.advanceTimersByTime(2_000);
    expect(a.view(proposal)[0]!.typing).toBeNull();
    expect(b.view(proposal)[0]!.typing).toBeNull();
  });

  it('stops typing only in the thread named', async () => {
    const bus = createInProcessBus();
    const a = processOn(bus);
    await look(a, 1);
    a.setTyping(1, proposal, thread, true);
    a.setTyping(1, proposal, { threadId: 4, internal: true }, false);
    expect(a.view(proposal)[0]!.typing).toEqual(thread);
    a.setTyping(1, proposal, thread, false);
    expect(a.view(proposal)[0]!.typing).toBeNull();
  });

  it("drops a dead process's viewers after the TTL, and not before", async () => {
    const bus = createInProcessBus();
    const dying = linkTo(bus);
    const [a, b] = [processOn(dying.bus), processOn(bus)];
    await look(a, 1);
    await look(b, 2);
    // Heartbeats keep a live process's viewers well past the TTL.
    vi.advanceTimersByTime(40_000);
    expect(lookers(b)).toEqual([1, 2]);
    dying.cut = true;
    vi.advanceTimersByTime(options.ttlMs - options.heartbeatMs);
    expect(lookers(b)).toEqual([1, 2]);
    vi.advanceTimersByTime(options.heartbeatMs + 1_000);
    expect(lookers(b)).toEqual([2]);
  });

  it("drops a process's viewers at once when it shuts down", async () => {
    const bus = createInProcessBus();
    const [a, b] = [processOn(bus), processOn(bus)];
    await look(a, 1);
    await look(a, 3);
    a.close();
    expect(lookers(b)).toEqual([]);
  });
});
