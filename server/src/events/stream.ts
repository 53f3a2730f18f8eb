import { Repeater } from '@repeaterjs/repeater';
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
  const fanout = ctx.events.fanout;
  const { since, where } = options;
  if (since != null && fanout.highestId - since > maxResumeEvents) throw new RefetchRequiredError(maxResumeEvents);

  const events = new Repeater<ChangeEvent>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => (stopped = true));
    /** Every event up to here has been looked at; null until the first live event (without `since`). */
    let last: number | null = since ?? null;
    /** The log holds events this stream has not looked at yet (catch-up, or the buffer overflowed). */
    let behind = since != null;
    let overflowed = false;
    let buffered: ChangeEvent[] = [];
    let wake: (() => void) | null = null;

    const unsubscribe = fanout.subscribe((event) => {
      last ??= event.id - 1;
      if (!where(event) || event.id <= last) return;
      if (buffered.length >= maxBufferedEvents) {
        buffered = [];
        behind = overflowed = true;
      }
      buffered.push(event);
      wake?.();
    });
    void stop.then(() => wake?.());

    /** Pushes the event if the viewer may see it; waits until the subscriber takes it. */
    const offer = async (event: ChangeEvent) => {
      const visible = canSeeEvent(viewer, event, ctx.audience);
      if (visible === true || (visible !== false && (await visible))) await push(event);
    };

    try {
      while (!stopped) {
        if (behind && last !== null) {
          overflowed = false;
          for await (const event of eventsAfter(ctx.db, last)) {
            if (stopped) break;
            if (event.id <= last) continue;
            last = event.id;
            if (where(event)) await offer(event);
          }
          // Events committed after the read are in the buffer, unless it overflowed meanwhile.
          if (!overflowed) behind = false;
          continue;
        }
        const event = buffered.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (event.id <= last!) continue; // the log read delivered it already
        last = event.id;
        await offer(event);
      }
    } catch (error) {
      stop(error);
    } finally {
      unsubscribe();
    }
  });
  return ctx.streams.follow(viewer, events);
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
