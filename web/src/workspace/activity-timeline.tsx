import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { createQuery, useClient } from '@urql/solid';
import type { CombinedError } from '@urql/core';
import { ErrorNotice } from '../error-notice.tsx';
import type { ResultOf } from '../graphql.ts';
import { common } from '../i18n/labels.ts';
import { formatDateTime, formatRelative } from '../i18n/locale.ts';
import { activitySentence } from './activity-sentence.ts';
import { createRecentChanges } from './recent-changes.ts';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace } from './workspace-context.ts';
import { ActivityQuery } from './workspace-query.ts';

type ActivityPage = Extract<NonNullable<ResultOf<typeof ActivityQuery>['node']>, { __typename: 'Proposal' }>['activity'];
type Entry = ActivityPage['nodes'][number];

/**
 * The proposal's timeline, newest first, 10 at a time. The first page is fetched again after every
 * live event (`refreshes` ticks); older pages, loaded with "更多", stay. Entries never change once
 * written, so the two merge by log position.
 */
export function ActivityTimeline(props: { proposalId: string; refreshes: () => number }) {
  const ws = useWorkspace();
  const client = useClient();
  const [first, refetchFirst] = createQuery({ query: ActivityQuery, variables: () => ({ id: props.proposalId, after: null }) });
  createEffect(on(props.refreshes, () => refetchFirst({ requestPolicy: 'network-only' }), { defer: true }));

  const [older, setOlder] = createSignal<{ nodes: Entry[]; pageInfo: ActivityPage['pageInfo'] } | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<CombinedError>();

  const firstPage = createMemo<ActivityPage | undefined>((last) => {
    const node = first.data?.node;
    return node?.__typename === 'Proposal' ? node.activity : last;
  });
  const entries = createMemo(() => {
    const bySequence = new Map<number, Entry>();
    for (const entry of [...(firstPage()?.nodes ?? []), ...(older()?.nodes ?? [])]) bySequence.set(entry.sequence, entry);
    return [...bySequence.values()].sort((a, b) => b.sequence - a.sequence);
  });
  const oldestPageInfo = () => older()?.pageInfo ?? firstPage()?.pageInfo;
  const isNew = createRecentChanges(() => (firstPage() ? new Map(entries().map((e) => [e.sequence, ''])) : undefined));

  async function loadMore(): Promise<void> {
    const after = oldestPageInfo()?.endCursor;
    if (!after) return;
    setLoadingMore(true);
    setMoreError(undefined);
    const result = await client.query(ActivityQuery, { id: props.proposalId, after }, { requestPolicy: 'network-only' }).toPromise();
    setLoadingMore(false);
    const node = result.data?.node;
    if (node?.__typename !== 'Proposal') {
      setMoreError(result.error);
      return;
    }
    setOlder((loaded) => ({ nodes: [...(loaded?.nodes ?? []), ...node.activity.nodes], pageInfo: node.activity.pageInfo }));
  }

  return (
    <section class="card" aria-labelledby="activity-heading">
      <h2 id="activity-heading">{t().activity.heading}</h2>
      <Show
        when={firstPage()}
        fallback={
          <Show when={first.error} fallback={<p class="muted">{common().loading}</p>}>
            {(error) => <ErrorNotice error={error()} retry={() => refetchFirst({ requestPolicy: 'network-only' })} />}
          </Show>
        }
      >
        <ol class="timeline">
          <For each={entries()} fallback={<li class="muted">{t().activity.empty}</li>}>
            {(entry) => {
              const sentence = () => activitySentence(entry, { classificationLabel: ws.classificationLabel });
              return (
                <li classList={{ changed: isNew(entry.sequence) }}>
                  <span>{sentence().text}</span>
                  <Show when={sentence().detail}>{(detail) => <q class="detail">{detail()}</q>}</Show>
                  <time class="muted small" dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)}>
                    {formatRelative(entry.createdAt)}
                  </time>
                </li>
              );
            }}
          </For>
        </ol>
        <Show when={moreError()}>{(error) => <ErrorNotice error={error()} retry={() => void loadMore()} />}</Show>
        <Show when={oldestPageInfo()?.hasNextPage}>
          <button type="button" class="more-button" disabled={loadingMore()} onClick={() => void loadMore()}>
            {loadingMore() ? common().loading : t().activity.more}
          </button>
        </Show>
      </Show>
    </section>
  );
}
