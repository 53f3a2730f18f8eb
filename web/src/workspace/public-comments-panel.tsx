import { createEffect, createMemo, createSignal, createUniqueId, For, on, Show } from 'solid-js';
import { createQuery, useClient } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import { CharCounter } from '../forms/char-counter.tsx';
import { useTextLimits } from '../forms/text-limits.ts';
import type { ResultOf } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { formatDateTime } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import { workspaceStrings as t } from './strings.ts';
import { ModeratePublicCommentsMutation, PublicCommentsQuery } from './workspace-query.ts';

type Loaded = Extract<NonNullable<ResultOf<typeof PublicCommentsQuery>['node']>, { __typename: 'Proposal' }>;
type Decision = 'ACCEPT' | 'DISMISS';

/**
 * 公众意见: the public's comments on this proposal with their status, for the team (`isTeam`, navigation.ts; the API shows
 * the team every comment and its contact). Reviewers and the coordinator select comments and accept
 * them (with an optional public reply) or dismiss them, all at once; accepting publishes, so each
 * decision is confirmed first. Refetched on every live event of the proposal (`refreshes`).
 */
export function PublicCommentsPanel(props: { proposalId: string; refreshes: () => number }) {
  const client = useClient();
  const s = () => t().publicComments;
  /** The server's limit of a public reply (Query.textLimits.publicCommentReply): the box stops there and counts. */
  const textLimits = useTextLimits();
  const replyLimit = () => textLimits()?.publicCommentReply;
  const id = createUniqueId();
  const [result, refetch] = createQuery({ query: PublicCommentsQuery, variables: () => ({ id: props.proposalId }) });
  createEffect(on(props.refreshes, () => refetch({ requestPolicy: 'network-only' }), { defer: true }));
  const proposal = createMemo<Loaded | undefined>((last) => {
    const node = result.data?.node;
    return node?.__typename === 'Proposal' ? node : last;
  });
  const comments = () => proposal()?.publicComments.nodes ?? [];
  const moderates = () => proposal()?.viewerCan.moderatePublicComments ?? false;

  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [reply, setReply] = createSignal('');
  const [confirming, setConfirming] = createSignal<Decision | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ ok: boolean; text: () => string } | null>(null);
  const chosen = () => comments().filter((comment) => selected().has(comment.id));

  const toggle = (commentId: string, on: boolean) =>
    setSelected((now) => {
      const next = new Set(now);
      if (on) next.add(commentId);
      else next.delete(commentId);
      return next;
    });

  async function decide(decision: Decision): Promise<void> {
    const ids = chosen().map((comment) => comment.id);
    setBusy(true);
    const text = reply().trim();
    const response = await client
      .mutation(ModeratePublicCommentsMutation, { input: { commentIds: ids, decision, reply: decision === 'ACCEPT' && text ? text : null } })
      .toPromise();
    setBusy(false);
    const outcome = outcomeOf(response, response.data?.moderatePublicComments, 'ModeratePublicCommentsPayload');
    if (!outcome.ok) {
      setMessage({ ok: false, text: outcome.message });
      return;
    }
    setConfirming(null);
    setSelected(new Set<string>());
    setReply('');
    setMessage({ ok: true, text: () => s().done(ids.length) });
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section class="card public-comments" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        {s().heading}
        <Show when={proposal()?.unansweredPublicCommentCount}>
          {(n) => <span class="status" data-status="RECEIVED"> · {s().unanswered(n())}</span>}
        </Show>
      </h2>
      <Show when={result.error && !proposal()}>
        <ErrorNotice error={result.error!} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </Show>
      <Show when={proposal()} fallback={<Show when={!result.error}><p class="muted">{common().loading}</p></Show>}>
        <Show when={comments().length > 0} fallback={<p class="muted">{s().none}</p>}>
          <ol class="public-comment-list">
            <For each={comments()}>
              {(comment) => (
                <li class="public-comment" data-status={comment.status}>
                  <p class="muted small">
                    <Show when={moderates()}>
                      <input
                        type="checkbox"
                        aria-label={s().select(comment.authorName ?? s().anonymous)}
                        checked={selected().has(comment.id)}
                        onChange={(event) => toggle(comment.id, event.currentTarget.checked)}
                      />{' '}
                    </Show>
                    <span class="status" data-status={comment.status}>
                      {labels().publicCommentStatus[comment.status]}
                    </span>
                    {' · '}
                    {comment.authorName ?? s().anonymous} · <time dateTime={comment.receivedAt}>{formatDateTime(comment.receivedAt)}</time>
                    <Show when={comment.moderatedBy}>{(by) => <> · {s().moderatedBy(by().displayName)}</>}</Show>
                  </p>
                  {/* Text as the public wrote it: never HTML. */}
                  <p class="public-comment-body">{comment.body}</p>
                  <Show when={comment.contact}>
                    {(contact) => (
                      <p class="small">
                        {s().contact}：{contact()}
                      </p>
                    )}
                  </Show>
                  <Show when={comment.reply}>
                    {(text) => (
                      <p class="public-comment-reply">
                        <strong>{s().reply}：</strong>
                        {text()}
                      </p>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={proposal()?.publicComments.pageInfo.hasNextPage}>
          <p class="muted small">{s().more}</p>
        </Show>
        <Show when={message()}>
          {(shown) => (
            <p class={shown().ok ? 'notice' : 'error'} role={shown().ok ? 'status' : 'alert'}>
              {shown().text()}
            </p>
          )}
        </Show>
        <Show when={moderates() && chosen().length > 0}>
          <div class="public-comment-moderation" role="group" aria-label={s().selected(chosen().length)}>
            <p>
              <strong>{s().selected(chosen().length)}</strong>
            </p>
            <label for={`${id}-reply`}>{s().replyLabel}</label>
            <textarea
              id={`${id}-reply`}
              rows={3}
              maxLength={replyLimit()}
              value={reply()}
              aria-describedby={replyLimit() === undefined ? undefined : `${id}-reply-counter`}
              onInput={(event) => setReply(event.currentTarget.value)}
            />
            <CharCounter id={`${id}-reply-counter`} text={reply()} limit={replyLimit()} />
            <Show
              when={confirming()}
              fallback={
                <div class="form-actions">
                  <button type="button" class="primary" onClick={() => setConfirming('ACCEPT')}>
                    {s().accept}
                  </button>
                  <button type="button" onClick={() => setConfirming('DISMISS')}>
                    {s().dismiss}
                  </button>
                </div>
              }
            >
              {(decision) => (
                <div class="confirm-step" role="group" aria-labelledby={`${id}-confirm`}>
                  <p id={`${id}-confirm`}>
                    <strong>{decision() === 'ACCEPT' ? s().confirmAccept(chosen().length) : s().confirmDismiss(chosen().length)}</strong>
                  </p>
                  <div class="form-actions">
                    <button type="button" class="primary" disabled={busy()} onClick={() => void decide(decision())}>
                      {s().confirm}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t().cancel}
                    </button>
                  </div>
                </div>
              )}
            </Show>
          </div>
        </Show>
      </Show>
    </section>
  );
}
