import { createEffect, on } from 'solid-js';
import { createSubscription } from '@urql/solid';
import type { AnyVariables, DocumentInput } from '@urql/core';
import { reconnections } from './client.ts';

type MaybeAccessor<Value> = Value | (() => Value);

/**
 * Follows a live subscription: `onChange` runs with each event, and once with `undefined` after
 * the live connection comes back (events may have been missed while it was down, so the caller
 * refetches). Events carry ids, not rows: callers refetch what they show, or let graphcache update
 * the proposal the event names. Ends when the calling component unmounts.
 */
export function followLive<Data, Variables extends AnyVariables>(
  args: { query: DocumentInput<Data, Variables>; variables?: MaybeAccessor<Variables>; pause?: MaybeAccessor<boolean> },
  onChange: (event: Data | undefined) => void,
): void {
  createSubscription<Data, Data, Variables>(args, (_previous, event) => {
    onChange(event);
    return event;
  });
  createEffect(on(reconnections, () => onChange(undefined), { defer: true }));
}
