import { createSignal, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { followLive } from '../live.ts';
import { NotificationsChangedSubscription, UnreadCountQuery } from './inbox-query.ts';
import { strings } from './strings.ts';

/** The header's 通知 link with my unread count, kept live by `notificationsChanged`. */
export function InboxBadge() {
  const [query, refetch] = createQuery({ query: UnreadCountQuery, requestPolicy: 'cache-and-network' });
  const [live, setLive] = createSignal<number>();
  const count = () => live() ?? query.data?.me?.unreadNotificationCount ?? 0;
  followLive({ query: NotificationsChangedSubscription, since: () => query.data?.logPosition }, (event) => {
    if (event) setLive(event.notificationsChanged.unreadNotificationCount);
    else refetch({ requestPolicy: 'network-only' });
  });
  return (
    <A href="/inbox" class="inbox-link" activeClass="active" aria-label={strings().badge(count())}>
      {strings().heading}
      <Show when={count() > 0}>
        <span class="inbox-count" aria-hidden="true" data-testid="unread-count">
          {count()}
        </span>
      </Show>
    </A>
  );
}
