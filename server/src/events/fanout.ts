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

  constructor(private readonly memory = 10_000) {}

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
    for (const listener of this.listeners) listener(event);
  }
}
