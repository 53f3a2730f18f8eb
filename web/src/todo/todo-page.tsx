import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import type { ResultOf } from '../graphql.ts';
import { FormError } from '../forms/form-fields.tsx';
import { common } from '../i18n/labels.ts';
import { formatDate, formatDateTime, formatNumber } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import { AcknowledgeRemindersMutation, TodoQuery } from './todo-query.ts';
import { strings } from './strings.ts';
import './todo.css';

/**
 * 我的待办: what waits for the signed-in person, overdue first (the server orders and decides
 * what is overdue by the domain clock), each entry linking to where the work is done; then the
 * reminders sent to them or their unit, each marked seen with 已阅.
 */
export default function TodoPage() {
  const t = () => strings();
  const [todo, refetch] = createQuery({ query: TodoQuery, requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [notice, setNotice] = createSignal<() => string>();

  return (
    <main class="page todo-page" id="main">
      <div class="page-heading">
        <h1>{t().heading}</h1>
      </div>
      <p class="portal-notice" role="status">
        {notice()?.()}
      </p>
      <Switch>
        <Match when={!todo.data && todo.error}>{(error) => <ErrorNotice error={error()} retry={reload} />}</Match>
        <Match when={!todo.data}>
          <p class="notice">{common().loading}</p>
        </Match>
        <Match when={todo.data}>
          {(data) => (
            <>
              <section aria-labelledby="todo-work">
                <h2 id="todo-work">{t().work}</h2>
                <Show when={(data().me?.todo.length ?? 0) > 0} fallback={<p class="notice">{t().nothing}</p>}>
                  <ul class="todo-list">
                    <For each={data().me?.todo ?? []}>
                      {(entry) => (
                        <li class="todo-entry" classList={{ overdue: entry.overdue }}>
                          <A class="todo-link" href={entry.href}>
                            {t().kind[entry.kind]}
                          </A>
                          <span class="todo-count">{t().count(formatNumber(entry.count))}</span>
                          <Show when={entry.campaignYear}>{(year) => <span class="todo-campaign">{t().campaign(year())}</span>}</Show>
                          <span class="todo-deadline">{entry.deadline ? t().deadline(formatDate(entry.deadline)) : t().noDeadline}</span>
                          <Show when={entry.overdue}>
                            <span class="todo-overdue">{t().overdue}</span>
                          </Show>
                          <Show when={entry.overdueCount > 0 && entry.overdueCount < entry.count}>
                            <span class="todo-overdue-count">{t().overdueCount(formatNumber(entry.overdueCount))}</span>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
              <Reminders reminders={data().reminders.nodes} onDone={(message) => (setNotice(() => message), reload())} />
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}

type Reminder = ResultOf<typeof TodoQuery>['reminders']['nodes'][number];

/** The reminders not yet seen, newest first, each with 已阅. */
function Reminders(props: { reminders: readonly Reminder[]; onDone: (message: () => string) => void }) {
  const t = () => strings();
  const [state, acknowledge] = createMutation(AcknowledgeRemindersMutation);
  const [problem, setProblem] = createSignal<() => string>();

  async function markSeen(id: string) {
    setProblem(undefined);
    const response = await acknowledge({ input: { reminderIds: [id] } });
    const outcome = outcomeOf(response, response.data?.acknowledgeReminders, 'RemindersResult');
    if (outcome.ok) props.onDone(() => strings().acknowledged);
    else setProblem(() => outcome.message);
  }

  return (
    <section id="reminders" aria-labelledby="todo-reminders">
      <h2 id="todo-reminders">{t().reminders}</h2>
      <FormError message={problem()} />
      <Show when={props.reminders.length > 0} fallback={<p class="notice">{t().noReminders}</p>}>
        <ul class="todo-reminders">
          <For each={props.reminders}>
            {(reminder) => (
              <li class="todo-reminder">
                <p class="todo-reminder-head">
                  <span class="todo-channel">{t().channel[reminder.channel]}</span>
                  <span>{t().from(reminder.sentBy?.displayName ?? t().system, formatDateTime(reminder.sentAt))}</span>
                  <Show when={reminder.dueOn}>{(due) => <span class="todo-deadline">{t().dueOn(formatDate(due()))}</span>}</Show>
                </p>
                <Show when={reminder.message}>{(message) => <p class="todo-reminder-message">{message()}</p>}</Show>
                <button type="button" disabled={state.fetching} onClick={() => void markSeen(reminder.id)}>
                  {t().acknowledge}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
