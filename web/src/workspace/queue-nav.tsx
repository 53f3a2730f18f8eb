import { createMemo, onCleanup, onMount, Show } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { ResultOf } from '../graphql.ts';
import { sectionPaths } from '../navigation.ts';
import { queueKeyCommand } from '../review/queue-keys.ts';
import { loadQueuePlace, saveQueuePlace, searchParamsOf } from '../review/queue-place.ts';
import { parseQueueView, queueFilter } from '../review/queue-url.ts';
import { proposalPath, queueContextOf, queueContextSearch } from './proposal-address.ts';
import { workspaceStrings } from './strings.ts';
import { QueueNeighboursQuery } from './workspace-query.ts';

type Neighbour = ResultOf<typeof QueueNeighboursQuery>['next']['edges'][number];

/**
 * Opened from the review queue: 返回队列, and 上一条 / 下一条 (keys k / j) through the same queue,
 * under its filter and order. The server pages from the row's cursor; the web applies no filter.
 */
export function QueueNav(props: { proposal: { id: string; campaign: { id: string } } }) {
  const [search] = useSearchParams<{ queue?: string; at?: string }>();
  const navigate = useNavigate();
  const context = createMemo(() => queueContextOf(search));
  const queue = createMemo(() => {
    const current = context();
    if (!current) return null;
    const view = parseQueueView(searchParamsOf(current.queue));
    return { filter: queueFilter(view, props.proposal.campaign.id), order: view.order, at: current.at };
  });
  const [neighbours] = createQuery({
    query: QueueNeighboursQuery,
    variables: () => {
      const current = queue();
      return { filter: current?.filter ?? { campaignId: props.proposal.campaign.id }, orderBy: current?.order ?? 'OLDEST', at: current?.at ?? '' };
    },
    pause: () => !queue()?.at,
  });
  const next = () => neighbours.data?.next.edges[0];
  const previous = () => neighbours.data?.previous.edges[0];

  function go(neighbour: Neighbour | undefined, step: 1 | -1) {
    const current = queue();
    const ctx = context();
    if (!neighbour || !current || !ctx) return;
    // Back in the queue, the row with the keyboard is the one reached here.
    const place = loadQueuePlace(current.filter, current.order);
    if (place?.focus) saveQueuePlace(current.filter, current.order, { ...place, focus: { index: Math.max(0, place.focus.index + step), id: neighbour.node.id } });
    navigate(proposalPath(neighbour.node) + queueContextSearch({ queue: ctx.queue, at: neighbour.cursor }));
  }

  function onKeyDown(event: KeyboardEvent) {
    const command = queueKeyCommand({
      key: event.key,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      defaultPrevented: event.defaultPrevented,
      target: event.target instanceof HTMLElement ? event.target : null,
    });
    if (command !== 'next' && command !== 'previous') return;
    const neighbour = command === 'next' ? next() : previous();
    if (!neighbour) return;
    event.preventDefault();
    go(neighbour, command === 'next' ? 1 : -1);
  }
  onMount(() => {
    document.addEventListener('keydown', onKeyDown);
    onCleanup(() => document.removeEventListener('keydown', onKeyDown));
  });

  const t = () => workspaceStrings().queueNav;
  return (
    <Show when={context()}>
      {(current) => (
        <nav class="queue-nav" aria-label={t().label}>
          <A href={`${sectionPaths.queue}${current().queue ? `?${current().queue}` : ''}`}>← {t().back}</A>
          <button type="button" disabled={!previous()} onClick={() => go(previous(), -1)}>
            {t().previous}
          </button>
          <button type="button" disabled={!next()} onClick={() => go(next(), 1)}>
            {t().next}
          </button>
          <span class="muted">{t().keys}</span>
        </nav>
      )}
    </Show>
  );
}
