import type { ChangeEvent } from './change-event.ts';
import type { Fanout } from './fanout.ts';

export type EphemeralMessage = { kind: string } & Record<string, unknown>;

/**
 * One interface, three backends (in-process, PostgreSQL LISTEN/NOTIFY, Redis). The mutation
 * kernel NOTIFYs `notifyChannel` (if the backend has one) in its transaction and calls
 * `publishAfterCommit` after it; each backend uses the one that fits it.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'postgres' | 'redis';
  /** This process's subscribers. */
  readonly fanout: Fanout;
  /**
   * The PostgreSQL channel the mutation's activity insert NOTIFYs each event on, in the same
   * statement (activity/mutate.ts): delivered only if it commits, and no round trip of its own.
   */
  readonly notifyChannel?: string;
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
