import { createSignal, For } from 'solid-js';
import { createMutation } from '@urql/solid';
import { CharCounter } from '../forms/char-counter.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { counterStrings } from '../forms/strings.ts';
import { overLimit, useTextLimits } from '../forms/text-limits.ts';
import type { EnumValue } from '../graphql.ts';
import { type FieldMessages, outcomeOf, placeProblem } from '../mutation-outcome.ts';
import { strings as todoStrings } from '../todo/strings.ts';
import { SendRemindersMutation } from './reminders-query.ts';
import { remindStrings } from './reminders-strings.ts';

type Channel = Exclude<EnumValue<'ReminderChannel'>, 'AUTOMATIC'>;
const channels: readonly Channel[] = ['NOTICE', 'PHONE', 'MEETING'];
type Field = 'channel' | 'message' | 'dueOn';
const fields: readonly Field[] = ['channel', 'message', 'dueOn'];

/** Whom a reminder goes to (a Unit or a User) and, optionally, the row it is about. */
export interface RemindTarget {
  recipientId: string;
  subjectId?: string;
}

/**
 * 催办: the lead office chases the chosen units, districts or people, by notice, phone or meeting,
 * with a message and the date the work is due by, through `sendReminders` (all are sent or none).
 * Any console tab can use it: give it the campaign and the targets.
 */
export function RemindForm(props: {
  /** Distinguishes the form's field ids when a page has more than one. */
  idPrefix: string;
  campaignId: string;
  targets: readonly RemindTarget[];
  onSent: (count: number) => void;
}) {
  const t = () => remindStrings();
  const [channel, setChannel] = createSignal<Channel>('NOTICE');
  const [message, setMessage] = createSignal('');
  const [dueOn, setDueOn] = createSignal('');
  const [errors, setErrors] = createSignal<FieldMessages<Field>>({});
  const [state, send] = createMutation(SendRemindersMutation);
  const id = (field: Field) => `${props.idPrefix}-${field}`;
  /** The server's limit on a reminder's message (Query.textLimits.reason). */
  const textLimits = useTextLimits();
  const messageLimit = () => textLimits()?.reason;

  async function submit() {
    const limit = messageLimit();
    if (overLimit(message(), limit)) {
      setErrors({ message: () => counterStrings().tooLong(limit) });
      return;
    }
    setErrors({});
    const response = await send({
      input: {
        campaignId: props.campaignId,
        channel: channel(),
        message: message().trim() || null,
        dueOn: dueOn() || null,
        reminders: props.targets.map((target) => ({ recipientId: target.recipientId, subjectId: target.subjectId ?? null })),
      },
    });
    const outcome = outcomeOf(response, response.data?.sendReminders, 'RemindersResult');
    if (outcome.ok) {
      setMessage('');
      props.onSent(outcome.value.reminders.length);
    } else setErrors(placeProblem(outcome, fields));
  }

  return (
    <form
      class="remind-form"
      aria-label={t().form}
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div class="form-field">
        <label for={id('channel')}>{t().channel}</label>
        <select
          id={id('channel')}
          value={channel()}
          aria-describedby={describedBy(id('channel'), { error: errors().channel })}
          onChange={(e) => setChannel(e.currentTarget.value as Channel)}
        >
          <For each={channels}>{(c) => <option value={c}>{todoStrings().channel[c]}</option>}</For>
        </select>
        <FieldError id={id('channel')} message={errors().channel} />
      </div>
      <div class="form-field">
        <label for={id('message')}>{t().message}</label>
        <textarea
          id={id('message')}
          rows={3}
          value={message()}
          aria-describedby={describedBy(id('message'), { error: errors().message, counter: messageLimit() !== undefined })}
          onInput={(e) => setMessage(e.currentTarget.value)}
        />
        <CharCounter id={`${id('message')}-counter`} text={message()} limit={messageLimit()} />
        <FieldError id={id('message')} message={errors().message} />
      </div>
      <div class="form-field">
        <label for={id('dueOn')}>{t().dueOn}</label>
        <input
          id={id('dueOn')}
          type="date"
          value={dueOn()}
          aria-describedby={describedBy(id('dueOn'), { error: errors().dueOn })}
          onInput={(e) => setDueOn(e.currentTarget.value)}
        />
        <FieldError id={id('dueOn')} message={errors().dueOn} />
      </div>
      <FormError message={errors().form} />
      <button type="submit" class="primary" disabled={state.fetching || props.targets.length === 0}>
        {t().send(props.targets.length)}
      </button>
    </form>
  );
}
