import { createSignal, For, Show } from 'solid-js';
import { createMutation } from '@urql/solid';
import { labels } from '../i18n/labels.ts';
import { outcomeOf, type MutationFailure } from '../mutation-outcome.ts';
import { createTypingNotifier, type PresenceEntry } from '../presence/presence.ts';
import { CommentItem, Time } from './comment-item.tsx';
import { ReopenThreadMutation, ReplyMutation, ResolveThreadMutation, type Thread } from './comments-query.ts';
import { Composer } from './composer.tsx';
import { createDraft, readBody, type DraftTarget } from './drafts.ts';
import { commentStrings as t } from './strings.ts';

/** The thread's field (理由, 设定依据, …) or 整条意见, and who may read it. */
export function ThreadTags(props: { thread: Thread }) {
  return (
    <>
      <span class="tag thread-anchor">
        {props.thread.anchor ? labels().anchor[props.thread.anchor] : t().wholeProposal}
      </span>
      <span class="thread-visibility" data-visibility={props.thread.visibility}>
        {labels().visibility[props.thread.visibility]}
      </span>
    </>
  );
}

/**
 * A thread's comments, who is typing in it, the reply form (its draft kept per thread) and
 * resolve / reopen. The caller frames it: an article while open, a collapsed details once resolved.
 */
export function CommentThreadView(props: {
  thread: Thread;
  /** Show the field and audience (a resolved thread's summary shows them already). */
  withTags: boolean;
  proposalId: string;
  myUserId: string;
  presence: readonly PresenceEntry[];
  now: Date;
  isFresh: (commentId: string) => boolean;
  draftKey: (target: DraftTarget) => string;
  onChanged: () => void;
  /** Resolved or reopened: the thread moves to the other list. */
  onStateChanged: (threadId: string, resolved: boolean) => void;
  announce: (message: string) => void;
}) {
  const [reply, setReply] = createDraft(props.draftKey({ kind: 'reply', threadId: props.thread.id }), readBody);
  const [replying, setReplying] = createSignal(reply() !== null);
  const [sending, setSending] = createSignal(false);
  const [replyFailure, setReplyFailure] = createSignal<MutationFailure | null>(null);
  const [stateFailure, setStateFailure] = createSignal<MutationFailure | null>(null);
  const [changingState, setChangingState] = createSignal(false);
  const [, replyToThread] = createMutation(ReplyMutation);
  const [, resolveThread] = createMutation(ResolveThreadMutation);
  const [, reopenThread] = createMutation(ReopenThreadMutation);
  const typing = createTypingNotifier(
    () => props.proposalId,
    () => props.thread.id,
  );
  let replyButton: HTMLButtonElement | undefined;
  let replyBox: HTMLTextAreaElement | undefined;

  const canPost = () => props.thread.viewerCan.reply;
  const typers = () =>
    props.presence
      .filter((entry) => entry.typingInThreadId === props.thread.id && entry.user.id !== props.myUserId)
      .map((entry) => entry.user.displayName);

  const openReply = () => {
    setReplying(true);
    replyBox?.focus();
  };
  const closeReply = () => {
    setReply(null);
    setReplyFailure(null);
    setReplying(false);
    typing.stop();
    replyButton?.focus();
  };
  const sendReply = async () => {
    const body = reply()?.body ?? '';
    setSending(true);
    setReplyFailure(null);
    const response = await replyToThread({ input: { threadId: props.thread.id, body } });
    setSending(false);
    const outcome = outcomeOf(response, response.data?.replyToThread, 'Comment');
    if (!outcome.ok) {
      setReplyFailure(outcome);
      return;
    }
    closeReply();
    props.announce(t().reply.posted);
    props.onChanged();
  };

  const changeState = async () => {
    const input = { input: { threadId: props.thread.id, expectedVersion: props.thread.version } };
    const resolving = !props.thread.resolved;
    setChangingState(true);
    setStateFailure(null);
    const response = resolving ? await resolveThread(input) : await reopenThread(input);
    setChangingState(false);
    const data = response.data;
    const member = data && ('resolveThread' in data ? data.resolveThread : data.reopenThread);
    const outcome = outcomeOf(response, member, 'CommentThread');
    if (!outcome.ok) {
      setStateFailure(outcome);
      // Changed meanwhile (ConflictError) or already done elsewhere: show it as it is now.
      props.onChanged();
      return;
    }
    props.announce(resolving ? t().resolvedNotice : t().reopenedNotice);
    props.onStateChanged(props.thread.id, resolving);
  };

  return (
    <>
      <div class="thread-head">
        <Show when={props.withTags}>
          <ThreadTags thread={props.thread} />
        </Show>
        <Show when={props.thread.resolved && props.thread.resolvedBy}>
          {(by) => (
            <span class="muted">
              {t().resolvedBy(by().displayName)}
              <Show when={props.thread.resolvedAt}>
                {(at) => (
                  <>
                    {' · '}
                    <Time value={at()} now={props.now} />
                  </>
                )}
              </Show>
            </span>
          )}
        </Show>
      </div>

      <Show when={props.thread.comments.pageInfo.hasPreviousPage}>
        <p class="muted">{t().earlierComments}</p>
      </Show>
      <ol class="comments">
        <For each={props.thread.comments.nodes}>
          {(comment) => (
            <li>
              <CommentItem
                comment={comment}
                visibility={props.thread.visibility}
                canEdit={comment.author.id === props.myUserId && canPost()}
                editDraftKey={props.draftKey({ kind: 'edit', commentId: comment.id })}
                proposalId={props.proposalId}
                myUserId={props.myUserId}
                now={props.now}
                fresh={props.isFresh(comment.id)}
                onTyping={typing}
                onChanged={props.onChanged}
                announce={props.announce}
              />
            </li>
          )}
        </For>
      </ol>

      <p class="thread-typing muted">{typers().length > 0 ? t().typing(typers()) : ''}</p>

      <Show when={canPost() && replying()}>
        <Composer
          label={t().reply.label}
          value={reply()?.body ?? ''}
          onInput={(body) => {
            setReply({ body });
            typing();
          }}
          proposalId={props.proposalId}
          visibility={props.thread.visibility}
          myUserId={props.myUserId}
          submitLabel={t().reply.submit}
          sending={sending()}
          failure={replyFailure()}
          onSubmit={() => void sendReply()}
          onCancel={closeReply}
          textareaRef={(el) => (replyBox = el)}
        />
      </Show>

      <div class="thread-actions">
        <Show when={canPost() && !replying()}>
          <button type="button" ref={replyButton} onClick={openReply}>
            {t().reply.open}
          </button>
        </Show>
        <Show when={props.thread.viewerCan.resolve}>
          <button type="button" disabled={changingState()} onClick={() => void changeState()}>
            {changingState() ? t().changingState : props.thread.resolved ? t().reopen : t().resolve}
          </button>
        </Show>
        <Show when={stateFailure()}>
          {(failure) => (
            <p class="composer-error" role="alert">
              {failure().message()}
            </p>
          )}
        </Show>
      </div>
    </>
  );
}
