import { createEffect, createSignal, createUniqueId, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { useLocation } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useSession } from '../accounts/session.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import { domainNow } from '../domain-clock.ts';
import type { EnumValue } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { followLive } from '../live.ts';
import type { PresenceEntry } from '../presence/presence.ts';
import { arrivalsFromOthers, authorsOf } from './arrivals.ts';
import { CommentThreadView, ThreadTags } from './comment-thread.tsx';
import { CommentsChangedSubscription, CommentThreadsQuery, type Thread } from './comments-query.ts';
import { draftKey, type DraftTarget } from './drafts.ts';
import { NewThreadForm } from './new-thread-form.tsx';
import { commentStrings as t } from './strings.ts';
// presence.css also holds `.visually-hidden` (styles.css has no such utility yet).
import './comments.css';

/** Relative times ("3 分钟前") move on by themselves. */
function createNow(everyMs = 30_000): () => Date {
  const [now, setNow] = createSignal(domainNow());
  const timer = setInterval(() => setNow(domainNow()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

/**
 * A proposal's discussion: its threads, open ones first and resolved ones collapsed below, each
 * with its comments, replies and typing indicator, and a form to start one. Live: every change to
 * the threads (by anyone) refetches them; comments from others are highlighted and announced.
 */
export function CommentThreads(props: {
  proposalId: string;
  presence: PresenceEntry[];
  composeAnchor: EnumValue<'CommentAnchor'> | null;
  onComposeAnchorHandled: () => void;
}) {
  const headingId = createUniqueId();
  const session = useSession();
  const me = () => session.me()?.user;
  const myUserId = () => me()?.id ?? '';
  const now = createNow();

  const [result, reexecute] = createQuery({
    query: CommentThreadsQuery,
    variables: () => ({ proposalId: props.proposalId }),
  });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  followLive(
    { query: CommentsChangedSubscription, variables: () => ({ proposalId: props.proposalId }), since: () => result.data?.logPosition },
    refetch,
  );

  const proposal = () => {
    const node = result.data?.node;
    return node && 'commentThreads' in node ? node : undefined;
  };
  const startVisibilities = () => proposal()?.viewerCan.startThread ?? [];
  const threads = (): readonly Thread[] => proposal()?.commentThreads.nodes ?? [];
  const open = () => threads().filter((thread) => !thread.resolved);
  const resolved = () => threads().filter((thread) => thread.resolved);
  const keyFor = (target: DraftTarget) => draftKey(myUserId(), props.proposalId, target);

  // What was announced last (new comments, "sent", "resolved"), for screen readers.
  const [announcement, setAnnouncement] = createSignal('');
  // Comments that arrived live from others: highlighted once, when they appear.
  const [fresh, setFresh] = createSignal<ReadonlySet<string>>(new Set());
  let known: Set<string> | null = null;
  createEffect(() => {
    if (!proposal()) return;
    const comments = threads().flatMap((thread) => thread.comments.nodes);
    if (known !== null) {
      const arrived = arrivalsFromOthers(known, comments, myUserId());
      if (arrived.length > 0) {
        setFresh((before) => new Set([...before, ...arrived.map((comment) => comment.id)]));
        setAnnouncement(t().newComments(authorsOf(arrived)));
      }
    }
    known = new Set(comments.map((comment) => comment.id));
  });

  // A resolved or reopened thread moves to the other list: focus follows it there, once it is drawn.
  let section!: HTMLElement;
  const [moved, setMoved] = createSignal<{ threadId: string; resolved: boolean } | null>(null);
  createEffect(() => {
    const target = moved();
    // Reads every thread's `resolved`: the store updates threads in place.
    open();
    if (!target) return;
    const thread = `[data-thread-id="${CSS.escape(target.threadId)}"]`;
    const element = section.querySelector<HTMLElement>(target.resolved ? `details${thread} > summary` : `article${thread}`);
    if (!element) return;
    setMoved(null);
    element.focus();
  });

  // A notification links here as #thread-<id>: that thread is opened, brought into view and focused once drawn.
  const location = useLocation();
  let shownHash = '';
  createEffect(() => {
    const hash = location.hash.replace(/^#/, '');
    open();
    resolved();
    if (!hash.startsWith('thread-') || hash === shownHash) return;
    const element = section.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(decodeURIComponent(hash.slice('thread-'.length)))}"]`);
    if (!element) return;
    shownHash = hash;
    if (element instanceof HTMLDetailsElement) element.open = true;
    element.scrollIntoView({ block: 'center' });
    element.focus();
  });

  const threadView = (thread: Thread, withTags = true) => (
    <CommentThreadView
      thread={thread}
      withTags={withTags}
      proposalId={props.proposalId}
      myUserId={myUserId()}
      presence={props.presence}
      now={now()}
      isFresh={(id) => fresh().has(id)}
      draftKey={keyFor}
      onChanged={refetch}
      onStateChanged={(threadId, nowResolved) => setMoved({ threadId, resolved: nowResolved })}
      announce={setAnnouncement}
    />
  );

  return (
    <section class="comment-threads" ref={section} aria-labelledby={headingId} aria-busy={result.fetching}>
      <h2 id={headingId}>
        {t().heading}
        <Show when={proposal()}>
          <span class="comment-threads-count muted">{t().openCount(open().length)}</span>
        </Show>
      </h2>
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>

      <Switch>
        <Match when={!proposal() && result.error}>
          {(error) => <ErrorNotice error={error()} retry={refetch} />}
        </Match>
        <Match when={!proposal()}>
          <p class="notice">{common().loading}</p>
        </Match>
        <Match when={true}>
          <Show when={startVisibilities().length > 0}>
            <NewThreadForm
              proposalId={props.proposalId}
              myUserId={myUserId()}
              visibilities={startVisibilities()}
              draftKey={keyFor({ kind: 'thread' })}
              composeAnchor={props.composeAnchor}
              onComposeAnchorHandled={props.onComposeAnchorHandled}
              onPosted={refetch}
              announce={setAnnouncement}
            />
          </Show>

          <Show when={threads().length === 0}>
            <p class="notice">{t().empty}</p>
          </Show>
          <Show when={proposal()?.commentThreads.pageInfo.hasPreviousPage}>
            <p class="muted">{t().earlierThreads}</p>
          </Show>

          <ol class="thread-list">
            <For each={open()}>
              {(thread) => (
                <li>
                  <article
                    class="thread"
                    tabindex="-1"
                    aria-label={threadLabel(thread)}
                    data-thread-id={thread.id}
                  >
                    {threadView(thread)}
                  </article>
                </li>
              )}
            </For>
          </ol>

          <Show when={resolved().length > 0}>
            <h3 class="resolved-heading">{t().resolvedHeading(resolved().length)}</h3>
            <ol class="thread-list">
              <For each={resolved()}>
                {(thread) => (
                  <li>
                    <details class="thread resolved" data-thread-id={thread.id}>
                      <summary>
                        <ThreadTags thread={thread} />
                        <span class="thread-count muted">{t().commentCount(thread.comments.nodes.length)}</span>
                        <span class="thread-summary-text">{thread.comments.nodes[0]?.body}</span>
                      </summary>
                      {threadView(thread, false)}
                    </details>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}

/** 理由 · 仅专班可见 · 张三 发起 */
function threadLabel(thread: Thread): string {
  const anchor = thread.anchor ? labels().anchor[thread.anchor] : t().wholeProposal;
  return [anchor, labels().visibility[thread.visibility], t().startedBy(thread.author.displayName)].join(' · ');
}
