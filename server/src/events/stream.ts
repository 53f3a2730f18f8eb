import type { Viewer } from '../accounts/permissions.ts';
import { canSeeEvent } from '../activity/visibility.ts';
import type { Context } from '../context.ts';
import { DevolveError } from '../errors.ts';
import type { ChangeEvent } from './change-event.ts';
import type { StreamEnd } from './live-streams.ts';
import { eventsAfter } from './log.ts';

export interface StreamOptions {
  /** Resume after this log position: every later event is delivered first, in order, once. */
  since?: number | null | undefined;
  /** Which events this subscription is about (before authorization). */
  where: (event: ChangeEvent) => boolean;
}

/**
 * How far back `since` may reach, in log positions. Further back, replaying costs more than the
 * client refetching its page: REFETCH_REQUIRED says so.
 */
export const maxResumeEvents = 10_000;

/** Live events held for a slow subscriber; past this it reads them back from the log instead. */
const maxBufferedEvents = 1_000;

/**
 * The events a subscriber may see, in log order, each once, for as long as the viewer's session
 * or token lasts (LiveStreams). With `since`, the log is read first, a page at a time as the
 * subscriber takes events; then live events. One high-water mark (the last position looked at)
 * drops whatever the log read and the live fan-out both bring, and says where to read from when
 * a slow subscriber's buffer overflows, so nothing is skipped and nothing repeats. A failed read
 * or audience lookup ends this stream with an error, never the process.
 */
export function eventStream(ctx: Context, options: StreamOptions): AsyncIterable<ChangeEvent | StreamEnd> {
  const viewer = ctx.viewer;
  if (!viewer) throw new Error('eventStream needs a signed-in viewer (authScopes)');
  const { since } = options;
  if (since != null && ctx.events.fanout.highestId - since > maxResumeEvents) throw new RefetchRequiredError(maxResumeEvents);
  return ctx.streams.follow(viewer, new EventIterator(ctx, viewer, options));
}

/**
 * eventStream's events, pulled one at a time. Written out rather than a Repeater: with thousands
 * of subscribers every promise a layer makes per event is paid thousands of times (see the
 * fan-out benchmark), and here a live event costs the wait for it and the `next` that returns it.
 * It listens from the first `next` until it ends: returned, or failed (the error is the rejection
 * of that `next`).
 */
class EventIterator implements AsyncIterableIterator<ChangeEvent> {
  /** Every event up to here has been looked at; null until the first live event (without `since`). */
  private last: number | null;
  /** The log holds events this stream has not looked at yet (catch-up, or the buffer overflowed). */
  private behind: boolean;
  private overflowed = false;
  private buffered: ChangeEvent[] = [];
  /** The catch-up read under way. */
  private reading: AsyncGenerator<ChangeEvent> | null = null;
  /** Wakes a `next` waiting for a live event. */
  private wake: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  /** The latest `next` under way, and how many wait behind one: events go out in order. */
  private pulling: Promise<IteratorResult<ChangeEvent>> | null = null;
  private queued = 0;

  constructor(
    private readonly ctx: Context,
    private readonly viewer: Viewer,
    private readonly options: StreamOptions,
  ) {
    this.last = options.since ?? null;
    this.behind = options.since != null;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  // Consumers take one event at a time (LiveStreams.follow), which costs nothing more.
  next(): Promise<IteratorResult<ChangeEvent>> {
    if (!this.pulling) return (this.pulling = this.pull());
    this.queued += 1;
    return (this.pulling = this.pulling.then(() => {
      this.queued -= 1;
      return this.pull();
    }));
  }

  return(): Promise<IteratorResult<ChangeEvent>> {
    this.stop();
    return Promise.resolve({ done: true, value: undefined });
  }

  private listen(): void {
    const { where } = this.options;
    this.unsubscribe = this.ctx.events.fanout.subscribe((event) => {
      this.last ??= event.id - 1;
      if (!where(event) || event.id <= this.last) return;
      if (this.buffered.length >= maxBufferedEvents) {
        this.buffered = [];
        this.behind = this.overflowed = true;
      }
      this.buffered.push(event);
      this.wake?.();
    });
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    void this.reading?.return(undefined);
    this.wake?.();
  }

  /** The next event the viewer may see, or the end once stopped. */
  private async pull(): Promise<IteratorResult<ChangeEvent>> {
    try {
      if (!this.unsubscribe && !this.stopped) this.listen();
      while (!this.stopped) {
        let event: ChangeEvent | null | undefined;
        if (this.behind && this.last !== null) {
          event = await this.readLog(this.last);
          if (this.stopped || !event) continue; // null: the read reached the log's end
          if (event.id <= this.last) continue;
          this.last = event.id;
          if (!this.options.where(event)) continue; // live events were sorted by the listener
        } else {
          event = this.buffered.shift();
          if (!event) {
            await new Promise<void>((resolve) => (this.wake = resolve));
            this.wake = null;
            continue;
          }
          if (event.id <= this.last!) continue; // the log read delivered it already
          this.last = event.id;
        }
        const visible = canSeeEvent(this.viewer, event, this.ctx.audience);
        if (visible === true || (visible !== false && (await visible))) return { done: false, value: event };
      }
      return { done: true, value: undefined };
    } catch (error) {
      this.stop();
      throw error;
    } finally {
      if (this.queued === 0) this.pulling = null;
    }
  }

  /**
   * The next logged event after `after`, or null once the read has reached the log's end: live
   * events committed after the read are in the buffer then, unless it overflowed meanwhile.
   */
  private async readLog(after: number): Promise<ChangeEvent | null> {
    if (!this.reading) {
      this.overflowed = false;
      this.reading = eventsAfter(this.ctx.db, after);
    }
    const item = await this.reading.next();
    if (!item.done) return item.value;
    this.reading = null;
    if (!this.overflowed) this.behind = false;
    return null;
  }
}

/** `since` is further back than the server replays: refetch the page, then subscribe from its position. */
export class RefetchRequiredError extends DevolveError {
  constructor(limit: number) {
    super(
      'REFETCH_REQUIRED',
      `无法从该位置续传（最多回溯 ${limit} 条变更）：请重新加载数据后再订阅`,
      `Cannot resume from that far back (at most ${limit} changes): refetch, then subscribe from the position returned`,
      { maxResumeEvents: limit },
    );
  }
}
