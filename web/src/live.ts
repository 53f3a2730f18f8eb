import { createEffect, createSignal, on, untrack } from 'solid-js';
import { createSubscription, useClient } from '@urql/solid';
import type { AnyVariables, DocumentInput } from '@urql/core';
import { graphql } from './graphql.ts';

type MaybeAccessor<Value> = Value | (() => Value);

const read = <Value>(value: MaybeAccessor<Value>): Value => (typeof value === 'function' ? (value as () => Value)() : value);

/** Where the activity log is now: a subscription from here misses nothing committed later. */
export const LogPositionQuery = graphql(`
  query LogPosition {
    logPosition
  }
`);

/**
 * Follows a live subscription from a log position, so no change is missed between loading a page
 * and subscribing: `since` is the `logPosition` the page's own query returned (asked first in it,
 * so the data was read after it). Without one, this reads the position itself and then calls
 * `onChange(undefined)` so the caller reloads what it shows. After a dropped connection the
 * client resumes from the last event's `sequence` (client.ts), so nothing is refetched blindly;
 * only when the server answers REFETCH_REQUIRED (too far behind) does the caller reload, via
 * `onChange(undefined)`. Events carry ids, not rows: callers refetch what they show, or let
 * graphcache update the proposal the event names. Ends when the calling component unmounts.
 */
export function followLive<Data, Variables extends AnyVariables>(
  args: {
    query: DocumentInput<Data, Variables>;
    variables?: MaybeAccessor<Variables>;
    pause?: MaybeAccessor<boolean>;
    /** The `logPosition` of the query that loaded the page, once it has loaded. */
    since?: () => number | null | undefined;
  },
  onChange: (event: Data | undefined) => void,
): void {
  const client = useClient();
  const [from, setFrom] = createSignal<number>();
  const variables = () => read(args.variables ?? ({} as Variables));

  /** Reads the position, then has the caller reload: the reload sees everything before it. */
  async function resync(): Promise<void> {
    const result = await client.query(LogPositionQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (result.data) {
      setFrom(result.data.logPosition);
      onChange(undefined);
    }
  }

  // A new target (another proposal, say) starts from the position of the page that shows it.
  createEffect(
    on(
      () => JSON.stringify(variables()),
      () => {
        setFrom(undefined);
        if (!args.since) void resync();
      },
    ),
  );
  createEffect(() => {
    const since = args.since?.();
    if (since != null && untrack(from) === undefined) setFrom(since);
  });

  const [state] = createSubscription<Data, Data, Variables>(
    {
      query: args.query,
      variables: () => ({ ...variables(), since: from() }) as Variables,
      pause: () => read(args.pause ?? false) || from() === undefined,
    },
    (_previous, event) => {
      onChange(event);
      return event;
    },
  );
  createEffect(() => {
    if (state.error?.graphQLErrors.some((error) => error.extensions['code'] === 'REFETCH_REQUIRED')) {
      setFrom(undefined);
      void resync();
    }
  });
}
