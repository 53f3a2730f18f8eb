import { createSignal, createUniqueId, For, type JSX, Show } from 'solid-js';
import { createMutation } from '@urql/solid';
import { CharCounter } from '../forms/char-counter.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { overLimit, useTextLimits } from '../forms/text-limits.ts';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import { SendReminderMutation } from './claims-handovers-query.ts';
import { strings } from './claims-handovers-strings.ts';

/**
 * What is wrong with a reason before it is sent, or undefined: it is required, and within the
 * server's limit on reasons and notes (`limit`: Query.textLimits.reason, checked once known).
 */
export function reasonMessage(text: string, limit: number | undefined): (() => string) | undefined {
  if (text.trim().length === 0) return () => strings().reasonRequired;
  return overLimit(text, limit) ? () => strings().tooLong(limit) : undefined;
}

/**
 * A labelled textarea with its error and its counter against the server's limit (`limit`, as given
 * to reasonMessage), for the reasons and notes of the claims and handover forms.
 */
export function ReasonField(props: {
  label: string;
  value: string;
  limit: number | undefined;
  error: (() => string) | undefined;
  onInput: (value: string) => void;
  ref?: (el: HTMLTextAreaElement) => void;
}) {
  const id = createUniqueId();
  return (
    <div class="form-field">
      <label for={id}>{props.label}</label>
      <FieldError id={id} message={props.error} />
      <textarea
        id={id}
        ref={(el) => props.ref?.(el)}
        rows="2"
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, { error: props.error, counter: props.limit !== undefined })}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <CharCounter id={`${id}-counter`} text={props.value} limit={props.limit} />
    </div>
  );
}

/** An inline form under a table row: named for assistive technology, with its buttons. */
export function RowForm(props: { label: string; error: (() => string) | undefined; onSubmit: () => void; children: JSX.Element }) {
  return (
    <form
      class="console-row-form"
      aria-label={props.label}
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <FormError message={props.error} />
    </form>
  );
}

/** A row form's buttons: send (the form's submit), any others (`children`), then 取消. */
export function FormButtons(props: { send: string; busy: boolean; onCancel: () => void; children?: JSX.Element }) {
  return (
    <div class="button-row">
      <button type="submit" class="primary" disabled={props.busy}>
        {props.send}
      </button>
      {props.children}
      <button type="button" onClick={() => props.onCancel()}>
        {strings().cancel}
      </button>
    </div>
  );
}

type Channel = 'NOTICE' | 'PHONE' | 'MEETING';
const channels: readonly Channel[] = ['NOTICE', 'PHONE', 'MEETING'];

/**
 * 催办 about one row (an unclaimed item, a handover): a minimal call of sendReminders, one unit at a
 * time, by notice, phone or meeting, with a message. (The reminders tab may offer a shared form;
 * this one is to be unified with it.)
 */
export function ChaseForm(props: {
  campaignId: string;
  /** The global id of the row chased. */
  subjectId: string;
  /** Whom it may go to; with one, that one. */
  recipients: readonly { id: string; shortName: string }[];
  /** What the reminder is about, in words (for the form's name and the notice). */
  what: string;
  message: string;
  onSent: (message: () => string) => void;
  onCancel: () => void;
}) {
  const t = () => strings().chase;
  const id = createUniqueId();
  const [recipientId, setRecipientId] = createSignal(props.recipients.length === 1 ? props.recipients[0]!.id : '');
  const [channel, setChannel] = createSignal<Channel>('NOTICE');
  const [message, setMessage] = createSignal(props.message);
  const [dueOn, setDueOn] = createSignal('');
  const [errors, setErrors] = createSignal<FieldMessages<'recipientId' | 'message' | 'dueOn'>>({});
  const [state, send] = createMutation(SendReminderMutation);
  const textLimits = useTextLimits();

  async function submit() {
    const problems = { recipientId: recipientId() ? undefined : () => t().pickRecipient, message: reasonMessage(message(), textLimits()?.reason) };
    if (problems.recipientId || problems.message) {
      setErrors(problems);
      return;
    }
    setErrors({});
    const response = await send({
      input: {
        campaignId: props.campaignId,
        channel: channel(),
        message: message().trim(),
        dueOn: dueOn() || null,
        reminders: [{ recipientId: recipientId(), subjectId: props.subjectId }],
      },
    });
    const outcome = outcomeOf(response, response.data?.sendReminders, 'RemindersResult');
    if (!outcome.ok) {
      setErrors(placeProblem(outcome, ['message', 'dueOn'] as const));
      return;
    }
    const who = props.recipients.find((r) => r.id === recipientId())?.shortName ?? '';
    const what = props.what;
    props.onSent(() => strings().chase.sent(who, what));
  }

  return (
    <RowForm label={t().form(props.what)} error={errors().form} onSubmit={() => void submit()}>
      <div class="console-form-grid">
        <div class="form-field">
          <label for={`${id}-recipient`}>{t().recipient}</label>
          <FieldError id={`${id}-recipient`} message={errors().recipientId} />
          <select
            id={`${id}-recipient`}
            value={recipientId()}
            aria-invalid={errors().recipientId ? 'true' : undefined}
            aria-describedby={describedBy(`${id}-recipient`, { error: errors().recipientId })}
            onChange={(event) => setRecipientId(event.currentTarget.value)}
          >
            <Show when={props.recipients.length > 1}>
              <option value="">{t().pickRecipient}</option>
            </Show>
            <For each={props.recipients}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
          </select>
        </div>
        <div class="form-field">
          <label for={`${id}-channel`}>{t().channel}</label>
          <select id={`${id}-channel`} value={channel()} onChange={(event) => setChannel(event.currentTarget.value as Channel)}>
            <For each={channels}>{(c) => <option value={c}>{t().channels[c]}</option>}</For>
          </select>
        </div>
        <div class="form-field">
          <label for={`${id}-due`}>{t().dueOn}</label>
          <FieldError id={`${id}-due`} message={errors().dueOn} />
          <input id={`${id}-due`} type="date" value={dueOn()} onInput={(event) => setDueOn(event.currentTarget.value)} />
        </div>
      </div>
      <ReasonField label={t().message} value={message()} limit={textLimits()?.reason} error={errors().message} onInput={setMessage} />
      <FormButtons send={t().send} busy={state.fetching} onCancel={props.onCancel} />
    </RowForm>
  );
}
