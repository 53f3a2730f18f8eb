import type { ChangeEvent } from './change-event.ts';

export type Listener = (event: ChangeEvent) => void;

/** Reads the logged events with `afterId < id < beforeId`, in log order. */
export type ReadLogBetween = (afterId: number, beforeId: number) => Promise<ChangeEvent[]>;

/**
 * Delivers each event to this process's subscribers once and in log order, whichever way it
 * arrived (published here, LISTEN/NOTIFY, Redis, or a catch-up read of the activity log after a
 * reconnect).
 *
 * Activity rows commit in id order (the activity_commit_order trigger serializes the log's
 * tail), so once event N is visible, every event below N is committed or never will be. An event
 * that arrives ahead of a lower one (Redis carries each process's publishes on its own
 * connection, so two processes' events can cross) is therefore held until the log has been read
 * for the gap: the missing events go out first. Gaps left by rolled-back transactions cost one
 * empty read.
 */
export class Fanout {
  private readonly listeners = new Set<Listener>();
  /** Ids recently queued or delivered, to drop the duplicates a catch-up read overlaps with. */
  private readonly seen = new Set<number>();
  private readonly seenOrder: number[] = [];
  /** The highest id that arrived: where a catch-up read starts. */
  highestId = 0;
  /** Every event up to here has been handed to the listeners, or is not in the log. */
  private settledId = 0;
  /** Events waiting for their turn: each reaches every listener before the next one starts. */
  private readonly queue: ChangeEvent[] = [];
  private current: { event: ChangeEvent; listeners: Listener[]; next: number } | null = null;
  private draining = false;

  constructor(
    private readonly options: {
      /** Without it (unit tests of delivery alone), events go out in arrival order. */
      readLogBetween?: ReadLogBetween;
      /** How many delivered ids are remembered for dropping duplicates. */
      memory?: number;
      /** Listeners handed an event before yielding to the event loop. */
      batchSize?: number;
    } = {},
  ) {}

  /** Where this process joins the log: events up to `id` are history, not news. */
  startAt(id: number): void {
    this.highestId = Math.max(this.highestId, id);
    this.settledId = Math.max(this.settledId, id);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  deliver(event: ChangeEvent): void {
    if (!this.remember(event.id)) return;
    if (event.id > this.highestId) this.highestId = event.id;
    this.queue.push(event);
    if (!this.draining) this.drain();
  }

  /** False when the id was seen already. */
  private remember(id: number): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > (this.options.memory ?? 10_000)) this.seen.delete(this.seenOrder.shift()!);
    return true;
  }

  /**
   * Hands events to the listeners `batchSize` at a time, yielding to the event loop in between.
   * With thousands of subscribers, each batch is written to its sockets before the next starts,
   * instead of every delivery being in flight at once: in the fan-out benchmark the first
   * subscribers get an event sooner, and other requests (the mutation's own response) are not
   * queued behind all of them.
   */
  private drain(): void {
    this.draining = true;
    const batchSize = this.options.batchSize ?? 200;
    while (this.current || this.queue.length > 0) {
      if (!this.current) {
        const event = this.queue[0]!;
        if (this.options.readLogBetween && event.id > this.settledId + 1) {
          this.fillGap(this.options.readLogBetween, this.settledId, event.id);
          return;
        }
        this.queue.shift();
        this.settledId = Math.max(this.settledId, event.id);
        this.current = { event, listeners: [...this.listeners], next: 0 };
      }
      const { event, listeners, next } = this.current;
      const end = Math.min(next + batchSize, listeners.length);
      for (let i = next; i < end; i += 1) {
        // One that left while its batch waited is not called.
        if (this.listeners.has(listeners[i]!)) listeners[i]!(event);
      }
      if (end < listeners.length) {
        this.current.next = end;
        setImmediate(() => this.drain());
        return;
      }
      this.current = null;
    }
    this.draining = false;
  }

  /**
   * Moves the logged events between `afterId` and `beforeId` to the queue's head, in log order:
   * those that never arrived, and those that arrived while the log was being read.
   */
  private fillGap(read: ReadLogBetween, afterId: number, beforeId: number): void {
    // Not awaited: delivery of later events goes on meanwhile, and the chain cannot reject.
    void read(afterId, beforeId)
      .catch(() => [] as ChangeEvent[]) // the reader reports its own failures; delivery goes on
      .then((logged) => {
        const queued = new Set(this.queue.map((event) => event.id));
        const missing = logged.filter((event) => queued.has(event.id) || this.remember(event.id));
        const moved = new Set(missing.map((event) => event.id));
        const rest = this.queue.filter((event) => !moved.has(event.id));
        this.queue.splice(0, this.queue.length, ...missing, ...rest);
        this.settledId = Math.max(this.settledId, beforeId - 1);
        this.drain();
      });
  }
}
