import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { createMutation, createQuery } from '@urql/solid';
import { formatDateTime, formatRelative } from '../i18n/locale.ts';
import { outcomeOf, type MutationFailure } from '../mutation-outcome.ts';
import type { Visibility } from './comments-query.ts';
import { CommentRevisionsQuery, EditCommentMutation, type CommentData } from './comments-query.ts';
import { Composer } from './composer.tsx';
import { createDraft, readBody, type Draft } from './drafts.ts';
import { bodySegments } from './mentions.ts';
import { commentStrings as t } from './strings.ts';

/** 3 分钟前, with the full date and time on hover. */
export function Time(props: { value: string; now: Date }) {
  return (
    <time datetime={props.value} title={formatDateTime(props.value)}>
      {formatRelative(props.value, props.now)}
    </time>
  );
}

/** Plain text (never HTML), with the people the API resolved as mentions highlighted. */
export function CommentBody(props: { body: string; mentions: readonly { displayName: string; username: string }[] }) {
  const segments = () => bodySegments(props.body, props.mentions.flatMap((user) => [user.displayName, user.username]));
  return (
    <p class="comment-body">
      <For each={segments()}>
        {(segment) => (segment.mention ? <mark class="mention">{segment.text}</mark> : segment.text)}
      </For>
    </p>
  );
}

/** An edit in progress: the new text, and the version it was started from (expectedVersion). */
interface EditDraft extends Draft {
  baseVersion: number;
}

function readEditDraft(stored: unknown): EditDraft | null {
  const draft = readBody(stored);
  return draft && typeof draft['baseVersion'] === 'number' ? { body: draft.body, baseVersion: draft['baseVersion'] } : null;
}

/**
 * One comment: author, time, text, its edit history, and for its author an edit form whose draft
 * survives reloads. An edit made from a stale version is refused by the API (ConflictError): the
 * form then shows the comment as it is now and lets the author save theirs over it or drop it.
 */
export function CommentItem(props: {
  comment: CommentData;
  visibility: Visibility;
  canEdit: boolean;
  editDraftKey: string;
  proposalId: string;
  myUserId: string;
  now: Date;
  /** Arrived live from someone else: briefly highlighted. */
  fresh: boolean;
  onTyping: () => void;
  /** Something changed on the server: refetch the threads. */
  onChanged: () => void;
  announce: (message: string) => void;
}) {
  const [draft, setDraft] = createDraft(props.editDraftKey, readEditDraft);
  const [sending, setSending] = createSignal(false);
  const [failure, setFailure] = createSignal<MutationFailure | null>(null);
  const [showHistory, setShowHistory] = createSignal(false);
  // Loaded when opened, and again when the comment changes while open: an edit adds a revision.
  const [history, refetchHistory] = createQuery({
    query: CommentRevisionsQuery,
    variables: () => ({ id: props.comment.id }),
    pause: () => !showHistory(),
    requestPolicy: 'cache-and-network',
  });
  createEffect(
    on(
      () => props.comment.version,
      () => {
        if (showHistory()) refetchHistory({ requestPolicy: 'network-only' });
      },
      { defer: true },
    ),
  );
  const revisions = () => {
    const node = history.data?.node;
    return node?.__typename === 'Comment' ? node.revisions : undefined;
  };
  const [, editComment] = createMutation(EditCommentMutation);
  let textarea: HTMLTextAreaElement | undefined;
  let editButton: HTMLButtonElement | undefined;
  /** After a ConflictError: the comment's version now (versions start at 1, so it is truthy). */
  const conflictVersion = () => failure()?.currentVersion ?? null;

  const startEditing = () => {
    setDraft({ body: props.comment.body, baseVersion: props.comment.version });
    textarea?.focus();
  };
  const stopEditing = () => {
    setDraft(null);
    setFailure(null);
    editButton?.focus();
  };
  const save = async () => {
    const edit = draft();
    if (!edit) return;
    setSending(true);
    setFailure(null);
    const response = await editComment({
      input: { commentId: props.comment.id, body: edit.body, expectedVersion: edit.baseVersion },
    });
    setSending(false);
    const outcome = outcomeOf(response, response.data?.editComment, 'Comment');
    if (!outcome.ok) {
      setFailure(outcome);
      // Someone (the author elsewhere) changed it: fetch it as it is now, to show next to the draft.
      if (outcome.currentVersion !== null) props.onChanged();
      return;
    }
    stopEditing();
    props.announce(t().edit.saved);
  };
  /** Saves the draft over the comment's current version. */
  const saveOverCurrent = (currentVersion: number) => {
    const edit = draft();
    if (!edit) return;
    setDraft({ ...edit, baseVersion: currentVersion });
    void save();
  };

  return (
    <article class="comment" classList={{ fresh: props.fresh }}>
      <div class="comment-meta">
        <strong>{props.comment.author.displayName}</strong>
        <span class="muted">{props.comment.author.unit.shortName}</span>
        <span class="muted">·</span>
        <span class="muted">
          <Time value={props.comment.createdAt} now={props.now} />
        </span>
        <Show when={props.comment.edited}>
          <button
            type="button"
            class="link-button"
            aria-expanded={showHistory()}
            onClick={() => setShowHistory((shown) => !shown)}
          >
            {showHistory() ? t().hideHistory : t().history}
          </button>
        </Show>
      </div>

      <Show
        when={draft()}
        fallback={
          <>
            <CommentBody body={props.comment.body} mentions={props.comment.mentions} />
            <Show when={props.canEdit}>
              <button type="button" class="link-button" ref={editButton} onClick={startEditing}>
                {t().edit.open}
              </button>
            </Show>
          </>
        }
      >
        {(edit) => (
          <>
            <Show when={conflictVersion()}>
              {(currentVersion) => (
                <div class="comment-conflict" role="alert">
                  <p>{t().edit.conflict}</p>
                  <CommentBody body={props.comment.body} mentions={props.comment.mentions} />
                  <div class="composer-actions">
                    <button type="button" disabled={sending()} onClick={() => saveOverCurrent(currentVersion())}>
                      {t().edit.reapply}
                    </button>
                    <button type="button" disabled={sending()} onClick={stopEditing}>
                      {t().edit.discard}
                    </button>
                  </div>
                </div>
              )}
            </Show>
            <Composer
              label={t().edit.label}
              value={edit().body}
              onInput={(body) => {
                setDraft({ ...edit(), body });
                props.onTyping();
              }}
              proposalId={props.proposalId}
              visibility={props.visibility}
              myUserId={props.myUserId}
              submitLabel={t().edit.save}
              sending={sending()}
              failure={conflictVersion() === null ? failure() : null}
              blocked={conflictVersion() !== null}
              onSubmit={() => void save()}
              onCancel={stopEditing}
              dirty={edit().body !== props.comment.body}
              textareaRef={(el) => (textarea = el)}
            />
          </>
        )}
      </Show>

      <Show when={showHistory()}>
        <ol class="comment-history">
          <For each={revisions()?.nodes}>
            {(revision) => (
              <li>
                <p class="muted">{t().revision(revision.editedBy.displayName, formatDateTime(revision.editedAt))}</p>
                <p class="comment-body">{revision.body}</p>
              </li>
            )}
          </For>
        </ol>
        <Show when={revisions()?.pageInfo.hasNextPage}>
          <p class="muted">{t().earlierRevisions}</p>
        </Show>
      </Show>
    </article>
  );
}
