import type { ChangeEvent } from './change-event.ts';

export type Listener = (event: ChangeEvent) => void;

/**
 * Delivers each event to this process's subscribers once, whichever way it arrived (published
 * here, LISTEN/NOTIFY, Redis, or a catch-up read of the activity log after a reconnect).
 */
export class Fanout {
  private readonly listeners = new Set<Listener>();
  /** Ids recently delivered, to drop the duplicates a catch-up read overlaps with. */
  private readonly seen = new Set<number>();
  private readonly seenOrder: number[] = [];
  /** The highest id delivered: where a catch-up read starts. */
  highestId = 0;
  /** Events waiting for their turn: each reaches every listener before the next one starts. */
  private readonly queue: ChangeEvent[] = [];
  private current: { event: ChangeEvent; listeners: Listener[]; next: number } | null = null;
  private draining = false;

  constructor(
    private readonly memory = 10_000,
    /** Listeners handed an event before yielding to the event loop. */
    private readonly batchSize = 200,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  deliver(event: ChangeEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    this.seenOrder.push(event.id);
    if (this.seenOrder.length > this.memory) this.seen.delete(this.seenOrder.shift()!);
    if (event.id > this.highestId) this.highestId = event.id;
    this.queue.push(event);
    if (!this.draining) this.drain();
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
    while (this.current || this.queue.length > 0) {
      this.current ??= { event: this.queue.shift()!, listeners: [...this.listeners], next: 0 };
      const { event, listeners, next } = this.current;
      const end = Math.min(next + this.batchSize, listeners.length);
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
}
