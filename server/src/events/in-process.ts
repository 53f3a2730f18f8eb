import type { EphemeralMessage, EventBus } from './bus.ts';
import { Fanout } from './fanout.ts';

/** The embedded database's bus: one process, so publishing is delivering. */
export function createInProcessBus(fanout = new Fanout()): EventBus {
  const ephemeral = new Set<(message: EphemeralMessage) => void>();
  return {
    kind: 'in-process',
    fanout,
    publishAfterCommit: (events) => events.forEach((event) => fanout.deliver(event)),
    publishEphemeral: (message) => ephemeral.forEach((listener) => listener(message)),
    onEphemeral: (listener) => {
      ephemeral.add(listener);
      return () => ephemeral.delete(listener);
    },
    close: async () => {},
  };
}
