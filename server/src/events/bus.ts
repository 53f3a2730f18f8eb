import type { Tx } from '../activity/mutate.ts';
import type { ChangeEvent } from './change-event.ts';
import type { Fanout } from './fanout.ts';

/**
 * One interface, three backends (in-process, PostgreSQL LISTEN/NOTIFY, Redis). The mutation
 * kernel calls both publish hooks; each backend implements the one that fits it.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'postgres' | 'redis';
  /** This process's subscribers. */
  readonly fanout: Fanout;
  /** Inside the mutation's transaction: PostgreSQL NOTIFY is delivered only if it commits. */
  publishInTransaction(tx: Tx, events: readonly ChangeEvent[]): Promise<void>;
  /** After the transaction committed. */
  publishAfterCommit(events: readonly ChangeEvent[]): void;
  close(): Promise<void>;
}
