import { createEffect, createMemo, createSignal, createUniqueId, For, on, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import type { Visibility } from './comments-query.ts';
import { MentionableUsersQuery } from './comments-query.ts';
import { activeMention, insertMention, mentionName, narrowCandidates, type ActiveMention } from './mentions.ts';
import { commentStrings as t } from './strings.ts';

const caretKeys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
const verticalKeys = ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown'];
/** How many people the @mention list offers at once. */
const mentionListLength = 8;

/**
 * A comment text box that offers people to @mention: typing `@` opens a list of those who may read
 * the thread (asked of the API as the name is typed), ↑/↓ choose, Enter or Tab inserts, Escape
 * closes. An ARIA combobox: the list is announced and the active option followed by screen readers.
 */
export function MentionTextarea(props: {
  id: string;
  value: string;
  onInput: (value: string) => void;
  proposalId: string;
  /** Who may read the thread, and so who may be mentioned in it. */
  visibility: Visibility;
  /** The signed-in person, never offered. */
  myUserId: string;
  /** Ctrl/⌘ + Enter. */
  onSubmitShortcut: () => void;
  describedBy?: string | undefined;
  invalid?: boolean;
  ref?: (textarea: HTMLTextAreaElement) => void;
}) {
  const listId = createUniqueId();
  let textarea!: HTMLTextAreaElement;
  const [mention, setMention] = createSignal<ActiveMention | null>(null, {
    equals: (a, b) => a?.start === b?.start && a?.query === b?.query,
  });
  // A list closed with Escape stays closed for that `@`.
  const [dismissedAt, setDismissedAt] = createSignal<number | null>(null);
  const [active, setActive] = createSignal(0);

  const open = () => {
    const current = mention();
    return current !== null && current.start !== dismissedAt();
  };
  const [people] = createQuery({
    query: MentionableUsersQuery,
    variables: () => ({ proposalId: props.proposalId, visibility: props.visibility, search: mention()?.query || null }),
    pause: () => !open(),
  });
  // Until the API answers for the latest text, the previous answer narrowed to it. The list shows
  // the first few and never scrolls (a scrolled list would need its own place in the tab order,
  // while focus stays in the text box): typing more of a name narrows it.
  const candidates = createMemo(() =>
    narrowCandidates(people.data?.mentionableUsers ?? [], mention()?.query ?? '')
      .filter((user) => user.id !== props.myUserId)
      .slice(0, mentionListLength),
  );
  const expanded = open;
  const optionId = (index: number) => `${listId}-${index}`;
  createEffect(on(() => mention()?.query, () => setActive(0)));

  const follow = () => {
    const next = activeMention(textarea.value, textarea.selectionStart);
    // Out of the dismissed mention (its `@` deleted, say): a new `@` opens the list again.
    if (next === null) setDismissedAt(null);
    setMention(next);
  };

  const pick = (person: { displayName: string; username: string }) => {
    const current = mention();
    if (!current) return;
    const name = mentionName(person, people.data?.mentionableUsers ?? []);
    const next = insertMention(textarea.value, current, textarea.selectionStart, name);
    textarea.value = next.text;
    textarea.setSelectionRange(next.caret, next.caret);
    props.onInput(next.text);
    follow();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      props.onSubmitShortcut();
      return;
    }
    if (!expanded()) return;
    const count = candidates().length;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setDismissedAt(mention()?.start ?? null);
    } else if (count === 0) {
      return;
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
      event.preventDefault();
      pick(candidates()[Math.min(active(), count - 1)]!);
    }
  };

  return (
    <div class="mention-box">
      <textarea
        ref={(el) => {
          textarea = el;
          props.ref?.(el);
        }}
        id={props.id}
        rows={3}
        value={props.value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded()}
        aria-controls={listId}
        aria-activedescendant={expanded() && candidates().length > 0 ? optionId(active()) : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid ? 'true' : undefined}
        onInput={(event) => {
          props.onInput(event.currentTarget.value);
          follow();
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          // The caret moved; ↑/↓ move it only while no list is open (they choose in the list).
          if (caretKeys.includes(event.key) || (!expanded() && verticalKeys.includes(event.key))) follow();
        }}
        onClick={follow}
        onBlur={() => setMention(null)}
      />
      <div class="mention-popup" hidden={!expanded()}>
        <ul id={listId} role="listbox" aria-label={t().mention.listLabel}>
          <For each={candidates()}>
            {(user, index) => (
              <li
                id={optionId(index())}
                role="option"
                aria-selected={index() === active()}
                // mousedown, not click: the text box keeps focus and caret.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(user);
                }}
                onMouseMove={() => setActive(index())}
              >
                <span class="mention-name">{user.displayName}</span>
                <span class="muted">{user.unit.shortName}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={candidates().length === 0}>
          <p class="mention-empty muted">{people.fetching ? t().mention.searching : t().mention.none}</p>
        </Show>
      </div>
    </div>
  );
}
