import type { EventBus } from './bus.ts';
import { Fanout } from './fanout.ts';

/** The embedded database's bus: one process, so publishing is delivering. */
export function createInProcessBus(): EventBus {
  const fanout = new Fanout();
  return {
    kind: 'in-process',
    fanout,
    publishInTransaction: async () => {},
    publishAfterCommit: (events) => events.forEach((event) => fanout.deliver(event)),
    close: async () => {},
  };
}
