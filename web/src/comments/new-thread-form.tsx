import { createEffect, createSignal, createUniqueId, For, on, Show } from 'solid-js';
import { createMutation } from '@urql/solid';
import type { EnumValue } from '../graphql.ts';
import { labels } from '../i18n/labels.ts';
import { outcomeOf, type MutationFailure } from '../mutation-outcome.ts';
import type { Visibility } from './comments-query.ts';
import { StartThreadMutation } from './comments-query.ts';
import { Composer } from './composer.tsx';
import { createDraft, readBody, type Draft } from './drafts.ts';
import { commentStrings as t } from './strings.ts';

type Anchor = EnumValue<'CommentAnchor'>;

/** A new thread being written: its field and audience are part of the draft. */
interface ThreadDraft extends Draft {
  anchor: Anchor | null;
  visibility: Visibility;
}

const isAnchor = (value: unknown): value is Anchor => typeof value === 'string' && value in labels().anchor;

/**
 * Starts a thread: the field it is about (or the whole proposal), who may read it (the team
 * chooses; a department's threads are shared) and the first comment. The draft, field and audience
 * included, survives reloads.
 */
export function NewThreadForm(props: {
  proposalId: string;
  myUserId: string;
  /** Allowed visibilities, the default first. */
  visibilities: readonly Visibility[];
  draftKey: string;
  /** Set from outside ("comment on this field"): select it and put the cursor in the text. */
  composeAnchor: Anchor | null;
  onComposeAnchorHandled: () => void;
  onPosted: () => void;
  announce: (message: string) => void;
}) {
  const id = createUniqueId();
  const readThreadDraft = (stored: unknown): ThreadDraft | null => {
    const draft = readBody(stored);
    if (!draft) return null;
    const anchor = isAnchor(draft['anchor']) ? draft['anchor'] : null;
    const visibility = props.visibilities.find((v) => v === draft['visibility']) ?? props.visibilities[0]!;
    return { body: draft.body, anchor, visibility };
  };
  const [draft, setDraft] = createDraft(props.draftKey, readThreadDraft);
  const current = (): ThreadDraft => draft() ?? { body: '', anchor: null, visibility: props.visibilities[0]! };
  const update = (patch: Partial<ThreadDraft>) => setDraft({ ...current(), ...patch });
  const [sending, setSending] = createSignal(false);
  const [failure, setFailure] = createSignal<MutationFailure | null>(null);
  const [, startThread] = createMutation(StartThreadMutation);
  let textarea: HTMLTextAreaElement | undefined;

  createEffect(
    on(
      () => props.composeAnchor,
      (anchor) => {
        if (anchor === null) return;
        update({ anchor });
        textarea?.scrollIntoView({ block: 'center' });
        textarea?.focus();
        props.onComposeAnchorHandled();
      },
    ),
  );

  const send = async () => {
    const { body, anchor, visibility } = current();
    setSending(true);
    setFailure(null);
    const response = await startThread({ input: { proposalId: props.proposalId, anchor, visibility, body } });
    setSending(false);
    const outcome = outcomeOf(response, response.data?.startCommentThread, 'CommentThread');
    if (!outcome.ok) {
      setFailure(outcome);
      return;
    }
    setDraft(null);
    props.announce(t().newThread.posted);
    props.onPosted();
  };

  return (
    <section class="new-thread" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t().newThread.heading}</h3>
      <Composer
        label={t().newThread.body}
        value={current().body}
        onInput={(body) => update({ body })}
        proposalId={props.proposalId}
        visibility={current().visibility}
        myUserId={props.myUserId}
        submitLabel={t().newThread.submit}
        sending={sending()}
        failure={failure()}
        onSubmit={() => void send()}
        onCancel={current().body === '' ? undefined : () => {
          setDraft(null);
          setFailure(null);
        }}
        textareaRef={(el) => (textarea = el)}
      >
        <div class="new-thread-fields">
          <label class="field">
            <span>{t().newThread.anchor}</span>
            <select onChange={(event) => update({ anchor: isAnchor(event.currentTarget.value) ? event.currentTarget.value : null })}>
              <option value="" selected={current().anchor === null}>
                {t().wholeProposal}
              </option>
              <For each={Object.entries(labels().anchor)}>
                {([value, label]) => (
                  <option value={value} selected={current().anchor === value}>
                    {label}
                  </option>
                )}
              </For>
            </select>
          </label>
          <Show
            when={props.visibilities.length > 1}
            fallback={
              <p class="field">
                <span>{t().newThread.visibility}</span>
                <span class="thread-visibility" data-visibility={current().visibility}>
                  {labels().visibility[current().visibility]}
                </span>
              </p>
            }
          >
            <label class="field">
              <span>{t().newThread.visibility}</span>
              <select
                onChange={(event) =>
                  update({ visibility: props.visibilities.find((v) => v === event.currentTarget.value) ?? current().visibility })
                }
              >
                <For each={props.visibilities}>
                  {(visibility) => (
                    <option value={visibility} selected={current().visibility === visibility}>
                      {labels().visibility[visibility]}
                    </option>
                  )}
                </For>
              </select>
            </label>
          </Show>
        </div>
      </Composer>
    </section>
  );
}
