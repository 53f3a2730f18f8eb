import { createUniqueId, Show, type JSX } from 'solid-js';
import { CharCounter } from '../forms/char-counter.tsx';
import { counterStrings } from '../forms/strings.ts';
import { overLimit, useTextLimits } from '../forms/text-limits.ts';
import type { MutationFailure } from '../mutation-outcome.ts';
import type { Visibility } from './comments-query.ts';
import { MentionTextarea } from './mention-textarea.tsx';
import { commentStrings as t } from './strings.ts';

/**
 * A comment form: its text box with @mentions and its counter against the server's limit
 * (Query.textLimits.comment; over it, nothing is sent), the failure of the last attempt in place
 * (the text stays), send and cancel / discard. New threads, replies and edits all use it; their
 * drafts are kept by the caller.
 */
export function Composer(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  proposalId: string;
  visibility: Visibility;
  myUserId: string;
  submitLabel: string;
  sending: boolean;
  failure: MutationFailure | null;
  onSubmit: () => void;
  /** Closes the form, discarding its draft. */
  onCancel?: (() => void) | undefined;
  /** Whether cancelling loses something ("放弃草稿" rather than "取消"); by default: any text. */
  dirty?: boolean;
  /** A decision shown above is pending (an edit conflict): no sending or cancelling from here. */
  blocked?: boolean;
  textareaRef?: (textarea: HTMLTextAreaElement) => void;
  /** Fields above the text (a new thread's anchor and visibility). */
  children?: JSX.Element;
}) {
  const id = createUniqueId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const counterId = `${id}-counter`;
  const textLimits = useTextLimits();
  const limit = () => textLimits()?.comment;
  const tooLong = () => overLimit(props.value, limit());
  const sendable = () => !props.sending && !props.blocked && props.value.trim() !== '' && !tooLong();
  const submit = () => {
    if (sendable()) props.onSubmit();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {props.children}
      <label class="composer-label" for={id}>
        {props.label}
      </label>
      <MentionTextarea
        id={id}
        value={props.value}
        onInput={props.onInput}
        proposalId={props.proposalId}
        visibility={props.visibility}
        myUserId={props.myUserId}
        onSubmitShortcut={submit}
        describedBy={[props.failure || tooLong() ? errorId : null, hintId, limit() === undefined ? null : counterId].filter(Boolean).join(' ')}
        invalid={props.failure?.field === 'input.body' || tooLong()}
        ref={props.textareaRef}
      />
      <CharCounter id={counterId} text={props.value} limit={limit()} />
      <Show when={!props.failure && tooLong() ? limit() : undefined}>
        {(max) => (
          <p class="composer-error" id={errorId}>
            {counterStrings().tooLong(max())}
          </p>
        )}
      </Show>
      <Show when={props.failure}>
        {(failure) => (
          <p class="composer-error" role="alert" id={errorId}>
            {failure().message()}
          </p>
        )}
      </Show>
      <div class="composer-actions">
        <button type="submit" class="primary" disabled={!sendable()}>
          {props.sending ? t().sending : props.submitLabel}
        </button>
        <Show when={!props.blocked && props.onCancel}>
          {(cancel) => (
            <button type="button" disabled={props.sending} onClick={() => cancel()()}>
              {(props.dirty ?? props.value !== '') ? t().discardDraft : t().cancel}
            </button>
          )}
        </Show>
        <span class="composer-hint muted" id={hintId}>
          {`${props.value === '' ? t().mention.hint : t().draftKept} · ${t().shortcut}`}
        </span>
      </div>
    </form>
  );
}
