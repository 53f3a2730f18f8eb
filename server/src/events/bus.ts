import type { Tx } from '../activity/mutate.ts';
import type { ChangeEvent } from './change-event.ts';
import type { Fanout } from './fanout.ts';

export type EphemeralMessage = { kind: string } & Record<string, unknown>;

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
  /**
   * Ephemeral messages (presence, typing) for every process: never written to the activity log,
   * never replayed. A message is a small JSON object (under 1 KB).
   */
  publishEphemeral(message: EphemeralMessage): void;
  onEphemeral(listener: (message: EphemeralMessage) => void): () => void;
  close(): Promise<void>;
}
