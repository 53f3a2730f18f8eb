import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { common } from '../i18n/labels.ts';
import { formatDate, formatDateTime, formatNumber } from '../i18n/locale.ts';
import { strings as todoStrings } from '../todo/strings.ts';
import type { ConsoleTabProps } from './console-tab.ts';
import { RemindForm } from './remind-form.tsx';
import { OverdueWorkQuery, ReminderHistoryQuery } from './reminders-query.ts';
import { remindStrings } from './reminders-strings.ts';

const pageSize = 20;

/**
 * 督办催办: overdue work per department, district and reviewer (by the domain clock, one query);
 * tick the ones to chase and send a reminder; below, every reminder sent in the campaign, seen or not.
 */
export default function RemindersTab(props: ConsoleTabProps) {
  const t = () => remindStrings();
  const [overdue, refetchOverdue] = createQuery({ query: OverdueWorkQuery, variables: () => ({ campaignId: props.campaign.id }) });
  const [chosen, setChosen] = createSignal<ReadonlySet<string>>(new Set());
  const [sent, setSent] = createSignal(0);
  const history = createPagedQuery({
    query: ReminderHistoryQuery,
    variables: (after) => ({ campaignId: props.campaign.id, first: pageSize, after }),
    page: (data) => data.reminders,
    refreshes: sent,
  });
  const toggle = (recipientId: string, on: boolean) =>
    setChosen((set) => {
      const next = new Set(set);
      if (on) next.add(recipientId);
      else next.delete(recipientId);
      return next;
    });

  return (
    <div class="console-reminders">
      <section aria-labelledby="reminders-overdue">
        <h2 id="reminders-overdue">{t().overdue}</h2>
        <p class="hint">{t().overdueHint}</p>
        <Switch>
          <Match when={!overdue.data && overdue.error}>
            {(error) => <ErrorNotice error={error()} retry={() => refetchOverdue({ requestPolicy: 'network-only' })} />}
          </Match>
          <Match when={!overdue.data}>
            <p class="notice">{common().loading}</p>
          </Match>
          <Match when={overdue.data?.overdueWork.length === 0}>
            <p class="notice">{t().noOverdue}</p>
          </Match>
          <Match when={overdue.data}>
            {(data) => (
              <table class="portal-table">
                <thead>
                  <tr>
                    <th scope="col">
                      <span class="visually-hidden">{t().select('')}</span>
                    </th>
                    <th scope="col">{t().who}</th>
                    <th scope="col">{t().kind}</th>
                    <th scope="col">{t().count}</th>
                    <th scope="col">{t().deadline}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={data().overdueWork}>
                    {(row) => (
                      <tr>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t().select(`${row.recipientName} ${todoStrings().kind[row.kind]}`)}
                            checked={chosen().has(row.recipientId)}
                            onChange={(e) => toggle(row.recipientId, e.currentTarget.checked)}
                          />
                        </td>
                        <th scope="row">
                          {row.recipientName}
                          <span class="muted"> · {row.recipientIsPerson ? t().person : row.recipientIsDistrict ? t().district : t().department}</span>
                        </th>
                        <td>{todoStrings().kind[row.kind]}</td>
                        <td class="number">{formatNumber(row.count)}</td>
                        <td>{formatDate(row.deadline)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </Match>
        </Switch>
        <RemindForm
          idPrefix="console-remind"
          campaignId={props.campaign.id}
          targets={[...chosen()].map((recipientId) => ({ recipientId }))}
          onSent={(count) => {
            setChosen(new Set<string>());
            setSent((n) => n + 1);
            props.announce(() => remindStrings().sent(count));
          }}
        />
      </section>
      <section aria-labelledby="reminders-history">
        <h2 id="reminders-history">{t().history}</h2>
        <Paged query={history} pageSize={pageSize}>
          {(page) => (
            <Show when={page.nodes.length > 0} fallback={<p class="notice">{t().noHistory}</p>}>
              <table class="portal-table">
                <thead>
                  <tr>
                    <th scope="col">{t().who}</th>
                    <th scope="col">{t().channel}</th>
                    <th scope="col">{t().message}</th>
                    <th scope="col">{t().dueOn}</th>
                    <th scope="col">{t().sentBy}</th>
                    <th scope="col">{t().status}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page.nodes}>
                    {(reminder) => (
                      <tr>
                        <th scope="row">{reminder.recipientUnit?.shortName ?? reminder.recipientUser?.displayName}</th>
                        <td>{todoStrings().channel[reminder.channel]}</td>
                        <td>{reminder.message}</td>
                        <td>{reminder.dueOn ? formatDate(reminder.dueOn) : ''}</td>
                        <td>
                          {reminder.sentBy?.displayName ?? todoStrings().system} · {formatDateTime(reminder.sentAt)}
                        </td>
                        <td>{reminder.acknowledgedAt ? t().seen(formatDateTime(reminder.acknowledgedAt)) : t().unseen}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          )}
        </Paged>
      </section>
    </div>
  );
}
