import { Repeater } from '@repeaterjs/repeater';
import { canSeeEvent } from '../activity/visibility.ts';
import type { Context } from '../context.ts';
import type { ChangeEvent } from './change-event.ts';
import { eventsAfter } from './log.ts';

export interface StreamOptions {
  /** Resume after this log position: every later event is delivered first, in order, once. */
  since?: number | null | undefined;
  /** Which events this subscription is about (before authorization). */
  where: (event: ChangeEvent) => boolean;
}

/**
 * The events a subscriber may see, in log order, with no duplicates: with `since`, a catch-up
 * read of the activity log first, then live events. Live events arriving during the catch-up wait
 * in a buffer; those the read already delivered are dropped.
 */
export function eventStream(ctx: Context, options: StreamOptions): AsyncIterable<ChangeEvent> {
  return new Repeater<ChangeEvent>(async (push, stop) => {
    const fromLog = new Set<number>();
    let buffered: ChangeEvent[] | null = options.since != null ? [] : null;
    // Authorization may need a lookup and push waits for the subscriber to take the event: one
    // chain keeps deliveries in arrival order. Events the subscription is not about stay out of it
    // (every subscriber sees every event of the process).
    let chain: Promise<unknown> = Promise.resolve();
    const offer = (event: ChangeEvent) => {
      if (!options.where(event)) return;
      chain = chain.then(() => {
        const visible = canSeeEvent(ctx.viewer, event, ctx.audience);
        if (visible === true) return push(event);
        if (visible !== false) return visible.then((yes) => (yes ? push(event) : undefined));
        return undefined;
      });
    };
    const unsubscribe = ctx.events.fanout.subscribe((event) => (buffered ? buffered.push(event) : offer(event)));
    if (buffered && options.since != null) {
      for await (const event of eventsAfter(ctx.db, options.since)) {
        fromLog.add(event.id);
        offer(event);
      }
      const waiting = buffered;
      buffered = null;
      waiting.filter((event) => !fromLog.has(event.id)).forEach(offer);
      fromLog.clear();
    }
    await stop;
    unsubscribe();
  });
}
