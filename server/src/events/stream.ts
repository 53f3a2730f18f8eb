import { Repeater } from '@repeaterjs/repeater';
import type { Context } from '../context.ts';
import { canSeeEvent } from './audience.ts';
import type { ChangeEvent } from './change-event.ts';
import { readEventsAfter } from './log.ts';

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
    // Authorization may need a lookup; one chain keeps deliveries in arrival order.
    let chain: Promise<void> = Promise.resolve();
    const offer = (event: ChangeEvent) => {
      chain = chain.then(async () => {
        if (!options.where(event) || !(await canSeeEvent(ctx.viewer, event, ctx.proposalUnits))) return;
        await push(event);
      });
    };
    const unsubscribe = ctx.events.fanout.subscribe((event) => (buffered ? buffered.push(event) : offer(event)));
    if (buffered && options.since != null) {
      let position = options.since;
      for (;;) {
        const page = await readEventsAfter(ctx.db, position);
        for (const event of page) {
          fromLog.add(event.id);
          offer(event);
        }
        if (page.length < 1000) break;
        position = page.at(-1)!.id;
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
